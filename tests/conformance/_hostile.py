"""Helpers for the conformance tests: open bytes in memory through the engine, read all packets."""
from __future__ import annotations

import io
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "fixtures", "mp4")
ERRORS = os.path.join(ROOT, "fixtures", "errors")
MAX_PACKETS = 1_000_000


def fixture_names() -> list[str]:
    if not os.path.isdir(FIXTURES):
        return []
    return sorted(n for n in os.listdir(FIXTURES) if not n.startswith("."))


def read_fixture(name: str) -> bytes:
    with open(os.path.join(FIXTURES, name), "rb") as f:
        return f.read()


def probe_bytes(data: bytes, name: str = "input.mp4", seekable: bool = True) -> int:
    """open_input over an in-memory source (seekable, or a pipe), then drain every packet.

    Returns the number of packets read; lets CineError (and only that, by contract) escape."""
    from cine.engine.demux import open_input
    from cine.engine.io.source import FileObjectSource, PipeSource

    src = FileObjectSource(io.BytesIO(data)) if seekable else PipeSource(io.BytesIO(data))
    inp = open_input(name if seekable else "pipe:", source=src)
    try:
        n = 0
        while inp.demuxer.read_packet() is not None:
            n += 1
            if n > MAX_PACKETS:
                raise AssertionError("read_packet never reaches the end")
        return n
    finally:
        inp.close()


def truncation_offsets(size: int, count: int = 20) -> list[int]:
    """count offsets spread over the file, plus the interesting small ones (box headers)."""
    offs = {0, 1, 4, 7, 8, 11, 12, 16, 24, 31, 32, 40, size - 1, size - 8}
    offs.update(size * i // count for i in range(1, count))
    return sorted(o for o in offs if 0 <= o < size)


def structure_ranges(data: bytes) -> list[tuple[int, int]]:
    """(start, end) of every top-level box except mdat: where the structure lives."""
    import struct
    out, pos = [], 0
    while pos + 8 <= len(data):
        size, typ = struct.unpack(">I4s", data[pos:pos + 8])
        if size == 1 and pos + 16 <= len(data):
            size = struct.unpack(">Q", data[pos + 8:pos + 16])[0]
        elif size == 0:
            size = len(data) - pos
        if size < 8:
            break
        if typ != b"mdat":
            out.append((pos, min(pos + size, len(data))))
        pos += size
    return out or [(0, len(data))]


def flipped(data: bytes, seed: int, flips: int = 0) -> bytes:
    """Seeded bit flips (1 to 4 unless given), nine in ten inside the boxes that are not mdat."""
    import random
    rng = random.Random(seed)
    flips = flips or rng.randint(1, 4)
    ranges = structure_ranges(data)
    b = bytearray(data)
    for _ in range(flips):
        if rng.random() < 0.9:
            lo, hi = ranges[rng.randrange(len(ranges))]
            pos = rng.randrange(lo, hi)
        else:
            pos = rng.randrange(len(b))
        b[pos] ^= 1 << rng.randrange(8)
    return bytes(b)
