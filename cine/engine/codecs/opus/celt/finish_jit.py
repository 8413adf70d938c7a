"""The end of a CELT frame's decoding before the transform (RFC 6716 4.3.2.2, 4.3.5, 4.3.6):
the final fine-energy bits, anti-collapse noise, denormalisation of the band shapes,
stereo-to-mono downmix or mono-to-stereo copy, silence, and the energy history kept for the
next frame."""
from __future__ import annotations

import numpy as np

from ....jit import helper, leaf
from ..range_coder_jit import R_RANGE, get_raw, tell
from .layout import (B_COLLAPSE0, B_FINE_BITS, B_FINE_PRIORITY, B_PULSES, F_ANTICOLLAPSE,
                     F_CHANNELS, F_END, F_FRAMEBITS, F_LM, F_OUTPUT_CHANNELS, F_SEED,
                     F_SILENCE, F_START, F_TRANSIENT)
from .pvq_jit import M_X, M_Y, renormalize
from .tables import ENERGY_SILENCE, FREQ_BANDS, FREQ_RANGE, MAX_BANDS, MAX_FINE_BITS, MEAN_ENERGY

SQRT2 = 1.4142135623730951


@leaf
def _final_energy(buf, rc, fp, bands, energy):
    ch = fp[F_CHANNELS]
    bits_left = fp[F_FRAMEBITS] - tell(rc)
    for priority in range(2):
        i = fp[F_START]
        while i < fp[F_END] and bits_left >= ch:
            if bands[B_FINE_PRIORITY, i] == priority and bands[B_FINE_BITS, i] < MAX_FINE_BITS:
                for j in range(ch):
                    q2 = get_raw(buf, rc, 1)
                    offset = (np.float32(q2) - np.float32(0.5)) \
                        * np.float32(1 << (14 - bands[B_FINE_BITS, i] - 1)) / np.float32(16384.0)
                    energy[j, i] += offset
                    bits_left -= 1
            i += 1


@leaf
def _anticollapse(fp, bands, energy, prev_energy, mem, c):
    lm = fp[F_LM]
    x0 = M_X if c == 0 else M_Y
    for i in range(fp[F_START], fp[F_END]):
        width = FREQ_RANGE[i] << lm
        depth = (1 + bands[B_PULSES, i]) // width
        thresh = np.float32(np.exp2(np.float32(-1.0 - np.float64(np.float32(0.125)
                                                                  * np.float32(depth)))))
        sqrt_1 = np.float32(1.0) / np.sqrt(np.float32(width))
        x = x0 + (FREQ_BANDS[i] << lm)
        p0 = prev_energy[c, 0, i]
        p1 = prev_energy[c, 1, i]
        if fp[F_CHANNELS] == 1:
            p0 = max(p0, prev_energy[1, 0, i])
            p1 = max(p1, prev_energy[1, 1, i])
        ediff = max(np.float32(0), energy[c, i] - min(p0, p1))
        r = np.exp2(np.float32(1) - ediff)
        if lm == 3:
            r = np.float32(np.float64(r) * SQRT2)
        r = min(thresh, r) * sqrt_1
        renorm = False
        for k in range(1 << lm):
            if not (bands[B_COLLAPSE0 + c, i] & (1 << k)):
                for j in range(FREQ_RANGE[i]):
                    fp[F_SEED] = (1664525 * fp[F_SEED] + 1013904223) & 0xFFFFFFFF
                    mem[x + (j << lm) + k] = r if fp[F_SEED] & 0x8000 else -r
                renorm = True
        if renorm:
            renormalize(mem, x, width, np.float32(1.0))


@helper
def finish_coeffs(buf, rc, fp, bands, energy, prev_energy, mem):
    """After decode_bands: leaves the MDCT coefficients of each output channel in
    mem[M_X:] / mem[M_Y:] and updates the energy history. Returns 1 when the two coded
    channels were summed into one (the caller halves the output), else 0; -1 for bad
    arguments."""
    ch = fp[F_CHANNELS]
    lm = fp[F_LM]
    if (ch < 1 or ch > 2 or lm < 0 or lm > 3 or energy.shape[0] < 2 or energy.shape[1] < 21
            or prev_energy.shape[0] < 2 or prev_energy.shape[1] < 2
            or prev_energy.shape[2] < 21 or mem.shape[0] < M_Y + 960
            or fp[F_START] < 0 or fp[F_END] > MAX_BANDS):
        return -1
    frame_size = 120 << lm
    _final_energy(buf, rc, fp, bands, energy)
    for c in range(ch):
        if fp[F_ANTICOLLAPSE]:
            _anticollapse(fp, bands, energy, prev_energy, mem, c)
        x0 = M_X if c == 0 else M_Y
        for i in range(fp[F_START], fp[F_END]):
            x = x0 + (FREQ_BANDS[i] << lm)
            norm = np.exp2(min(energy[c, i] + MEAN_ENERGY[i], np.float32(32.0)))
            for j in range(FREQ_RANGE[i] << lm):
                mem[x + j] *= norm
    downmix = 0
    if fp[F_OUTPUT_CHANNELS] < ch:
        for i in range(frame_size):
            mem[M_X + i] += mem[M_Y + i] * np.float32(1.0)
        downmix = 1
    elif fp[F_OUTPUT_CHANNELS] > ch:
        for i in range(frame_size):
            mem[M_Y + i] = mem[M_X + i]
    if fp[F_SILENCE]:
        for c in range(2):
            for i in range(MAX_BANDS):
                energy[c, i] = ENERGY_SILENCE
        for i in range(M_Y + 960):
            mem[i] = np.float32(0)
    if ch == 1:
        for i in range(MAX_BANDS):
            energy[1, i] = energy[0, i]
    for c in range(2):
        for i in range(MAX_BANDS):
            if not fp[F_TRANSIENT]:
                prev_energy[c, 1, i] = prev_energy[c, 0, i]
                prev_energy[c, 0, i] = energy[c, i]
            else:
                prev_energy[c, 0, i] = min(prev_energy[c, 0, i], energy[c, i])
            if i < fp[F_START] or i >= fp[F_END]:
                prev_energy[c, 0, i] = ENERGY_SILENCE
                energy[c, i] = np.float32(0)
    fp[F_SEED] = rc[R_RANGE]
    return downmix
