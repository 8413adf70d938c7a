import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from ffprobe_fixtures import compare, live, media_dir  # noqa: E402,F401
