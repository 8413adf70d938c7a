"""Hostile Ogg input: truncated and corrupted fixtures raise only CineError from open_input
and packet reading; a page claiming a huge packet, endless continuation pages and a missing
capture pattern stay bounded; where the reference ffprobe is installed, damaged copies give
the same exit code and stdout."""
import os
import random
import subprocess
import sys

import pytest

from cine.engine.demux import open_input
from cine.engine.errors import CineError
from cine.engine.formats.ogg.page import crc
from cine.engine.formats.ogg.probe import probe

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
FIXTURES = os.path.join(ROOT, "fixtures", "ogg")
NAMES = sorted(n for n in os.listdir(FIXTURES) if not n.endswith((".sh", ".md"))) \
    if os.path.isdir(FIXTURES) else []
FFPROBE = "/usr/bin/ffprobe"


def _exercise(path, fmt="ogg"):
    try:
        inp = open_input(path, format_name=fmt)
        for _ in range(500):
            if inp.read_packet() is None:
                break
        inp.close()
    except CineError:
        pass


def _variants(data, seed):
    rnd = random.Random(seed)
    out = [data[:n] for n in range(0, len(data), max(1, len(data) // 20))]
    for _ in range(20):
        b = bytearray(data)
        for _ in range(rnd.randint(1, 6)):
            b[rnd.randrange(len(b))] = rnd.randrange(256)
        out.append(bytes(b))
    return out


@pytest.mark.parametrize("name", NAMES)
def test_truncations_and_mutations(tmp_path, name):
    data = open(os.path.join(FIXTURES, name), "rb").read()
    target = str(tmp_path / "t.ogg")
    for v in _variants(data, name):
        with open(target, "wb") as f:
            f.write(v)
        _exercise(target)


def _page(serial, seq, flags, granule, segments, body):
    hdr = b"OggS\0" + bytes([flags]) + granule.to_bytes(8, "little") + serial.to_bytes(4, "little") \
        + seq.to_bytes(4, "little") + b"\0\0\0\0" + bytes([len(segments)]) + bytes(segments)
    c = crc(hdr + body)
    return hdr[:22] + c.to_bytes(4, "little") + hdr[26:] + body


def test_endless_continuation_is_bounded(tmp_path):
    head = b"OpusHead" + bytes([1, 2, 0x38, 1, 0x80, 0xBB, 0, 0, 0, 0, 0])
    pages = [_page(1, 0, 2, 0, [len(head)], head)]
    tags = b"OpusTags" + (4).to_bytes(4, "little") + b"test" + bytes(4)
    pages.append(_page(1, 1, 0, 0, [len(tags)], tags))
    body = b"\xfc" + bytes(255 * 255 - 1)
    for i in range(40):     # one packet that never ends: every lacing value is 255
        pages.append(_page(1, 2 + i, 1 if i else 0, (1 << 64) - 1, [255] * 255, body))
    path = str(tmp_path / "cont.ogg")
    with open(path, "wb") as f:
        f.write(b"".join(pages))
    _exercise(path)


def test_no_capture_pattern(tmp_path):
    path = str(tmp_path / "junk.ogg")
    with open(path, "wb") as f:
        f.write(b"OggS\0\2" + bytes(200000))
    with pytest.raises(CineError):
        open_input(path, format_name="ogg")


def test_probe_scores():
    head = open(os.path.join(FIXTURES, "opus_mono.opus"), "rb").read(2048)
    assert probe(head) == 100
    assert probe(b"OggS\1" + head[5:]) == 0        # stream structure version must be 0
    assert probe(head[:5] + b"\x08" + head[6:]) == 0


def test_crc_matches_fixture_pages():
    data = open(os.path.join(FIXTURES, "flac.ogg"), "rb").read()
    n = data[26]
    size = 27 + n + sum(data[27:27 + n])
    page = data[:size]
    assert crc(page[:22] + bytes(4) + page[26:]) == int.from_bytes(page[22:26], "little")


@pytest.mark.skipif(not os.path.exists(FFPROBE), reason="reference ffprobe not installed")
@pytest.mark.parametrize("name", [n for n in NAMES if n.endswith((".ogg", ".opus", ".spx", ".oga"))])
def test_damaged_copies_match_reference(tmp_path, name):
    data = open(os.path.join(FIXTURES, name), "rb").read()
    rnd = random.Random("live" + name)
    target = str(tmp_path / ("d" + os.path.splitext(name)[1]))
    args = ["-v", "quiet", "-of", "json", "-show_format", "-show_streams"]
    env = dict(os.environ, PYTHONPATH=ROOT)
    for v in [data[:rnd.randrange(len(data))] for _ in range(3)] + _variants(data, name)[-3:]:
        with open(target, "wb") as f:
            f.write(v)
        ref = subprocess.run([FFPROBE] + args + [target], capture_output=True)
        got = subprocess.run([sys.executable, "-m", "cine", "ffprobe"] + args + [target],
                             capture_output=True, env=env)
        assert b"Traceback" not in got.stderr
        assert (got.returncode, got.stdout) == (ref.returncode, ref.stdout)
