"""select and fps on synthetic frames (hand-written select callables, so these run without
the expression language): select's variables and their order (f_select.c), fps's rounding,
start_time and end-of-stream rules (vf_fps.c). The same behaviour against the reference is
in tests/ffmpeg_face/test_transcode_goldens.py (select_*, fps_* cases)."""
from __future__ import annotations

import math

import numpy as np

from cine.engine.filters.fps import FpsFilter
from cine.engine.filters.link import Link
from cine.engine.filters.select import PICT_TYPES, VAR_NAMES, SelectFilter
from cine.engine.frame import VideoFrame
from cine.engine.model import Rational


def _frames(pts_list, types="I"):
    y = np.zeros((2, 2), np.uint8)
    c = np.zeros((1, 1), np.uint8)
    return [VideoFrame((y, c, c), 2, 2, "yuv420p", pts=p, key=types[i % len(types)] == "I",
                       pict_type=types[i % len(types)]) for i, p in enumerate(pts_list)]


def _link(tb=Rational(1, 10), rate=Rational(10, 1)):
    return Link(2, 2, "yuv420p", tb, rate, Rational(1, 1))


def test_picture_type_constants():
    assert PICT_TYPES == {"I": 1, "P": 2, "B": 3, "S": 4, "SI": 5, "SP": 6, "BI": 7}


def test_select_sees_its_variables_in_order():
    seen = []
    ix = {n: i for i, n in enumerate(VAR_NAMES)}

    def expr(*v):
        assert len(v) == len(VAR_NAMES)
        seen.append({k: v[ix[k]] for k in ("n", "t", "pts", "pict_type", "key", "selected_n",
                                          "prev_selected_t", "prev_pts", "start_pts", "I", "P",
                                          "B", "S", "TB")})
        return v[ix["pict_type"]] == v[ix["I"]]
    f = SelectFilter({"expr": expr}, None)
    f.configure(_link())
    out = []
    for fr in _frames([0, 1, 2, 3], "IPBI"):
        out.extend(f.push(fr))
    assert [fr.pts for fr in out] == [0, 3]
    first, last = seen[0], seen[3]
    assert math.isnan(first["prev_selected_t"]) and math.isnan(first["prev_pts"])
    assert first["start_pts"] == 0 and first["TB"] == 0.1
    assert (first["I"], first["P"], first["B"], first["S"]) == (1, 2, 3, 0)
    assert [s["pict_type"] for s in seen] == [1, 2, 3, 1]
    assert [s["key"] for s in seen] == [1, 0, 0, 1]
    assert last["n"] == 3 and abs(last["t"] - 0.3) < 1e-12 and last["pts"] == 3
    assert last["selected_n"] == 1 and last["prev_selected_t"] == 0 and last["prev_pts"] == 2


def test_select_passes_nan_and_negative_drops_zero():
    vals = iter([0.0, float("nan"), -1.0, 2.0])
    f = SelectFilter({"expr": lambda *v: next(vals)}, None)
    f.configure(_link())
    out = [fr.pts for fr in _frames([0, 1, 2, 3]) for fr in f.push(fr)]
    assert out == [1, 2, 3]


def _fps(rate, pts_list, eof_pts, tb=Rational(1, 10), **opts):
    f = FpsFilter(dict(fps=rate, **opts), None)
    out_link = f.configure(_link(tb))
    out = []
    for fr in _frames(pts_list):
        out.extend((fr.pts, id(fr)) for fr in f.push(fr))
    out.extend((fr.pts, None) for fr in f.flush(eof_pts))
    return out_link, [p for p, _ in out]


def test_fps_time_base_and_drop():
    link, pts = _fps(Rational(1, 1), list(range(30)), 30)
    assert link.time_base == Rational(1, 1) and link.frame_rate == Rational(1, 1)
    assert pts == [0, 1, 2]              # 3 s at 10 fps: EOF at 3 ends before a 4th


def test_fps_duplicates_up_to_eof():
    _link_, pts = _fps(Rational(25, 1), [0, 1, 2], 3)
    assert pts == list(range(8))        # 0.3 s at 25 fps: 7.5 -> EOF at 8 (near)


def test_fps_round_down_and_eof_pass():
    _l, pts = _fps(Rational(25, 1), [0, 1, 2], 3, round="down")
    assert pts == list(range(7))
    _l, pts = _fps(Rational(4, 1), [0, 1, 2], 3, eof_action="pass")
    assert pts == [0, 1]                # EOF 0.3 s -> 1.2 rounded up to 2


def test_fps_start_time_offsets_the_output():
    _l, pts = _fps(Rational(2, 1), list(range(30)), 30, start_time=0.5)
    assert pts[0] == 1 and pts[-1] == 5
