"""The planner (cine.engine.pipeline.planner): picture types read from H.264 slice headers
against the reference's (`ffmpeg -i X -vf showinfo`'s type:... of every frame: the fixture's
GOP structure below), and the presentation-order window that feeds select its frames in the
order the reference's filter sees them."""
from __future__ import annotations

import os

from cine.engine.filters.link import Link
from cine.engine.model import Packet, Rational
from cine.engine.pipeline.planner import PreSelect, h264_picture_type

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))


def _packets(rel):
    from cine.engine.demux import open_input
    inp = open_input(os.path.join(ROOT, "fixtures", rel))
    out = []
    while True:
        p = inp.read_packet()
        if p is None:
            return inp.ctx.streams[0], out
        out.append(p)


def test_h264_picture_types_in_decode_order():
    from cine.engine.codecs.h264.avcc import parse_avcc
    st, pkts = _packets("h264/gop_bframes.mp4")
    cfg = parse_avcc(st.codecpar.extradata)
    types = "".join(h264_picture_type(p.data, True, cfg.nal_length_size) for p in pkts)
    # x264 -g 5 -bf 2, 12 frames: I frames at 0, 5 and 10 in presentation order
    assert types.count("I") == 3 and types[0] == "I"
    shown = [t for _pts, t in sorted(zip((p.pts for p in pkts), types))]
    assert [i for i, t in enumerate(shown) if t == "I"] == [0, 5, 10]


class _Dec:
    is_avc, nal_length_size = False, 0


def test_window_selects_in_presentation_order_and_feeds_decoding_order():
    seen = []

    def expr(*v):
        from cine.engine.filters.select import VAR_NAMES
        seen.append((v[VAR_NAMES.index("n")], v[VAR_NAMES.index("pts")]))
        return 1.0
    pre = PreSelect({"expr": expr}, Link(2, 2, "yuv420p", Rational(1, 25), Rational(25, 1)),
                    "rawvideo", _Dec(), 2, None)
    out = []
    for pts in (0, 3, 1, 2, 6, 4, 5):          # decode order of an I P B B P B B stream
        out += pre.push(Packet(0, b"", pts, None, flags=1))
    out += pre.flush()
    # the select sees the pictures as the filter will (presentation order); the decoder gets
    # them as they were coded (a B picture needs the P picture after it first)
    assert [p.pts for p, _ in out] == [0, 3, 1, 2, 6, 4, 5]
    assert seen == [(n, float(n)) for n in range(7)]
    assert all(wanted for _p, wanted in out)
