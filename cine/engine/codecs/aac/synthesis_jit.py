"""From dequantised spectra to samples inside numba: TNS filtering (ISO/IEC 14496-3 4.6.9),
the IMDCT (4.6.11) computed the way libavcodec's MDCT does it (pre-rotation, n/4-point
complex FFT, post-rotation, "half" output of n/2 values scaled by 1/(32768 * n/2)), and the
reference's windowing and overlap-add of those halves for every window sequence and shape.

Everything runs in float32 in the reference's operation order (the split-radix FFT too:
each value comes from the same operations on the same operands, whatever the loop order).
The 8- and 16-point blocks of the FFT are computed in registers; the passes of 128 values and
more run on slices whose lengths are checked once, so that their loops run in vectors.
raw_block_jit.decode_frame runs `synthesize` after a frame's parsing; ltp_jit its own variant.
"""
from __future__ import annotations

import numpy as np

from ...jit import leaf
from .bands import SWB_OFFSET_LONG, SWB_OFFSET_SHORT
from .spectral_jit import (
    EIGHT_SHORT, ICS_TNS, KB0, KB1, LONG_START, MAX_SFB, NUM_SWB, NUM_WIN, SWB_INDEX, T_DIR,
    T_LEN, T_ORDER, TNS_MAX, WS0, WS1,
)

ONLY_LONG, LONG_STOP = 0, 3
SQRT_HALF = np.float32(0.7071067811865476)


def _offset_rows(tables, width):
    """The tables as the rows of one array, each padded with zeros to width."""
    rows = np.zeros((len(tables), width), np.int32)
    for i, table in enumerate(tables):
        rows[i, :len(table)] = table
    return rows


# every sampling frequency index's swb offsets (long windows, short windows): the tools
# that run after parsing take a channel's own row, ics[slot, SWB_INDEX] (see _tns)
SWB_LONG_ROWS = _offset_rows(SWB_OFFSET_LONG, 52)
SWB_SHORT_ROWS = _offset_rows(SWB_OFFSET_SHORT, 16)


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
def _tns(coef, ics, slot, tns_n, tns_p, tns_c, rows, lpc):
    """The all-pole TNS filters over their spectral ranges (decoder direction). The band
    offsets are row ics[slot, SWB_INDEX] of rows (SWB_LONG_ROWS or SWB_SHORT_ROWS): the
    tables ics_info gave the channel, which the decoder's current ones need not be (an
    element a failed frame left flagged is synthesised by the next good frame, perhaps after
    an ADTS header of another rate; the reference keeps its table's pointer in the ics)."""
    mmm = min(ics[slot, TNS_MAX], ics[slot, MAX_SFB])
    if mmm <= 0:
        return
    swb = ics[slot, SWB_INDEX]
    for w in range(ics[slot, NUM_WIN]):
        bottom = ics[slot, NUM_SWB]
        for f in range(tns_n[slot, w]):
            top = bottom
            bottom = max(0, top - tns_p[slot, w, f, T_LEN])
            order = tns_p[slot, w, f, T_ORDER]
            if order == 0:
                continue
            tns_lpc(tns_c, slot, w, f, order, lpc)
            start = rows[swb, min(bottom, mmm)]
            end = rows[swb, min(top, mmm)]
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
def _fft4(r0, r1, r2, r3, i0, i1, i2, i3):
    """A 4-point transform of values held in registers: (real parts, imaginary parts)."""
    t3 = r0 - r1
    t1 = r0 + r1
    t8 = r3 - r2
    t6 = r3 + r2
    t4 = i0 - i1
    t2 = i0 + i1
    t7 = i2 - i3
    t5 = i2 + i3
    return (t1 + t6, t3 + t7, t1 - t6, t3 - t7), (t2 + t5, t4 + t8, t2 - t5, t4 - t8)


@leaf
def _butterflies(r0, i0, r1, i1, t1, t2, t5, t6):
    """The split-radix combination of four outputs, float32 in the reference's order: the
    new (re, im) of the first, second, third and fourth."""
    t3 = t5 - t1
    t5 = t5 + t1
    t4 = t2 - t6
    t6 = t2 + t6
    return r0 + t5, i0 + t6, r1 + t4, i1 + t3, r0 - t5, i0 - t6, r1 - t4, i1 - t3


@leaf
def _transform(r0, i0, r1, i1, r2, i2, r3, i3, wre, wim):
    """A twiddled split-radix combination (w = wre + i wim on the odd quarter)."""
    t1 = r2 * wre + i2 * wim
    t2 = i2 * wre - r2 * wim
    t5 = r3 * wre - i3 * wim
    t6 = r3 * wim + i3 * wre
    return _butterflies(r0, i0, r1, i1, t1, t2, t5, t6)


@leaf
def _fft8(r, i):
    """An 8-point transform of the values in the 8-tuples r, i."""
    (r0, r1, r2, r3), (i0, i1, i2, i3) = _fft4(r[0], r[1], r[2], r[3], i[0], i[1], i[2], i[3])
    t1 = r[4] + r[5]
    r5 = r[4] - r[5]
    t2 = i[4] + i[5]
    i5 = i[4] - i[5]
    t5 = r[6] + r[7]
    r7 = r[6] - r[7]
    t6 = i[6] + i[7]
    i7 = i[6] - i[7]
    r0, i0, r2, i2, r4, i4, r6, i6 = _butterflies(r0, i0, r2, i2, t1, t2, t5, t6)
    r1, i1, r3, i3, r5, i5, r7, i7 = _transform(r1, i1, r3, i3, r5, i5, r7, i7, SQRT_HALF,
                                                SQRT_HALF)
    return (r0, r1, r2, r3, r4, r5, r6, r7), (i0, i1, i2, i3, i4, i5, i6, i7)


@leaf
def _block8(zr, zi, o):
    """The 8-point transform of z[o:o + 8], computed in registers."""
    r = zr[o:o + 8]
    i = zi[o:o + 8]
    if r.shape[0] != 8 or i.shape[0] != 8:
        return
    (r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]), \
        (i[0], i[1], i[2], i[3], i[4], i[5], i[6], i[7]) = \
        _fft8((r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]),
              (i[0], i[1], i[2], i[3], i[4], i[5], i[6], i[7]))


@leaf
def _block16(zr, zi, o, c1, c3):
    """The 16-point transform of z[o:o + 16] (c1, c3: cos(2pi/16), cos(6pi/16)), computed
    in registers."""
    r = zr[o:o + 16]
    i = zi[o:o + 16]
    if r.shape[0] != 16 or i.shape[0] != 16:
        return
    (r0, r1, r2, r3, r4, r5, r6, r7), (i0, i1, i2, i3, i4, i5, i6, i7) = \
        _fft8((r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]),
              (i[0], i[1], i[2], i[3], i[4], i[5], i[6], i[7]))
    (r8, r9, r10, r11), (i8, i9, i10, i11) = _fft4(r[8], r[9], r[10], r[11], i[8], i[9],
                                                   i[10], i[11])
    (r12, r13, r14, r15), (i12, i13, i14, i15) = _fft4(r[12], r[13], r[14], r[15], i[12],
                                                       i[13], i[14], i[15])
    r0, i0, r4, i4, r8, i8, r12, i12 = _butterflies(r0, i0, r4, i4, r8, i8, r12, i12)
    r2, i2, r6, i6, r10, i10, r14, i14 = _transform(r2, i2, r6, i6, r10, i10, r14, i14,
                                                    SQRT_HALF, SQRT_HALF)
    r1, i1, r5, i5, r9, i9, r13, i13 = _transform(r1, i1, r5, i5, r9, i9, r13, i13, c1, c3)
    r3, i3, r7, i7, r11, i11, r15, i15 = _transform(r3, i3, r7, i7, r11, i11, r15, i15, c3, c1)
    r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7] = r0, r1, r2, r3, r4, r5, r6, r7
    r[8], r[9], r[10], r[11], r[12], r[13], r[14], r[15] = r8, r9, r10, r11, r12, r13, r14, r15
    i[0], i[1], i[2], i[3], i[4], i[5], i[6], i[7] = i0, i1, i2, i3, i4, i5, i6, i7
    i[8], i[9], i[10], i[11], i[12], i[13], i[14], i[15] = i8, i9, i10, i11, i12, i13, i14, i15


def _sized_pass(q, whole):
    """The split-radix pass combining z[o:o + 4q] for one size (q >= 8, compiled in):
    cos[c:c + q] are the twiddles' real parts, cos[c + q + 1:c + 2q + 1] their imaginary
    parts (the same cosines read backwards). Its four quarters are offsets of one slice per
    array, known apart, so the loop runs in vectors with no run-time check that they do not
    overlap, and no bounds check. `whole`: the loop runs over all q values, the first
    (which has no twiddle) computed apart and stored over the loop's (q = 16: 15 values would
    run one at a time)."""
    @leaf
    def sized_pass(zr, zi, o, cos, c):
        r = zr[o:o + 4 * q]
        i = zi[o:o + 4 * q]
        wr = cos[c:c + q]
        wi = cos[c + q + 1:c + 2 * q + 1]
        if r.shape[0] != 4 * q or i.shape[0] != 4 * q or wr.shape[0] != q or wi.shape[0] != q:
            return
        b0, b1, b2, b3, b4, b5, b6, b7 = _butterflies(
            r[0], i[0], r[q], i[q], r[2 * q], i[2 * q], r[3 * q], i[3 * q])
        if not whole:
            r[0], i[0], r[q], i[q], r[2 * q], i[2 * q], r[3 * q], i[3 * q] = \
                b0, b1, b2, b3, b4, b5, b6, b7
        for k in range(0 if whole else 1, q):
            wre = wr[k]
            wim = wi[k]
            r2 = r[k + 2 * q]
            i2 = i[k + 2 * q]
            r3 = r[k + 3 * q]
            i3 = i[k + 3 * q]
            t1 = r2 * wre + i2 * wim
            t2 = i2 * wre - r2 * wim
            t5 = r3 * wre - i3 * wim
            t6 = r3 * wim + i3 * wre
            r0 = r[k]
            i0 = i[k]
            r1 = r[k + q]
            i1 = i[k + q]
            t3 = t5 - t1
            t5 = t5 + t1
            r[k + 2 * q] = r0 - t5
            r[k] = r0 + t5
            i[k + 3 * q] = i1 - t3
            i[k + q] = i1 + t3
            t4 = t2 - t6
            t6 = t2 + t6
            r[k + 3 * q] = r1 - t4
            r[k + q] = r1 + t4
            i[k + 2 * q] = i0 - t6
            i[k] = i0 + t6
        if whole:
            r[0], i[0], r[q], i[q], r[2 * q], i[2 * q], r[3 * q], i[3 * q] = \
                b0, b1, b2, b3, b4, b5, b6, b7
    return sized_pass


# (whole only where it measured faster: elsewhere the first value's store after the vector
# loop's stalls the next pass's vector loads)
_pass32 = _sized_pass(8, False)
_pass64 = _sized_pass(16, True)
_pass128 = _sized_pass(32, False)
_pass256 = _sized_pass(64, False)
_pass512 = _sized_pass(128, False)


@leaf
def _fft(zr, zi, plan, cos, cos_at):
    """libavcodec's split-radix FFT (exp(+i) kernel) in float32, step by step (plan: see
    numeric_tables.fft_plan; cos: numeric_tables.fft_cosines)."""
    for p in range(plan.shape[0]):
        size = plan[p, 0]
        o = plan[p, 1]
        if size == 8:
            _block8(zr, zi, o)
        elif size == 16:
            c = cos_at[4]
            _block16(zr, zi, o, cos[c + 1], cos[c + 3])
        elif size == 32:
            _pass32(zr, zi, o, cos, cos_at[5])
        elif size == 64:
            _pass64(zr, zi, o, cos, cos_at[6])
        elif size == 128:
            _pass128(zr, zi, o, cos, cos_at[7])
        elif size == 256:
            _pass256(zr, zi, o, cos, cos_at[8])
        elif size == 512:
            _pass512(zr, zi, o, cos, cos_at[9])
        # (numeric_tables.fft_plan makes plans of 8 to 512 points only)


@leaf
def imdct_half(coef, slot, off, n, tcos, tsin, plan, order, cos, cos_at, zr, zi, buf, boff):
    """n-point IMDCT (n a power of two) of coef[slot, off:off + n/2] into its n/2-value half
    buf[boff:]."""
    n2 = n >> 1
    n4 = n >> 2
    x = coef[slot, off:off + n2]
    tc = tcos[:n4]
    ts = tsin[:n4]
    od = order[:n4]
    re = zr[:n4]
    im = zi[:n4]
    out = buf[boff:boff + n2]
    if x.shape[0] != n2 or tc.shape[0] != n4 or ts.shape[0] != n4 or od.shape[0] != n4 \
            or re.shape[0] != n4 or im.shape[0] != n4 or out.shape[0] != n2:
        return
    # (od is a permutation of 0..n/4 - 1, n a power of two: the mask changes no index but
    # lets the compiler see that the scattered stores stay within re and im)
    mask = n4 - 1
    for k in range(n4):
        a = x[n2 - 1 - 2 * k]
        b = x[2 * k]
        c = tc[k]
        s = ts[k]
        j = od[k] & mask
        re[j] = a * c - b * s
        im[j] = a * s + b * c
    _fft(zr, zi, plan, cos, cos_at)
    # post-rotation: out[2j] from z[j], out[2j + 1] from z[n/4 - 1 - j] (rotated in place
    # first, in vectors)
    for k in range(n4):
        r = re[k]
        i = im[k]
        c = tc[k]
        s = ts[k]
        re[k] = i * s - r * c
        im[k] = i * c + r * s
    for k in range(n4):
        out[2 * k] = re[k]
        out[2 * k + 1] = im[n4 - 1 - k]


@leaf
def _window(dst, doff, src0, off0, src1, off1, win, n):
    """vector_fmul_window: overlap two IMDCT halves through a window of 2n values (each
    half of the output in a loop of its own, on slices checked once: they run in vectors)."""
    d0 = dst[doff:doff + n]
    d1 = dst[doff + n:doff + 2 * n]
    a = src0[off0:off0 + n]
    b = src1[off1:off1 + n]
    w0 = win[:n]
    w1 = win[n:2 * n]
    if d0.shape[0] != n or d1.shape[0] != n or a.shape[0] != n or b.shape[0] != n \
            or w0.shape[0] != n or w1.shape[0] != n:
        return
    for k in range(n):          # d[k] = s0 * wj - s1 * wi
        d0[k] = a[k] * w1[n - 1 - k] - b[n - 1 - k] * w0[k]
    for k in range(n):          # d[2n - 1 - m] = s0 * wi + s1 * wj, m = n - 1 - k
        m = n - 1 - k
        d1[k] = a[m] * w0[m] + b[k] * w1[k]


@leaf
def _copy(dst, doff, src, soff, n):
    """dst[doff:doff + n] = src[soff:soff + n], on slices whose lengths are checked once (so
    the loop runs in vectors)."""
    d = dst[doff:doff + n]
    a = src[soff:soff + n]
    if d.shape[0] != n or a.shape[0] != n:
        return
    for k in range(n):
        d[k] = a[k]


@leaf
def _overlap(out, saved, buf, temp, ws0, ws1, lwin_prev, swin, swin_prev):
    """Windowing and overlap-add of one frame: out gets 1024 samples, saved the next
    frame's unwindowed (long) or partly windowed (short) overlap."""
    if (ws1 == ONLY_LONG or ws1 == LONG_STOP) and (ws0 == ONLY_LONG or ws0 == LONG_START):
        _window(out, 0, saved, 0, buf, 0, lwin_prev, 512)
    else:
        _copy(out, 0, saved, 0, 448)
        if ws0 == EIGHT_SHORT:
            _window(out, 448, saved, 448, buf, 0, swin_prev, 64)
            _window(out, 576, buf, 64, buf, 128, swin, 64)
            _window(out, 704, buf, 192, buf, 256, swin, 64)
            _window(out, 832, buf, 320, buf, 384, swin, 64)
            _window(temp, 0, buf, 448, buf, 512, swin, 64)
            _copy(out, 960, temp, 0, 64)
        else:
            _window(out, 448, saved, 448, buf, 0, swin_prev, 64)
            _copy(out, 576, buf, 64, 448)
    if ws0 == EIGHT_SHORT:
        _copy(saved, 0, temp, 64, 64)
        _window(saved, 64, buf, 576, buf, 640, swin, 64)
        _window(saved, 192, buf, 704, buf, 768, swin, 64)
        _window(saved, 320, buf, 832, buf, 896, swin, 64)
        _copy(saved, 448, buf, 960, 64)
    elif ws0 == LONG_START:
        _copy(saved, 0, buf, 512, 448)
        _copy(saved, 448, buf, 960, 64)
    else:
        _copy(saved, 0, buf, 512, 512)


@leaf
def synthesize_slot(slot, ics, coef, saved, out, tns_n, tns_p, tns_c, swb_long, swb_short,
                    windows, tcos_l, tsin_l, tcos_s, tsin_s, plan_l, plan_s, order_l, order_s,
                    cos, cos_at, buf, temp, zr, zi, lpc):
    """TNS, IMDCT (into buf) and overlap-add of one channel: out[slot] gets its samples.
    TNS runs on the channel's own band tables (see _tns), not on swb_long / swb_short, the
    tables of the decoder's current rate (kept in the signature for its callers)."""
    short = ics[slot, WS0] == EIGHT_SHORT
    if ics[slot, ICS_TNS]:
        if short:
            _tns(coef, ics, slot, tns_n, tns_p, tns_c, SWB_SHORT_ROWS, lpc)
        else:
            _tns(coef, ics, slot, tns_n, tns_p, tns_c, SWB_LONG_ROWS, lpc)
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


@leaf
def synthesize(present, width, ics, coef, saved, out, tns_n, tns_p, tns_c, swb_long,
               swb_short, windows, tcos_l, tsin_l, tcos_s, tsin_s, plan_l, plan_s, order_l,
               order_s, cos, cos_at, buf, temp, zr, zi, lpc):
    """TNS, IMDCT and overlap-add for every channel of the elements flagged in present[]
    (cleared on the way): out[slot] gets the frame's 1024 samples (raw_block_jit.decode_frame
    runs it after a frame parsed without error)."""
    for c in range(present.shape[0]):
        if not present[c]:
            continue
        present[c] = 0
        for slot in range(2 * c, 2 * c + width[c]):
            synthesize_slot(slot, ics, coef, saved, out, tns_n, tns_p, tns_c, swb_long,
                            swb_short, windows, tcos_l, tsin_l, tcos_s, tsin_s, plan_l, plan_s,
                            order_l, order_s, cos, cos_at, buf, temp, zr, zi, lpc)
