"""Layer I and II tables (ISO/IEC 11172-3 Tables B.1 and B.2a-d, 2.4.3.3.4; ISO/IEC 13818-3
Table B.1 for the LSF rates) and the fixed-point dequantisation factors of the reference's
mp1/mp2 decoders (FFmpeg 5.1.9's mpegaudiodec_fixed: subband samples in 23 fractional bits).

Plain data and integer arithmetic; numpy arrays for the kernels (the decoder imports this,
the probe path never does).
"""
from __future__ import annotations

import numpy as np

FRAC_BITS = 23
FRAC_ONE = 1 << FRAC_BITS

# the quantisation classes (Table B.4): steps, and bits per sample (per group of three
# samples, negative, for the grouped classes 3, 5 and 9)
QUANT_STEPS = (3, 5, 7, 9, 15, 31, 63, 127, 255, 511, 1023, 2047, 4095, 8191, 16383, 32767,
               65535)
QUANT_BITS = (-5, -7, 3, -10, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16)


def _cls(*steps: int) -> tuple[int, ...]:
    return tuple(QUANT_STEPS.index(s) for s in steps)


_ALL_15 = _cls(3, 7, 15, 31, 63, 127, 255, 511, 1023, 2047, 4095, 8191, 16383, 32767, 65535)
_LOW_15 = _cls(3, 5, 7, 9, 15, 31, 63, 127, 255, 511, 1023, 2047, 4095, 8191, 65535)
_MID_7 = _cls(3, 5, 7, 9, 15, 31, 65535)
_HIGH_3 = _cls(3, 5, 65535)
_LOWRATE_15 = _cls(3, 5, 9, 15, 31, 63, 127, 255, 511, 1023, 2047, 4095, 8191, 16383, 32767)
_LOWRATE_7 = _cls(3, 5, 9, 15, 31, 63, 127)
_LSF_15 = _cls(3, 5, 7, 9, 15, 31, 63, 127, 255, 511, 1023, 2047, 4095, 8191, 16383)
_LSF_3 = _cls(3, 5, 9)

# the allocation tables: per table, runs of (subbands, nbal, classes of allocation 1..);
# tables 0 and 1 are B.2a and B.2b (27 and 30 subbands), 2 and 3 are B.2c and B.2d (8 and 12),
# 4 the LSF table (30)
_RUNS = (
    ((3, 4, _ALL_15), (8, 4, _LOW_15), (12, 3, _MID_7), (7, 2, _HIGH_3)),
    ((3, 4, _ALL_15), (8, 4, _LOW_15), (12, 3, _MID_7), (7, 2, _HIGH_3)),
    ((2, 4, _LOWRATE_15), (10, 3, _LOWRATE_7)),
    ((2, 4, _LOWRATE_15), (10, 3, _LOWRATE_7)),
    ((4, 4, _LSF_15), (7, 3, _LOWRATE_7), (19, 2, _LSF_3)),
)
SBLIMIT = (27, 30, 8, 12, 30)


def select_table(kbps: int, channels: int, rate: int, lsf: int) -> int:
    """The allocation table of a Layer II frame (2.4.3.3.1 and Annex B.2's table choice, as
    the reference chooses it from the bit rate per channel)."""
    if lsf:
        return 4
    per_channel = kbps // channels
    if (rate == 48000 and per_channel >= 56) or 56 <= per_channel <= 80:
        return 0
    if rate != 48000 and per_channel >= 96:
        return 1
    if rate != 32000 and per_channel <= 48:
        return 2
    return 3


def _alloc():
    nbal = np.zeros((5, 32), np.int64)
    classes = np.zeros((5, 32, 16), np.int64)
    for t, runs in enumerate(_RUNS):
        sb = 0
        for count, bits, cls in runs:
            for _ in range(count):
                nbal[t, sb] = bits
                classes[t, sb, 1:1 + len(cls)] = cls
                sb += 1
    return nbal, classes


def _fixr(x: float) -> int:
    """A factor in 23 fractional bits, rounded as the reference's FIXR."""
    return int(x * FRAC_ONE + 0.5)


# FFmpeg 5.1.9: 2^(-1/3) and 2^(-2/3) to ten decimals, the scale factor steps (Table B.1)
_STEPS = (1.0, 0.7937005259, 0.6299605249)


def _l1_mult():
    """Factor of an n+1-bit sample (n = 1..15) for each scale factor residue: 2^(n+1) /
    (2^(n+1) - 1) (the 2.4.3.3.4 requantisation) times 2 * 2^(-k/3), in 23 bits."""
    mult = np.zeros((15, 3), np.int64)
    for i in range(15):
        n = i + 2
        norm = ((1 << n) * FRAC_ONE) // ((1 << n) - 1)
        for k, step in enumerate(_STEPS):
            mult[i, k] = (norm * _fixr(step * 2.0)) >> FRAC_BITS
    return mult


def _group_mult():
    """Factor of a grouped sample of 3, 5 and 9 steps for each scale factor residue: 4/3,
    4/5 and 4/9 times 2^(-k/3), in 23 bits."""
    return np.array([[_fixr(step * v) for step in _STEPS] for v in (4.0 / 3.0, 4.0 / 5.0,
                                                                    4.0 / 9.0)], np.int64)


ALLOC_NBAL, ALLOC_CLASS = _alloc()
SBLIMITS = np.array(SBLIMIT, np.int64)
STEPS = np.array(QUANT_STEPS, np.int64)
BITS = np.array(QUANT_BITS, np.int64)
L1_MULT = _l1_mult()
GROUP_MULT = _group_mult()
