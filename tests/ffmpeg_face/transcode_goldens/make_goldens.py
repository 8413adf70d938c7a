"""Regenerate goldens.json: every case of tests/ffmpeg_face/transcode_cases.py run with the
reference FFmpeg 5.1.9 (/usr/bin/ffmpeg), its exit code, stdout, normalised stderr and the
MD5 of each file it wrote.

    python3 tests/ffmpeg_face/transcode_goldens/make_goldens.py [CASE...]

With case names, only those cases are run again; the others keep their stored results.
"""
from __future__ import annotations

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(HERE))))

from tests.ffmpeg_face.transcode_run_util import run_tool  # noqa: E402
from tests.ffmpeg_face.transcode_cases import CASES  # noqa: E402


def main() -> None:
    import tempfile
    path = os.path.join(HERE, "goldens.json")
    only = set(sys.argv[1:])
    out = {}
    if only:
        with open(path) as f:
            out = json.load(f)
    for name, argv in CASES:
        if only and name not in only:
            continue
        with tempfile.TemporaryDirectory() as d:
            out[name] = run_tool("ref", argv, d)
    with open(path, "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
