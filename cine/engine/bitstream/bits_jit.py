"""MSB-first bit reading inside numba kernels, over a byte array `buf` and a small int64 state
array `st`: st[ST_POS] the next bit, st[ST_END] the bit where the readable data ends, and
st[ST_OVERRUN] set to 1 once anything read past that end (or an Exp-Golomb code was longer
than the 32-bit limit).

Reading past the end never raises and never indexes outside `buf`: the missing bits read as
zeros and the overrun flag is set, so a kernel reads a whole syntax structure and checks the
flag once afterwards.

These helpers suit code that reads a few fields. A call from one compiled function to another
that passes arrays costs reference counting (measured about 20 ns a call, several times a
read), so a hot loop keeps its bit position in a local variable instead and reads through
`byte_windows` (one load per read), as cavlc_jit does.
"""
from __future__ import annotations

import numpy as np

from ..jit import helper

ST_POS = 0
ST_END = 1
ST_OVERRUN = 2
ST_SIZE = 3


@helper
def bit_state(buf, start, end):
    """A fresh state reading bits [start, end) of buf (end clipped to the buffer)."""
    st = np.zeros(ST_SIZE, np.int64)
    limit = buf.shape[0] * 8
    if end > limit:
        end = limit
    if start < 0 or start > end:
        st[ST_OVERRUN] = 1
        start = end if start > end else 0
    st[ST_POS] = start
    st[ST_END] = end
    return st


@helper
def peek_bits(buf, st, n):
    """The next n (0..32) bits as an unsigned value, without consuming them; bits past the
    end read as zeros."""
    pos = st[ST_POS]
    i = pos >> 3
    size = buf.shape[0]
    v = np.int64(0)
    if i + 5 <= size:
        v = ((np.int64(buf[i]) << 32) | (np.int64(buf[i + 1]) << 24) | (np.int64(buf[i + 2]) << 16)
             | (np.int64(buf[i + 3]) << 8) | np.int64(buf[i + 4]))
    else:
        for k in range(5):
            v <<= 8
            if 0 <= i + k < size:
                v |= np.int64(buf[i + k])
    v = (v >> (40 - (pos & 7) - n)) & ((np.int64(1) << n) - 1)
    over = pos + n - st[ST_END]
    if over > 0:
        if over >= n:
            return np.int64(0)
        v = (v >> over) << over
    return v


@helper
def skip_bits(st, n):
    """Consume n bits; past the end sets the overrun flag."""
    pos = st[ST_POS] + n
    st[ST_POS] = pos
    if pos > st[ST_END]:
        st[ST_OVERRUN] = 1


@helper
def read_bits(buf, st, n):
    """u(n) for n in 0..32."""
    v = peek_bits(buf, st, n)
    skip_bits(st, n)
    return v


@helper
def read_bit(buf, st):
    """u(1)."""
    pos = st[ST_POS]
    st[ST_POS] = pos + 1
    if pos >= st[ST_END]:
        st[ST_OVERRUN] = 1
        return np.int64(0)
    return np.int64((buf[pos >> 3] >> (7 - (pos & 7))) & 1)


LEADING_ZEROS8 = np.array([8 - v.bit_length() for v in range(256)], np.int64)


@helper
def leading_zeros32(v):
    """Leading zero bits of a 32-bit value (32 for 0)."""
    if v >= 1 << 24:
        return LEADING_ZEROS8[v >> 24]
    if v >= 1 << 16:
        return 8 + LEADING_ZEROS8[v >> 16]
    if v >= 1 << 8:
        return 16 + LEADING_ZEROS8[v >> 8]
    return 24 + LEADING_ZEROS8[v]


@helper
def byte_windows(buf):
    """windows[i] = the 56 bits of buf[i..i+6] (zeros past the end), for i in 0..len(buf):
    a read of up to 32 bits at any bit position inside buf is then one load and two shifts."""
    size = buf.shape[0]
    windows = np.zeros(size + 1, np.int64)
    w = np.int64(0)
    for i in range(size + 6, -1, -1):
        w = (w >> 8) | (np.int64(buf[i]) << 48 if i < size else np.int64(0))
        if i <= size:
            windows[i] = w
    return windows


@helper
def read_ue(buf, st):
    """ue(v): unsigned Exp-Golomb (9.1); more than 31 leading zeros sets the overrun flag and
    reads as 0."""
    zeros = leading_zeros32(peek_bits(buf, st, 32))
    if zeros > 31:
        st[ST_OVERRUN] = 1
        return np.int64(0)
    skip_bits(st, zeros + 1)
    return (np.int64(1) << zeros) - 1 + read_bits(buf, st, zeros)


@helper
def read_se(buf, st):
    """se(v): signed Exp-Golomb (9.1.1)."""
    k = read_ue(buf, st)
    if k & 1:
        return (k + 1) >> 1
    return -(k >> 1)


@helper
def bits_left(st):
    return st[ST_END] - st[ST_POS]
