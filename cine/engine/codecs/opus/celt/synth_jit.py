"""CELT output (RFC 6716 4.3.7, 4.3.7.1): overlap-add of the inverse MDCT blocks with the
power-complementary window, the pitch post-filter with its cross-faded gain changes, and
de-emphasis, in the reference's arithmetic (its float32 C code paths; the post-filter
cross-fade mixes double and float terms as the reference's expression does)."""
from __future__ import annotations

import numpy as np

from ....jit import kernel, leaf
from .layout import PF_CUR, PF_NEW, PF_OLD
from .tables import EMPH_COEFF, OVERLAP, WINDOW, WINDOW2

HISTORY = 1024


@leaf
def _transition(data, base, pf_period, pf_gains, c):
    t0 = pf_period[c, PF_OLD]
    t1 = pf_period[c, PF_CUR]
    if pf_gains[c, PF_CUR, 0] == 0 and pf_gains[c, PF_OLD, 0] == 0:
        return
    g00 = np.float64(pf_gains[c, PF_OLD, 0])
    g01 = np.float64(pf_gains[c, PF_OLD, 1])
    g02 = np.float64(pf_gains[c, PF_OLD, 2])
    g10 = pf_gains[c, PF_CUR, 0]
    g11 = pf_gains[c, PF_CUR, 1]
    g12 = pf_gains[c, PF_CUR, 2]
    x1 = data[base - t1 + 1]
    x2 = data[base - t1]
    x3 = data[base - t1 - 1]
    x4 = data[base - t1 - 2]
    for i in range(OVERLAP):
        w = WINDOW2[i]
        wd = 1.0 - np.float64(w)
        x0 = data[base + i - t1 + 2]
        p = base + i - t0
        acc = (wd * g00 * np.float64(data[p])
               + wd * g01 * np.float64(data[p - 1] + data[p + 1])
               + wd * g02 * np.float64(data[p - 2] + data[p + 2])
               + np.float64(w * g10 * x2)
               + np.float64(w * g11 * (x1 + x3))
               + np.float64(w * g12 * (x0 + x4)))
        data[base + i] = np.float32(np.float64(data[base + i]) + acc)
        x4 = x3
        x3 = x2
        x2 = x1
        x1 = x0


@leaf
def _comb(data, base, period, g0, g1, g2, n):
    x4 = data[base - period - 2]
    x3 = data[base - period - 1]
    x2 = data[base - period]
    x1 = data[base - period + 1]
    for i in range(n):
        x0 = data[base + i - period + 2]
        data[base + i] += g0 * x2 + g1 * (x1 + x3) + g2 * (x0 + x4)
        x4 = x3
        x3 = x2
        x2 = x1
        x1 = x0


@leaf
def _shift_params(pf_period, pf_gains, c, dst, src):
    pf_period[c, dst] = pf_period[c, src]
    for k in range(3):
        pf_gains[c, dst, k] = pf_gains[c, src, k]


@kernel("int64(float32[:, :], int64, int64, int64, float32[:, :], int64[:, :], "
        "float32[:, :, :], float32[:], float32[:, :], int64)")
def synthesize(imdct, channels, blocks, downmix, hist, pf_period, pf_gains, emph, out, offset):
    """imdct[c] holds the `blocks` inverse-MDCT outputs (half length each, concatenated) of
    output channel c; hist[c] (2048 + 60) is that channel's history. Writes the frame's
    samples to out[c, offset:]. Returns 0, or -1 for bad arguments."""
    if channels < 1 or channels > 2 or blocks < 1 or imdct.shape[0] < channels:
        return -1
    frame = imdct.shape[1]
    bs = frame // blocks
    if (bs * blocks != frame or frame > 960 or bs < OVERLAP or hist.shape[0] < channels
            or hist.shape[1] < 2048 or out.shape[0] < channels or offset < 0
            or out.shape[1] < offset + frame or pf_period.shape[0] < 2
            or pf_gains.shape[0] < 2 or emph.shape[0] < 2):
        return -1
    half = OVERLAP // 2
    for c in range(channels):
        for j in range(blocks):
            d = HISTORY + j * bs
            for i in range(bs):
                hist[c, d + half + i] = imdct[c, j * bs + i]
            for k in range(half):
                s0 = hist[c, d + k]
                s1 = hist[c, d + OVERLAP - 1 - k]
                hist[c, d + k] = s0 * WINDOW[OVERLAP - 1 - k] - s1 * WINDOW[k]
                hist[c, d + OVERLAP - 1 - k] = s0 * WINDOW[k] + s1 * WINDOW[OVERLAP - 1 - k]
        if downmix:
            for i in range(frame):
                hist[c, HISTORY + i] *= np.float32(0.5)
        for k in range(3):
            if pf_period[c, k] < 0 or pf_period[c, k] > 1022:
                return -1
        _transition(hist[c], HISTORY, pf_period, pf_gains, c)
        _shift_params(pf_period, pf_gains, c, PF_OLD, PF_CUR)
        _shift_params(pf_period, pf_gains, c, PF_CUR, PF_NEW)
        if frame > OVERLAP:
            _transition(hist[c], HISTORY + OVERLAP, pf_period, pf_gains, c)
            if pf_gains[c, PF_CUR, 0] > np.float32(1.1920929e-07) and frame > 2 * OVERLAP:
                _comb(hist[c], HISTORY + 2 * OVERLAP, pf_period[c, PF_CUR],
                      pf_gains[c, PF_CUR, 0], pf_gains[c, PF_CUR, 1], pf_gains[c, PF_CUR, 2],
                      frame - 2 * OVERLAP)
            _shift_params(pf_period, pf_gains, c, PF_OLD, PF_CUR)
        for i in range(HISTORY + half):
            hist[c, i] = hist[c, i + frame]
        coeff = emph[c]
        for i in range(frame):
            coeff = hist[c, HISTORY - frame + i] + coeff * EMPH_COEFF
            out[c, offset + i] = coeff
        emph[c] = coeff
    return 0
