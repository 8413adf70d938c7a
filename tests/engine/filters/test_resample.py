"""Pixels of the scale filter and of the chain's automatic format conversions against FFmpeg
5.1.9's swscale on x86-64 (bit-exact): the first frame of fixtures/transcode/rawvideo_96x64.avi
through each graph of scale_md5.txt (make_goldens.py), decoded by cine's rawvideo decoder,
run through cine.engine.filters.graph.FilterChain with hand-built specs, MD5 of the planes."""
from __future__ import annotations

import hashlib
import os

import pytest

from cine.engine.codecs.rawvideo.decoder import RawVideoDecoder
from cine.engine.filters.graph import FilterChain
from cine.engine.filters.link import Link
from cine.engine.model import Rational

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
FIXTURE = os.path.join(ROOT, "fixtures", "transcode", "rawvideo_96x64.avi")


def _cases():
    with open(os.path.join(HERE, "scale_md5.txt")) as f:
        return [tuple(p.strip() for p in line.split("|")) for line in f if line.strip()]


def _const(v):
    return lambda *values: v


def _specs(graph: str) -> list:
    """The few argument forms the golden graphs use: scale=W:H[:flags=F], format=F."""
    specs = []
    for part in graph.split(","):
        name, _, args = part.partition("=")
        if name == "format":
            specs.append(("format", {"pix_fmts": [args]}))
            continue
        fields = args.split(":")
        opts = {"w": _const(int(fields[0])), "h": _const(int(fields[1]))}
        for extra in fields[2:]:
            key, _, val = extra.partition("=")
            opts[key] = val
        specs.append(("scale", opts))
    return specs


@pytest.fixture(scope="module")
def first_frame():
    from cine.engine.demux import open_input
    inp = open_input(FIXTURE)
    st = inp.ctx.streams[0]
    pkt = inp.read_packet()
    frame = RawVideoDecoder(st.codecpar).decode(pkt.data, pkt.pts, pkt.dts, pkt.duration)[0]
    return frame, st


@pytest.mark.parametrize("graph,md5", _cases(), ids=[c[0] for c in _cases()])
def test_pixels_like_swscale(first_frame, graph, md5):
    frame, st = first_frame
    chain = FilterChain(_specs(graph))
    chain.configure(Link(frame.width, frame.height, frame.pix_fmt, st.time_base,
                         Rational(10, 1), Rational(1, 1)))
    out = chain.push(frame)
    assert len(out) == 1
    assert hashlib.md5(b"".join(p.tobytes() for p in out[0].planes)).hexdigest() == md5


def test_unscaled_same_format_is_the_same_frame(first_frame):
    frame, st = first_frame
    chain = FilterChain(_specs("scale=96:64"))
    chain.configure(Link(96, 64, "yuv420p", st.time_base, Rational(10, 1), Rational(1, 1)))
    assert chain.push(frame)[0] is frame
