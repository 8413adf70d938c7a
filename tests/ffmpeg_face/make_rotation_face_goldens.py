"""Regenerate rotation_face_goldens.json: each case of rotation_face_cases.py run with the
reference FFmpeg 5.1.9 (/usr/bin/ffmpeg): exit code, stdout and normalised stderr.

    python3 tests/ffmpeg_face/make_rotation_face_goldens.py
"""
from __future__ import annotations

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from rotation_face_cases import CASES, run  # noqa: E402


def main() -> None:
    out = {name: run("ref", argv) for name, argv in CASES}
    with open(os.path.join(HERE, "rotation_face_goldens.json"), "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
