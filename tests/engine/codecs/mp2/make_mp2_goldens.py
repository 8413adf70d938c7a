"""Regenerates mp2_goldens.txt: for every Layer II fixture and every Layer I stream of
layer1_writer, the md5 of its input and of the reference's s16 output (FFmpeg 5.1.9 on PATH).

    cd /work/main && .venv/bin/python tests/engine/codecs/mp2/make_mp2_goldens.py
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[4]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import mp2_support as S  # noqa: E402


def main() -> None:
    if not S.have_reference():
        sys.exit("needs FFmpeg 5.1.9 as ffmpeg")
    lines = ["# name md5(input) md5(reference s16le output) bytes"]
    for name in S.FIXTURE_FILES + list(S.LAYER1):
        path, temporary = S.source(name)
        try:
            out = S.reference(path)
        finally:
            if temporary:
                os.unlink(path)
        lines.append(f"{name} {S.input_digest(name)} {S.digest(out)} {len(out)}")
        print(lines[-1])
    S.GOLDENS.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
