"""Regenerate the WAV goldens from the reference ffprobe (FFmpeg 5.1.9 only).

Usage: python3 tests/engine/wav/make_wav_goldens.py   (from anywhere)
Same case layout as tests/engine/ogg/make_ogg_goldens.py, over fixtures/wav.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "ogg"))
import make_ogg_goldens as _ogg  # noqa: E402

ROOT = _ogg.ROOT
FIXTURES = os.path.join(ROOT, "fixtures", "wav")


def cases():
    return _ogg.cases(FIXTURES)


def run(prog, name, args, pipe, err):
    return _ogg.run(prog, name, args, pipe, err, FIXTURES)


if __name__ == "__main__":
    _ogg.main(HERE, FIXTURES)
