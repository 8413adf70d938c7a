"""CELT output (RFC 6716 4.3.7, 4.3.7.1): the inverse MDCT of each block (tables and method:
imdct.py), overlap-add of the blocks with the power-complementary window, the pitch
post-filter with its cross-faded gain changes, and de-emphasis, in the reference's arithmetic
(its float32 C code paths; the post-filter cross-fade mixes double and float terms as the
reference's expression does). decode_frame runs a whole CELT frame: side_jit, pvq_jit,
finish_jit, then this."""
from __future__ import annotations

import math

import numpy as np

from ....jit import helper, kernel, leaf
from ..range_coder_jit import R_RBBYTES
from .finish_jit import finish_coeffs
from .imdct import FFT_PLAN, FFT_TWIDDLE, FFT_WORK, MAX_STAGES, TWIDDLE, TWIDDLE_AT
from .layout import (F_BLOCKS, F_CHANNELS, F_END, F_FLUSHED, F_FRAMEBITS, F_LM,
                     F_OUTPUT_CHANNELS, F_START, PF_CUR, PF_NEW, PF_OLD)
from .pvq_jit import M_Y, decode_bands
from .side_jit import decode_side
from .tables import EMPH_COEFF, OVERLAP, WINDOW, WINDOW2

HISTORY = 1024
_C3 = math.sqrt(3.0) / 2.0
_C51 = math.cos(2 * math.pi / 5)
_C52 = math.cos(4 * math.pi / 5)
_S51 = math.sin(2 * math.pi / 5)
_S52 = math.sin(4 * math.pi / 5)


@leaf
def _fits(xr, xi, yr, yi, twr, twi, p, sm, twiddles):
    """Whether a radix-p stage of sm butterflies and groups in all (its twiddles from
    `twiddles` on) stays inside its arrays: the stages then read and write through views
    shaped to their loops, whose indices need no checks."""
    return (p * sm <= xr.shape[0] and p * sm <= xi.shape[0] and p * sm <= yr.shape[0]
            and p * sm <= yi.shape[0] and twiddles <= twr.shape[0]
            and twiddles <= twi.shape[0])


@leaf
def _radix2(xr, xi, yr, yi, m, s, tb, twr, twi):
    """One radix-2 stage of the inverse FFT (see imdct.py): m butterflies of s groups. The
    inputs x[k * m * s + j * s + g] (value k of butterfly j, group g) are read as
    x3[k, j, g], the outputs y[(2 * j + k) * s + g] written as y3[j, k, g]."""
    sm = s * m
    if not _fits(xr, xi, yr, yi, twr, twi, 2, sm, tb + m):
        return
    xr3 = xr[:2 * sm].reshape((2, m, s))
    xi3 = xi[:2 * sm].reshape((2, m, s))
    yr3 = yr[:2 * sm].reshape((m, 2, s))
    yi3 = yi[:2 * sm].reshape((m, 2, s))
    for j in range(m):
        wr = twr[tb + j]
        wi = twi[tb + j]
        for g in range(s):
            ar = xr3[0, j, g]
            ai = xi3[0, j, g]
            br = xr3[1, j, g]
            bi = xi3[1, j, g]
            yr3[j, 0, g] = ar + br
            yi3[j, 0, g] = ai + bi
            dr = ar - br
            di = ai - bi
            yr3[j, 1, g] = dr * wr - di * wi
            yi3[j, 1, g] = dr * wi + di * wr


@leaf
def _radix3(xr, xi, yr, yi, m, s, tb, twr, twi):
    sm = s * m
    if not _fits(xr, xi, yr, yi, twr, twi, 3, sm, tb + 2 * m):
        return
    xr3 = xr[:3 * sm].reshape((3, m, s))
    xi3 = xi[:3 * sm].reshape((3, m, s))
    yr3 = yr[:3 * sm].reshape((m, 3, s))
    yi3 = yi[:3 * sm].reshape((m, 3, s))
    for j in range(m):
        t = tb + 2 * j
        w1r = twr[t]
        w1i = twi[t]
        w2r = twr[t + 1]
        w2i = twi[t + 1]
        for g in range(s):
            a0r = xr3[0, j, g]
            a0i = xi3[0, j, g]
            a1r = xr3[1, j, g]
            a1i = xi3[1, j, g]
            a2r = xr3[2, j, g]
            a2i = xi3[2, j, g]
            tr = a1r + a2r
            ti = a1i + a2i
            dr = a1r - a2r
            di = a1i - a2i
            yr3[j, 0, g] = a0r + tr
            yi3[j, 0, g] = a0i + ti
            mr = a0r - 0.5 * tr
            mi = a0i - 0.5 * ti
            b1r = mr - _C3 * di
            b1i = mi + _C3 * dr
            b2r = mr + _C3 * di
            b2i = mi - _C3 * dr
            yr3[j, 1, g] = b1r * w1r - b1i * w1i
            yi3[j, 1, g] = b1r * w1i + b1i * w1r
            yr3[j, 2, g] = b2r * w2r - b2i * w2i
            yi3[j, 2, g] = b2r * w2i + b2i * w2r


@leaf
def _radix4(xr, xi, yr, yi, m, s, tb, twr, twi):
    sm = s * m
    if not _fits(xr, xi, yr, yi, twr, twi, 4, sm, tb + 3 * m):
        return
    xr3 = xr[:4 * sm].reshape((4, m, s))
    xi3 = xi[:4 * sm].reshape((4, m, s))
    yr3 = yr[:4 * sm].reshape((m, 4, s))
    yi3 = yi[:4 * sm].reshape((m, 4, s))
    for j in range(m):
        t = tb + 3 * j
        w1r = twr[t]
        w1i = twi[t]
        w2r = twr[t + 1]
        w2i = twi[t + 1]
        w3r = twr[t + 2]
        w3i = twi[t + 2]
        for g in range(s):
            a0r = xr3[0, j, g]
            a0i = xi3[0, j, g]
            a1r = xr3[1, j, g]
            a1i = xi3[1, j, g]
            a2r = xr3[2, j, g]
            a2i = xi3[2, j, g]
            a3r = xr3[3, j, g]
            a3i = xi3[3, j, g]
            s02r = a0r + a2r
            s02i = a0i + a2i
            d02r = a0r - a2r
            d02i = a0i - a2i
            s13r = a1r + a3r
            s13i = a1i + a3i
            d13r = a1r - a3r
            d13i = a1i - a3i
            yr3[j, 0, g] = s02r + s13r
            yi3[j, 0, g] = s02i + s13i
            b1r = d02r - d13i
            b1i = d02i + d13r
            b2r = s02r - s13r
            b2i = s02i - s13i
            b3r = d02r + d13i
            b3i = d02i - d13r
            yr3[j, 1, g] = b1r * w1r - b1i * w1i
            yi3[j, 1, g] = b1r * w1i + b1i * w1r
            yr3[j, 2, g] = b2r * w2r - b2i * w2i
            yi3[j, 2, g] = b2r * w2i + b2i * w2r
            yr3[j, 3, g] = b3r * w3r - b3i * w3i
            yi3[j, 3, g] = b3r * w3i + b3i * w3r


@leaf
def _radix5(xr, xi, yr, yi, m, s, tb, twr, twi):
    sm = s * m
    if not _fits(xr, xi, yr, yi, twr, twi, 5, sm, tb + 4 * m):
        return
    xr3 = xr[:5 * sm].reshape((5, m, s))
    xi3 = xi[:5 * sm].reshape((5, m, s))
    yr3 = yr[:5 * sm].reshape((m, 5, s))
    yi3 = yi[:5 * sm].reshape((m, 5, s))
    for j in range(m):
        t = tb + 4 * j
        w1r = twr[t]
        w1i = twi[t]
        w2r = twr[t + 1]
        w2i = twi[t + 1]
        w3r = twr[t + 2]
        w3i = twi[t + 2]
        w4r = twr[t + 3]
        w4i = twi[t + 3]
        for g in range(s):
            a0r = xr3[0, j, g]
            a0i = xi3[0, j, g]
            a1r = xr3[1, j, g]
            a1i = xi3[1, j, g]
            a2r = xr3[2, j, g]
            a2i = xi3[2, j, g]
            a3r = xr3[3, j, g]
            a3i = xi3[3, j, g]
            a4r = xr3[4, j, g]
            a4i = xi3[4, j, g]
            t1r = a1r + a4r
            t1i = a1i + a4i
            t3r = a1r - a4r
            t3i = a1i - a4i
            t2r = a2r + a3r
            t2i = a2i + a3i
            t4r = a2r - a3r
            t4i = a2i - a3i
            yr3[j, 0, g] = a0r + t1r + t2r
            yi3[j, 0, g] = a0i + t1i + t2i
            r1r = a0r + _C51 * t1r + _C52 * t2r
            r1i = a0i + _C51 * t1i + _C52 * t2i
            r2r = a0r + _C52 * t1r + _C51 * t2r
            r2i = a0i + _C52 * t1i + _C51 * t2i
            i1r = _S51 * t3r + _S52 * t4r
            i1i = _S51 * t3i + _S52 * t4i
            i2r = _S52 * t3r - _S51 * t4r
            i2i = _S52 * t3i - _S51 * t4i
            b1r = r1r - i1i
            b1i = r1i + i1r
            b4r = r1r + i1i
            b4i = r1i - i1r
            b2r = r2r - i2i
            b2i = r2i + i2r
            b3r = r2r + i2i
            b3i = r2i - i2r
            yr3[j, 1, g] = b1r * w1r - b1i * w1i
            yi3[j, 1, g] = b1r * w1i + b1i * w1r
            yr3[j, 2, g] = b2r * w2r - b2i * w2i
            yi3[j, 2, g] = b2r * w2i + b2i * w2r
            yr3[j, 3, g] = b3r * w3r - b3i * w3i
            yi3[j, 3, g] = b3r * w3i + b3i * w3r
            yr3[j, 4, g] = b4r * w4r - b4i * w4i
            yi3[j, 4, g] = b4r * w4i + b4i * w4r


@leaf
def _ifft(xr, xi, yr, yi, size, batch):
    """The unnormalised inverse FFTs (N/2 values of FFT size index `size`) of `batch`
    interleaved sequences (value k of sequence b at b + batch * k: the stages' groups), in
    stages between the buffers x and y: returns 1 when the results are in y, 0 when in x
    (in the same order)."""
    twr = FFT_TWIDDLE[0]
    twi = FFT_TWIDDLE[1]
    src = 0
    for st in range(FFT_PLAN[size, MAX_STAGES, 0]):
        p = FFT_PLAN[size, st, 0]
        m = FFT_PLAN[size, st, 1]
        g = FFT_PLAN[size, st, 2] * batch
        tb = FFT_PLAN[size, st, 3]
        if src:
            ar, ai, br, bi = yr, yi, xr, xi
        else:
            ar, ai, br, bi = xr, xi, yr, yi
        if p == 2:
            _radix2(ar, ai, br, bi, m, g, tb, twr, twi)
        elif p == 3:
            _radix3(ar, ai, br, bi, m, g, tb, twr, twi)
        elif p == 4:
            _radix4(ar, ai, br, bi, m, g, tb, twr, twi)
        else:
            _radix5(ar, ai, br, bi, m, g, tb, twr, twi)
        src ^= 1
    return src


@leaf
def _imdct(mem, channels, frame, blocks, size, imdct, work):
    """The inverse MDCTs of each channel c's coefficients (mem[c * M_Y:], coefficient i of
    block j at i * blocks + j): block j's N = frame / blocks outputs to imdct[c, j * N:]. The
    transforms of all blocks and channels run as one batch. work: FFT_WORK float64 values.
    (Every row is sliced to its length first, so that the loops need no index checks.)"""
    n = frame // blocks
    q = n >> 1
    batch = channels * blocks
    at = TWIDDLE_AT[size]
    tr = TWIDDLE[0, at:at + q]
    ti = TWIDDLE[1, at:at + q]
    xr = work[0:960]
    xi = work[960:1920]
    yr = work[1920:2880]
    yi = work[2880:3840]
    if tr.shape[0] != q or ti.shape[0] != q or batch * q > 960:
        return
    for c in range(channels):
        for j in range(blocks):
            x = mem[c * M_Y + j:c * M_Y + j + n * blocks:blocks]
            b = c * blocks + j
            zr = xr[b:b + batch * q:batch]
            zi = xi[b:b + batch * q:batch]
            if x.shape[0] != n or zr.shape[0] != q or zi.shape[0] != q:
                return
            for k in range(q):
                u = np.float64(x[n - 1 - 2 * k])
                v = np.float64(x[2 * k])
                zr[k] = u * tr[k] - v * ti[k]
                zi[k] = u * ti[k] + v * tr[k]
    if _ifft(xr, xi, yr, yi, size, batch):
        rr, ri = yr, yi
    else:
        rr, ri = xr, xi
    for c in range(channels):
        for j in range(blocks):
            b = c * blocks + j
            zr = rr[b:b + batch * q:batch]
            zi = ri[b:b + batch * q:batch]
            even = imdct[c, j * n:j * n + n:2]
            odd = imdct[c, j * n + 1:j * n + n:2]
            if zr.shape[0] != q or zi.shape[0] != q or even.shape[0] != q \
                    or odd.shape[0] != q:
                return
            for k in range(q):
                re = zr[k] * tr[k] - zi[k] * ti[k]
                im = zr[k] * ti[k] + zi[k] * tr[k]
                even[k] = np.float32(-re)
                odd[q - 1 - k] = np.float32(im)


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


@leaf
def _deemphasis(hist, emph, out, offset, frame, channels):
    """The de-emphasis of channels 0 to channels - 1 (at most 2) into out[c, offset:]: one
    recurrence per channel, the two run side by side (each step waits for the one before
    it)."""
    if channels == 2:
        h0 = hist[0]
        h1 = hist[1]
        o0 = out[0]
        o1 = out[1]
        a = emph[0]
        b = emph[1]
        for i in range(frame):
            a = h0[HISTORY - frame + i] + a * EMPH_COEFF
            b = h1[HISTORY - frame + i] + b * EMPH_COEFF
            o0[offset + i] = a
            o1[offset + i] = b
        emph[0] = a
        emph[1] = b
    elif channels == 1:
        h0 = hist[0]
        o0 = out[0]
        a = emph[0]
        for i in range(frame):
            a = h0[HISTORY - frame + i] + a * EMPH_COEFF
            o0[offset + i] = a
        emph[0] = a


@helper
def synthesize(mem, channels, frame, blocks, downmix, hist, pf_period, pf_gains, emph, out,
               offset, imdct, work):
    """The frame's output from the coefficients of output channel c at mem[c * M_Y:]
    (`blocks` interleaved transforms, `frame` coefficients); hist[c] (2048) is that
    channel's history. Writes the frame's samples to out[c, offset:]. imdct: 2 x 960
    float32, work: FFT_WORK float64 values of scratch. Returns 0, or -1 for bad
    arguments."""
    if channels < 1 or channels > 2 or blocks < 1 or frame < 1:
        return -1
    bs = frame // blocks
    size = 0
    while size < 3 and (120 << size) < bs:
        size += 1
    if (bs * blocks != frame or frame > 960 or bs != 120 << size or hist.shape[0] < channels
            or hist.shape[1] < 2048 or out.shape[0] < channels or offset < 0
            or out.shape[1] < offset + frame or pf_period.shape[0] < 2
            or pf_gains.shape[0] < 2 or emph.shape[0] < 2 or imdct.shape[0] < channels
            or imdct.shape[1] < frame or work.shape[0] < FFT_WORK
            or mem.shape[0] < M_Y + 960):
        return -1
    _imdct(mem, channels, frame, blocks, size, imdct, work)
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
                _deemphasis(hist, emph, out, offset, frame, c)
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
    _deemphasis(hist, emph, out, offset, frame, channels)
    return 0


@helper
def celt_frame(buf, rc, fp, bands, energy, prev_energy, pf_period, pf_gains, work, mem, iy,
               hist, emph, out, offset, channels, lm, start_band, end_band, imdct, fft_work):
    """One CELT frame of 120 << lm samples (`channels` coded, bands start_band to end_band)
    whose range decoder `rc` was started on `buf`: side information (side_jit), band shapes
    (pvq_jit), coefficients (finish_jit) and output (synthesize) to out[c, offset:] for
    each of fp[F_OUTPUT_CHANNELS] channels. The other arrays are the stream's CELT state
    and scratch (celt.decoder.CeltDecoder). Returns 0, or -1 for bad arguments."""
    if fp.shape[0] < 22 or rc.shape[0] < 9 or lm < 0 or lm > 3:
        return -1
    fp[F_FLUSHED] = 0
    fp[F_CHANNELS] = channels
    fp[F_START] = start_band
    fp[F_END] = end_band
    fp[F_LM] = lm
    fp[F_FRAMEBITS] = rc[R_RBBYTES] * 8
    if decode_side(buf, rc, fp, bands, energy, pf_period, pf_gains, work) < 0:
        return -1
    if decode_bands(buf, rc, fp, bands, mem, iy) < 0:
        return -1
    downmix = finish_coeffs(buf, rc, fp, bands, energy, prev_energy, mem)
    if downmix < 0:
        return -1
    frame = 120 << lm
    return synthesize(mem, fp[F_OUTPUT_CHANNELS], frame, fp[F_BLOCKS], downmix, hist,
                      pf_period, pf_gains, emph, out, offset, imdct, fft_work)


@kernel("int64(uint8[::1], int64[::1], int64[::1], int64[:, ::1], float32[:, ::1], "
        "float32[:, :, ::1], int64[:, ::1], float32[:, :, ::1], int64[::1], float32[::1], "
        "int64[::1], float32[:, ::1], float32[::1], float32[:, ::1], int64, int64, int64, "
        "int64, int64, float32[:, ::1], float64[::1])")
def decode_frame(buf, rc, fp, bands, energy, prev_energy, pf_period, pf_gains, work, mem, iy,
                 hist, emph, out, offset, channels, lm, start_band, end_band, imdct,
                 fft_work):
    """celt_frame, for Python (celt.decoder.CeltDecoder)."""
    return celt_frame(buf, rc, fp, bands, energy, prev_energy, pf_period, pf_gains, work, mem,
                      iy, hist, emph, out, offset, channels, lm, start_band, end_band, imdct,
                      fft_work)
