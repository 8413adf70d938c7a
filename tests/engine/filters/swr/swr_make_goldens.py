"""Regenerate swr_goldens.txt with the reference FFmpeg 5.1.9: for every case of
swr_support.CASES, "name md5 bytes" of the reference's raw output for the case's input
signal (written as a WAV file to a temporary folder) and argv.

    python3 tests/engine/filters/swr/swr_make_goldens.py
"""
from __future__ import annotations

import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(HERE)))))
sys.path.insert(0, HERE)

import swr_support as S  # noqa: E402


def main():
    if not S.have_reference():
        sys.exit("needs ffmpeg 5.1.9 on PATH")
    lines = ["# name md5 bytes: the reference's output for swr_support.CASES "
             "(swr_make_goldens.py)"]
    with tempfile.TemporaryDirectory() as tmp:
        for name, case in S.CASES.items():
            out = S.run_reference(case, tmp)
            lines.append("%s %s %d" % (name, S.md5(out), len(out)))
    with open(S.GOLDENS, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
