"""Hostile input: truncated and corrupted MP4s raise only CineError from open and packet
reading (never another exception), whatever the boxes claim."""
import os
import random
import struct

import pytest

from cine.engine.demux import open_input
from cine.engine.errors import CineError

CORPUS = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "shared", "corpus", "files")
SAMPLES = ["mp4parse/mp4parse_tests_metadata.mp4", "mp4parse/mp4parse_capi_tests_video_rotation_90.mp4",
           "shaka/hls-mp4-muxed-aac-h264_init.mp4", "mp4rust/minimal.mp4"]


def _exercise(path):
    try:
        inp = open_input(path)
        for _ in range(100):
            if inp.demuxer.read_packet() is None:
                break
        inp.close()
    except CineError:
        pass


@pytest.mark.parametrize("name", SAMPLES)
def test_truncations_and_mutations(tmp_path, name):
    src = os.path.join(CORPUS, name)
    if not os.path.exists(src):
        pytest.skip("corpus file missing")
    data = open(src, "rb").read()
    target = str(tmp_path / "t.mp4")
    rnd = random.Random(name)
    variants = [data[:n] for n in range(0, len(data), max(1, len(data) // 60))]
    for _ in range(60):
        b = bytearray(data)
        for _ in range(rnd.randint(1, 6)):
            b[rnd.randrange(min(len(b), 3000))] = rnd.randrange(256)
        variants.append(bytes(b))
    for v in variants:
        with open(target, "wb") as f:
            f.write(v)
        _exercise(target)


def _box(t: bytes, payload: bytes = b"") -> bytes:
    return struct.pack(">I", 8 + len(payload)) + t + payload


def test_huge_declared_sizes_do_not_allocate(tmp_path):
    ftyp = _box(b"ftyp", b"isom\0\0\0\0isom")
    # tables claiming billions of entries in a tiny file
    stts = struct.pack(">I", 16) + b"stts" + b"\0\0\0\0" + struct.pack(">I", 0xFFFFFFF0)
    stsz = struct.pack(">I", 20) + b"stsz" + b"\0\0\0\0" + struct.pack(">II", 0, 0x3FFFFFF0)
    stco = struct.pack(">I", 16) + b"stco" + b"\0\0\0\0" + struct.pack(">I", 0xFFFFFFFF)
    stbl = _box(b"stbl", stts + stsz + stco)
    moov = _box(b"moov", _box(b"trak", _box(b"mdia", _box(b"minf", stbl))))
    path = str(tmp_path / "huge.mp4")
    with open(path, "wb") as f:
        f.write(ftyp + moov + struct.pack(">I", 1) + b"mdat" + struct.pack(">Q", 1 << 62))
    _exercise(path)


def test_deep_nesting_is_capped(tmp_path):
    inner = b""
    for _ in range(200):
        inner = _box(b"udta", inner)
    path = str(tmp_path / "deep.mp4")
    with open(path, "wb") as f:
        f.write(_box(b"ftyp", b"isom\0\0\0\0") + _box(b"moov", inner))
    _exercise(path)


def test_reference_failures_fail(tmp_path):
    path = str(tmp_path / "nomoov.mp4")
    with open(path, "wb") as f:
        f.write(_box(b"ftyp", b"isom\0\0\0\0") + _box(b"mdat", b"\0" * 64))
    with pytest.raises(CineError):
        open_input(path)
