"""CELT band shapes (RFC 6716 4.3.4): PVQ codewords, spreading rotations, band splits with
the quantised angle theta, time-frequency Haar changes, folding and stereo, decoded the way
the reference's float decoder does (float32, its rounding order).

All float buffers live in one array `mem` (see M_* offsets); a "pointer" is an offset into
it, -1 for none.
"""
from __future__ import annotations

import numpy as np

from ....jit import helper, leaf
from ..range_coder_jit import dec_log, dec_uint, dec_uint_step, dec_uint_tri, get_raw, tell_frac
from .layout import (B_COLLAPSE0, B_COLLAPSE1, B_PULSES, B_TF_CHANGE, F_ANTICOLLAPSE,
                     F_ANTICOLLAPSE_NEEDED, F_BLOCKS, F_CHANNELS, F_CODED_BANDS, F_DUAL,
                     F_END, F_FRAMEBITS, F_INTENSITY, F_LM, F_PHASE_INV, F_REMAINING,
                     F_REMAINING2, F_SEED, F_SPREAD, F_START)
from .side_jit import cdiv
from .tables import (BIT_DEINTERLEAVE, BIT_INTERLEAVE, CACHE_BITS, CACHE_INDEX,
                     FREQ_BANDS, FREQ_RANGE, HADAMARD_ORDER, LOG_FREQ_RANGE, MAX_BANDS,
                     PVQ_U, QN_EXP2, QTHETA_OFFSET, QTHETA_OFFSET_TWOPHASE)

M_X = 0             # coefficients of channel 0 (960)
M_Y = 960           # channel 1
M_NORM1 = 1920      # folding source of channel 0 (8 * 100)
M_NORM2 = 2720
M_SCRATCH = 3520    # lowband scratch (8 * 22)
M_TMP = 3696        # Hadamard scratch (256)
MEM_SIZE = 3952

SQRT1_2 = 0.7071067811865476


@leaf
def _rng(fp):
    fp[F_SEED] = (1664525 * fp[F_SEED] + 1013904223) & 0xFFFFFFFF
    return fp[F_SEED]


@leaf
def renormalize(mem, x, n, gain):
    g = np.float32(1e-15)
    for i in range(n):
        g += mem[x + i] * mem[x + i]
    g = gain / np.sqrt(g)
    for i in range(n):
        mem[x + i] *= g


@leaf
def _i16(v):
    return ((v + 32768) & 0xFFFF) - 32768


@leaf
def _round_mul16(a, b):
    return (a * b + 16384) >> 15


@leaf
def _cos(x):
    x = _i16((x * x + 4096) >> 13)
    x = _i16((32767 - x) + _round_mul16(x, (-7651 + _round_mul16(x, (8277 + _round_mul16(-626,
                                                                                        x))))))
    return x + 1


@leaf
def _ilog(v):
    n = 0
    while v > 0:
        n += 1
        v >>= 1
    return n


@leaf
def _log2tan(isin, icos):
    lc = _ilog(icos)
    ls = _ilog(isin)
    icos <<= 15 - lc
    isin <<= 15 - ls
    return ((ls << 11) - (lc << 11) + _round_mul16(isin, _round_mul16(isin, -2597) + 7932)
            - _round_mul16(icos, _round_mul16(icos, -2597) + 7932))


@leaf
def _bits2pulses(cache, bits):
    low = 0
    high = CACHE_BITS[cache]
    bits -= 1
    for _ in range(6):
        center = (low + high + 1) >> 1
        if CACHE_BITS[cache + center] >= bits:
            high = center
        else:
            low = center
    lowbits = -1 if low == 0 else CACHE_BITS[cache + low]
    return low if bits - lowbits <= CACHE_BITS[cache + high] - bits else high


@leaf
def _pulses2bits(cache, pulses):
    return 0 if pulses == 0 else CACHE_BITS[cache + pulses] + 1


@leaf
def _pvq_v(n, k):
    return (PVQ_U[min(n, k), max(n, k)] + PVQ_U[min(n, k + 1), max(n, k + 1)]) & 0xFFFFFFFF


@leaf
def _cwrsi(n, k, i, y):
    """The codeword `i` of n dimensions and k pulses into y; returns sum(y^2)."""
    norm = 0
    pos = 0
    while n > 2:
        if k >= n:
            p = PVQ_U[n, k + 1]
            s = -1 if i >= p else 0
            if s:
                i -= p
            k0 = k
            q = PVQ_U[n, n]
            if q > i:
                k = n
                while True:
                    k -= 1
                    p = PVQ_U[k, n]
                    if p <= i:
                        break
            else:
                p = PVQ_U[n, k]
                while p > i:
                    k -= 1
                    p = PVQ_U[n, k]
            i -= p
            val = (k0 - k + s) ^ s
        else:
            p = PVQ_U[k, n]
            q = PVQ_U[k + 1, n]
            if p <= i < q:
                i -= p
                val = 0
            else:
                s = -1 if i >= q else 0
                if s:
                    i -= q
                k0 = k
                while True:
                    k -= 1
                    p = PVQ_U[k, n]
                    if p <= i:
                        break
                i -= p
                val = (k0 - k + s) ^ s
        norm += val * val
        y[pos] = val
        pos += 1
        n -= 1
    p = 2 * k + 1
    s = -1 if i >= p else 0
    if s:
        i -= p
    k0 = k
    k = (i + 1) >> 1
    if k:
        i -= 2 * k - 1
    val = (k0 - k + s) ^ s
    norm += val * val
    y[pos] = val
    s = -i
    val = (k + s) ^ s
    norm += val * val
    y[pos + 1] = val
    return norm


@leaf
def _rotate(mem, x, length, stride, c, s):
    for i in range(length - stride):
        x1 = mem[x + i]
        x2 = mem[x + i + stride]
        mem[x + i + stride] = c * x2 + s * x1
        mem[x + i] = c * x1 - s * x2
    for i in range(length - 2 * stride - 1, -1, -1):
        x1 = mem[x + i]
        x2 = mem[x + i + stride]
        mem[x + i + stride] = c * x2 + s * x1
        mem[x + i] = c * x1 - s * x2


@leaf
def _exp_rotation(mem, x, length, stride, k, spread):
    if 2 * k >= length or spread == 0:
        return
    gain = np.float32(length) / np.float32(length + (20 - 5 * spread) * k)
    theta = np.float32(np.pi * np.float64(gain) * np.float64(gain) / 4)
    c = np.cos(theta)
    s = np.sin(theta)
    stride2 = 0
    if length >= stride << 3:
        stride2 = 1
        while (stride2 * stride2 + stride2) * stride + (stride >> 2) < length:
            stride2 += 1
    length //= stride
    for i in range(stride):
        if stride2:
            _rotate(mem, x + i * length, length, stride2, s, c)
        _rotate(mem, x + i * length, length, 1, c, s)


@leaf
def _haar1(mem, x, n0, stride):
    n0 >>= 1
    for i in range(stride):
        for j in range(n0):
            a = x + stride * (2 * j) + i
            b = x + stride * (2 * j + 1) + i
            x0 = mem[a]
            x1 = mem[b]
            mem[a] = np.float32(np.float64(x0 + x1) * SQRT1_2)
            mem[b] = np.float32(np.float64(x0 - x1) * SQRT1_2)


@leaf
def _hadamard(mem, x, n0, stride, hadamard, inverse):
    """Deinterleave (inverse=0: frequency order to time order) or interleave back."""
    order = stride - 2 if hadamard else 30
    n = n0 * stride
    for i in range(stride):
        o = HADAMARD_ORDER[order + i]
        for j in range(n0):
            if inverse:
                mem[M_TMP + j * stride + i] = mem[x + o * n0 + j]
            else:
                mem[M_TMP + o * n0 + j] = mem[x + j * stride + i]
    for i in range(n):
        mem[x + i] = mem[M_TMP + i]


@leaf
def _stereo_merge(mem, x, y, mid, n):
    xp = np.float32(0)
    side = np.float32(0)
    for i in range(n):
        xp += mem[x + i] * mem[y + i]
        side += mem[y + i] * mem[y + i]
    xp *= mid
    e0 = mid * mid + side - np.float32(2) * xp
    e1 = mid * mid + side + np.float32(2) * xp
    if e0 < np.float32(6e-4) or e1 < np.float32(6e-4):
        for i in range(n):
            mem[y + i] = mem[x + i]
        return
    g0 = np.float32(1) / np.sqrt(e0)
    g1 = np.float32(1) / np.sqrt(e1)
    for i in range(n):
        v0 = mid * mem[x + i]
        v1 = mem[y + i]
        mem[x + i] = g0 * (v0 - v1)
        mem[y + i] = g1 * (v0 + v1)


@leaf
def _compute_qn(n, b, offset, pulse_cap, stereo):
    n2 = 2 * n - 1
    if stereo and n == 2:
        n2 -= 1
    qb = min(b - pulse_cap - (4 << 3), cdiv(b + n2 * offset, n2), 8 << 3)
    if qb < 4:
        return 1
    return (((QN_EXP2[qb & 7] >> (14 - (qb >> 3))) + 1) >> 1) << 1


@leaf
def quant_band(buf, rc, fp, bands, mem, iy, band, x, y, n, b, blocks, lowband, duration,
               lowband_out, level, gain, fill):
    """Decodes one band (or half of one: level > 0) into mem[x:x + n] (and mem[y:] for a
    stereo pair); returns the collapse mask."""
    none = np.int64(-1)         # typed (not a literal): one specialisation of the recursion
    stereo = 1 if y >= 0 else 0
    split = stereo
    n0 = n
    n_b = n // blocks
    n_b0 = n_b
    b0 = blocks
    time_divide = 0
    recombine = 0
    inv = 0
    mid = np.float32(0)
    side = np.float32(0)
    longblocks = 1 if b0 == 1 else 0
    cm = 0

    if n == 1:
        xx = x
        for _ in range(stereo + 1):
            sign = 0
            if fp[F_REMAINING2] >= 1 << 3:
                sign = get_raw(buf, rc, 1)
                fp[F_REMAINING2] -= 1 << 3
            mem[xx] = np.float32(1.0 - 2.0 * sign)
            xx = y
        if lowband_out >= 0:
            mem[lowband_out] = mem[x]
        return 1

    if not stereo and level == 0:
        tf_change = bands[B_TF_CHANGE, band]
        if tf_change > 0:
            recombine = tf_change
        if lowband >= 0 and (recombine or ((n_b & 1) == 0 and tf_change < 0) or b0 > 1):
            for i in range(n):
                mem[M_SCRATCH + i] = mem[lowband + i]
            lowband = M_SCRATCH
        for k in range(recombine):
            if lowband >= 0:
                _haar1(mem, lowband, n >> k, 1 << k)
            fill = BIT_INTERLEAVE[fill & 0xF] | (BIT_INTERLEAVE[fill >> 4] << 2)
        blocks >>= recombine
        n_b <<= recombine
        while (n_b & 1) == 0 and tf_change < 0:
            if lowband >= 0:
                _haar1(mem, lowband, n_b, blocks)
            fill |= fill << blocks
            blocks <<= 1
            n_b >>= 1
            time_divide += 1
            tf_change += 1
        b0 = blocks
        n_b0 = n_b
        if b0 > 1 and lowband >= 0:
            _hadamard(mem, lowband, n_b >> recombine, b0 << recombine, longblocks, 0)

    cache = CACHE_INDEX[(duration + 1) * MAX_BANDS + band]
    if (not stereo and duration >= 0 and b > CACHE_BITS[cache + CACHE_BITS[cache]] + 12
            and n > 2):
        n >>= 1
        y = x + n
        split = 1
        duration -= 1
        if blocks == 1:
            fill = (fill & 1) | (fill << 1)
        blocks = (blocks + 1) >> 1

    if split:
        itheta = 0
        pulse_cap = LOG_FREQ_RANGE[band] + duration * 8
        offset = (pulse_cap >> 1) - (QTHETA_OFFSET_TWOPHASE if stereo and n == 2
                                     else QTHETA_OFFSET)
        if stereo and band >= fp[F_INTENSITY]:
            qn = 1
        else:
            qn = _compute_qn(n, b, offset, pulse_cap, stereo)
        tell = tell_frac(rc)
        if qn != 1:
            if stereo and n > 2:
                itheta = dec_uint_step(buf, rc, qn // 2)
            elif stereo or b0 > 1:
                itheta = dec_uint(buf, rc, qn + 1)
            else:
                itheta = dec_uint_tri(buf, rc, qn)
            itheta = itheta * 16384 // qn
        elif stereo:
            if b > 2 << 3 and fp[F_REMAINING2] > 2 << 3:
                inv = dec_log(buf, rc, 2)
            if not fp[F_PHASE_INV]:
                inv = 0
            itheta = 0
        qalloc = tell_frac(rc) - tell
        b -= qalloc

        orig_fill = fill
        if itheta == 0:
            imid = 32767
            iside = 0
            fill &= (1 << blocks) - 1
            delta = -16384
        elif itheta == 16384:
            imid = 0
            iside = 32767
            fill &= ((1 << blocks) - 1) << blocks
            delta = 16384
        else:
            imid = _cos(itheta)
            iside = _cos(16384 - itheta)
            delta = _round_mul16((n - 1) << 7, _log2tan(iside, imid))
        mid = np.float32(imid) / np.float32(32768.0)
        side = np.float32(iside) / np.float32(32768.0)

        if n == 2 and stereo:
            mbits = b
            sbits = (1 << 3) if (itheta != 0 and itheta != 16384) else 0
            mbits -= sbits
            c = 1 if itheta > 8192 else 0
            fp[F_REMAINING2] -= qalloc + sbits
            x2 = y if c else x
            y2 = x if c else y
            sign = 0
            if sbits:
                sign = get_raw(buf, rc, 1)
            fsign = np.float32(1 - 2 * sign)
            cm = quant_band(buf, rc, fp, bands, mem, iy, band, x2, none, n, mbits, blocks,
                            lowband, duration, lowband_out, level, gain, orig_fill)
            mem[y2] = -fsign * mem[x2 + 1]
            mem[y2 + 1] = fsign * mem[x2]
            mem[x] *= mid
            mem[x + 1] *= mid
            mem[y] *= side
            mem[y + 1] *= side
            tmp = mem[x]
            mem[x] = tmp - mem[y]
            mem[y] = tmp + mem[y]
            tmp = mem[x + 1]
            mem[x + 1] = tmp - mem[y + 1]
            mem[y + 1] = tmp + mem[y + 1]
        else:
            next_lowband2 = none
            next_lowband_out1 = none
            next_level = np.int64(0)
            if b0 > 1 and not stereo and (itheta & 0x3fff):
                if itheta > 8192:
                    delta -= delta >> (4 - duration)
                else:
                    delta = min(0, delta + ((n << 3) >> (5 - duration)))
            mbits = min(max(cdiv(b - delta, 2), 0), b)
            sbits = b - mbits
            fp[F_REMAINING2] -= qalloc
            if lowband >= 0 and not stereo:
                next_lowband2 = lowband + n
            if stereo:
                next_lowband_out1 = lowband_out
            else:
                next_level = level + 1
            rebalance = fp[F_REMAINING2]
            gain_mid = np.float32(1.0) if stereo else gain * mid
            if mbits >= sbits:
                cm = quant_band(buf, rc, fp, bands, mem, iy, band, x, none, n, mbits, blocks,
                                lowband, duration, next_lowband_out1, next_level, gain_mid,
                                fill)
                rebalance = mbits - (rebalance - fp[F_REMAINING2])
                if rebalance > 3 << 3 and itheta != 0:
                    sbits += rebalance - (3 << 3)
                cmt = quant_band(buf, rc, fp, bands, mem, iy, band, y, none, n, sbits, blocks,
                                 next_lowband2, duration, none, next_level, gain * side,
                                 fill >> blocks)
                cm |= cmt << ((b0 >> 1) & (stereo - 1))
            else:
                cm = quant_band(buf, rc, fp, bands, mem, iy, band, y, none, n, sbits, blocks,
                                next_lowband2, duration, none, next_level, gain * side,
                                fill >> blocks)
                cm <<= (b0 >> 1) & (stereo - 1)
                rebalance = sbits - (rebalance - fp[F_REMAINING2])
                if rebalance > 3 << 3 and itheta != 16384:
                    mbits += rebalance - (3 << 3)
                cm |= quant_band(buf, rc, fp, bands, mem, iy, band, x, none, n, mbits, blocks,
                                 lowband, duration, next_lowband_out1, next_level, gain_mid,
                                 fill)
    else:
        q = _bits2pulses(cache, b)
        curr_bits = _pulses2bits(cache, q)
        fp[F_REMAINING2] -= curr_bits
        while fp[F_REMAINING2] < 0 and q > 0:
            fp[F_REMAINING2] += curr_bits
            q -= 1
            curr_bits = _pulses2bits(cache, q)
            fp[F_REMAINING2] -= curr_bits
        if q != 0:
            k = q if q < 8 else (8 + (q & 7)) << ((q >> 3) - 1)
            idx = dec_uint(buf, rc, _pvq_v(n, k))
            norm = _cwrsi(n, k, idx, iy)
            g = gain / np.sqrt(np.float32(norm))
            for i in range(n):
                mem[x + i] = g * np.float32(iy[i])
            _exp_rotation(mem, x, n, blocks, k, fp[F_SPREAD])
            if blocks <= 1:
                cm = 1
            else:
                nb = n // blocks
                cm = 0
                for i in range(blocks):
                    for j in range(nb):
                        if iy[i * nb + j] != 0:
                            cm |= 1 << i
        else:
            cm_mask = (1 << blocks) - 1
            fill &= cm_mask
            if fill:
                if lowband < 0:
                    for i in range(n):
                        r = _rng(fp)
                        if r >= 0x80000000:
                            r -= 0x100000000
                        mem[x + i] = np.float32(r >> 20)
                    cm = cm_mask
                else:
                    for i in range(n):
                        if _rng(fp) & 0x8000:
                            mem[x + i] = mem[lowband + i] + np.float32(1.0 / 256)
                        else:
                            mem[x + i] = mem[lowband + i] + np.float32(-1.0 / 256)
                    cm = fill
                renormalize(mem, x, n, gain)
            else:
                for i in range(n):
                    mem[x + i] = np.float32(0)

    if stereo:
        if n > 2:
            _stereo_merge(mem, x, y, mid, n)
        if inv:
            for i in range(n):
                mem[y + i] = -mem[y + i]
    elif level == 0:
        if b0 > 1:
            _hadamard(mem, x, n_b >> recombine, b0 << recombine, longblocks, 1)
        n_b = n_b0
        blocks = b0
        for _ in range(time_divide):
            blocks >>= 1
            n_b <<= 1
            cm |= cm >> blocks
            _haar1(mem, x, n_b, blocks)
        for k in range(recombine):
            cm = BIT_DEINTERLEAVE[cm]
            _haar1(mem, x, n0 >> k, 1 << k)
        blocks <<= recombine
        if lowband_out >= 0:
            nrm = np.sqrt(np.float32(n0))
            for i in range(n0):
                mem[lowband_out + i] = nrm * mem[x + i]
        cm &= (1 << blocks) - 1
    return cm


@helper
def decode_bands(buf, rc, fp, bands, mem, iy):
    """The band shapes of a frame whose side information decode_side read, into
    mem[M_X:] / mem[M_Y:] (zeroed here), then the anti-collapse bit. iy: 256 int64 of
    scratch. Returns 0, or -1 for bad arguments."""
    if (mem.shape[0] < MEM_SIZE or iy.shape[0] < 256 or bands.shape[0] < 7
            or bands.shape[1] < MAX_BANDS or fp[F_CHANNELS] < 1 or fp[F_CHANNELS] > 2):
        return -1
    ch = fp[F_CHANNELS]
    lm = fp[F_LM]
    start = fp[F_START]
    end = fp[F_END]
    blocks = fp[F_BLOCKS]
    for i in range(M_NORM1):
        mem[i] = np.float32(0)
    for i in range(MAX_BANDS):
        bands[B_COLLAPSE0, i] = 0
        bands[B_COLLAPSE1, i] = 0
    totalbits = (fp[F_FRAMEBITS] << 3) - fp[F_ANTICOLLAPSE_NEEDED]
    update_lowband = 1
    lowband_offset = 0
    coll_last = B_COLLAPSE0 + ch - 1
    for i in range(start, end):
        band_offset = FREQ_BANDS[i] << lm
        band_size = FREQ_RANGE[i] << lm
        x = M_X + band_offset
        y = M_Y + band_offset if ch == 2 else -1
        consumed = tell_frac(rc)
        effective_lowband = -1
        b = 0
        if i != start:
            fp[F_REMAINING] -= consumed
        fp[F_REMAINING2] = totalbits - consumed - 1
        if i <= fp[F_CODED_BANDS] - 1:
            curr_balance = cdiv(fp[F_REMAINING], min(3, fp[F_CODED_BANDS] - i))
            b = min(max(min(fp[F_REMAINING2] + 1, bands[B_PULSES, i] + curr_balance), 0),
                    16383)
        if ((FREQ_BANDS[i] - FREQ_RANGE[i] >= FREQ_BANDS[start] or i == start + 1)
                and (update_lowband or lowband_offset == 0)):
            lowband_offset = i
        if i == start + 1:
            count = (FREQ_RANGE[i] - FREQ_RANGE[i - 1]) << lm
            for j in range(count):
                mem[M_NORM1 + band_offset + j] = mem[M_NORM1 + band_offset - count + j]
                if ch == 2:
                    mem[M_NORM2 + band_offset + j] = mem[M_NORM2 + band_offset - count + j]
        cm0 = (1 << blocks) - 1
        cm1 = cm0
        if lowband_offset != 0 and (fp[F_SPREAD] != 3 or blocks > 1
                                    or bands[B_TF_CHANGE, i] < 0):
            effective_lowband = max(FREQ_BANDS[start],
                                    FREQ_BANDS[lowband_offset] - FREQ_RANGE[i])
            foldstart = lowband_offset - 1
            while FREQ_BANDS[foldstart] > effective_lowband:
                foldstart -= 1
            foldend = lowband_offset
            while foldend < i and FREQ_BANDS[foldend] < effective_lowband + FREQ_RANGE[i]:
                foldend += 1
            cm0 = 0
            cm1 = 0
            for j in range(foldstart, foldend):
                cm0 |= bands[B_COLLAPSE0, j]
                cm1 |= bands[coll_last, j]
        if fp[F_DUAL] and i == fp[F_INTENSITY]:
            fp[F_DUAL] = 0
            for j in range(FREQ_BANDS[start] << lm, band_offset):
                mem[M_NORM1 + j] = (mem[M_NORM1 + j] + mem[M_NORM2 + j]) / np.float32(2)
        norm1 = M_NORM1 + (effective_lowband << lm) if effective_lowband != -1 else -1
        norm2 = M_NORM2 + (effective_lowband << lm) if effective_lowband != -1 else -1
        one = np.float32(1.0)
        none = np.int64(-1)
        level = np.int64(0)
        if fp[F_DUAL]:
            cm0 = quant_band(buf, rc, fp, bands, mem, iy, i, x, none, band_size, b >> 1, blocks,
                             norm1, lm, M_NORM1 + band_offset, level, one, cm0)
            cm1 = quant_band(buf, rc, fp, bands, mem, iy, i, y, none, band_size, b >> 1, blocks,
                             norm2, lm, M_NORM2 + band_offset, level, one, cm1)
        else:
            cm0 = quant_band(buf, rc, fp, bands, mem, iy, i, x, y, band_size, b, blocks,
                             norm1, lm, M_NORM1 + band_offset, level, one, cm0 | cm1)
            cm1 = cm0
        bands[B_COLLAPSE0, i] = cm0 & 0xFF
        bands[coll_last, i] = cm1 & 0xFF
        fp[F_REMAINING] += bands[B_PULSES, i] + consumed
        update_lowband = 1 if b > band_size << 3 else 0
    fp[F_ANTICOLLAPSE] = 0
    if fp[F_ANTICOLLAPSE_NEEDED]:
        fp[F_ANTICOLLAPSE] = get_raw(buf, rc, 1)
    return 0
