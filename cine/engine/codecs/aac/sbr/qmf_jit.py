"""The SBR QMF banks (ISO/IEC 14496-3 4.6.18.4) inside numba, computed the way FFmpeg
5.1.9's float decoder does: the 32-band analysis as a windowed fold of 320 samples, its
pre-shuffle and a 128-point IMDCT (scale -2 * 32768), the 64-band synthesis (and the
32-band downsampled one) as two 128-point IMDCTs (scale 1 / (64 * 32768)), a butterfly into
the 2304-value history and the window's ten taps. The IMDCT is the AAC synthesis' one
(synthesis_jit.imdct_half: pre-rotation, 32-point split-radix FFT, post-rotation), in
float32 in the reference's operation order. The window taps accumulate as the reference's
x86 build does, with fused multiply-adds (computed exactly in float64, rounded once).
"""
from __future__ import annotations

import numpy as np

from ....jit import leaf
from ..synthesis_jit import imdct_half

SYNTH_BUF = 2304            # (1280 - 128) * 2 values of synthesis history per channel
ANA_BUF = 1312              # 320 - 32 + 1024 values of analysis input per channel


@leaf
def analysis(pcm, buf, z2, w_out, win_ds, tcos, tsin, plan, order, cos, cos_at, fr, fi):
    """32 time slots of 32 complex subbands (w_out[slot, band, re/im]) from the 1024 new
    samples in pcm; buf keeps the input history (ANA_BUF values)."""
    z = z2[0]
    if pcm.shape[0] < 1024 or buf.shape[0] < ANA_BUF or z.shape[0] < 320:
        return
    for k in range(288):
        buf[k] = buf[k + 1024]
    for k in range(1024):
        buf[288 + k] = pcm[k]
    for i in range(32):
        x0 = 32 * i
        for k in range(320):
            z[k] = win_ds[k] * buf[x0 + 319 - k]
        for k in range(64):             # in the reference's SSE order
            z[k] = ((z[k] + z[k + 128]) + z[k + 256]) + (z[k + 64] + z[k + 192])
        z[64] = z[0]
        z[65] = z[1]
        for k in range(1, 31, 2):
            z[64 + 2 * k] = -z[64 - k]
            z[65 + 2 * k] = z[k + 1]
            z[66 + 2 * k] = -z[63 - k]
            z[67 + 2 * k] = z[k + 2]
        z[126] = -z[33]
        z[127] = z[32]
        imdct_half(z2, 0, 64, 128, tcos, tsin, plan, order, cos, cos_at, fr, fi, z, 0)
        for k in range(32):
            w_out[i, k, 0] = -z[63 - k]
            w_out[i, k, 1] = z[k]


@leaf
def _fmadd(a, b, c):
    return np.float32(np.float64(a) * np.float64(b) + np.float64(c))


@leaf
def synthesis(out, x, v, state, voff_at, mbuf, win, div, tcos, tsin, plan, order, cos, cos_at,
              fr, fi):
    """32 time slots of x[re/im, slot, band] to 64 samples each (32 when `div`) in out; v is
    the channel's history (SYNTH_BUF values), state[voff_at] its offset."""
    step = 128 >> div
    width = 64 >> div
    if v.shape[0] < SYNTH_BUF or out.shape[0] < 32 * width:
        return
    b0 = mbuf[0]
    b1 = mbuf[1]
    re = x[0]
    im = x[1]
    for i in range(32):
        off = state[voff_at]
        if off < step:
            saved = (1280 - 128) >> div
            for k in range(saved):
                v[SYNTH_BUF - saved + k] = v[k]
            off = SYNTH_BUF - saved - step
        else:
            off -= step
        state[voff_at] = off
        if div:
            for n in range(32):
                re[i, n] = -re[i, n]
                re[i, 32 + n] = im[i, 31 - n]
            imdct_half(re, i, 0, 128, tcos, tsin, plan, order, cos, cos_at, fr, fi, b0, 0)
            for n in range(32):
                v[off + n] = b0[63 - 2 * n]
                v[off + 63 - n] = -b0[62 - 2 * n]
        else:
            for n in range(1, 64, 2):
                im[i, n] = -im[i, n]
            imdct_half(re, i, 0, 128, tcos, tsin, plan, order, cos, cos_at, fr, fi, b0, 0)
            imdct_half(im, i, 0, 128, tcos, tsin, plan, order, cos, cos_at, fr, fi, b1, 0)
            for n in range(64):
                a = b1[n]
                b = b0[63 - n]
                v[off + n] = a - b
                v[off + 127 - n] = a + b
        o = i * width
        for n in range(width):
            out[o + n] = v[off + n] * win[n]
        for tap in range(1, 10):
            vo = off + ((tap >> 1) * 256 + (tap & 1) * 192 >> div)
            wo = tap * width
            for n in range(width):
                out[o + n] = _fmadd(v[vo + n], win[wo + n], out[o + n])
