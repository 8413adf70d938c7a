"""Vorbis synthesis (Vorbis I specification sections 4.3.6-4.3.8): the inverse MDCT of each
channel's spectrum and the windowed overlap-add with the previous block.

The inverse MDCT is FFmpeg 5.1.9's float "half" IMDCT (libavcodec/mdct_template.c: pre
rotation, complex split-radix FFT of n/4 points, post rotation) with the C version's float32
operations in the same order; the FFT runs as a schedule of base transforms and combining
passes that imdct_tables.py lays out as the reference's recursion visits them. The x86
build of the reference runs the SSE/AVX versions, which give the same values but flip some
signs with xor where the C subtracts: an exact zero sample of silence may come out -0.0
here where the reference writes 0.0 (about 0.02% of the samples of multichannel files). z is the interleaved
complex buffer (re at 2k, im at 2k + 1).
"""
from __future__ import annotations

from ...jit import kernel, leaf

OP_FFT8, OP_FFT16, OP_PASS = 0, 1, 2


@leaf
def _transform(z, a0, a1, a2, a3, wre, wim, zero):
    """FFmpeg's TRANSFORM (TRANSFORM_ZERO when zero: no twiddle) of four complex points."""
    r2 = z[2 * a2]
    i2 = z[2 * a2 + 1]
    r3 = z[2 * a3]
    i3 = z[2 * a3 + 1]
    if zero:
        t1, t2, t5, t6 = r2, i2, r3, i3
    else:
        t1 = r2 * wre - i2 * -wim
        t2 = r2 * -wim + i2 * wre
        t5 = r3 * wre - i3 * wim
        t6 = r3 * wim + i3 * wre
    t3 = t5 - t1
    t5 = t5 + t1
    z[2 * a2] = z[2 * a0] - t5
    z[2 * a0] = z[2 * a0] + t5
    z[2 * a3 + 1] = z[2 * a1 + 1] - t3
    z[2 * a1 + 1] = z[2 * a1 + 1] + t3
    t4 = t2 - t6
    t6 = t2 + t6
    z[2 * a3] = z[2 * a1] - t4
    z[2 * a1] = z[2 * a1] + t4
    z[2 * a2 + 1] = z[2 * a0 + 1] - t6
    z[2 * a0 + 1] = z[2 * a0 + 1] + t6


@leaf
def _fft4(z, o):
    r0, i0, r1, i1 = z[2 * o], z[2 * o + 1], z[2 * o + 2], z[2 * o + 3]
    r2, i2, r3, i3 = z[2 * o + 4], z[2 * o + 5], z[2 * o + 6], z[2 * o + 7]
    t3 = r0 - r1
    t1 = r0 + r1
    t8 = r3 - r2
    t6 = r3 + r2
    z[2 * o + 4] = t1 - t6
    z[2 * o] = t1 + t6
    t4 = i0 - i1
    t2 = i0 + i1
    t7 = i2 - i3
    t5 = i2 + i3
    z[2 * o + 7] = t4 - t8
    z[2 * o + 3] = t4 + t8
    z[2 * o + 6] = t3 - t7
    z[2 * o + 2] = t3 + t7
    z[2 * o + 5] = t2 - t5
    z[2 * o + 1] = t2 + t5


@leaf
def _fft8(z, o, sqrthalf):
    _fft4(z, o)
    r4, i4, r5, i5 = z[2 * o + 8], z[2 * o + 9], z[2 * o + 10], z[2 * o + 11]
    r6, i6, r7, i7 = z[2 * o + 12], z[2 * o + 13], z[2 * o + 14], z[2 * o + 15]
    # t1, t2, t5, t6 of FFmpeg's fft8 wait in z[4] and z[6] for the zero-twiddle butterflies
    z[2 * o + 8] = r4 - -r5
    z[2 * o + 10] = r4 + -r5
    z[2 * o + 9] = i4 - -i5
    z[2 * o + 11] = i4 + -i5
    z[2 * o + 12] = r6 - -r7
    z[2 * o + 14] = r6 + -r7
    z[2 * o + 13] = i6 - -i7
    z[2 * o + 15] = i6 + -i7
    _transform(z, o, o + 2, o + 4, o + 6, sqrthalf, sqrthalf, True)
    _transform(z, o + 1, o + 3, o + 5, o + 7, sqrthalf, sqrthalf, False)


@leaf
def _fft16(z, o, sqrthalf, c1, c3):
    _fft8(z, o, sqrthalf)
    _fft4(z, o + 8)
    _fft4(z, o + 12)
    _transform(z, o, o + 4, o + 8, o + 12, sqrthalf, sqrthalf, True)
    _transform(z, o + 2, o + 6, o + 10, o + 14, sqrthalf, sqrthalf, False)
    _transform(z, o + 1, o + 5, o + 9, o + 13, c1, c3, False)
    _transform(z, o + 3, o + 7, o + 11, o + 15, c3, c1, False)


@leaf
def _pass(z, o, costab, w, n):
    """Combine the three sub-transforms at z[o:] (FFmpeg's pass over 8n points; w: the
    offset of its cosine table in costab)."""
    o1 = 2 * n
    o2 = 4 * n
    o3 = 6 * n
    wim = w + o1
    _transform(z, o, o + o1, o + o2, o + o3, costab[w], costab[wim], True)
    _transform(z, o + 1, o + o1 + 1, o + o2 + 1, o + o3 + 1, costab[w + 1], costab[wim - 1],
               False)
    for k in range(1, n):
        a = o + 2 * k
        _transform(z, a, a + o1, a + o2, a + o3, costab[w + 2 * k], costab[wim - 2 * k], False)
        _transform(z, a + 1, a + o1 + 1, a + o2 + 1, a + o3 + 1, costab[w + 2 * k + 1],
                   costab[wim - 2 * k - 1], False)


@leaf
def _imdct_half(spec, z, n, tcos, tsin, revtab, schedule, costab):
    """z[:n/2] = the middle half of the inverse MDCT of spec[:n/2] (scale -1)."""
    n2 = n >> 1
    n4 = n >> 2
    n8 = n >> 3
    for k in range(n4):
        j = revtab[k]
        in1 = spec[2 * k]
        in2 = spec[n2 - 1 - 2 * k]
        z[2 * j] = in2 * tcos[k] - in1 * tsin[k]
        z[2 * j + 1] = in2 * tsin[k] + in1 * tcos[k]
    sqrthalf = costab[0]
    for op in range(schedule.shape[0]):
        kind = schedule[op, 0]
        o = schedule[op, 1]
        w = schedule[op, 3]
        if kind == OP_FFT8:
            _fft8(z, o, sqrthalf)
        elif kind == OP_FFT16:
            _fft16(z, o, sqrthalf, costab[w + 1], costab[w + 3])
        else:
            _pass(z, o, costab, w, schedule[op, 2])
    for k in range(n8):
        a = n8 - k - 1
        b = n8 + k
        ra, ia = z[2 * a], z[2 * a + 1]
        rb, ib = z[2 * b], z[2 * b + 1]
        r0 = ia * tsin[a] - ra * tcos[a]
        i1 = ia * tcos[a] + ra * tsin[a]
        r1 = ib * tsin[b] - rb * tcos[b]
        i0 = ib * tcos[b] + rb * tsin[b]
        z[2 * a] = r0
        z[2 * a + 1] = i0
        z[2 * b] = r1
        z[2 * b + 1] = i1


@leaf
def _fmul_window(dst, d0, src0, s0, src1, win, length):
    """vector_fmul_window: 2 x length samples from the saved half and the new block."""
    for i in range(length):
        j = length - 1 - i
        a = src0[s0 + i]
        b = src1[j]
        wi = win[i]
        wj = win[length + j]
        dst[d0 + i] = a * wj - b * wi
        dst[d0 + length + j] = a * wi + b * wj


@kernel("int64(float32[:, :], int64, int64, int64, int64, float32[:], float32[:], int32[:],"
        " int32[:, :], float32[:], float32[:], float32[:, :], float32[:], float32[:, :])")
def synthesize(spectra, blockflag, previous, bs0, bs1, tcos, tsin, revtab, schedule, costab,
               win, saved, z, out):
    """out[c, :retlen] = channel c's samples from its spectrum (spectra[c, :n/2]) overlapped
    with saved[c] (the previous block's tail, updated); win: the smaller block's window;
    z: n/2 floats of scratch. Returns retlen."""
    n = bs1 if blockflag else bs0
    retlen = (n + (bs1 if previous else bs0)) // 4
    gap = (bs1 - bs0) // 4
    for c in range(spectra.shape[0]):
        _imdct_half(spectra[c], z, n, tcos, tsin, revtab, schedule, costab)
        ret = out[c]
        sv = saved[c]
        if blockflag == previous:
            _fmul_window(ret, 0, sv, 0, z, win, n // 4)
        elif blockflag > previous:
            _fmul_window(ret, 0, sv, 0, z, win, bs0 // 4)
            ret[bs0 // 2:bs0 // 2 + gap] = z[bs0 // 4:bs0 // 4 + gap]
        else:
            ret[:gap] = sv[:gap]
            _fmul_window(ret, gap, sv, gap, z, win, bs0 // 4)
        sv[:n // 4] = z[n // 4:n // 2]
    return retlen
