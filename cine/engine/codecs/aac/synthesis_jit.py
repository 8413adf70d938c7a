"""From dequantised spectra to samples inside numba: TNS filtering (ISO/IEC 14496-3 4.6.9),
the IMDCT (4.6.11) computed the way libavcodec's MDCT does it (pre-rotation, n/4-point
complex FFT, post-rotation, "half" output of n/2 values scaled by 1/(32768 * n/2)), and the
reference's windowing and overlap-add of those halves for every window sequence and shape.

The FFT runs in float64 and is rounded to float32 once; the rotations, TNS and windowing run
in float32 in the reference's operation order.
"""
from __future__ import annotations

import numpy as np

from ...jit import helper, kernel, leaf
from .spectral_jit import (
    EIGHT_SHORT, ICS_TNS, KB0, KB1, LONG_START, MAX_SFB, NUM_SWB, NUM_WIN, T_DIR, T_LEN,
    T_ORDER, TNS_MAX, WS0, WS1,
)

ONLY_LONG, LONG_STOP = 0, 3
SQRT_HALF = np.float32(0.7071067811865476)


@leaf
def tns_lpc(tns_c, slot, w, f, order, lpc):
    """A TNS filter's reflection coefficients turned into direct-form ones in lpc[:order]."""
    for i in range(order):
        r = -tns_c[slot, w, f, i]
        lpc[i] = r
        for j in range((i + 1) >> 1):
            fj = lpc[j]
            bj = lpc[i - 1 - j]
            lpc[j] = fj + r * bj
            lpc[i - 1 - j] = bj + r * fj


@leaf
def _tns(coef, ics, slot, tns_n, tns_p, tns_c, swb, lpc):
    """The all-pole TNS filters over their spectral ranges (decoder direction)."""
    mmm = min(ics[slot, TNS_MAX], ics[slot, MAX_SFB])
    if mmm <= 0:
        return
    for w in range(ics[slot, NUM_WIN]):
        bottom = ics[slot, NUM_SWB]
        for f in range(tns_n[slot, w]):
            top = bottom
            bottom = max(0, top - tns_p[slot, w, f, T_LEN])
            order = tns_p[slot, w, f, T_ORDER]
            if order == 0:
                continue
            tns_lpc(tns_c, slot, w, f, order, lpc)
            start = swb[min(bottom, mmm)]
            end = swb[min(top, mmm)]
            size = end - start
            if size <= 0:
                continue
            inc = 1
            if tns_p[slot, w, f, T_DIR]:
                inc = -1
                start = end - 1
            start += w * 128
            for m in range(size):
                acc = coef[slot, start]
                for i in range(1, min(m, order) + 1):
                    acc -= coef[slot, start - i * inc] * lpc[i - 1]
                coef[slot, start] = acc
                start += inc


@leaf
def _butterflies(zr, zi, a0, a1, a2, a3, t1, t2, t5, t6):
    """The split-radix combination of four outputs, float32 in the reference's order."""
    r0 = zr[a0]
    i0 = zi[a0]
    r1 = zr[a1]
    i1 = zi[a1]
    t3 = t5 - t1
    t5 = t5 + t1
    zr[a2] = r0 - t5
    zr[a0] = r0 + t5
    zi[a3] = i1 - t3
    zi[a1] = i1 + t3
    t4 = t2 - t6
    t6 = t2 + t6
    zr[a3] = r1 - t4
    zr[a1] = r1 + t4
    zi[a2] = i0 - t6
    zi[a0] = i0 + t6


@leaf
def _transform(zr, zi, a0, a1, a2, a3, wre, wim):
    """A twiddled split-radix combination (w = wre + i wim on the odd quarter)."""
    t1 = zr[a2] * wre + zi[a2] * wim
    t2 = zi[a2] * wre - zr[a2] * wim
    t5 = zr[a3] * wre - zi[a3] * wim
    t6 = zr[a3] * wim + zi[a3] * wre
    _butterflies(zr, zi, a0, a1, a2, a3, t1, t2, t5, t6)


@leaf
def _fft4(zr, zi, o):
    t3 = zr[o] - zr[o + 1]
    t1 = zr[o] + zr[o + 1]
    t8 = zr[o + 3] - zr[o + 2]
    t6 = zr[o + 3] + zr[o + 2]
    zr[o + 2] = t1 - t6
    zr[o] = t1 + t6
    t4 = zi[o] - zi[o + 1]
    t2 = zi[o] + zi[o + 1]
    t7 = zi[o + 2] - zi[o + 3]
    t5 = zi[o + 2] + zi[o + 3]
    zi[o + 3] = t4 - t8
    zi[o + 1] = t4 + t8
    zr[o + 3] = t3 - t7
    zr[o + 1] = t3 + t7
    zi[o + 2] = t2 - t5
    zi[o] = t2 + t5


@leaf
def _fft8(zr, zi, o):
    _fft4(zr, zi, o)
    t1 = zr[o + 4] + zr[o + 5]
    zr[o + 5] = zr[o + 4] - zr[o + 5]
    t2 = zi[o + 4] + zi[o + 5]
    zi[o + 5] = zi[o + 4] - zi[o + 5]
    t5 = zr[o + 6] + zr[o + 7]
    zr[o + 7] = zr[o + 6] - zr[o + 7]
    t6 = zi[o + 6] + zi[o + 7]
    zi[o + 7] = zi[o + 6] - zi[o + 7]
    _butterflies(zr, zi, o, o + 2, o + 4, o + 6, t1, t2, t5, t6)
    _transform(zr, zi, o + 1, o + 3, o + 5, o + 7, SQRT_HALF, SQRT_HALF)


@leaf
def _fft(zr, zi, plan, cos, cos_at):
    """libavcodec's split-radix FFT (exp(+i) kernel) in float32, step by step (plan: see
    numeric_tables.fft_plan; cos: numeric_tables.fft_cosines)."""
    for p in range(plan.shape[0]):
        size = plan[p, 0]
        o = plan[p, 1]
        if size == 8:
            _fft8(zr, zi, o)
        elif size == 16:
            _fft8(zr, zi, o)
            _fft4(zr, zi, o + 8)
            _fft4(zr, zi, o + 12)
            c = cos_at[4]
            _butterflies(zr, zi, o, o + 4, o + 8, o + 12, zr[o + 8], zi[o + 8], zr[o + 12],
                         zi[o + 12])
            _transform(zr, zi, o + 2, o + 6, o + 10, o + 14, SQRT_HALF, SQRT_HALF)
            _transform(zr, zi, o + 1, o + 5, o + 9, o + 13, cos[c + 1], cos[c + 3])
            _transform(zr, zi, o + 3, o + 7, o + 11, o + 15, cos[c + 3], cos[c + 1])
        else:
            q = size >> 2
            log2 = 0
            while (1 << log2) < size:
                log2 += 1
            c = cos_at[log2]
            _butterflies(zr, zi, o, o + q, o + 2 * q, o + 3 * q, zr[o + 2 * q],
                         zi[o + 2 * q], zr[o + 3 * q], zi[o + 3 * q])
            for k in range(1, q):           # _transform, written out (the hot loop)
                a0 = o + k
                a1 = a0 + q
                a2 = a1 + q
                a3 = a2 + q
                wre = cos[c + k]
                wim = cos[c + q - k]
                r2 = zr[a2]
                i2 = zi[a2]
                r3 = zr[a3]
                i3 = zi[a3]
                t1 = r2 * wre + i2 * wim
                t2 = i2 * wre - r2 * wim
                t5 = r3 * wre - i3 * wim
                t6 = r3 * wim + i3 * wre
                r0 = zr[a0]
                i0 = zi[a0]
                r1 = zr[a1]
                i1 = zi[a1]
                t3 = t5 - t1
                t5 = t5 + t1
                zr[a2] = r0 - t5
                zr[a0] = r0 + t5
                zi[a3] = i1 - t3
                zi[a1] = i1 + t3
                t4 = t2 - t6
                t6 = t2 + t6
                zr[a3] = r1 - t4
                zr[a1] = r1 + t4
                zi[a2] = i0 - t6
                zi[a0] = i0 + t6


@leaf
def imdct_half(coef, slot, off, n, tcos, tsin, plan, order, cos, cos_at, zr, zi, buf, boff):
    """n-point IMDCT of coef[slot, off:off + n/2] into its n/2-value half buf[boff:]."""
    n2 = n >> 1
    n4 = n >> 2
    n8 = n >> 3
    for k in range(n4):
        a = coef[slot, off + n2 - 1 - 2 * k]
        b = coef[slot, off + 2 * k]
        c = tcos[k]
        s = tsin[k]
        j = order[k]
        zr[j] = a * c - b * s
        zi[j] = a * s + b * c
    _fft(zr, zi, plan, cos, cos_at)
    for k in range(n8):
        p = n8 - k - 1
        q = n8 + k
        pr = zr[p]
        pi = zi[p]
        qr = zr[q]
        qi = zi[q]
        buf[boff + 2 * p] = pi * tsin[p] - pr * tcos[p]
        buf[boff + 2 * q + 1] = pi * tcos[p] + pr * tsin[p]
        buf[boff + 2 * q] = qi * tsin[q] - qr * tcos[q]
        buf[boff + 2 * p + 1] = qi * tcos[q] + qr * tsin[q]


@leaf
def _window(dst, doff, src0, off0, src1, off1, win, n):
    """vector_fmul_window: overlap two IMDCT halves through a window of 2n values."""
    for k in range(n):
        s0 = src0[off0 + k]
        s1 = src1[off1 + n - 1 - k]
        wi = win[k]
        wj = win[2 * n - 1 - k]
        dst[doff + k] = s0 * wj - s1 * wi
        dst[doff + 2 * n - 1 - k] = s0 * wi + s1 * wj


@leaf
def _overlap(out, saved, buf, temp, ws0, ws1, lwin_prev, swin, swin_prev):
    """Windowing and overlap-add of one frame: out gets 1024 samples, saved the next
    frame's unwindowed (long) or partly windowed (short) overlap."""
    if (ws1 == ONLY_LONG or ws1 == LONG_STOP) and (ws0 == ONLY_LONG or ws0 == LONG_START):
        _window(out, 0, saved, 0, buf, 0, lwin_prev, 512)
    else:
        for k in range(448):
            out[k] = saved[k]
        if ws0 == EIGHT_SHORT:
            _window(out, 448, saved, 448, buf, 0, swin_prev, 64)
            _window(out, 576, buf, 64, buf, 128, swin, 64)
            _window(out, 704, buf, 192, buf, 256, swin, 64)
            _window(out, 832, buf, 320, buf, 384, swin, 64)
            _window(temp, 0, buf, 448, buf, 512, swin, 64)
            for k in range(64):
                out[960 + k] = temp[k]
        else:
            _window(out, 448, saved, 448, buf, 0, swin_prev, 64)
            for k in range(448):
                out[576 + k] = buf[64 + k]
    if ws0 == EIGHT_SHORT:
        for k in range(64):
            saved[k] = temp[64 + k]
        _window(saved, 64, buf, 576, buf, 640, swin, 64)
        _window(saved, 192, buf, 704, buf, 768, swin, 64)
        _window(saved, 320, buf, 832, buf, 896, swin, 64)
        for k in range(64):
            saved[448 + k] = buf[960 + k]
    elif ws0 == LONG_START:
        for k in range(448):
            saved[k] = buf[512 + k]
        for k in range(64):
            saved[448 + k] = buf[960 + k]
    else:
        for k in range(512):
            saved[k] = buf[512 + k]


@helper
def synthesize_slot(slot, ics, coef, saved, out, tns_n, tns_p, tns_c, swb_long, swb_short,
                    windows, tcos_l, tsin_l, tcos_s, tsin_s, plan_l, plan_s, order_l, order_s,
                    cos, cos_at, buf, temp, zr, zi, lpc):
    """TNS, IMDCT (into buf) and overlap-add of one channel: out[slot] gets its samples."""
    short = ics[slot, WS0] == EIGHT_SHORT
    if ics[slot, ICS_TNS]:
        _tns(coef, ics, slot, tns_n, tns_p, tns_c, swb_short if short else swb_long, lpc)
    if short:
        for w in range(8):
            imdct_half(coef, slot, 128 * w, 256, tcos_s, tsin_s, plan_s, order_s, cos, cos_at,
                       zr, zi, buf, 128 * w)
    else:
        imdct_half(coef, slot, 0, 2048, tcos_l, tsin_l, plan_l, order_l, cos, cos_at, zr, zi,
                   buf, 0)
    kb0 = ics[slot, KB0]
    kb1 = ics[slot, KB1]
    _overlap(out[slot], saved[slot], buf, temp, ics[slot, WS0], ics[slot, WS1],
             windows[2 * kb1], windows[2 * kb0 + 1], windows[2 * kb1 + 1])


@kernel("void(int32[:], int32[:], int32[:, :], float32[:, :], float32[:, :], float32[:, :], "
        "int32[:, :], int32[:, :, :, :], float32[:, :, :, :], int32[:], int32[:], "
        "float32[:, :], float32[:], float32[:], float32[:], float32[:], int32[:, :], "
        "int32[:, :], int32[:], int32[:], float32[:], int32[:], float32[:], float32[:], "
        "float32[:], float32[:], float32[:])")
def synthesize(present, width, ics, coef, saved, out, tns_n, tns_p, tns_c, swb_long,
               swb_short, windows, tcos_l, tsin_l, tcos_s, tsin_s, plan_l, plan_s, order_l,
               order_s, cos, cos_at, buf, temp, zr, zi, lpc):
    """TNS, IMDCT and overlap-add for every channel of the elements flagged in present[]
    (cleared on the way): out[slot] gets the frame's 1024 samples. Python checks the shapes
    (decoder.ChannelState): present/width 64 elements, two slots each."""
    for c in range(present.shape[0]):
        if not present[c]:
            continue
        present[c] = 0
        for slot in range(2 * c, 2 * c + width[c]):
            synthesize_slot(slot, ics, coef, saved, out, tns_n, tns_p, tns_c, swb_long,
                            swb_short, windows, tcos_l, tsin_l, tcos_s, tsin_s, plan_l, plan_s,
                            order_l, order_s, cos, cos_at, buf, temp, zr, zi, lpc)
