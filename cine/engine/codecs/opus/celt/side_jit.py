"""CELT frame side information (RFC 6716 4.3.1 to 4.3.3): silence and post-filter flags,
the transient flag, coarse energy, time-frequency changes, spreading, band boosts,
allocation trim, the bit allocation with band skipping and intensity/dual stereo, and the
fine energy, in the reference's float32 arithmetic."""
from __future__ import annotations

import numpy as np

from ....jit import helper, leaf
from ..range_coder_jit import (R_TOTAL, dec_cdf, dec_laplace, dec_log, dec_uint,
                               get_raw, tell, tell_frac)
from .layout import (B_CAPS, B_FINE_BITS, B_FINE_PRIORITY, B_PULSES, B_TF_CHANGE,
                     F_ALLOC_TRIM, F_ANTICOLLAPSE_NEEDED, F_BLOCKS, F_BLOCKSIZE, F_CHANNELS,
                     F_CODED_BANDS, F_DUAL, F_END, F_FRAMEBITS, F_INTENSITY, F_LM,
                     F_REMAINING, F_SILENCE, F_SPREAD, F_START, F_TRANSIENT, PF_NEW)
from .tables import (ALLOC_STEPS, ALPHA_COEF, BETA_COEF, BETA_INTRA, COARSE_ENERGY_DIST,
                     FINE_OFFSET, FREQ_BANDS, FREQ_RANGE, LOG2_FRAC, LOG_FREQ_RANGE,
                     MAX_BANDS, MAX_FINE_BITS, MODEL_ALLOC_TRIM, MODEL_ENERGY_SMALL,
                     MODEL_SPREAD, MODEL_TAPSET, POSTFILTER_MINPERIOD, POSTFILTER_TAPS,
                     STATIC_ALLOC, STATIC_CAPS, TF_SELECT, VECTORS)


@leaf
def cdiv(a, b):
    """C's integer division (truncates towards zero)."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b > 0) else -q


@leaf
def _postfilter(buf, rc, fp, pf_period, pf_gains, consumed):
    for c in range(2):
        for k in range(3):
            pf_gains[c, PF_NEW, k] = np.float32(0)
    if fp[F_START] == 0 and consumed + 16 <= fp[F_FRAMEBITS]:
        if dec_log(buf, rc, 1):
            octave = dec_uint(buf, rc, 6)
            period = (16 << octave) + get_raw(buf, rc, 4 + octave) - 1
            gain = np.float32(0.09375) * np.float32(get_raw(buf, rc, 3) + 1)
            tapset = 0
            if tell(rc) + 2 <= fp[F_FRAMEBITS]:
                tapset = dec_cdf(buf, rc, MODEL_TAPSET)
            for c in range(2):
                pf_period[c, PF_NEW] = max(period, POSTFILTER_MINPERIOD)
                for k in range(3):
                    pf_gains[c, PF_NEW, k] = gain * POSTFILTER_TAPS[tapset, k]
        consumed = tell(rc)
    return consumed


@leaf
def _coarse_energy(buf, rc, fp, energy):
    lm = fp[F_LM]
    alpha = ALPHA_COEF[lm]
    beta = BETA_COEF[lm]
    intra = 0
    if tell(rc) + 3 <= fp[F_FRAMEBITS] and dec_log(buf, rc, 3):
        alpha = np.float32(0)
        beta = BETA_INTRA
        intra = 1
    prev0 = np.float32(0)
    prev1 = np.float32(0)
    for i in range(MAX_BANDS):
        for j in range(fp[F_CHANNELS]):
            if i < fp[F_START] or i >= fp[F_END]:
                energy[j, i] = np.float32(0)
                continue
            available = fp[F_FRAMEBITS] - tell(rc)
            if available >= 15:
                k = min(i, 20) << 1
                v = dec_laplace(buf, rc, COARSE_ENERGY_DIST[lm, intra, k] << 7,
                                COARSE_ENERGY_DIST[lm, intra, k + 1] << 6)
            elif available >= 2:
                x = dec_cdf(buf, rc, MODEL_ENERGY_SMALL)
                v = (x >> 1) ^ -(x & 1)
            elif available >= 1:
                v = -dec_log(buf, rc, 1)
            else:
                v = -1
            value = np.float32(v)
            prev = prev0 if j == 0 else prev1
            energy[j, i] = max(np.float32(-9.0), energy[j, i]) * alpha + prev + value
            if j == 0:
                prev0 += beta * value
            else:
                prev1 += beta * value


@leaf
def _tf_changes(buf, rc, fp, bands):
    lm = fp[F_LM]
    transient = fp[F_TRANSIENT]
    diff = 0
    tf_changed = 0
    bits = 2 if transient else 4
    consumed = tell(rc)
    tf_select_bit = 1 if (lm != 0 and consumed + bits + 1 <= fp[F_FRAMEBITS]) else 0
    for i in range(fp[F_START], fp[F_END]):
        if consumed + bits + tf_select_bit <= fp[F_FRAMEBITS]:
            diff ^= dec_log(buf, rc, bits)
            consumed = tell(rc)
            tf_changed |= diff
        bands[B_TF_CHANGE, i] = diff
        bits = 4 if transient else 5
    tf_select = 0
    if tf_select_bit and (TF_SELECT[lm, transient, 0, tf_changed]
                          != TF_SELECT[lm, transient, 1, tf_changed]):
        tf_select = dec_log(buf, rc, 1)
    for i in range(fp[F_START], fp[F_END]):
        bands[B_TF_CHANGE, i] = TF_SELECT[lm, transient, tf_select, bands[B_TF_CHANGE, i]]


@leaf
def _normc(fp, bits):
    return ((bits << (fp[F_CHANNELS] - 1)) << fp[F_LM]) >> 2


@leaf
def _bitalloc(buf, rc, fp, bands, boost, trim_offset, threshold, bits1, bits2):
    ch = fp[F_CHANNELS]
    lm = fp[F_LM]
    start = fp[F_START]
    end = fp[F_END]
    framebits = fp[F_FRAMEBITS]
    caps = bands[B_CAPS]
    pulses = bands[B_PULSES]
    fine_bits = bands[B_FINE_BITS]
    fine_priority = bands[B_FINE_PRIORITY]
    skip_startband = start
    skip_bit = 0
    intensity_bit = 0
    dual_bit = 0
    dynalloc = 6
    extrabits = 0

    if tell(rc) + 4 <= framebits:
        fp[F_SPREAD] = dec_cdf(buf, rc, MODEL_SPREAD)
    else:
        fp[F_SPREAD] = 2
    for i in range(MAX_BANDS):
        caps[i] = _normc(fp, (STATIC_CAPS[lm, ch - 1, i] + 64) * FREQ_RANGE[i])
        boost[i] = 0

    tbits = framebits << 3
    for i in range(start, end):
        quanta = (FREQ_RANGE[i] << (ch - 1)) << lm
        b_dynalloc = dynalloc
        quanta = min(quanta << 3, max(6 << 3, quanta))
        while tell_frac(rc) + (b_dynalloc << 3) < tbits and boost[i] < caps[i]:
            if not dec_log(buf, rc, b_dynalloc):
                break
            boost[i] += quanta
            tbits -= quanta
            b_dynalloc = 1
        if boost[i]:
            dynalloc = max(dynalloc - 1, 2)

    fp[F_ALLOC_TRIM] = 5
    if tell_frac(rc) + (6 << 3) <= tbits:
        fp[F_ALLOC_TRIM] = dec_cdf(buf, rc, MODEL_ALLOC_TRIM)

    tbits = (framebits << 3) - tell_frac(rc) - 1
    fp[F_ANTICOLLAPSE_NEEDED] = 0
    if fp[F_TRANSIENT] and lm >= 2 and tbits >= ((lm + 2) << 3):
        fp[F_ANTICOLLAPSE_NEEDED] = 1 << 3
    tbits -= fp[F_ANTICOLLAPSE_NEEDED]
    if tbits >= 1 << 3:
        skip_bit = 1 << 3
    tbits -= skip_bit
    if ch == 2:
        intensity_bit = LOG2_FRAC[end - start]
        if intensity_bit <= tbits:
            tbits -= intensity_bit
            if tbits >= 1 << 3:
                dual_bit = 1 << 3
                tbits -= 1 << 3
        else:
            intensity_bit = 0

    for i in range(start, end):
        trim = fp[F_ALLOC_TRIM] - 5 - lm
        band = FREQ_RANGE[i] * (end - i - 1)
        duration = lm + 3
        scale = duration + ch - 1
        threshold[i] = max((3 * FREQ_RANGE[i] << duration) >> 4, ch << 3)
        trim_offset[i] = (trim * (band << scale)) >> 6
        if FREQ_RANGE[i] << lm == 1:
            trim_offset[i] -= ch << 3

    low = 1
    high = VECTORS - 1
    while low <= high:
        center = (low + high) >> 1
        done = 0
        total = 0
        for i in range(end - 1, start - 1, -1):
            bandbits = _normc(fp, FREQ_RANGE[i] * STATIC_ALLOC[center, i])
            if bandbits:
                bandbits = max(bandbits + trim_offset[i], 0)
            bandbits += boost[i]
            if bandbits >= threshold[i] or done:
                done = 1
                total += min(bandbits, caps[i])
            elif bandbits >= ch << 3:
                total += ch << 3
        if total > tbits:
            high = center - 1
        else:
            low = center + 1
    high = low
    low -= 1

    for i in range(start, end):
        bits1[i] = _normc(fp, FREQ_RANGE[i] * STATIC_ALLOC[low, i])
        if high >= VECTORS:
            bits2[i] = caps[i]
        else:
            bits2[i] = _normc(fp, FREQ_RANGE[i] * STATIC_ALLOC[high, i])
        if bits1[i]:
            bits1[i] = max(bits1[i] + trim_offset[i], 0)
        if bits2[i]:
            bits2[i] = max(bits2[i] + trim_offset[i], 0)
        if low:
            bits1[i] += boost[i]
        bits2[i] += boost[i]
        if boost[i]:
            skip_startband = i
        bits2[i] = max(bits2[i] - bits1[i], 0)

    low = 0
    high = 1 << ALLOC_STEPS
    for _ in range(ALLOC_STEPS):
        center = (low + high) >> 1
        done = 0
        total = 0
        for j in range(end - 1, start - 1, -1):
            bandbits = bits1[j] + ((center * bits2[j]) >> ALLOC_STEPS)
            if bandbits >= threshold[j] or done:
                done = 1
                total += min(bandbits, caps[j])
            elif bandbits >= ch << 3:
                total += ch << 3
        if total > tbits:
            high = center
        else:
            low = center

    done = 0
    total = 0
    for i in range(end - 1, start - 1, -1):
        bandbits = bits1[i] + ((low * bits2[i]) >> ALLOC_STEPS)
        if bandbits >= threshold[i] or done:
            done = 1
        else:
            bandbits = (ch << 3) if bandbits >= ch << 3 else 0
        bandbits = min(bandbits, caps[i])
        pulses[i] = bandbits
        total += bandbits

    coded = end
    while True:
        j = coded - 1
        if j == skip_startband:
            tbits += skip_bit
            break
        remaining = tbits - total
        width = FREQ_BANDS[j + 1] - FREQ_BANDS[start]
        bandbits = cdiv(remaining, width)
        remaining -= bandbits * width
        allocation = pulses[j] + bandbits * FREQ_RANGE[j]
        allocation += max(remaining - (FREQ_BANDS[j] - FREQ_BANDS[start]), 0)
        if allocation >= max(threshold[j], (ch + 1) << 3):
            if dec_log(buf, rc, 1):
                break
            total += 1 << 3
            allocation -= 1 << 3
        total -= pulses[j]
        if intensity_bit:
            total -= intensity_bit
            intensity_bit = LOG2_FRAC[j - start]
            total += intensity_bit
        pulses[j] = (ch << 3) if allocation >= ch << 3 else 0
        total += pulses[j]
        coded -= 1
    fp[F_CODED_BANDS] = coded

    fp[F_INTENSITY] = 0
    fp[F_DUAL] = 0
    if intensity_bit:
        fp[F_INTENSITY] = start + dec_uint(buf, rc, coded + 1 - start)
    if fp[F_INTENSITY] <= start:
        tbits += dual_bit
    elif dual_bit:
        fp[F_DUAL] = dec_log(buf, rc, 1)

    remaining = tbits - total
    width = FREQ_BANDS[coded] - FREQ_BANDS[start]
    bandbits = cdiv(remaining, width)
    remaining -= bandbits * width
    for i in range(start, coded):
        bits = min(remaining, FREQ_RANGE[i])
        pulses[i] += bits + bandbits * FREQ_RANGE[i]
        remaining -= bits

    for i in range(start, coded):
        n = FREQ_RANGE[i] << lm
        prev_extra = extrabits
        pulses[i] += extrabits
        if n > 1:
            extrabits = max(pulses[i] - caps[i], 0)
            pulses[i] -= extrabits
            dof = n * ch
            if ch == 2 and n > 2 and not fp[F_DUAL] and i < fp[F_INTENSITY]:
                dof += 1
            temp = dof * (LOG_FREQ_RANGE[i] + (lm << 3))
            offset = (temp >> 1) - dof * FINE_OFFSET
            if n == 2:
                offset += dof << 1
            if pulses[i] + offset < 2 * (dof << 3):
                offset += temp >> 2
            elif pulses[i] + offset < 3 * (dof << 3):
                offset += temp >> 3
            fb = cdiv(pulses[i] + offset + (dof << 2), dof << 3)
            max_bits = min((pulses[i] >> 3) >> (ch - 1), MAX_FINE_BITS)
            max_bits = max(max_bits, 0)
            fine_bits[i] = min(max(fb, 0), max_bits)
            fine_priority[i] = 1 if fine_bits[i] * (dof << 3) >= pulses[i] + offset else 0
            pulses[i] -= (fine_bits[i] << (ch - 1)) << 3
        else:
            extrabits = max(pulses[i] - (ch << 3), 0)
            pulses[i] -= extrabits
            fine_bits[i] = 0
            fine_priority[i] = 1
        if extrabits > 0:
            fineextra = min(extrabits >> (ch + 2), MAX_FINE_BITS - fine_bits[i])
            fine_bits[i] += fineextra
            fineextra <<= ch + 2
            fine_priority[i] = 1 if fineextra >= extrabits - prev_extra else 0
            extrabits -= fineextra
    fp[F_REMAINING] = extrabits

    for i in range(coded, end):
        fine_bits[i] = (pulses[i] >> (ch - 1)) >> 3
        pulses[i] = 0
        fine_priority[i] = 1 if fine_bits[i] < 1 else 0


@leaf
def _fine_energy(buf, rc, fp, bands, energy):
    for i in range(fp[F_START], fp[F_END]):
        fb = bands[B_FINE_BITS, i]
        if not fb:
            continue
        for j in range(fp[F_CHANNELS]):
            q2 = get_raw(buf, rc, fb)
            offset = (np.float32(q2) + np.float32(0.5)) * np.float32(1 << (14 - fb)) \
                / np.float32(16384.0) - np.float32(0.5)
            energy[j, i] += offset


@helper
def decode_side(buf, rc, fp, bands, energy, pf_period, pf_gains, work):
    """Everything of a CELT frame before the band shapes. fp holds the frame's channels,
    start/end band, LM and frame bits on entry; energy, pf_* are the stream's state; work
    is scratch of 5 * 21 int64. Returns 0, or -1 for bad arguments."""
    if (rc.shape[0] < 9 or fp.shape[0] < 22 or bands.shape[0] < 7 or bands.shape[1] < 21
            or energy.shape[0] < 2 or energy.shape[1] < 21 or pf_period.shape[0] < 2
            or pf_period.shape[1] < 3 or pf_gains.shape[0] < 2 or pf_gains.shape[1] < 3
            or pf_gains.shape[2] < 3 or work.shape[0] < 5 * MAX_BANDS
            or fp[F_CHANNELS] < 1 or fp[F_CHANNELS] > 2 or fp[F_LM] < 0 or fp[F_LM] > 3
            or fp[F_START] < 0 or fp[F_START] > fp[F_END] or fp[F_END] > MAX_BANDS):
        return -1
    fp[F_SILENCE] = 0
    fp[F_TRANSIENT] = 0
    consumed = tell(rc)
    if consumed >= fp[F_FRAMEBITS]:
        fp[F_SILENCE] = 1
    elif consumed == 1:
        fp[F_SILENCE] = dec_log(buf, rc, 15)
    if fp[F_SILENCE]:
        consumed = fp[F_FRAMEBITS]
        rc[R_TOTAL] += fp[F_FRAMEBITS] - tell(rc)
    consumed = _postfilter(buf, rc, fp, pf_period, pf_gains, consumed)
    if fp[F_LM] != 0 and consumed + 3 <= fp[F_FRAMEBITS]:
        fp[F_TRANSIENT] = dec_log(buf, rc, 3)
    fp[F_BLOCKS] = (1 << fp[F_LM]) if fp[F_TRANSIENT] else 1
    fp[F_BLOCKSIZE] = (120 << fp[F_LM]) // fp[F_BLOCKS]
    if fp[F_CHANNELS] == 1:
        for i in range(MAX_BANDS):
            energy[0, i] = max(energy[0, i], energy[1, i])
    _coarse_energy(buf, rc, fp, energy)
    _tf_changes(buf, rc, fp, bands)
    n = MAX_BANDS
    _bitalloc(buf, rc, fp, bands, work[0:n], work[n:2 * n], work[2 * n:3 * n],
              work[3 * n:4 * n], work[4 * n:5 * n])
    _fine_energy(buf, rc, fp, bands, energy)
    return 0
