"""Stereo processing of parametric stereo (ISO/IEC 14496-3 8.6.4.6), float32 in FFmpeg 5.1.9's
operation order: the parameters mapped onto the bands of the configuration in use (20 or
34, tables 8.46/8.47: index maps with C's truncating division), the mixing matrices
H11..H22 of each envelope from the IID/ICC indices (HA or HB by the ICC mode), rotated by
the smoothed IPD/OPD phases where those are on, and applied to the input (l) and the
decorrelated signal (r) with the matrices interpolated linearly from the previous envelope's
across each envelope's slots.

State: `h` [H11, H12, H21, H22][re, im][envelope 0..5][band] (entry 0 holds the last
envelope of the previous frame, remapped when the band configuration changes) and `hist`
[ipd, opd][band] (the last two phase indices, 6 bits)."""
from __future__ import annotations

import numpy as np

from ....jit import leaf
from . import tables as T

F1 = np.float32(1)
HALF = np.float32(0.5)
THIRD = np.float32(0.33333333)
QUARTER = np.float32(0.25)

# the parameter sets of `par` / `mapped`
IID, ICC, IPD, OPD = 0, 1, 2, 3


@leaf
def _cdiv(a, d):
    """C's integer division (truncating toward zero)."""
    q = abs(a) // d
    return q if a >= 0 else -q


@leaf
def _map_10_to_20(dst, src, p, e, full):
    last = 9 if full else 4
    if not full:
        dst[p, e, 10] = 0
    for b in range(last, -1, -1):
        dst[p, e, 2 * b] = src[p, e, b]
        dst[p, e, 2 * b + 1] = src[p, e, b]


@leaf
def _map_34_to_20(dst, src, p, e, full):
    dst[p, e, 0] = _cdiv(2 * src[p, e, 0] + src[p, e, 1], 3)
    dst[p, e, 1] = _cdiv(src[p, e, 1] + 2 * src[p, e, 2], 3)
    dst[p, e, 2] = _cdiv(2 * src[p, e, 3] + src[p, e, 4], 3)
    dst[p, e, 3] = _cdiv(src[p, e, 4] + 2 * src[p, e, 5], 3)
    dst[p, e, 4] = _cdiv(src[p, e, 6] + src[p, e, 7], 2)
    dst[p, e, 5] = _cdiv(src[p, e, 8] + src[p, e, 9], 2)
    dst[p, e, 6] = src[p, e, 10]
    dst[p, e, 7] = src[p, e, 11]
    dst[p, e, 8] = _cdiv(src[p, e, 12] + src[p, e, 13], 2)
    dst[p, e, 9] = _cdiv(src[p, e, 14] + src[p, e, 15], 2)
    dst[p, e, 10] = src[p, e, 16]
    if full:
        dst[p, e, 11] = src[p, e, 17]
        dst[p, e, 12] = src[p, e, 18]
        dst[p, e, 13] = src[p, e, 19]
        dst[p, e, 14] = _cdiv(src[p, e, 20] + src[p, e, 21], 2)
        dst[p, e, 15] = _cdiv(src[p, e, 22] + src[p, e, 23], 2)
        dst[p, e, 16] = _cdiv(src[p, e, 24] + src[p, e, 25], 2)
        dst[p, e, 17] = _cdiv(src[p, e, 26] + src[p, e, 27], 2)
        dst[p, e, 18] = _cdiv(src[p, e, 28] + src[p, e, 29] + src[p, e, 30] + src[p, e, 31], 4)
        dst[p, e, 19] = _cdiv(src[p, e, 32] + src[p, e, 33], 2)


# the 34-band parameter band each of the 10/20 bands covers (tables 8.47): bands 0..15 of
# the 10-band set, 0..16 of the 20-band one without `full`; the 20-band averages at 1 and 4
_FROM_10 = (0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 3, 3, 4, 4, 4, 4, 5, 5, 6, 6, 7, 7, 7, 7, 8, 8, 8, 8,
            9, 9, 9, 9, 9, 9)
_FROM_20 = (0, -1, 1, 2, -1, 3, 4, 4, 5, 5, 6, 7, 8, 8, 9, 9, 10, 11, 12, 13, 14, 14, 15, 15,
            16, 16, 17, 17, 18, 18, 18, 18, 19, 19)
FROM_10 = np.array(_FROM_10, np.int32)
FROM_20 = np.array(_FROM_20, np.int32)


@leaf
def _map_10_to_34(dst, src, p, e, full):
    top = 34 if full else 16
    for b in range(top):
        dst[p, e, b] = src[p, e, FROM_10[b]]
    if not full:
        dst[p, e, 16] = 0


@leaf
def _map_20_to_34(dst, src, p, e, full):
    top = 34 if full else 17
    for b in range(top):
        j = FROM_20[b]
        if j >= 0:
            dst[p, e, b] = src[p, e, j]
    dst[p, e, 1] = _cdiv(src[p, e, 0] + src[p, e, 1], 2)
    dst[p, e, 4] = _cdiv(src[p, e, 2] + src[p, e, 3], 2)


@leaf
def _remap(mapped, par, p, num_par, num_env, full, is34):
    """Parameter set p of every envelope onto the configuration's bands (a copy when it is
    already in them)."""
    for e in range(num_env):
        if is34 and (num_par == 20 or num_par == 11):
            _map_20_to_34(mapped, par, p, e, full)
        elif is34 and (num_par == 10 or num_par == 5):
            _map_10_to_34(mapped, par, p, e, full)
        elif not is34 and (num_par == 34 or num_par == 17):
            _map_34_to_20(mapped, par, p, e, full)
        elif not is34 and (num_par == 10 or num_par == 5):
            _map_10_to_20(mapped, par, p, e, full)
        else:
            for b in range(34):
                mapped[p, e, b] = par[p, e, b]


@leaf
def _val_20_to_34(hm, i, c):
    """Row hm[i, c, 0]: a 20-band row of matrix values spread over 34 bands (in place)."""
    for b in range(33, 4, -1):
        hm[i, c, 0, b] = hm[i, c, 0, FROM_20[b]]
    hm[i, c, 0, 4] = (hm[i, c, 0, 2] + hm[i, c, 0, 3]) * HALF
    hm[i, c, 0, 3] = hm[i, c, 0, 2]
    hm[i, c, 0, 2] = hm[i, c, 0, 1]
    hm[i, c, 0, 1] = (hm[i, c, 0, 0] + hm[i, c, 0, 1]) * HALF


@leaf
def _val_34_to_20(hm, i, c):
    """Row hm[i, c, 0]: a 34-band row of matrix values averaged onto 20 bands (in place)."""
    hm[i, c, 0, 0] = (np.float32(2) * hm[i, c, 0, 0] + hm[i, c, 0, 1]) * THIRD
    hm[i, c, 0, 1] = (hm[i, c, 0, 1] + np.float32(2) * hm[i, c, 0, 2]) * THIRD
    hm[i, c, 0, 2] = (np.float32(2) * hm[i, c, 0, 3] + hm[i, c, 0, 4]) * THIRD
    hm[i, c, 0, 3] = (hm[i, c, 0, 4] + np.float32(2) * hm[i, c, 0, 5]) * THIRD
    hm[i, c, 0, 4] = (hm[i, c, 0, 6] + hm[i, c, 0, 7]) * HALF
    hm[i, c, 0, 5] = (hm[i, c, 0, 8] + hm[i, c, 0, 9]) * HALF
    hm[i, c, 0, 6] = hm[i, c, 0, 10]
    hm[i, c, 0, 7] = hm[i, c, 0, 11]
    hm[i, c, 0, 8] = (hm[i, c, 0, 12] + hm[i, c, 0, 13]) * HALF
    hm[i, c, 0, 9] = (hm[i, c, 0, 14] + hm[i, c, 0, 15]) * HALF
    hm[i, c, 0, 10] = hm[i, c, 0, 16]
    hm[i, c, 0, 11] = hm[i, c, 0, 17]
    hm[i, c, 0, 12] = hm[i, c, 0, 18]
    hm[i, c, 0, 13] = hm[i, c, 0, 19]
    hm[i, c, 0, 14] = (hm[i, c, 0, 20] + hm[i, c, 0, 21]) * HALF
    hm[i, c, 0, 15] = (hm[i, c, 0, 22] + hm[i, c, 0, 23]) * HALF
    hm[i, c, 0, 16] = (hm[i, c, 0, 24] + hm[i, c, 0, 25]) * HALF
    hm[i, c, 0, 17] = (hm[i, c, 0, 26] + hm[i, c, 0, 27]) * HALF
    hm[i, c, 0, 18] = (hm[i, c, 0, 28] + hm[i, c, 0, 29] + hm[i, c, 0, 30]
                       + hm[i, c, 0, 31]) * QUARTER
    hm[i, c, 0, 19] = (hm[i, c, 0, 32] + hm[i, c, 0, 33]) * HALF


@leaf
def _interpolate(l, r, k, start, count, h, step):
    """Slots start+1 .. start+count of sub-subband k mixed, without phases."""
    h0, h1, h2, h3 = h[0, 0], h[0, 1], h[0, 2], h[0, 3]
    s0, s1, s2, s3 = step[0, 0], step[0, 1], step[0, 2], step[0, 3]
    for n in range(start + 1, start + 1 + count):
        l_re = l[k, n, 0]
        l_im = l[k, n, 1]
        r_re = r[k, n, 0]
        r_im = r[k, n, 1]
        h0 += s0
        h1 += s1
        h2 += s2
        h3 += s3
        l[k, n, 0] = h0 * l_re + h2 * r_re
        l[k, n, 1] = h0 * l_im + h2 * r_im
        r[k, n, 0] = h1 * l_re + h3 * r_re
        r[k, n, 1] = h1 * l_im + h3 * r_im


@leaf
def _interpolate_phase(l, r, k, start, count, h, step):
    """Slots start+1 .. start+count of sub-subband k mixed with complex matrices."""
    h00, h01, h02, h03 = h[0, 0], h[0, 1], h[0, 2], h[0, 3]
    h10, h11, h12, h13 = h[1, 0], h[1, 1], h[1, 2], h[1, 3]
    s00, s01, s02, s03 = step[0, 0], step[0, 1], step[0, 2], step[0, 3]
    s10, s11, s12, s13 = step[1, 0], step[1, 1], step[1, 2], step[1, 3]
    for n in range(start + 1, start + 1 + count):
        l_re = l[k, n, 0]
        l_im = l[k, n, 1]
        r_re = r[k, n, 0]
        r_im = r[k, n, 1]
        h00 += s00
        h01 += s01
        h02 += s02
        h03 += s03
        h10 += s10
        h11 += s11
        h12 += s12
        h13 += s13
        l[k, n, 0] = h00 * l_re + h02 * r_re - h10 * l_im - h12 * r_im
        l[k, n, 1] = h00 * l_im + h02 * r_im + h10 * l_re + h12 * r_re
        r[k, n, 0] = h01 * l_re + h03 * r_re - h11 * l_im - h13 * r_im
        r[k, n, 1] = h01 * l_im + h03 * r_im + h11 * l_re + h13 * r_re


@leaf
def stereo(l, r, par, mapped, hm, hist, hcur, hstep, num_env, num_env_old, nr_iid, nr_icc,
           nr_phase, iid_quant, icc_mode, phase, is34, is34_old, border):
    """The mixing of l (the input, becoming the left output) and r (the decorrelated signal,
    becoming the right output). hcur/hstep: [2][4] scratch."""
    # FFmpeg 5.1.9: the interpolation starts from the entry of the previous frame's envelope
    # count (also when this frame had no new ps_data)
    if num_env_old:
        for i in range(4):
            for c in range(2):
                for b in range(34):
                    hm[i, c, 0, b] = hm[i, c, num_env_old, b]
    _remap(mapped, par, IID, nr_iid, num_env, True, is34)
    _remap(mapped, par, ICC, nr_icc, num_env, True, is34)
    if phase:
        _remap(mapped, par, IPD, nr_phase, num_env, False, is34)
        _remap(mapped, par, OPD, nr_phase, num_env, False, is34)
    if is34 and not is34_old:
        for i in range(4):
            for c in range(2):
                _val_20_to_34(hm, i, c)
        for b in range(34):
            hist[0, b] = 0
            hist[1, b] = 0
    elif not is34 and is34_old:
        for i in range(4):
            for c in range(2):
                _val_34_to_20(hm, i, c)
        for b in range(34):
            hist[0, b] = 0
            hist[1, b] = 0
    if is34:
        nbands, npar, nphase = 91, 34, 17
    else:
        nbands, npar, nphase = 71, 20, 11
    use_hb = icc_mode >= 3
    row0 = 7 + 23 * iid_quant
    for e in range(num_env):
        for b in range(npar):
            iid = mapped[IID, e, b] + row0
            icc = mapped[ICC, e, b]
            if use_hb:
                h11 = T.HB[iid, icc, 0]
                h12 = T.HB[iid, icc, 1]
                h21 = T.HB[iid, icc, 2]
                h22 = T.HB[iid, icc, 3]
            else:
                h11 = T.HA[iid, icc, 0]
                h12 = T.HA[iid, icc, 1]
                h21 = T.HA[iid, icc, 2]
                h22 = T.HA[iid, icc, 3]
            if phase and b < nphase:
                opd_idx = hist[1, b] * 8 + mapped[OPD, e, b]
                ipd_idx = hist[0, b] * 8 + mapped[IPD, e, b]
                opd_re = T.PD_RE[opd_idx]
                opd_im = T.PD_IM[opd_idx]
                ipd_re = T.PD_RE[ipd_idx]
                ipd_im = T.PD_IM[ipd_idx]
                hist[1, b] = opd_idx & 0x3F
                hist[0, b] = ipd_idx & 0x3F
                adj_re = opd_re * ipd_re + opd_im * ipd_im
                adj_im = opd_im * ipd_re - opd_re * ipd_im
                hm[0, 1, e + 1, b] = h11 * opd_im
                h11 = h11 * opd_re
                hm[1, 1, e + 1, b] = h12 * adj_im
                h12 = h12 * adj_re
                hm[2, 1, e + 1, b] = h21 * opd_im
                h21 = h21 * opd_re
                hm[3, 1, e + 1, b] = h22 * adj_im
                h22 = h22 * adj_re
            hm[0, 0, e + 1, b] = h11
            hm[1, 0, e + 1, b] = h12
            hm[2, 0, e + 1, b] = h21
            hm[3, 0, e + 1, b] = h22
        start = border[e]
        stop = border[e + 1]
        count = stop - start
        width = F1 / np.float32(count if count else 1)
        for k in range(nbands):
            b = T.K_TO_I_34[k] if is34 else T.K_TO_I_20[k]
            for i in range(4):
                hcur[0, i] = hm[i, 0, e, b]
            if phase:
                # FFmpeg 5.1.9: the imaginary parts start negated in these sub-subbands (and
                # the step still leads to the unnegated next value)
                flip = (is34 and 9 <= k <= 13) or (not is34 and k <= 1)
                for i in range(4):
                    hcur[1, i] = -hm[i, 1, e, b] if flip else hm[i, 1, e, b]
            for i in range(4):
                hstep[0, i] = (hm[i, 0, e + 1, b] - hcur[0, i]) * width
            if phase:
                for i in range(4):
                    hstep[1, i] = (hm[i, 1, e + 1, b] - hcur[1, i]) * width
            if count:
                if phase:
                    _interpolate_phase(l, r, k, start, count, hcur, hstep)
                else:
                    _interpolate(l, r, k, start, count, hcur, hstep)
