"""Memory stays bounded whatever a box claims: huge size claims are rejected without allocating."""
import io
import os
import struct
import tracemalloc

import pytest

from _hostile import ERRORS

LIMIT = 8 << 20  # bytes of Python allocations allowed while probing a tiny hostile file


def _peak(data: bytes, name: str) -> int:
    from cine.engine.demux import open_input
    from cine.engine.errors import CineError
    from cine.engine.io.source import FileObjectSource

    # warm imports first so their allocations don't count
    try:
        open_input("warm.mp4", source=FileObjectSource(io.BytesIO(b"\0" * 64)))
    except CineError:
        pass
    tracemalloc.start()
    try:
        try:
            inp = open_input(name, source=FileObjectSource(io.BytesIO(data)))
            while inp.demuxer.read_packet() is not None:
                pass
        except CineError:
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _box(t: bytes, payload: bytes) -> bytes:
    return struct.pack(">I4s", 8 + len(payload), t) + payload


FTYP = struct.pack(">I4s4sI4s4s", 24, b"ftyp", b"isom", 512, b"isom", b"mp41")


def _synthetic():
    stbl_big = _box(b"stbl", struct.pack(">I4sIII", 20, b"stsz", 0, 0, 0xFFFFFFF0)
                    + struct.pack(">I4sII", 16, b"stco", 0, 0xFFFFFFF0)
                    + struct.pack(">I4sII", 16, b"stts", 0, 0xFFFFFFF0))
    trak = _box(b"trak", _box(b"mdia", _box(b"minf", stbl_big)))
    return {
        "moov_4gib_32bit": FTYP + struct.pack(">I4s", 0xFFFFFFFF, b"moov") + b"\0" * 100,
        "moov_64bit_4gib": FTYP + struct.pack(">I4sQ", 1, b"moov", 1 << 32) + b"\0" * 100,
        "mdat_64bit_huge_then_moov": FTYP + struct.pack(">I4sQ", 1, b"mdat", 1 << 60) + b"\0" * 64,
        "udta_4gib_inside_moov": FTYP + _box(b"moov", struct.pack(">I4s", 0xFFFFFFF0, b"udta") + b"\0" * 40),
        "tables_claim_4g_entries": FTYP + _box(b"moov", trak),
        "stsd_4g_entries": FTYP + _box(b"moov", _box(b"trak", _box(b"mdia", _box(b"minf", _box(
            b"stbl", struct.pack(">I4sII", 16, b"stsd", 0, 0xFFFFFFFF)))))),
    }


SYNTH = _synthetic()


@pytest.mark.parametrize("name", sorted(SYNTH))
def test_huge_claims_bounded(name):
    peak = _peak(SYNTH[name], name + ".mp4")
    assert peak < LIMIT, f"{name}: peak {peak} bytes"


@pytest.mark.parametrize("name", ["huge_box_32.mp4", "huge_box_64.mp4", "huge_entry_count.mp4",
                                  "deep_nest.mp4", "box_size_3.mp4"])
def test_error_fixtures_bounded(name):
    with open(os.path.join(ERRORS, name), "rb") as f:
        data = f.read()
    peak = _peak(data, name)
    assert peak < LIMIT, f"{name}: peak {peak} bytes"
