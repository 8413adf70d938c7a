"""SILK LPC coefficients (RFC 6716 4.2.7.5): stage-1/stage-2 normalised LSF decoding, the
backwards prediction, the fixed-point weights and stabilisation, LSF interpolation, the
LSF-to-LPC conversion with its bandwidth expansion and stability check (with the RFC 8251
overflow rule), as the reference computes them."""
from __future__ import annotations

import numpy as np

from ....jit import kernel, leaf
from ..range_coder_jit import dec_cdf
from .tables import (COSINE, LSF_CODEBOOK_NBMB, LSF_CODEBOOK_WB, LSF_INTERP_OFFSET,
                     LSF_MIN_SPACING_NBMB, LSF_MIN_SPACING_WB, LSF_ORDERING_NBMB,
                     LSF_ORDERING_WB, LSF_PRED_WEIGHTS_NBMB, LSF_PRED_WEIGHTS_WB, LSF_S1,
                     LSF_S2, LSF_S2_EXT, LSF_S2_SEL_NBMB, LSF_S2_SEL_WB, LSF_WEIGHT_SEL_NBMB,
                     LSF_WEIGHT_SEL_WB)


@leaf
def i32(v):
    return ((v + 0x80000000) & 0xFFFFFFFF) - 0x80000000


@leaf
def i16(v):
    return ((v + 0x8000) & 0xFFFF) - 0x8000


@leaf
def cdiv(a, b):
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b > 0) else -q


@leaf
def _round_mull(a, b, s):
    return (((a * b) >> (s - 1)) + 1) >> 1


@leaf
def _ilog(v):
    n = 0
    while v > 0:
        n += 1
        v >>= 1
    return n


@leaf
def _stabilize(nlsf, order, wb):
    for _ in range(20):
        k = 0
        min_diff = 0
        for i in range(order + 1):
            low = nlsf[i - 1] if i != 0 else 0
            high = nlsf[i] if i != order else 32768
            md = LSF_MIN_SPACING_WB[i] if wb else LSF_MIN_SPACING_NBMB[i]
            diff = (high - low) - md
            if diff < min_diff:
                min_diff = diff
                k = i
        if min_diff == 0:
            return
        if k == 0:
            nlsf[0] = LSF_MIN_SPACING_WB[0] if wb else LSF_MIN_SPACING_NBMB[0]
        elif k == order:
            nlsf[order - 1] = 32768 - (LSF_MIN_SPACING_WB[order] if wb
                                       else LSF_MIN_SPACING_NBMB[order])
        else:
            min_center = 0
            max_center = 32768
            for i in range(k):
                min_center += LSF_MIN_SPACING_WB[i] if wb else LSF_MIN_SPACING_NBMB[i]
            mdk = LSF_MIN_SPACING_WB[k] if wb else LSF_MIN_SPACING_NBMB[k]
            min_center += mdk >> 1
            for i in range(order, k, -1):
                max_center -= LSF_MIN_SPACING_WB[i] if wb else LSF_MIN_SPACING_NBMB[i]
            max_center -= mdk >> 1
            center = nlsf[k - 1] + nlsf[k]
            center = (center >> 1) + (center & 1)
            center = min(max_center, max(min_center, center))
            nlsf[k - 1] = i16(center - (mdk >> 1))
            nlsf[k] = i16(nlsf[k - 1] + mdk)
    for i in range(1, order):
        value = nlsf[i]
        j = i - 1
        while j >= 0 and nlsf[j] > value:
            nlsf[j + 1] = nlsf[j]
            j -= 1
        nlsf[j + 1] = value
    md0 = LSF_MIN_SPACING_WB[0] if wb else LSF_MIN_SPACING_NBMB[0]
    if nlsf[0] < md0:
        nlsf[0] = md0
    for i in range(1, order):
        mdi = LSF_MIN_SPACING_WB[i] if wb else LSF_MIN_SPACING_NBMB[i]
        nlsf[i] = i16(max(nlsf[i], min(nlsf[i - 1] + mdi, 32767)))
    mdo = LSF_MIN_SPACING_WB[order] if wb else LSF_MIN_SPACING_NBMB[order]
    if nlsf[order - 1] > 32768 - mdo:
        nlsf[order - 1] = 32768 - mdo
    for i in range(order - 2, -1, -1):
        mdn = LSF_MIN_SPACING_WB[i + 1] if wb else LSF_MIN_SPACING_NBMB[i + 1]
        if nlsf[i] > nlsf[i + 1] - mdn:
            nlsf[i] = nlsf[i + 1] - mdn


@leaf
def _is_stable(lpc, order, work):
    """work: 32 int64 (two rows of Q24 coefficients)."""
    dc = 0
    for k in range(order):
        dc += lpc[k]
        work[k] = lpc[k] * 4096
    if dc >= 4096:
        return False
    total = 1 << 30
    row = 0
    k = order - 1
    while True:
        if abs(work[row + k]) > 16773022:
            return False
        rc = i32(-(work[row + k] * 128))
        gaindiv = i32((1 << 30) - ((rc * rc) >> 32))
        total = i32(((total * gaindiv) >> 32) << 2)
        if k == 0:
            return total >= 107374
        fbits = _ilog(gaindiv)
        gain = ((1 << 29) - 1) // (gaindiv >> (fbits + 1 - 16))
        error = i32((1 << 29) - ((i32(gaindiv << (15 + 16 - fbits)) * gain) >> 16))
        gain = i32(i32(gain << 16) + (i32(error * gain) >> 13))
        prev = row
        row = 16 * (k & 1)
        for j in range(k):
            x = work[prev + j] - i32(_round_mull(work[prev + k - j - 1], rc, 31))
            x = min(max(x, -0x80000000), 0x7FFFFFFF)
            tmp = _round_mull(x, gain, fbits)
            if tmp < -0x80000000 or tmp > 0x7FFFFFFF:
                return False
            work[row + j] = tmp
        k -= 1


@leaf
def _lsp2poly(lsp, first, pol, half):
    pol[0] = 65536
    pol[1] = -lsp[first]
    for i in range(1, half):
        pol[i + 1] = i32(pol[i - 1] * 2 - _round_mull(lsp[first + 2 * i], pol[i], 16))
        for j in range(i, 1, -1):
            pol[j] = i32(pol[j] + pol[j - 2] - _round_mull(lsp[first + 2 * i], pol[j - 1], 16))
        pol[1] = i32(pol[1] - lsp[first + 2 * i])


@leaf
def lsf2lpc(nlsf, lpcf, order, work):
    """work: 128 int64 of scratch."""
    lsp = work[0:16]
    p = work[16:25]
    q = work[25:34]
    lpc32 = work[34:50]
    lpc = work[50:66]
    stab = work[66:98]
    for k in range(order):
        index = nlsf[k] >> 8
        offset = nlsf[k] & 255
        k2 = LSF_ORDERING_NBMB[k] if order == 10 else LSF_ORDERING_WB[k]
        v = COSINE[index] * 256 + (COSINE[index + 1] - COSINE[index]) * offset
        lsp[k2] = (v + 4) >> 3
    half = order >> 1
    _lsp2poly(lsp, 0, p, half)
    _lsp2poly(lsp, 1, q, half)
    for k in range(half):
        p_tmp = p[k + 1] + p[k]
        q_tmp = q[k + 1] - q[k]
        lpc32[k] = i32(-q_tmp - p_tmp)
        lpc32[order - k - 1] = i32(q_tmp - p_tmp)
    i = 0
    while i < 10:
        maxabs = 0
        k = 0
        for j in range(order):
            x = abs(lpc32[j])
            if x > maxabs:
                maxabs = x
                k = j
        maxabs = (maxabs + 16) >> 5
        if maxabs > 32767:
            maxabs = min(maxabs, 163838)
            chirp = 65470 - ((maxabs - 32767) << 14) // ((maxabs * (k + 1)) >> 2)
            chirp_base = chirp
            for k in range(order):
                lpc32[k] = i32(_round_mull(lpc32[k], chirp, 16))
                chirp = (chirp_base * chirp + 32768) >> 16
        else:
            break
        i += 1
    if i == 10:
        for k in range(order):
            x = (lpc32[k] + 16) >> 5
            lpc[k] = min(max(x, -32768), 32767)
            lpc32[k] = lpc[k] << 5
    else:
        for k in range(order):
            lpc[k] = i16((lpc32[k] + 16) >> 5)
    i = 1
    while i <= 16 and not _is_stable(lpc, order, stab):
        chirp = 65536 - (1 << i)
        chirp_base = chirp
        for k in range(order):
            lpc32[k] = i32(_round_mull(lpc32[k], chirp, 16))
            lpc[k] = i16((lpc32[k] + 16) >> 5)
            chirp = (chirp_base * chirp + 32768) >> 16
        i += 1
    for k in range(order):
        lpcf[k] = np.float32(lpc[k]) / np.float32(4096.0)


@leaf
def decode_lpc(buf, rc, wb, voiced, subframes, coded, prev_nlsf, prev_lpc, leadin, lpc,
               work):
    """Reads the frame's LSFs; fills lpc (and leadin for the first half of a 20 ms frame);
    updates prev_nlsf / prev_lpc. Returns (has_leadin, interpolation factor)."""
    order = 16 if wb else 10
    lsf_i1 = dec_cdf(buf, rc, LSF_S1[1 if wb else 0, voiced])
    i2 = work[100:116]
    res = work[116:132]
    nlsf = work[132:148]
    nlsf_leadin = work[148:164]
    for i in range(order):
        index = LSF_S2_SEL_WB[lsf_i1, i] if wb else LSF_S2_SEL_NBMB[lsf_i1, i]
        v = dec_cdf(buf, rc, LSF_S2[index]) - 4
        if v == -4:
            v -= dec_cdf(buf, rc, LSF_S2_EXT)
        elif v == 4:
            v += dec_cdf(buf, rc, LSF_S2_EXT)
        i2[i] = v
    qstep = 9830 if wb else 11796
    for i in range(order - 1, -1, -1):
        r = i2[i] * 1024
        if i2[i] < 0:
            r += 102
        elif i2[i] > 0:
            r -= 102
        r = i16((i16(r) * qstep) >> 16)
        if i + 1 < order:
            if wb:
                weight = LSF_PRED_WEIGHTS_WB[LSF_WEIGHT_SEL_WB[lsf_i1, i], i]
            else:
                weight = LSF_PRED_WEIGHTS_NBMB[LSF_WEIGHT_SEL_NBMB[lsf_i1, i], i]
            r = i16(r + ((res[i + 1] * weight) >> 8))
        res[i] = r
    for i in range(order):
        cur = LSF_CODEBOOK_WB[lsf_i1, i] if wb else LSF_CODEBOOK_NBMB[lsf_i1, i]
        prev = 0
        if i:
            prev = LSF_CODEBOOK_WB[lsf_i1, i - 1] if wb else LSF_CODEBOOK_NBMB[lsf_i1, i - 1]
        nxt = 256
        if i + 1 < order:
            nxt = LSF_CODEBOOK_WB[lsf_i1, i + 1] if wb else LSF_CODEBOOK_NBMB[lsf_i1, i + 1]
        weight_sq = (1024 // (cur - prev) + 1024 // (nxt - cur)) << 16
        ipart = _ilog(weight_sq)
        fpart = (weight_sq >> (ipart - 8)) & 127
        y = (32768 if ipart & 1 else 46214) >> ((32 - ipart) >> 1)
        weight = y + ((213 * fpart * y) >> 16)
        value = cur * 128 + cdiv(res[i] * 16384, weight)
        nlsf[i] = min(max(value, 0), 32767)
    _stabilize(nlsf, order, wb)
    has_leadin = 0
    if subframes == 4:
        offset = dec_cdf(buf, rc, LSF_INTERP_OFFSET)
        if offset != 4 and coded:
            has_leadin = 1
            if offset != 0:
                for i in range(order):
                    nlsf_leadin[i] = i16(prev_nlsf[i] + (((nlsf[i] - prev_nlsf[i]) * offset) >> 2))
                lsf2lpc(nlsf_leadin, leadin, order, work)
            else:
                for i in range(16):
                    leadin[i] = prev_lpc[i]
        else:
            offset = 4
        factor = offset
    else:
        factor = 4
    lsf2lpc(nlsf, lpc, order, work)
    for i in range(order):
        prev_nlsf[i] = nlsf[i]
        prev_lpc[i] = lpc[i]
    return has_leadin, factor


@kernel("int64(int64[:], int64, float32[:], int64[:])")
def nlsf_to_lpc(nlsf, order, lpc, work):
    """The LPC coefficients of `order` (10 or 16) Q15 normalised LSFs (tests and tools)."""
    if order not in (10, 16) or nlsf.shape[0] < order or lpc.shape[0] < order \
            or work.shape[0] < 128:
        return -1
    lsf2lpc(nlsf, lpc, order, work)
    return 0
