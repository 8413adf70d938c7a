"""The hybrid filterbank's second half for one granule of one channel: IMDCT (36-point for
long blocks, three 12-point ones for short blocks), windowing, overlap-add with the previous
granule and the frequency inversion of odd subbands (folded into the windows), producing 18
samples of each of the 32 subbands.

The arithmetic follows the reference's float code operation by operation (float32, same
association and operand order): the 36-point IMDCT as a 9-point DCT pair around a Lee-style
split, the 12-point one written out by hand, the last IMDCT stage folded into the windows.
"""
from __future__ import annotations

import math

import numpy as np

from ...jit import helper, leaf
from .computed_tables import MDCT_WIN
from .synthesis_jit import ROW


def _f(x):
    return np.float32(x)


_half_sec = [0.5 / math.cos(math.pi * (2 * i + 1) / 36) for i in range(9)]
# 36-point: cos(pi*i/18) for i = 1..8, 0.5/cos(pi*(2i+1)/36) for i = 0..8
C1, C2, C3, C4, C5, _, C7, C8 = (_f(math.cos(math.pi * i / 18)) for i in range(1, 9))
ICOS36 = np.array(_half_sec, np.float32)
HALF = _f(0.5)
# 12-point: cos(pi/6), 0.5/cos(9 pi/36), 0.5/cos(3 pi/36) / 2, 0.5/cos(15 pi/36) / 2
D3 = _f(math.cos(math.pi / 6))
D4 = _f(0.5 / math.cos(math.pi * 9 / 36))
D5 = _f(0.5 / math.cos(math.pi * 3 / 36) / 2)
D6 = _f(0.5 / math.cos(math.pi * 15 / 36) / 2)
TWO = _f(2.0)


@leaf
def imdct36(x, xo, out, o, prev, win, wk, tmp):
    """IMDCT of the 18 lines x[xo:xo+18] (modified in place, as the reference does), window
    MDCT_WIN[wk], overlap with prev[0:18] (replaced by the new second half); the 18 samples go
    to out[o:o+18]. The rows are sliced (and their sizes checked) first, so that the indices
    below need no further checks."""
    xs = x[xo:xo + 18]
    ob = out[o:o + 18]
    w = win[wk]
    if xs.shape[0] != 18 or ob.shape[0] != 18 or w.shape[0] != 36 or prev.shape[0] < 18 \
            or tmp.shape[0] < 18:
        return
    for i in range(17, 0, -1):
        xs[i] += xs[i - 1]
    for i in range(17, 2, -2):
        xs[i] += xs[i - 2]
    for j in range(2):
        t2 = xs[j + 8] + xs[j + 16] - xs[j + 4]
        t3 = xs[j] + xs[j + 12] * HALF
        t1 = xs[j] - xs[j + 12]
        tmp[j + 6] = t1 - t2 * HALF
        tmp[j + 16] = t1 + t2
        t0 = C2 * (xs[j + 4] + xs[j + 8])
        t1 = -C8 * (xs[j + 8] - xs[j + 16])
        t2 = -C4 * (xs[j + 4] + xs[j + 16])
        tmp[j + 10] = t3 - t0 - t2
        tmp[j + 2] = t3 + t0 + t1
        tmp[j + 14] = t3 + t2 - t1
        tmp[j + 4] = -C3 * (xs[j + 10] + xs[j + 14] - xs[j + 2])
        t2 = C1 * (xs[j + 2] + xs[j + 10])
        t3 = -C7 * (xs[j + 10] - xs[j + 14])
        t0 = C3 * xs[j + 6]
        t1 = -C5 * (xs[j + 2] + xs[j + 14])
        tmp[j + 0] = t2 + t3 + t0
        tmp[j + 12] = t2 + t1 - t0
        tmp[j + 8] = t3 - t1 - t0
    for j in range(4):
        i = 4 * j
        s0 = tmp[i + 2] + tmp[i]
        s2 = tmp[i + 2] - tmp[i]
        s1 = ICOS36[j] * (tmp[i + 3] + tmp[i + 1])
        s3 = ICOS36[8 - j] * (tmp[i + 3] - tmp[i + 1])
        t0 = s0 + s1
        t1 = s0 - s1
        ob[9 + j] = w[9 + j] * t1 + prev[9 + j]
        ob[8 - j] = w[8 - j] * t1 + prev[8 - j]
        prev[9 + j] = w[27 + j] * t0
        prev[8 - j] = w[26 - j] * t0
        t0 = s2 + s3
        t1 = s2 - s3
        ob[17 - j] = w[17 - j] * t1 + prev[17 - j]
        ob[j] = w[j] * t1 + prev[j]
        prev[17 - j] = w[35 - j] * t0
        prev[j] = w[18 + j] * t0
    s0 = tmp[16]
    s1 = ICOS36[4] * tmp[17]
    t0 = s0 + s1
    t1 = s0 - s1
    ob[13] = w[13] * t1 + prev[13]
    ob[4] = w[4] * t1 + prev[4]
    prev[13] = w[31] * t0
    prev[4] = w[22] * t0


@leaf
def imdct12(x, xo, o):
    """12-point IMDCT of x[xo], x[xo+3], ..., x[xo+15] into o[0:12]."""
    in0 = x[xo]
    in1 = x[xo + 3] + x[xo]
    in2 = x[xo + 6] + x[xo + 3]
    in3 = x[xo + 9] + x[xo + 6]
    in4 = x[xo + 12] + x[xo + 9]
    in5 = x[xo + 15] + x[xo + 12]
    in5 += in3
    in3 += in1
    in2 = D3 * in2
    in3 = (D3 * TWO) * in3
    t1 = in0 - in4
    t2 = D4 * (in1 - in5)
    o[7] = t1 + t2
    o[10] = o[7]
    o[1] = t1 - t2
    o[4] = o[1]
    in0 += in4 * HALF
    in4 = in0 + in2
    in5 += TWO * in1
    in1 = D5 * (in5 + in3)
    o[8] = in4 + in1
    o[9] = o[8]
    o[2] = in4 - in1
    o[3] = o[2]
    in0 -= in2
    in5 = D6 * (in5 - in3)
    o[0] = in0 - in5
    o[5] = o[0]
    o[6] = in0 + in5
    o[11] = o[6]


@leaf
def _short_subband(x, xo, out, p, prev, win, wk, o):
    """Three windowed 12-point IMDCTs overlapped inside the 36-sample block."""
    for i in range(6):
        out[p + i] = prev[i]
    imdct12(x, xo, o)
    for i in range(6):
        out[p + 6 + i] = win[wk, i] * o[i] + prev[6 + i]
        prev[12 + i] = win[wk, 6 + i] * o[6 + i]
    imdct12(x, xo + 1, o)
    for i in range(6):
        out[p + 12 + i] = win[wk, i] * o[i] + prev[12 + i]
        prev[i] = win[wk, 6 + i] * o[6 + i]
    imdct12(x, xo + 2, o)
    for i in range(6):
        prev[i] = win[wk, i] * o[i] + prev[i]
        prev[6 + i] = win[wk, 6 + i] * o[6 + i]
        prev[12 + i] = 0


@helper
def imdct_granule(x, block_type, switch_point, out, c, prev):
    """x: the 576 lines of a granule (after reordering and antialiasing; modified); out:
    subband samples (subband sb's from ROW * sb), this granule's 18 from column c; prev:
    32 x 18 overlap state of the channel."""
    tmp = np.empty(18, np.float32)
    o = np.empty(12, np.float32)
    if out.shape[0] < 32 * ROW or c < 0 or c + 18 > ROW:
        return
    # the last subband holding a non-zero line (at least 2), as the reference finds it
    p = 576
    while p >= 36:
        p -= 6
        if (x[p] != 0 or x[p + 1] != 0 or x[p + 2] != 0 or x[p + 3] != 0 or x[p + 4] != 0
                or x[p + 5] != 0):
            break
    sblimit = p // 18 + 1
    if block_type == 2:
        long_end = 2 if switch_point else 0
    else:
        long_end = sblimit
    for sb in range(long_end):
        kind = 0 if switch_point and sb < 2 else block_type
        imdct36(x, 18 * sb, out, ROW * sb + c, prev[sb], MDCT_WIN, kind + 4 * (sb & 1), tmp)
    for sb in range(long_end, sblimit):
        _short_subband(x, 18 * sb, out, ROW * sb + c, prev[sb], MDCT_WIN, 2 + 4 * (sb & 1), o)
    for sb in range(sblimit, 32):
        for i in range(18):
            out[ROW * sb + c + i] = prev[sb, i]
            prev[sb, i] = 0
