"""Hostile Matroska input: truncated and corrupted fixtures raise only CineError from
open_input and packet reading, and huge declared element sizes allocate nothing."""
import os
import random

import pytest

from cine.engine.demux import open_input
from cine.engine.errors import CineError

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "..", "..", "fixtures", "mkv")
NAMES = sorted(n for n in os.listdir(FIXTURES) if not n.endswith((".sh", ".md"))) \
    if os.path.isdir(FIXTURES) else []


def _exercise(path):
    try:
        inp = open_input(path, format_name="matroska")
        for _ in range(200):
            if inp.demuxer.read_packet() is None:
                break
        inp.close()
    except CineError:
        pass


@pytest.mark.parametrize("name", NAMES)
def test_truncations_and_mutations(tmp_path, name):
    data = open(os.path.join(FIXTURES, name), "rb").read()
    target = str(tmp_path / "t.mkv")
    rnd = random.Random(name)
    variants = [data[:n] for n in range(0, len(data), max(1, len(data) // 25))]
    for _ in range(25):
        b = bytearray(data)
        for _ in range(rnd.randint(1, 8)):
            b[rnd.randrange(min(len(b), 4000))] = rnd.randrange(256)
        variants.append(bytes(b))
    for v in variants:
        with open(target, "wb") as f:
            f.write(v)
        _exercise(target)


def test_huge_sizes(tmp_path):
    ebml = bytes.fromhex("1a45dfa3") + bytes([0x80 | 15]) + bytes.fromhex("4282") + b"\x88matroska" \
        + bytes.fromhex("4287") + b"\x81\x02"
    # Segment of unknown size holding a Tracks element that claims 2**48 bytes
    seg = bytes.fromhex("18538067") + b"\x01\xff\xff\xff\xff\xff\xff\xff"
    tracks = bytes.fromhex("1654ae6b") + b"\x01\x00\xff\xff\xff\xff\xff\xff" + b"\xae\x80"
    path = str(tmp_path / "huge.mkv")
    with open(path, "wb") as f:
        f.write(ebml + seg + tracks)
    _exercise(path)


def test_probe_scores():
    from cine.engine.formats.matroska.probe import probe
    head = open(os.path.join(FIXTURES, "vp8_vorbis.webm"), "rb").read(2048)
    assert probe(head) == 100
    assert probe(head.replace(b"webm", b"wxbm")) == 50
    assert probe(b"\x1a\x45\xdf\xa3") == 0
    assert probe(b"RIFF....") == 0
