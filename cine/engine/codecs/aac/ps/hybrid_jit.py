"""The hybrid filterbank of parametric stereo (ISO/IEC 14496-3 8.6.4.3), float32 in FFmpeg
5.1.9's operation order: the lowest QMF bands split into sub-subbands by 13-tap filters (the
20-band configuration: QMF band 0 into 6 (8 complex filters, two pairs merged), bands 1 and 2
into 2 each (a real filter); the 34-band one: band 0 into 12, band 1 into 8, bands 2-4 into 4
each), the other QMF bands passed through; synthesis sums the sub-subbands back.

Layouts: the SBR's X is [re/im][slot 0..37][QMF band 0..63]; the hybrid domain is
[sub-subband][slot 0..31][re/im]; the analysis input history `inb` is [QMF band 0..4][44
slots][re/im] (6 slots of the previous frame, then the 38 of this one)."""
from __future__ import annotations

import numpy as np

from ....jit import leaf
from . import tables as T

F0 = np.float32(0)


@leaf
def _complex_bank(inb, band, n, filt, nfilt, out, first, slot):
    """The `nfilt` complex filters of `filt` on QMF band `band` at slot n (input slots
    n..n+12 of inb): out[first + q, slot]. The sums in the order of the reference's x86
    build (its SSE3 hybrid analysis): the symmetric tap pairs j, 12 - j accumulated in two
    lanes (even j, odd j), each lane's real part as (cos part) - (sin part), the lanes
    added, then the centre tap."""
    for q in range(nfilt):
        b_e = F0
        a_e = F0
        c_e = F0
        d_e = F0
        b_o = F0
        a_o = F0
        c_o = F0
        d_o = F0
        for j in range(6):
            in0_re = inb[band, n + j, 0]
            in0_im = inb[band, n + j, 1]
            in1_re = inb[band, n + 12 - j, 0]
            in1_im = inb[band, n + 12 - j, 1]
            fr = filt[q, j, 0]
            fi = filt[q, j, 1]
            tb = (in0_re + in1_re) * fr
            ta = (in0_im - in1_im) * fi
            tc = (in0_re - in1_re) * fi
            td = (in0_im + in1_im) * fr
            if j < 2:
                if j == 0:
                    b_e, a_e, c_e, d_e = tb, ta, tc, td
                else:
                    b_o, a_o, c_o, d_o = tb, ta, tc, td
            elif j & 1:
                b_o += tb
                a_o += ta
                c_o += tc
                d_o += td
            else:
                b_e += tb
                a_e += ta
                c_e += tc
                d_e += td
        c6 = filt[q, 6, 0]
        out[first + q, slot, 0] = ((b_e - a_e) + (b_o - a_o)) + c6 * inb[band, n + 6, 0]
        out[first + q, slot, 1] = ((c_e + d_e) + (c_o + d_o)) + c6 * inb[band, n + 6, 1]


@leaf
def _real_pair(inb, band, out, first, reverse, n):
    """The real two-band split of QMF band `band` at slot n: the sum of the centre and the
    symmetric odd taps to out[first + reverse], the difference to the other."""
    g = T.G1_Q2
    re_in = g[6] * inb[band, n + 6, 0]
    im_in = g[6] * inb[band, n + 6, 1]
    re_op = F0
    im_op = F0
    for j in range(0, 6, 2):
        re_op += g[j + 1] * (inb[band, n + j + 1, 0] + inb[band, n + 11 - j, 0])
        im_op += g[j + 1] * (inb[band, n + j + 1, 1] + inb[band, n + 11 - j, 1])
    hi = first + reverse
    lo = first + 1 - reverse
    out[hi, n, 0] = re_in + re_op
    out[hi, n, 1] = im_in + im_op
    out[lo, n, 0] = re_in - re_op
    out[lo, n, 1] = im_in - im_op


@leaf
def analysis(x, inb, out, is34, temp):
    """x (the SBR's [2][38][64]) into the hybrid domain `out` (71 or 91 sub-subbands x 32
    slots); inb keeps the last 6 input slots of the low bands for the next frame. temp: an
    [8][1][2] scratch."""
    for i in range(5):
        for j in range(38):
            inb[i, j + 6, 0] = x[0, j, i]
            inb[i, j + 6, 1] = x[1, j, i]
    if is34:
        for n in range(32):
            _complex_bank(inb, 0, n, T.F34_0_12, 12, out, 0, n)
            _complex_bank(inb, 1, n, T.F34_1_8, 8, out, 12, n)
            _complex_bank(inb, 2, n, T.F34_2_4, 4, out, 20, n)
            _complex_bank(inb, 3, n, T.F34_2_4, 4, out, 24, n)
            _complex_bank(inb, 4, n, T.F34_2_4, 4, out, 28, n)
        first, skip = 27, 5
    else:
        for n in range(32):
            _complex_bank(inb, 0, n, T.F20_0_8, 8, temp, 0, 0)
            # the eight filters' outputs in the reference's sub-subband order, the
            # symmetric pairs (2, 5) and (3, 4) merged
            for c in range(2):
                out[0, n, c] = temp[6, 0, c]
                out[1, n, c] = temp[7, 0, c]
                out[2, n, c] = temp[0, 0, c]
                out[3, n, c] = temp[1, 0, c]
                out[4, n, c] = temp[2, 0, c] + temp[5, 0, c]
                out[5, n, c] = temp[3, 0, c] + temp[4, 0, c]
        for n in range(32):
            _real_pair(inb, 1, out, 6, 1, n)
            _real_pair(inb, 2, out, 8, 0, n)
        first, skip = 7, 3
    for i in range(skip, 64):
        for j in range(32):
            out[first + i, j, 0] = x[0, j, i]
            out[first + i, j, 1] = x[1, j, i]
    for i in range(5):
        for j in range(6):
            inb[i, j, 0] = inb[i, j + 32, 0]
            inb[i, j, 1] = inb[i, j + 32, 1]


@leaf
def synthesis(x, buf, is34):
    """The hybrid-domain `buf` summed back into x's QMF slots 0..31."""
    if is34:
        for n in range(32):
            for c in range(2):
                s0 = F0
                for i in range(12):
                    s0 += buf[i, n, c]
                s1 = F0
                for i in range(12, 20):
                    s1 += buf[i, n, c]
                s2 = F0
                s3 = F0
                s4 = F0
                for i in range(4):
                    s2 += buf[20 + i, n, c]
                    s3 += buf[24 + i, n, c]
                    s4 += buf[28 + i, n, c]
                x[c, n, 0] = s0
                x[c, n, 1] = s1
                x[c, n, 2] = s2
                x[c, n, 3] = s3
                x[c, n, 4] = s4
        first, skip = 27, 5
    else:
        for n in range(32):
            for c in range(2):
                x[c, n, 0] = buf[0, n, c] + buf[1, n, c] + buf[2, n, c] + buf[3, n, c] \
                    + buf[4, n, c] + buf[5, n, c]
                x[c, n, 1] = buf[6, n, c] + buf[7, n, c]
                x[c, n, 2] = buf[8, n, c] + buf[9, n, c]
        first, skip = 7, 3
    for i in range(skip, 64):
        for n in range(32):
            x[0, n, i] = buf[first + i, n, 0]
            x[1, n, i] = buf[first + i, n, 1]
