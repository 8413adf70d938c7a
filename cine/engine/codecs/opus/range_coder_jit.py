"""The Opus range decoder (RFC 6716 4.1) as the reference runs it: range-coded symbols read
forwards from the start of a frame, raw bits backwards from its end.

State is one int64 array (see the R_* indices): the kernels of the CELT and SILK layers
share it. The forward reader takes 8 bits at a time at any bit offset, like the reference's
bit reader: past the end of the frame it reads the bytes that follow in the packet (zeros
past the packet), and its position stops advancing 8 bits past the end of the frame.
"""
from __future__ import annotations

import numpy as np

from ...jit import kernel, leaf

R_RANGE = 0
R_VALUE = 1
R_TOTAL = 2         # total_bits: bits consumed, as tell() counts them
R_BITPOS = 3        # absolute bit offset in the packet of the next 8-bit read
R_BITEND = 4        # where the read position stops advancing
R_RBPOS = 5         # raw bits: the next byte to read is at R_RBPOS - 1
R_RBBYTES = 6
R_CACHELEN = 7
R_CACHEVAL = 8
STATE_SIZE = 9

TOP = 1 << 31
BOT = TOP >> 8


@leaf
def _read8(buf, rc):
    pos = rc[R_BITPOS]
    byte = pos >> 3
    hi = np.int64(buf[byte]) if 0 <= byte < buf.shape[0] else np.int64(0)
    lo = np.int64(buf[byte + 1]) if 0 <= byte + 1 < buf.shape[0] else np.int64(0)
    value = (((hi << 8) | lo) >> (8 - (pos & 7))) & 0xFF
    rc[R_BITPOS] = min(pos + 8, rc[R_BITEND])
    return value


@leaf
def normalize(buf, rc):
    while rc[R_RANGE] <= BOT:
        rc[R_VALUE] = ((rc[R_VALUE] << 8) | (_read8(buf, rc) ^ 0xFF)) & (TOP - 1)
        rc[R_RANGE] = (rc[R_RANGE] << 8) & 0xFFFFFFFF
        rc[R_TOTAL] += 8


@leaf
def ilog(v):
    """Bits needed for v (0 for 0)."""
    n = 0
    while v > 0:
        n += 1
        v >>= 1
    return n


@leaf
def tell(rc):
    return rc[R_TOTAL] - ilog(rc[R_RANGE])


@leaf
def tell_frac(rc):
    """Bits consumed in 1/8 bits."""
    total = rc[R_TOTAL] << 3
    lg = ilog(rc[R_RANGE])
    rng = rc[R_RANGE] >> (lg - 16)
    for _ in range(3):
        rng = (rng * rng) >> 15
        bit = rng >> 16
        lg = (lg << 1) | bit
        rng >>= bit
    return total - lg


@leaf
def _update(buf, rc, scale, low, high, total):
    rc[R_VALUE] = (rc[R_VALUE] - scale * (total - high)) & 0xFFFFFFFF
    if low:
        rc[R_RANGE] = (scale * (high - low)) & 0xFFFFFFFF
    else:
        rc[R_RANGE] = (rc[R_RANGE] - scale * (total - high)) & 0xFFFFFFFF
    normalize(buf, rc)


@leaf
def dec_cdf(buf, rc, cdf):
    """A symbol of the inverse CDF `cdf` ([total, ends...])."""
    total = cdf[0]
    scale = rc[R_RANGE] // total
    symbol = rc[R_VALUE] // scale + 1
    symbol = total - min(symbol, total)
    k = 0
    while k < cdf.shape[0] - 2 and cdf[k + 1] <= symbol:
        k += 1
    high = cdf[k + 1]
    low = cdf[k] if k else 0
    _update(buf, rc, scale, low, high, total)
    return k


@leaf
def dec_log(buf, rc, bits):
    """A bit whose probability of being 1 is 1 / 2^bits."""
    scale = rc[R_RANGE] >> bits
    if rc[R_VALUE] >= scale:
        rc[R_VALUE] -= scale
        rc[R_RANGE] -= scale
        k = 0
    else:
        rc[R_RANGE] = scale
        k = 1
    normalize(buf, rc)
    return k


@leaf
def get_raw(buf, rc, count):
    while rc[R_RBBYTES] > 0 and rc[R_CACHELEN] < count:
        rc[R_RBPOS] -= 1
        pos = rc[R_RBPOS]
        byte = np.int64(buf[pos]) if 0 <= pos < buf.shape[0] else np.int64(0)
        rc[R_CACHEVAL] = (rc[R_CACHEVAL] | (byte << rc[R_CACHELEN])) & 0xFFFFFFFF
        rc[R_CACHELEN] += 8
        rc[R_RBBYTES] -= 1
    value = rc[R_CACHEVAL] & ((np.int64(1) << count) - 1)
    rc[R_CACHEVAL] >>= count
    rc[R_CACHELEN] -= count
    rc[R_TOTAL] += count
    return value


@leaf
def dec_uint(buf, rc, size):
    """A uniform integer in [0, size)."""
    bits = ilog(size - 1)
    total = (((size - 1) >> (bits - 8)) + 1) if bits > 8 else size
    scale = rc[R_RANGE] // total
    k = rc[R_VALUE] // scale + 1
    k = total - min(k, total)
    _update(buf, rc, scale, k, k + 1, total)
    if bits > 8:
        k = (k << (bits - 8)) | get_raw(buf, rc, bits - 8)
        return min(k, size - 1)
    return k


@leaf
def dec_uint_step(buf, rc, k0):
    total = (k0 + 1) * 3 + k0
    scale = rc[R_RANGE] // total
    symbol = rc[R_VALUE] // scale + 1
    symbol = total - min(symbol, total)
    k = symbol // 3 if symbol < (k0 + 1) * 3 else symbol - (k0 + 1) * 2
    if k <= k0:
        _update(buf, rc, scale, 3 * k, 3 * (k + 1), total)
    else:
        _update(buf, rc, scale, (k - 1 - k0) + 3 * (k0 + 1), (k - k0) + 3 * (k0 + 1), total)
    return k


@leaf
def _isqrt(v):
    r = np.int64(np.sqrt(np.float64(v)))
    while r * r > v:
        r -= 1
    while (r + 1) * (r + 1) <= v:
        r += 1
    return r


@leaf
def dec_uint_tri(buf, rc, qn):
    total = ((qn >> 1) + 1) * ((qn >> 1) + 1)
    scale = rc[R_RANGE] // total
    center = rc[R_VALUE] // scale + 1
    center = total - min(center, total)
    if center < total >> 1:
        k = (_isqrt(8 * center + 1) - 1) >> 1
        low = (k * (k + 1)) >> 1
        symbol = k + 1
    else:
        k = (2 * (qn + 1) - _isqrt(8 * (total - center - 1) + 1)) >> 1
        low = total - (((qn + 1 - k) * (qn + 2 - k)) >> 1)
        symbol = qn + 1 - k
    _update(buf, rc, scale, low, low + symbol, total)
    return k


@leaf
def dec_laplace(buf, rc, symbol, decay):
    value = 0
    low = 0
    scale = rc[R_RANGE] >> 15
    center = rc[R_VALUE] // scale + 1
    center = (1 << 15) - min(center, 1 << 15)
    if center >= symbol:
        value += 1
        low = symbol
        symbol = 1 + (((32768 - 32 - symbol) * (16384 - decay)) >> 15)
        while symbol > 1 and center >= low + 2 * symbol:
            value += 1
            symbol *= 2
            low += symbol
            symbol = (((symbol - 2) * decay) >> 15) + 1
        if symbol <= 1:
            distance = (center - low) >> 1
            value += distance
            low += 2 * distance
        if center < low + symbol:
            value = -value
        else:
            low += symbol
    _update(buf, rc, scale, low, min(low + symbol, 32768), 32768)
    return value


@leaf
def start_frame(buf, start, size, rc):
    """Starts decoding the frame of `size` bytes at `start` in the packet `buf`: the range
    decoder reads from its first byte, the raw bits from its last."""
    rc[R_BITPOS] = start * 8
    rc[R_BITEND] = (start + size) * 8 + 8
    rc[R_RANGE] = 128
    rc[R_VALUE] = 127 - (_read8(buf, rc) >> 1)
    rc[R_BITPOS] = start * 8 + 7
    rc[R_TOTAL] = 9
    normalize(buf, rc)
    rc[R_RBPOS] = start + size
    rc[R_RBBYTES] = size
    rc[R_CACHELEN] = 0
    rc[R_CACHEVAL] = 0


@kernel("void(uint8[:], int64, int64, int64[:])")
def rc_start(buf, start, size, rc):
    """start_frame, for Python."""
    start_frame(buf, start, size, rc)


@leaf
def redundancy_header(buf, rc, hybrid, silk, size):
    """The transition-frame header after the SILK layer (RFC 6716 4.5.1) of a frame of
    `size` bytes: 0 without a redundant CELT frame, else 1 + position (1: before the main
    frame) + 2 * its size in bytes (as the reference derives it; may exceed `size`)."""
    consumed = tell(rc)
    redundancy = 0
    if hybrid and consumed + 37 <= size * 8:
        redundancy = dec_log(buf, rc, 12)
    elif silk and consumed + 17 <= size * 8:
        redundancy = 1
    if not redundancy:
        return 0
    pos = dec_log(buf, rc, 1)
    if hybrid:
        red_size = dec_uint(buf, rc, 256) + 2
    else:
        red_size = size - (consumed + 7) // 8
    return 1 + pos + 2 * red_size


@kernel("int64(uint8[:], int64[:], int64, int64, int64)")
def read_redundancy(buf, rc, hybrid, silk, size):
    """redundancy_header, for Python."""
    return redundancy_header(buf, rc, hybrid, silk, size)
