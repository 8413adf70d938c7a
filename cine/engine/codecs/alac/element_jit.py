"""The samples of one ALAC element (one or two channels), as FFmpeg 5.1.9's alac decoder
reads them after the element header: uncompressed samples, or the extra low bits then, per
channel, the adaptive Golomb-Rice residual (with its runs of zeros) and the adaptive FIR
predictor whose coefficients follow the sign of each residual. Arithmetic wraps at 32 bits
(16 for the coefficients) where the reference's unsigned C arithmetic does.

The reader is the reference's checked one: zeros past the packet's end, the position held
8 bits past it (the caller pads the packet with at least 16 zero bytes). A read that finds
no bits left fails silently (ERR_DATA), as the reference's does. The reference's log lines
along the way come back as events (EVENT_* rows of `events`: kind and numbers), in order.
"""
from __future__ import annotations

import numpy as np

from ...jit import helper, kernel, leaf

OK = 0
ERR_DATA = 1
ERR_ARGS = 2

# info slots
INFO_POS, INFO_EVENTS = 0, 1
INFO_SIZE = 2
# per-channel parameter columns
P_TYPE, P_QUANT, P_MULT, P_ORDER = 0, 1, 2, 3
P_SIZE = 4
# events: (kind, a, b, c)
EVENT_ZERO_BLOCK = 1    # "invalid zero block size of %d %d %d"
EVENT_PRED_TYPE = 2     # "unknown prediction type: %i"
MAX_EVENTS = 8


@leaf
def peek(buf, pos, n):
    """The n (0..32) bits at bit `pos` as an unsigned value."""
    i = pos >> 3
    v = ((np.int64(buf[i]) << 32) | (np.int64(buf[i + 1]) << 24) | (np.int64(buf[i + 2]) << 16)
         | (np.int64(buf[i + 3]) << 8) | np.int64(buf[i + 4]))
    return (v >> (40 - (pos & 7) - n)) & ((np.int64(1) << n) - 1)


@helper
def wrap32(v):
    return ((v + 0x80000000) & 0xFFFFFFFF) - 0x80000000


@helper
def sign_extend(v, n):
    v &= (np.int64(1) << n) - 1
    if v >= np.int64(1) << (n - 1):
        return v - (np.int64(1) << n)
    return v


@helper
def sign_of(v):
    return 1 if v > 0 else -1 if v < 0 else 0


@helper
def log2_floor(v):
    n = 0
    while v > 1:
        v >>= 1
        n += 1
    return n


@leaf
def decode_scalar(buf, pos, end8, k, bps):
    """One code: up to 8 one-bits and a zero, then k bits in the reference's "2^k - 1"
    arithmetic, or 9 one-bits and a plain bps-bit value; (value, new position)."""
    x = np.int64(0)
    while x < 9:
        bit = peek(buf, pos, 1)
        pos = min(pos + 1, end8)
        if bit == 0:
            break
        x += 1
    if x > 8:
        v = peek(buf, pos, bps)
        return v, min(pos + bps, end8)
    if k != 1:
        extra = peek(buf, pos, k)
        x = (x << k) - x
        if extra > 1:
            x += extra - 1
            pos = min(pos + k, end8)
        else:
            pos = min(pos + k - 1, end8)
    return x, pos


@helper
def rice_decompress(buf, pos, size_bits, out, nb, bps, k_limit, history, mult, events, info):
    """The residual of one channel into out[:nb]; the new position, or -1 - position when
    no bits were left for a sample."""
    end8 = size_bits + 8
    sign_modifier = 0
    i = 0
    while i < nb:
        if size_bits - pos <= 0:
            return -1 - pos
        k = min(log2_floor((history >> 9) + 3), k_limit)
        x, pos = decode_scalar(buf, pos, end8, k, bps)
        x = (x + sign_modifier) & 0xFFFFFFFF
        sign_modifier = 0
        out[i] = (x >> 1) ^ -(x & 1)
        if x > 0xFFFF:
            history = 0xFFFF
        else:
            history = (history + x * mult - (((history * mult) & 0xFFFFFFFF) >> 9)) & 0xFFFFFFFF
        if history < 128 and i + 1 < nb:
            k = min(7 - log2_floor(history) + ((history + 16) >> 6), k_limit)
            block, pos = decode_scalar(buf, pos, end8, k, 16)
            if block > 0:
                if block >= nb - i:
                    n = info[INFO_EVENTS]
                    if n < events.shape[0]:
                        events[n, 0] = EVENT_ZERO_BLOCK
                        events[n, 1] = block
                        events[n, 2] = nb
                        events[n, 3] = i
                        info[INFO_EVENTS] = n + 1
                    block = nb - i - 1
                for j in range(i + 1, i + 1 + block):
                    out[j] = 0
                i += block
            if block <= 0xFFFF:
                sign_modifier = 1
            history = 0
        i += 1
    return pos


@helper
def first_order(err, out, nb, bps):
    out[0] = err[0]
    for i in range(1, nb):
        out[i] = sign_extend(np.int64(out[i - 1]) + err[i], bps)


@helper
def lpc_prediction(err, out, nb, bps, coefs, order, quant):
    """The adaptive FIR: out[:nb] from the residual err[:nb]; coefs adapt in place."""
    out[0] = err[0]
    if nb <= 1:
        return
    if order == 0:
        for i in range(1, nb):
            out[i] = err[i]
        return
    if order == 31:
        first_order(err, out, nb, bps)
        return
    i = 1
    while i <= order and i < nb:
        out[i] = sign_extend(np.int64(out[i - 1]) + err[i], bps)
        i += 1
    rounding = np.int64(1) << (quant - 1)
    while i < nb:
        base = i - order
        d = np.int64(out[base - 1])
        s = np.int64(0)
        for j in range(order):
            s += (np.int64(out[base + j]) - d) * coefs[j]
        val = (wrap32(s) + rounding) >> quant
        error_val = np.int64(err[i]) & 0xFFFFFFFF
        out[i] = sign_extend(val + d + error_val, bps)
        error_sign = sign_of(wrap32(error_val))
        if error_sign:
            j = 0
            while j < order and wrap32(error_val * error_sign) > 0:
                v = wrap32(d - out[base + j])
                sign = sign_of(v) * error_sign
                coefs[j] = ((coefs[j] - sign + 0x8000) & 0xFFFF) - 0x8000
                v = wrap32(v * sign)
                error_val = (error_val - (v >> quant) * (j + 1)) & 0xFFFFFFFF
                j += 1
        i += 1


@kernel("int64(uint8[::1], int64, int64, int64, int64, int64, int64, int64, int64, int64, "
        "int64, int64[:, ::1], int32[:, ::1], int32[:, ::1], int32[:, ::1], int32[:, ::1], "
        "int64[:, ::1], int64[::1])")
def decode_samples(buf, pos, size_bits, nb, channels, compressed, sample_size, bps,
                   extra_bits, k_limit, history, params, coefs, out, err, extra, events, info):
    """The samples of an element whose header ended at bit `pos`: into out[ch, :nb] (and the
    extra low bits into extra[ch, :nb], not yet appended). info[INFO_POS] is the position
    reached, also after ERR_DATA."""
    if (channels < 1 or channels > 2 or nb < 1 or out.shape[0] < channels
            or err.shape[0] < channels or extra.shape[0] < channels or out.shape[1] < nb
            or err.shape[1] < nb or extra.shape[1] < nb or params.shape[0] < channels
            or params.shape[1] < P_SIZE or coefs.shape[0] < channels or coefs.shape[1] < 32
            or buf.shape[0] * 8 < size_bits + 16 * 8 or info.shape[0] < INFO_SIZE
            or events.shape[1] < 4 or pos < 0 or pos > size_bits + 8
            or sample_size < 1 or sample_size > 32 or bps < 1 or bps > 32
            or extra_bits > 24):
        return ERR_ARGS
    end8 = size_bits + 8
    info[INFO_EVENTS] = 0
    info[INFO_POS] = pos
    if not compressed:
        for i in range(nb):
            if size_bits - pos <= 0:
                info[INFO_POS] = pos
                return ERR_DATA
            for ch in range(channels):
                out[ch, i] = sign_extend(peek(buf, pos, sample_size), sample_size)
                pos = min(pos + sample_size, end8)
        info[INFO_POS] = pos
        return OK
    if extra_bits:
        for i in range(nb):
            if size_bits - pos <= 0:
                info[INFO_POS] = pos
                return ERR_DATA
            for ch in range(channels):
                extra[ch, i] = peek(buf, pos, extra_bits)
                pos = min(pos + extra_bits, end8)
    for ch in range(channels):
        pos = rice_decompress(buf, pos, size_bits, err[ch], nb, bps, k_limit, history,
                              params[ch, P_MULT], events, info)
        if pos < 0:
            info[INFO_POS] = -1 - pos
            return ERR_DATA
        kind = params[ch, P_TYPE]
        if kind == 15:
            first_order(err[ch], err[ch], nb, bps)
        elif kind > 0:
            n = info[INFO_EVENTS]
            if n < events.shape[0]:
                events[n, 0] = EVENT_PRED_TYPE
                events[n, 1] = kind
                info[INFO_EVENTS] = n + 1
        order = params[ch, P_ORDER]
        if order < 0 or order > 31:
            return ERR_ARGS
        lpc_prediction(err[ch], out[ch], nb, bps, coefs[ch], order, params[ch, P_QUANT])
    info[INFO_POS] = pos
    return OK
