"""The scale filter's output size (cine.engine.filters.scale_size) against FFmpeg 5.1.9: 184
cases of input size, aspect ratio and w/h/force_original_aspect_ratio/force_divisible_by
arguments, goldens in scale_sizes.txt (make_goldens.py). The arguments are parsed by the
filter-graph parser and the expressions compiled by the expression language, as the ffmpeg
face does."""
from __future__ import annotations

import os

import pytest

from cine.engine.filters.scale_size import (VAR_NAMES, SizeError, adjust_dimensions, c_int,
                                            eval_dimensions)
from cine.engine.model import Rational

HERE = os.path.dirname(os.path.abspath(__file__))


def _cases():
    out = []
    with open(os.path.join(HERE, "scale_sizes.txt")) as f:
        for line in f:
            size, args, want = (p.strip() for p in line.split("|"))
            w, h, sar = size.split()
            num, _, den = sar.partition("/")
            out.append((int(w), int(h), Rational(int(num), int(den or 1)), args, want))
    return out


CASES = _cases()


def _size(in_w, in_h, sar, args):
    pytest.importorskip("cine.compat.filtergraph")
    from cine.compat.expr import compile_expr
    from cine.compat.filtergraph import parse_filter_chain
    opts = parse_filter_chain("scale=" + args, "video")[0].options
    wt, ht = opts.get("w", "iw"), opts.get("h", "ih")
    w, h = eval_dimensions(compile_expr(wt, VAR_NAMES), compile_expr(ht, VAR_NAMES), in_w, in_h,
                           sar, (1, 1), (1, 1), wt, ht)
    foar = {"decrease": 1, "increase": 2}.get(opts.get("force_original_aspect_ratio"), 0)
    return adjust_dimensions(w, h, in_w, in_h, foar, int(opts.get("force_divisible_by", 1)))


@pytest.mark.parametrize("in_w,in_h,sar,args,want", CASES,
                         ids=["%dx%d@%d/%d %s" % (c[0], c[1], c[2].num, c[2].den, c[3])
                              for c in CASES])
def test_size_like_reference(in_w, in_h, sar, args, want):
    assert "%d %d" % _size(in_w, in_h, sar, args) == want


def test_minus_n_rounds_to_the_factor():
    # -n keeps the aspect ratio with a multiple of n (av_rescale rounds to nearest)
    assert adjust_dimensions(640, -2, 1918, 1078) == (640, 360)
    assert adjust_dimensions(-4, 101, 1920, 1080) == (180, 101)
    assert adjust_dimensions(-1, -1, 99, 33) == (99, 33)


def test_force_original_aspect_ratio():
    assert adjust_dimensions(640, 640, 1920, 1080, 1) == (640, 360)
    assert adjust_dimensions(640, 640, 1920, 1080, 2) == (1138, 640)
    assert adjust_dimensions(500, 500, 1920, 1080, 2, 16) == (896, 512)


def test_nan_height_is_an_error():
    nan = float("nan")
    with pytest.raises(SizeError) as info:
        eval_dimensions(lambda *v: 10, lambda *v: nan, 4, 4, Rational(1, 1), (1, 1), (1, 1),
                        "10", "oh")
    assert info.value.args[0] == "oh"


def test_c_int_is_x86_truncation():
    assert c_int(2.9) == 2 and c_int(-2.9) == -2
    assert c_int(float("nan")) == -(1 << 31) and c_int(1e12) == -(1 << 31)
    assert len(VAR_NAMES) == 29 and VAR_NAMES[:4] == ("in_w", "iw", "in_h", "ih")
