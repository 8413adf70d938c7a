"""The output size of the scale filter (FFmpeg 5.1.9 libavfilter/vf_scale.c
scale_eval_dimensions and scale_eval.c ff_scale_adjust_dimensions): the width expression,
then the height (which may use the width), then the width again; 0 means the input size;
-1 and -n keep the aspect ratio (-n: a multiple of n); force_original_aspect_ratio 1
(decrease) / 2 (increase) fits the box, rounded to force_divisible_by.

The expressions are callables over VAR_NAMES (in that order), compiled by the caller.
"""
from __future__ import annotations

import math

from ..timebase import rescale

NAN = float("nan")
INT32_MIN, INT32_MAX = -(1 << 31), (1 << 31) - 1

VAR_NAMES = ("in_w", "iw", "in_h", "ih", "out_w", "ow", "out_h", "oh", "a", "sar", "dar",
             "hsub", "vsub", "ohsub", "ovsub", "n", "t", "pos", "main_w", "main_h", "main_a",
             "main_sar", "main_dar", "mdar", "main_hsub", "main_vsub", "main_n", "main_t",
             "main_pos")


class SizeError(Exception):
    """An expression gave NaN (message names it) or the result does not fit an int."""


def c_int(x: float) -> int:
    """(int) x on x86-64: truncation, INT_MIN for NaN and out-of-range values."""
    if x != x or not INT32_MIN <= x < INT32_MAX + 1:
        return INT32_MIN
    return int(math.trunc(x))


def eval_dimensions(w_expr, h_expr, in_w: int, in_h: int, sar, in_shifts, out_shifts,
                    w_text: str = "", h_text: str = "") -> tuple[int, int]:
    """scale_eval_dimensions: (w, h) before the adjustments; raises SizeError with the
    expression that failed."""
    v = [NAN] * len(VAR_NAMES)
    v[0] = v[1] = in_w
    v[2] = v[3] = in_h
    v[8] = in_w / in_h
    v[9] = sar.num / sar.den if sar.num else 1
    v[10] = v[8] * v[9]
    v[11], v[12] = 1 << in_shifts[0], 1 << in_shifts[1]
    v[13], v[14] = 1 << out_shifts[0], 1 << out_shifts[1]
    res = w_expr(*v)
    w = c_int(res)
    v[4] = v[5] = in_w if w == 0 else w
    res = h_expr(*v)
    if res != res:
        raise SizeError(h_text)
    h = c_int(res)
    v[6] = v[7] = in_h if h == 0 else h
    res = w_expr(*v)
    if res != res:
        raise SizeError(w_text)
    w = c_int(res)
    return (in_w if w == 0 else w), (in_h if h == 0 else h)


def adjust_dimensions(w: int, h: int, in_w: int, in_h: int, force_oar: int = 0,
                      force_divisible_by: int = 1) -> tuple[int, int]:
    """ff_scale_adjust_dimensions; raises SizeError when the result does not fit 32 bits."""
    factor_w = -w if w < -1 else 1
    factor_h = -h if h < -1 else 1
    if w < 0 and h < 0:
        w, h = in_w, in_h
    if w < 0:
        w = _rescale(h, in_w, in_h * factor_w) * factor_w
    if h < 0:
        h = _rescale(w, in_h, in_w * factor_h) * factor_h
    if force_oar:
        tmp_w = _rescale(h, in_w, in_h)
        tmp_h = _rescale(w, in_h, in_w)
        n = force_divisible_by
        if force_oar == 1:
            w, h = min(tmp_w, w), min(tmp_h, h)
            if n > 1:
                w, h = _cdiv(w, n) * n, _cdiv(h, n) * n
        else:
            w, h = max(tmp_w, w), max(tmp_h, h)
            if n > 1:
                w, h = _cdiv(w + n - 1, n) * n, _cdiv(h + n - 1, n) * n
    if not (INT32_MIN <= w <= INT32_MAX and INT32_MIN <= h <= INT32_MAX):
        raise SizeError("")
    return w, h


def _cdiv(a: int, b: int) -> int:
    """C integer division (truncation toward zero)."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def _rescale(a: int, b: int, c: int) -> int:
    """av_rescale (round to nearest, halves away from zero)."""
    if c == 0:
        return -(1 << 63)
    if c < 0:
        a, c = -a, -c
    return rescale(a, b, c)
