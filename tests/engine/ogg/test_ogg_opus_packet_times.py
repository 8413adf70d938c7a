"""Ogg Opus packet timestamps: the mapping works the first timestamp of each page out from
the durations of the page's packets (FFmpeg 5.1.9 rescans the rest of the page for every
packet; cine keeps the page's scan). Every packet's stream, pts, dts and duration must be
the reference ffprobe's, on the fixtures with Opus in Ogg (many packets per page, chained
streams, end trimming, a cut file) and on copies whose pages are cut at random points."""
import os
import random
import subprocess

import pytest

from cine.engine.demux import open_input
from cine.engine.errors import CineError
from cine.engine.formats.ogg.page import crc

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
FFPROBE = "/usr/bin/ffprobe"
FILES = [os.path.join(ROOT, "fixtures", "ogg", n) for n in (
    "opus_stereo.ogg", "opus_mono.opus", "opus_51.ogg", "opus_cover.opus", "chained_opus.ogg",
    "vp8_opus.ogv")] + [os.path.join(ROOT, "fixtures", "opus", n) for n in (
        "celt_2p5ms_mono.opus", "celt_40ms_stereo.opus", "hybrid_mono_40ms.opus")]
FILES = [f for f in FILES if os.path.exists(f)]

pytestmark = pytest.mark.skipif(not os.access(FFPROBE, os.X_OK), reason="needs " + FFPROBE)


def _ts(v) -> str:
    """As ffprobe prints a timestamp (a duration of 0 as N/A too)."""
    return "N/A" if v is None else str(v)


def _reference(path: str) -> list[str]:
    """The packets the reference lists (up to an error, if it meets one)."""
    res = subprocess.run([FFPROBE, "-v", "quiet", "-select_streams", "a", "-show_entries",
                          "packet=stream_index,pts,dts,duration", "-of", "csv=p=0", path],
                         capture_output=True, timeout=60)
    # (csv leaves a separator for the packet's empty side data section)
    return [line.rstrip(",") for line in res.stdout.decode().splitlines() if line]


def _cine(path: str) -> list[str]:
    rows = []
    try:
        inp = open_input(path)
        while True:
            pkt = inp.read_packet()
            if pkt is None:
                break
            if inp.ctx.streams[pkt.stream_index].codecpar.codec_type != "audio":
                continue
            rows.append("%d,%s,%s,%s" % (pkt.stream_index, _ts(pkt.pts), _ts(pkt.dts),
                                         _ts(pkt.duration or None)))
        inp.close()
    except CineError:
        pass
    return rows


@pytest.mark.parametrize("path", FILES, ids=[os.path.basename(f) for f in FILES])
def test_packet_times_match_reference(path):
    ref = _reference(path)
    assert ref, "the reference reads the fixture"
    assert _cine(path) == ref


def _retoc(data: bytes, rnd: random.Random) -> bytes:
    """A copy whose data pages have some packets' TOC bytes (and the byte after, a code-3
    packet's frame count) replaced at random, every page's CRC made right again."""
    out = bytearray(data)
    pos = 0
    page = 0
    while pos + 27 <= len(out) and out[pos:pos + 4] == b"OggS":
        nsegs = out[pos + 26]
        lacing = out[pos + 27:pos + 27 + nsegs]
        body = pos + 27 + nsegs
        if page >= 2:                           # past OpusHead and OpusTags
            start = body
            at = body
            for size in lacing:
                at += size
                if size < 255:
                    if at > start and rnd.random() < 0.3:
                        out[start] = rnd.randrange(256)
                        if at - start > 1 and rnd.random() < 0.5:
                            out[start + 1] = rnd.randrange(256)
                    start = at
        end = body + sum(lacing)
        if end > len(out):
            break
        out[pos + 22:pos + 26] = b"\0\0\0\0"
        out[pos + 22:pos + 26] = crc(bytes(out[pos:end])).to_bytes(4, "little")
        pos = end
        page += 1
    return bytes(out)


@pytest.mark.parametrize("name", ["celt_2p5ms_mono.opus", "celt_5ms_stereo.opus",
                                  "silk_wb_stereo_10ms.opus"])
@pytest.mark.parametrize("seed", range(3))
def test_changed_toc_bytes_match_reference(tmp_path, name, seed):
    """Packets of other durations (code-3 counts, 2.5 to 60 ms frames, a code-3 packet
    without its count byte) in pages holding many packets."""
    src = os.path.join(ROOT, "fixtures", "opus", name)
    path = str(tmp_path / name)
    with open(path, "wb") as f:
        f.write(_retoc(open(src, "rb").read(), random.Random(seed)))
    ref = _reference(path)
    assert len(ref) > 10, "the reference reads the changed file"
    assert _cine(path) == ref


@pytest.mark.parametrize("seed", range(4))
def test_cut_copies_match_reference(tmp_path, seed):
    """Files cut inside a page (its last packets lost, the granule kept)."""
    src = os.path.join(ROOT, "fixtures", "opus", "celt_2p5ms_mono.opus")
    data = open(src, "rb").read()
    cut = random.Random(seed).randrange(len(data) // 3, len(data))
    path = str(tmp_path / "cut.ogg")
    with open(path, "wb") as f:
        f.write(data[:cut])
    ref = _reference(path)
    assert ref, "the reference reads packets of the cut file"
    assert _cine(path) == ref
