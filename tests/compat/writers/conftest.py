import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(__file__)), "ffprobe"))
from ffprobe_fixtures import compare, live, media_dir  # noqa: E402,F401
