"""Layer III main data of one granule and channel, as the reference's mp3float decoder reads
it: scale factors (MPEG-1 with scfsi reuse, LSF partitions with the intensity stereo
variant), their exponents, the Huffman-coded lines requantised on the fly (table lookups for
|x| < 15 in float32, the integer-rounded escape path above), and then the joint stereo
processing, short block reordering and alias reduction of a granule.

Bits are read from `m`, a byte array holding the bit reservoir followed by this frame's main
data (then zeros: nothing reads outside it).
"""
from __future__ import annotations

import numpy as np

from ...jit import kernel, leaf
from .computed_tables import (ALIAS, BAND_LONG, BAND_SHORT, EXPVAL, HUFF_LOOKUP, HUFF_ROOT,
                              IS_LSF, IS_MPEG1, LOOKUP_BITS, POW43_SHIFT, POW43_VALUE,
                              QUAD_ROOT)
from .huffman_tables import CODE_TABLE, LINBITS
from .tables import LSF_PARTITIONS, PRETAB, SLEN1, SLEN2

# granule side information fields (one int64 row per granule and channel)
G_PART23 = 0
G_BIG_VALUES = 1
G_GAIN = 2
G_SF_COMPRESS = 3
G_BLOCK_TYPE = 4
G_SWITCH = 5
G_TABLE = 6             # 3 entries
G_SUBBLOCK_GAIN = 9     # 3 entries
G_REGION = 12           # 3 entries: pairs of lines coded with each table
G_PREFLAG = 15
G_SF_SCALE = 16
G_COUNT1_TABLE = 17
G_SHORT_START = 18
G_LONG_END = 19
G_SCFSI = 20
G_FIELDS = 21

# events the kernel reports for the decoder to log: rows of (kind, a, b, c)
EV_OVERREAD = 1         # "overread, skip %d enddists: %d %d"
EV_OLD_BACKSTEP = 2     # "invalid old backstep %d"
EV_NEW_BACKSTEP = 3     # "invalid new backstep %d"
MAX_EVENTS = 8

_LINBITS = np.array(LINBITS, np.int64)
_HAS_CODE = np.array([t != 0 for t in CODE_TABLE], np.bool_)
_PRETAB = np.array(PRETAB, np.int64)
_SLEN = np.array([SLEN1, SLEN2], np.int64)
_LSF_NSF = np.array(LSF_PARTITIONS, np.int64)
_ISQRT2 = np.float32(0.70710678118654752440)


@leaf
def peek32(m, pos):
    """The 32 bits of m from bit pos (bits past the end read as 0)."""
    if pos < 0:
        pos = 0
    i = pos >> 3
    n = m.shape[0]
    if i + 8 <= n:
        # one load and a byte swap, as the compiler makes it (the top bit lands in the
        # sign: shifted out below)
        v = ((np.int64(m[i]) << 56) | (np.int64(m[i + 1]) << 48) | (np.int64(m[i + 2]) << 40)
             | (np.int64(m[i + 3]) << 32) | (np.int64(m[i + 4]) << 24)
             | (np.int64(m[i + 5]) << 16) | (np.int64(m[i + 6]) << 8) | np.int64(m[i + 7]))
        return (v >> (32 - (pos & 7))) & 0xFFFFFFFF
    v = np.int64(0)
    for k in range(5):
        v <<= 8
        if i + k < n:
            v |= np.int64(m[i + k])
    return (v >> (8 - (pos & 7))) & 0xFFFFFFFF


@leaf
def bit(m, pos):
    """The bit of m at pos (0 past the end)."""
    i = pos >> 3
    if i < 0 or i >= m.shape[0]:
        return 0
    return (np.int64(m[i]) >> (7 - (pos & 7))) & 1


@leaf
def bits(m, pos, n):
    """n (0..32) bits of m from bit pos, as an unsigned value."""
    if n <= 0:
        return np.int64(0)
    return peek32(m, pos) >> (32 - n)


@leaf
def _split(sf, n):
    """One step of the LSF scale factor length expansion: (sf mod n, sf div n), as the
    reference computes them (exact for the values that occur)."""
    if n == 3:
        q = (sf * 171) >> 9
    elif n == 4:
        q = sf >> 2
    elif n == 5:
        q = (sf * 205) >> 10
    elif n == 6:
        q = (sf * 171) >> 10
    else:
        return 0, sf
    return sf - n * q, q


@leaf
def scale_factors(m, pos, g, lsf, ch, gr, mode_ext, sf, sf0):
    """Read the scale factors of granule row g into sf[0:40] (sf0: the same channel's first
    granule, for scfsi); may set g[G_PREFLAG] (LSF). Returns the new bit position."""
    bt = g[G_BLOCK_TYPE]
    if not lsf:
        slen1 = _SLEN[0, g[G_SF_COMPRESS]]
        slen2 = _SLEN[1, g[G_SF_COMPRESS]]
        if bt == 2:
            n = 17 if g[G_SWITCH] else 18
            for i in range(n):
                sf[i] = bits(m, pos, slen1)
                pos += slen1
            for i in range(18):
                sf[n + i] = bits(m, pos, slen2)
                pos += slen2
            for i in range(n + 18, 40):
                sf[i] = 0
        else:
            j = 0
            for k in range(4):
                n = 6 if k == 0 else 5
                if gr == 1 and g[G_SCFSI] & (8 >> k):
                    for i in range(n):
                        sf[j] = sf0[j]
                        j += 1
                else:
                    sl = slen1 if k < 2 else slen2
                    for i in range(n):
                        sf[j] = bits(m, pos, sl)
                        pos += sl
                        j += 1
            sf[21] = 0
        return pos
    tindex = (2 if g[G_SWITCH] else 1) if bt == 2 else 0
    c = g[G_SF_COMPRESS]
    if mode_ext & 1 and ch == 1:
        c >>= 1
        if c < 180:
            c, n1, n2, n3, t2 = c, 6, 6, 0, 3
        elif c < 244:
            c, n1, n2, n3, t2 = c - 180, 4, 4, 0, 4
        else:
            c, n1, n2, n3, t2 = c - 244, 3, 0, 0, 5
    else:
        if c < 400:
            c, n1, n2, n3, t2 = c, 5, 4, 4, 0
        elif c < 500:
            c, n1, n2, n3, t2 = c - 400, 5, 4, 0, 1
        else:
            c, n1, n2, n3, t2 = c - 500, 3, 0, 0, 2
            g[G_PREFLAG] = 1
    s3, c = _split(c, n3)
    s2, c = _split(c, n2)
    s1, c = _split(c, n1)
    j = 0
    for k in range(4):
        sl = c if k == 0 else (s1 if k == 1 else (s2 if k == 2 else s3))
        for i in range(_LSF_NSF[t2, tindex, k]):
            sf[j] = bits(m, pos, sl)
            pos += sl
            j += 1
    for i in range(j, 40):
        sf[i] = 0
    return pos


@leaf
def exponents(g, sf, sr, exps):
    """The requantisation exponent of every line (global gain, scale factors, pretab,
    subblock gains), offset by 400 as the reference's tables are."""
    gain = g[G_GAIN] - 210
    shift = g[G_SF_SCALE] + 1
    p = 0
    for i in range(g[G_LONG_END]):
        v = gain - ((sf[i] + _PRETAB[i] * g[G_PREFLAG]) << shift) + 400
        for j in range(BAND_LONG[sr, i]):
            exps[p] = v
            p += 1
    k = g[G_LONG_END]
    for i in range(g[G_SHORT_START], 13):
        for w in range(3):
            v = gain - (g[G_SUBBLOCK_GAIN + w] << 3) - (sf[k] << shift) + 400
            k += 1
            for j in range(BAND_SHORT[sr, i]):
                exps[p] = v
                p += 1


@leaf
def _escape(value, e):
    """value^(4/3) * 2^(e/4) (scaled) for the escape values, rounded to an integer as the
    reference's fixed-point path does."""
    idx = 4 * value + (e & 3)
    if idx >= POW43_VALUE.shape[0]:
        return 0
    s = np.int64(POW43_SHIFT[idx]) - (e >> 2)
    if s < 0 or s > 31:
        return 0
    mant = np.int64(POW43_VALUE[idx])
    return (mant + ((np.int64(1) << s) >> 1)) >> s


@leaf
def _line(m, pos, v, linbits, e, x, idx):
    """Line x[idx] of magnitude code v (non-zero): escape bits, then the sign. Returns the
    new bit position."""
    if v < 15:
        a = EXPVAL[e, v]
    else:
        v += bits(m, pos, linbits)
        pos += linbits
        a = np.float32(_escape(v, e))
    if bit(m, pos):
        a = -a
    x[idx] = a
    return pos + 1


@leaf
def _codeword(w, root):
    """The codeword at the top of the 32-bit window w in the lookup tables from `root`:
    (symbol, length) (codewords are at most 19 bits: three levels of at most 8)."""
    off = root
    nb = LOOKUP_BITS
    k = 0
    while True:
        e = HUFF_LOOKUP[off + ((w >> (32 - k - nb)) & ((1 << nb) - 1))]
        if e >= 0:
            return e >> 5, k + (e & 31)
        k += nb
        e = -e
        off = e >> 5
        nb = e & 31


@leaf
def _clamp(e):
    if e < 0:
        return 0
    if e > 511:
        return 511
    return e


@leaf
def huffman(m, pos, end2, limit, g, exps, x, events):
    """Huffman-decode and requantise the lines of one granule and channel into x[0:576],
    from bit pos up to end2 (the end of its part2_3_length; limit: the end of the data).
    Returns the bit position after it (end2). Each codeword comes from a 32-bit window of
    the stream, and so do the sign bits after it that the window still holds."""
    end = min(end2, limit)
    s = 0
    for r in range(3):
        n = g[G_REGION + r]
        if n == 0:
            continue
        t = g[G_TABLE + r]
        if not _HAS_CODE[t]:
            for i in range(2 * n):
                x[s + i] = 0
            s += 2 * n
            continue
        root = HUFF_ROOT[t]
        linbits = _LINBITS[t]
        while n > 0:
            if pos >= end:
                break
            w = peek32(m, pos)
            sym, k = _codeword(w, root)
            pos += k
            e = _clamp(exps[s])
            vx = sym >> 4
            vy = sym & 15
            if vx == 0:
                x[s] = 0
            elif vx < 15:
                a = EXPVAL[e, vx]
                if (w >> (31 - k)) & 1:
                    a = -a
                x[s] = a
                pos += 1
                k += 1
            else:
                pos = _line(m, pos, vx, linbits, e, x, s)
                k = 32
            if vy == 0:
                x[s + 1] = 0
            elif vy < 15 and k < 32:
                a = EXPVAL[e, vy]
                if (w >> (31 - k)) & 1:
                    a = -a
                x[s + 1] = a
                pos += 1
            else:
                pos = _line(m, pos, vy, linbits, e, x, s + 1)
            s += 2
            n -= 1
    root = QUAD_ROOT[g[G_COUNT1_TABLE]]
    last = 0
    while s <= 572:
        if pos >= end:
            if pos > end2 and last:
                s -= 4
                ne = events[0, 0] + 1
                if ne < events.shape[0]:
                    events[0, 0] = ne
                    events[ne, 0] = EV_OVERREAD
                    events[ne, 1] = last - pos
                    events[ne, 2] = end - pos
                    events[ne, 3] = end2 - pos
                pos = last
            break
        last = pos
        w = peek32(m, pos)
        sym, k = _codeword(w, root)
        pos += k
        for i in range(4):
            x[s + i] = 0
        for i in range(4):
            if sym & (8 >> i):
                a = EXPVAL[_clamp(exps[s + i]), 1]
                if (w >> (31 - k)) & 1:
                    a = -a
                k += 1
                pos += 1
                x[s + i] = a
        s += 4
    for i in range(s, 576):
        x[i] = 0
    return end2


@leaf
def _ms_band(x0, x1, t, n):
    for j in range(n):
        a = x0[t + j]
        b = x1[t + j]
        x0[t + j] = (a + b) * _ISQRT2
        x1[t + j] = (a - b) * _ISQRT2


@leaf
def _is_band(x0, x1, t, n, v1, v2):
    for j in range(n):
        a = x0[t + j]
        x0[t + j] = a * v1
        x1[t + j] = a * v2


@leaf
def _zero_band(x1, t, n):
    for j in range(n):
        if x1[t + j] != 0:
            return False
    return True


@leaf
def stereo(x0, x1, g1, sf1, sr, lsf, mode_ext, nz):
    """Joint stereo of one granule (x0 left/mid, x1 right/side): intensity stereo above the
    last non-zero band of the right channel (per window for short blocks), M/S below it or
    everywhere; nz: 3 scratch flags."""
    ms = mode_ext & 2
    if not mode_ext & 1:
        if ms:
            for i in range(576):
                a = x0[i]
                b = x1[i]
                x0[i] = a + b
                x1[i] = a - b
        return
    if lsf:
        tab = IS_LSF[g1[G_SF_COMPRESS] & 1]
        sf_max = 16
    else:
        tab = IS_MPEG1
        sf_max = 7
    short_start = g1[G_SHORT_START]
    long_end = g1[G_LONG_END]
    t = 576
    nz[0] = nz[1] = nz[2] = 0
    k = (13 - short_start) * 3 + long_end - 3
    for i in range(12, short_start - 1, -1):
        if i != 11:
            k -= 3
        n = BAND_SHORT[sr, i]
        for w in range(2, -1, -1):
            t -= n
            if not nz[w]:
                if not _zero_band(x1, t, n):
                    nz[w] = 1
                else:
                    s = sf1[k + w]
                    if s < sf_max:
                        _is_band(x0, x1, t, n, tab[0, s], tab[1, s])
                        continue
            if ms:
                _ms_band(x0, x1, t, n)
    found = nz[0] | nz[1] | nz[2]
    for i in range(long_end - 1, -1, -1):
        n = BAND_LONG[sr, i]
        t -= n
        if not found:
            if not _zero_band(x1, t, n):
                found = 1
            else:
                s = sf1[20 if i == 21 else i]
                if s < sf_max:
                    _is_band(x0, x1, t, n, tab[0, s], tab[1, s])
                    continue
        if ms:
            _ms_band(x0, x1, t, n)


@leaf
def reorder(x, g, sr, tmp):
    """Short block lines from (window, band, line) to (band, line, window) order."""
    if g[G_BLOCK_TYPE] != 2:
        return
    p = 0
    if g[G_SWITCH]:
        p = 72 if sr == 8 else 36
    for i in range(g[G_SHORT_START], 13):
        n = BAND_SHORT[sr, i]
        for j in range(n):
            for w in range(3):
                tmp[3 * j + w] = x[p + w * n + j]
        for j in range(3 * n):
            x[p + j] = tmp[j]
        p += 3 * n


@leaf
def antialias(x, g):
    """Alias reduction butterflies between adjacent subbands of the long blocks."""
    if g[G_BLOCK_TYPE] == 2:
        if not g[G_SWITCH]:
            return
        count = 1
    else:
        count = 31
    for sb in range(1, count + 1):
        p = 18 * sb
        for j in range(8):
            a = x[p - 1 - j]
            b = x[p + j]
            x[p - 1 - j] = a * ALIAS[j, 0] - b * ALIAS[j, 1]
            x[p + j] = a * ALIAS[j, 1] + b * ALIAS[j, 0]


@kernel("int64(uint8[::1], int64, int64, int64[:, :, ::1], int32[:, :, ::1], int64, int64, "
        "int64, int64, int64, int64, float32[:, ::1], int64[:, ::1])")
def granule(m, pos, limit, side, sfs, gr, nch, lsf, sr, mode, mode_ext, x, events):
    """Granule gr of a frame: the scale factors and lines of each channel from bit pos of m
    (side: [gr, ch] side information rows; sfs: [ch, gr] scale factors, kept across frames
    as the reference keeps them), then joint stereo (mode 1), reordering and alias
    reduction; x: [ch] 576 lines. Returns the bit position after the granule."""
    exps = np.empty(576, np.int64)
    tmp = np.empty(576, np.float32)
    nz = np.zeros(3, np.int64)
    for ch in range(nch):
        g = side[gr, ch]
        start = pos
        pos = scale_factors(m, pos, g, lsf, ch, gr, mode_ext, sfs[ch, gr], sfs[ch, 0])
        exponents(g, sfs[ch, gr], sr, exps)
        pos = huffman(m, pos, start + g[G_PART23], limit, g, exps, x[ch], events)
        if pos > limit + 8:
            pos = limit + 8
        elif pos < 0:
            pos = 0
    if mode == 1 and nch == 2:
        stereo(x[0], x[1], side[gr, 1], sfs[1, gr], sr, lsf, mode_ext, nz)
    for ch in range(nch):
        reorder(x[ch], side[gr, ch], sr, tmp)
        antialias(x[ch], side[gr, ch])
    return pos
