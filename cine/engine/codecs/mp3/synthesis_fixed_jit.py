"""The polyphase synthesis filterbank (ISO/IEC 11172-3 Annex A.2) in the fixed point of the
reference's mp1/mp2 decoders (FFmpeg 5.1.9's mpegaudiodec_fixed, plain C on every CPU):
subband samples in 23 fractional bits, a 32-point DCT whose butterflies multiply by factors
in 32 fractional bits keeping the high word (32-bit wrapping sums), the window (Table B.3)
in 16 fractional bits with 64-bit sums, and each output sample the sum's bits above the 24
low ones, clipped to 16 bits; the low 24 bits carry on into the next sample's sum (the order
in which the reference computes the 32 samples of a slot decides where each residue goes).

Per channel a ring of 512 DCT outputs (and a mirror of its first 32 past its end, as the
reference keeps one), its write position; one residue carried through both channels.
"""
from __future__ import annotations

import numpy as np

from ...jit import kernel, leaf
from .tables import SYNTH_WINDOW_HALF

K_BF0 = 0       # butterfly on two inputs
K_BF = 1        # butterfly on two values
K_ADD = 2       # v[a] += v[b]


def _fixhr(x: float) -> int:
    """A factor in 32 fractional bits, rounded as the reference's FIXHR."""
    return int(x * 4294967296.0 + 0.5)


def _program():
    """The DCT's butterflies (kind, a, b, factor, shift) and its output sums (out index, a,
    b or -1): the reference's Lee-style factorisation, its factors 1 / (2 cos((2k+1) pi / 2^n))
    scaled down by powers of two where they exceed one half, the shift restoring them."""
    c0 = [_fixhr(x) for x in (
        0.50060299823519630134 / 2, 0.50547095989754365998 / 2, 0.51544730992262454697 / 2,
        0.53104259108978417447 / 2, 0.55310389603444452782 / 2, 0.58293496820613387367 / 2,
        0.62250412303566481615 / 2, 0.67480834145500574602 / 2, 0.74453627100229844977 / 2,
        0.83934964541552703873 / 2, 0.97256823786196069369 / 2, 1.16943993343288495515 / 4,
        1.48416461631416627724 / 4, 2.05778100995341155085 / 8, 3.40760841846871878570 / 8,
        10.19000812354805681150 / 32)]
    c1 = [_fixhr(x) for x in (
        0.50241928618815570551 / 2, 0.52249861493968888062 / 2, 0.56694403481635770368 / 2,
        0.64682178335999012954 / 2, 0.78815462345125022473 / 2, 1.06067768599034747134 / 4,
        1.72244709823833392782 / 4, 5.10114861868916385802 / 16)]
    c2 = [_fixhr(x) for x in (0.50979557910415916894 / 2, 0.60134488693504528054 / 2,
                              0.89997622313641570463 / 2, 2.56291544774150617881 / 8)]
    c3 = [_fixhr(x) for x in (0.54119610014619698439 / 2, 1.30656296487637652785 / 4)]
    c4 = _fixhr(0.70710678118654752440 / 2)
    ops = []
    # (first, a, b, factor, shift): `first` butterflies read the inputs, the others the values
    steps = (
        (1, 0, 31, c0[0], 1), (1, 15, 16, c0[15], 5), (0, 0, 15, c1[0], 1),
        (0, 16, 31, -c1[0], 1), (1, 7, 24, c0[7], 1), (1, 8, 23, c0[8], 1),
        (0, 7, 8, c1[7], 4), (0, 23, 24, -c1[7], 4), (0, 0, 7, c2[0], 1), (0, 8, 15, -c2[0], 1),
        (0, 16, 23, c2[0], 1), (0, 24, 31, -c2[0], 1), (1, 3, 28, c0[3], 1),
        (1, 12, 19, c0[12], 2), (0, 3, 12, c1[3], 1), (0, 19, 28, -c1[3], 1),
        (1, 4, 27, c0[4], 1), (1, 11, 20, c0[11], 2), (0, 4, 11, c1[4], 1),
        (0, 20, 27, -c1[4], 1), (0, 3, 4, c2[3], 3), (0, 11, 12, -c2[3], 3),
        (0, 19, 20, c2[3], 3), (0, 27, 28, -c2[3], 3),
    ) + tuple((0, a, a + 3, c3[0] if a % 8 == 0 else -c3[0], 1) for a in range(0, 32, 4)) + (
        (1, 1, 30, c0[1], 1), (1, 14, 17, c0[14], 3), (0, 1, 14, c1[1], 1),
        (0, 17, 30, -c1[1], 1), (1, 6, 25, c0[6], 1), (1, 9, 22, c0[9], 1),
        (0, 6, 9, c1[6], 2), (0, 22, 25, -c1[6], 2), (0, 1, 6, c2[1], 1), (0, 9, 14, -c2[1], 1),
        (0, 17, 22, c2[1], 1), (0, 25, 30, -c2[1], 1), (1, 2, 29, c0[2], 1),
        (1, 13, 18, c0[13], 3), (0, 2, 13, c1[2], 1), (0, 18, 29, -c1[2], 1),
        (1, 5, 26, c0[5], 1), (1, 10, 21, c0[10], 1), (0, 5, 10, c1[5], 2),
        (0, 21, 26, -c1[5], 2), (0, 2, 5, c2[2], 1), (0, 10, 13, -c2[2], 1),
        (0, 18, 21, c2[2], 1), (0, 26, 29, -c2[2], 1),
    ) + tuple((0, a, a + 1, c3[1] if a % 8 == 1 else -c3[1], 2) for a in range(1, 32, 4))
    for is_first, a, b, c, sh in steps:
        ops.append((K_BF0 if is_first else K_BF, a, b, c, sh))

    def add(a, b):
        ops.append((K_ADD, a, b, 0, 0))

    def bf1(a, b, c, d):
        ops.append((K_BF, a, b, c4, 1))
        ops.append((K_BF, c, d, -c4, 1))
        add(c, d)

    for a in range(0, 32, 8):
        bf1(a, a + 1, a + 2, a + 3)
        bf1(a + 4, a + 5, a + 6, a + 7)     # and three sums more in the second four
        add(a + 4, a + 6)
        add(a + 6, a + 5)
        add(a + 5, a + 7)
    for a, b in ((8, 12), (12, 10), (10, 14), (14, 9), (9, 13), (13, 11), (11, 15),
                 (24, 28), (28, 26), (26, 30), (30, 25), (25, 29), (29, 27), (27, 31)):
        add(a, b)
    outs = [(o, v, -1) for v, o in enumerate(
        (0, 16, 8, 24, 4, 20, 12, 28, 2, 18, 10, 26, 6, 22, 14, 30))]
    outs += [(1, 16, 24), (17, 17, 25), (9, 18, 26), (25, 19, 27), (5, 20, 28), (21, 21, 29),
             (13, 22, 30), (29, 23, 31), (3, 24, 20), (19, 25, 21), (11, 26, 22),
             (27, 27, 23), (7, 28, 18), (23, 29, 19), (15, 30, 17), (31, 31, -1)]
    return np.array(ops, np.int64), np.array(outs, np.int64)


def _window():
    """The window D[i] * 65536 over 512 taps, odd 64-tap blocks negated (Table B.3's signs
    as the reference stores them)."""
    w = np.zeros(512, np.int64)
    for i, v in enumerate(SYNTH_WINDOW_HALF):
        w[i] = v
        if i:
            w[512 - i] = v if i % 64 == 0 else -v
    return w


DCT_OPS, DCT_OUT = _program()
WINDOW = _window()
OUT_SHIFT = 24
OUT_MASK = (1 << OUT_SHIFT) - 1


@leaf
def _wrap(x):
    """x as the reference's 32-bit arithmetic leaves it (two's complement wrap)."""
    return ((x + 0x80000000) & 0xFFFFFFFF) - 0x80000000


@kernel("void(int32[:, :, ::1], int64, int64, int32[:, ::1], int64[::1], int16[:, ::1])")
def synthesize_fixed(sb, nch, slots, ring, state, out):
    """32 output samples per slot of sb (channels x slots x 32 subband samples) into out
    (channels x 32 * slots). ring: channels x 1024 DCT outputs; state: the ring positions of
    channels 0 and 1, then the carried residue (one for both channels, in the order the
    reference synthesises them: the whole frame of channel 0, then of channel 1)."""
    if nch < 1 or nch > 2 or slots < 0 or sb.shape[0] < nch or sb.shape[1] < slots \
            or sb.shape[2] < 32 or ring.shape[0] < nch or ring.shape[1] < 1024 \
            or state.shape[0] < 4 or out.shape[0] < nch or out.shape[1] < 32 * slots:
        return
    v = np.zeros(32, np.int64)
    acc = state[2]
    for ch in range(nch):
        off = state[ch] & 511
        buf = ring[ch]
        o = out[ch]
        for s in range(slots):
            x = sb[ch, s]
            for n in range(DCT_OPS.shape[0]):
                kind = DCT_OPS[n, 0]
                a = DCT_OPS[n, 1]
                b = DCT_OPS[n, 2]
                if kind == K_ADD:
                    v[a] = _wrap(v[a] + v[b])
                    continue
                if kind == K_BF0:
                    p = np.int64(x[a])
                    q = np.int64(x[b])
                else:
                    p = v[a]
                    q = v[b]
                v[a] = _wrap(p + q)
                d = _wrap(_wrap(p - q) << DCT_OPS[n, 4])
                v[b] = (d * DCT_OPS[n, 3]) >> 32
            for n in range(32):
                dst = DCT_OUT[n, 0]
                val = v[DCT_OUT[n, 1]]
                if DCT_OUT[n, 2] >= 0:
                    val = _wrap(val + v[DCT_OUT[n, 2]])
                buf[off + dst] = val
            for n in range(32):
                buf[off + 512 + n] = buf[off + n]
            base = 32 * s
            p0 = off + 16
            p1 = off + 48
            for t in range(8):
                acc += WINDOW[64 * t] * buf[p0 + 64 * t]
                acc -= WINDOW[32 + 64 * t] * buf[p1 + 64 * t]
            r = acc >> OUT_SHIFT
            acc &= OUT_MASK
            o[base] = max(-32768, min(32767, r))
            for j in range(1, 16):
                acc2 = np.int64(0)
                pa = off + 16 + j
                pb = off + 48 - j
                for t in range(8):
                    y = np.int64(buf[pa + 64 * t])
                    acc += WINDOW[j + 64 * t] * y
                    acc2 -= WINDOW[32 - j + 64 * t] * y
                for t in range(8):
                    y = np.int64(buf[pb + 64 * t])
                    acc -= WINDOW[32 + j + 64 * t] * y
                    acc2 -= WINDOW[64 - j + 64 * t] * y
                r = acc >> OUT_SHIFT
                acc &= OUT_MASK
                o[base + j] = max(-32768, min(32767, r))
                acc += acc2
                r = acc >> OUT_SHIFT
                acc &= OUT_MASK
                o[base + 32 - j] = max(-32768, min(32767, r))
            for t in range(8):
                acc -= WINDOW[48 + 64 * t] * buf[off + 32 + 64 * t]
            r = acc >> OUT_SHIFT
            acc &= OUT_MASK
            o[base + 16] = max(-32768, min(32767, r))
            off = (off - 32) & 511
        state[ch] = off
    state[2] = acc
