"""Seeded damage of the first AC-3 / E-AC-3 frame of the elementary fixtures, shared by the
golden script (make_ac3_audblk_goldens.py) and its test: the same bytes on both sides."""
from __future__ import annotations

import os
import random

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))))
FIXTURES = ("raw.ac3", "raw.eac3")
SEEDS = range(40)


def fixture(name: str) -> bytes:
    with open(os.path.join(ROOT, "fixtures", "elementary", name), "rb") as f:
        return f.read()


def frame_size(data: bytes) -> int:
    """Size of the frame at the start of data (AC-3 table 5.18 or E-AC-3 frmsiz)."""
    bsid = data[5] >> 3
    if bsid <= 10:
        from cine.engine.codecs.ac3 import header as H
        return H.parse(data).frame_size
    return (((data[2] & 7) << 8 | data[3]) + 1) * 2


def damaged(name: str, seed: int) -> bytes:
    """The whole file with one to three bytes of its first frame's audio blocks changed
    (past the first 10 bytes, so the sync frame header stays valid)."""
    data = bytearray(fixture(name))
    size = frame_size(bytes(data))
    rng = random.Random(f"{name}:{seed}")
    for _ in range(rng.randrange(1, 4)):
        data[rng.randrange(10, size)] ^= rng.randrange(1, 256)
    return bytes(data)
