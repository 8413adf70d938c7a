"""AC-3 parametric bit allocation (ATSC A/52 section 7.2.2): exponents to power spectral
density, excitation and masking curve with delta bit allocation, and the bit allocation
pointers that give each mantissa's size. Integer arithmetic as the standard specifies it.
"""
from __future__ import annotations

from . import bitalloc_tables as T

CRITICAL_BANDS = 50
# first bin of each critical band (table 7.35 bndtab + bndsz)
BAND_START = (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
              23, 24, 25, 26, 27, 28, 31, 34, 37, 40, 43, 46, 49, 55, 61, 67, 73, 79, 85, 97,
              109, 121, 133, 157, 181, 205, 229, 253)
BIN_BAND = tuple(b for b in range(CRITICAL_BANDS)
                 for _ in range(BAND_START[b], BAND_START[b + 1]))  # 253 bins -> band
DBA_REUSE, DBA_NEW = 0, 1


def _int16(v: int) -> int:
    return ((v + 0x8000) & 0xFFFF) - 0x8000


class Params:
    """Bit allocation parameters shared by a frame's channels (sdecay .. cpl leaks)."""

    __slots__ = ("sr_code", "sr_shift", "slow_gain", "slow_decay", "fast_decay", "db_per_bit",
                 "floor", "cpl_fast_leak", "cpl_slow_leak")

    def __init__(self, sr_code: int, sr_shift: int):
        self.sr_code = sr_code
        self.sr_shift = sr_shift
        self.slow_gain = self.slow_decay = self.fast_decay = self.db_per_bit = self.floor = 0
        self.cpl_fast_leak = self.cpl_slow_leak = 0


def calc_psd(exps, start: int, end: int, psd: list, band_psd: list) -> None:
    """Exponent mapping to PSD and its integration over critical bands (7.2.2.2-3)."""
    for b in range(start, end):
        psd[b] = 3072 - (exps[b] << 7)
    log_add = T.LOG_ADD
    b = start
    band = BIN_BAND[start]
    while True:
        v = psd[b]
        b += 1
        band_end = min(BAND_START[band + 1], end)
        while b < band_end:
            p = psd[b]
            hi = v if v > p else p
            v = hi + log_add[min(hi - ((v + p + 1) >> 1), 255)]
            b += 1
        band_psd[band] = v
        band += 1
        if not end > BAND_START[band]:
            break


def _lowcomp1(a: int, b0: int, b1: int, c: int) -> int:
    if b0 + 256 == b1:
        return c
    if b0 > b1:
        return max(a - 64, 0)
    return a


def _lowcomp(a: int, b0: int, b1: int, band: int) -> int:
    if band < 7:
        return _lowcomp1(a, b0, b1, 384)
    if band < 20:
        return _lowcomp1(a, b0, b1, 320)
    return max(a - 128, 0)


def calc_mask(s: Params, band_psd: list, start: int, end: int, fast_gain: int, is_lfe: bool,
              dba_mode: int, dba_segs, mask: list) -> bool:
    """Excitation, masking curve and delta bit allocation (7.2.2.4-6); False where the
    reference reports an error (empty range, delta segments outside the bands)."""
    if end <= 0:
        return False
    excite = [0] * CRITICAL_BANDS
    band_start = BIN_BAND[start]
    band_end = BIN_BAND[end - 1] + 1
    bp = band_psd
    if band_start == 0:
        lowcomp = _lowcomp1(0, bp[0], bp[1], 384)
        excite[0] = _int16(bp[0] - fast_gain - lowcomp)
        lowcomp = _lowcomp1(lowcomp, bp[1], bp[2], 384)
        excite[1] = _int16(bp[1] - fast_gain - lowcomp)
        begin = 7
        fastleak = slowleak = 0
        for band in range(2, 7):
            if not (is_lfe and band == 6):
                lowcomp = _lowcomp1(lowcomp, bp[band], bp[band + 1], 384)
            fastleak = bp[band] - fast_gain
            slowleak = bp[band] - s.slow_gain
            excite[band] = _int16(fastleak - lowcomp)
            if not (is_lfe and band == 6) and bp[band] <= bp[band + 1]:
                begin = band + 1
                break
        for band in range(begin, min(band_end, 22)):
            if not (is_lfe and band == 6):
                lowcomp = _lowcomp(lowcomp, bp[band], bp[band + 1], band)
            fastleak = max(fastleak - s.fast_decay, bp[band] - fast_gain)
            slowleak = max(slowleak - s.slow_decay, bp[band] - s.slow_gain)
            excite[band] = _int16(max(fastleak - lowcomp, slowleak))
        begin = 22
    else:                                                     # coupling channel
        begin = band_start
        fastleak = (s.cpl_fast_leak << 8) + 768
        slowleak = (s.cpl_slow_leak << 8) + 768
    for band in range(begin, band_end):
        fastleak = max(fastleak - s.fast_decay, bp[band] - fast_gain)
        slowleak = max(slowleak - s.slow_decay, bp[band] - s.slow_gain)
        excite[band] = _int16(max(fastleak, slowleak))
    hth = T.HEARING_THRESHOLD
    for band in range(band_start, band_end):
        tmp = s.db_per_bit - bp[band]
        e = excite[band]
        if tmp > 0:
            e = _int16(e + (tmp >> 2))
        row, col = band >> s.sr_shift, s.sr_code
        if col > 2:
            # FFmpeg 5.1.9: sr_code 3 (reduced E-AC-3 rates) indexes past the 3 columns of
            # the hearing threshold table, into the next row's first entry
            row, col = row + 1, col - 3
        mask[band] = max(hth[row][col], e)
    if dba_mode in (DBA_REUSE, DBA_NEW):
        if len(dba_segs) > 8:
            return False
        band = band_start
        for offset, length, value in dba_segs:
            band += offset
            if band >= CRITICAL_BANDS or length > CRITICAL_BANDS - band:
                return False
            delta = (value - 3 if value >= 4 else value - 4) * 128
            for _ in range(length):
                mask[band] = _int16(mask[band] + delta)
                band += 1
    return True


def calc_bap(mask: list, psd: list, start: int, end: int, snr_offset: int, floor: int,
             bap: list) -> None:
    """Bit allocation pointers from PSD and mask (7.2.2.7)."""
    if snr_offset == -960:
        for i in range(len(bap)):
            bap[i] = 0
        return
    table = T.BAP
    b = start
    band = BIN_BAND[start]
    while True:
        m = (max(mask[band] - snr_offset - floor, 0) & 0x1FE0) + floor
        band += 1
        band_end = min(BAND_START[band], end)
        while b < band_end:
            a = (psd[b] - m) >> 5
            bap[b] = table[0 if a < 0 else 63 if a > 63 else a]
            b += 1
        if not end > band_end:
            break
