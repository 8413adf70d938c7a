"""FLAC subframe decoding (FLAC format specification, SUBFRAME_*) as the reference's decoder
does it, bit for bit, including what it does with streams libFLAC would call broken.

`decode_subframes` reads every subframe of one frame (the frame header already parsed) into
`decoded` (int32, one row per channel): CONSTANT, VERBATIM, FIXED orders 0-4 and LPC orders
1-32, wasted bits, Rice / Rice2 partitions with escape codes. Arithmetic wraps at 32 bits
where the reference's does (unsigned C arithmetic); LPC uses the reference's two
predictors: a 32-bit-wrapping sum (small bit depths and coefficient precisions) and a
64-bit sum, re-run as the 32-bit one for <= 16-bit streams whose 64-bit result left the
sample range. `decorrelate` then undoes the stereo decorrelation and shifts samples to
the output format's top bits.

The bit reader is the reference's checked one: reads past the packet's end give zeros and
the position stops 8 bits past the end. The caller pads the packet with at least 16 zero
bytes, so every read stays inside `buf`; reads go through 56-bit windows of the bytes
(`byte_windows`), one load for any field of up to 49 bits. Failures return an ERR_* code
with up to two numbers for the message in info[INFO_A], info[INFO_B]; info[INFO_POS] is
the bit position after the frame footer.
"""
from __future__ import annotations

import numpy as np

from ...bitstream.bits_jit import leading_zeros32
from ...jit import helper, kernel, leaf

OK = 0
ERR_PADDING = 1         # "invalid subframe padding"
ERR_WASTED = 2          # "Invalid number of wasted bits > available bits (%d) - left=%d"
ERR_BPS = 3             # "Decorrelated bit depth > 32" (missing feature)
ERR_CODING_TYPE = 4     # "invalid coding type"
ERR_METHOD = 5          # "illegal residual coding method %d"
ERR_RICE_ORDER = 6      # "invalid rice order: %i blocksize %i"
ERR_PRED_ORDER = 7      # "invalid predictor order: %i > %i"
ERR_RESIDUAL = 8        # "invalid residual"
ERR_COEFF_PREC = 9      # "invalid coeff precision"
ERR_QLEVEL = 10         # "qlevel %d not supported, maybe buggy stream"
ERR_ARGS = 11           # arrays too small for the call (a caller bug)

INFO_A, INFO_B, INFO_POS = 0, 1, 2
INFO_SIZE = 3

# channel modes of the frame header
CH_INDEPENDENT, CH_LEFT_SIDE, CH_RIGHT_SIDE, CH_MID_SIDE = 0, 1, 2, 3
# output conversions: s32, s16 as the C code (truncation), s16 as the SSE2 code (saturation)
OUT_S32, OUT_S16_WRAP, OUT_S16_SAT = 0, 1, 2

INVALID_CODE = 0xFFFFFFFF
INT_MAX = 0x7FFFFFFF


@helper
def byte_windows(buf):
    """win[i] = the 56 bits of buf[i:i + 7], for every i with 7 bytes in buf."""
    n = buf.shape[0] - 6
    win = np.empty(n, np.int64)
    w = np.int64(0)
    for i in range(6):
        w = (w << 8) | np.int64(buf[i])
    for i in range(n):
        w = ((w << 8) & 0xFFFFFFFFFFFFFF) | np.int64(buf[i + 6])
        win[i] = w
    return win


@leaf
def peek(win, pos, n):
    """The n (0..49) bits at bit `pos` as an unsigned value (win: byte_windows)."""
    return (win[pos >> 3] >> (56 - (pos & 7) - n)) & ((np.int64(1) << n) - 1)


@helper
def wrap32(v):
    return ((v + 0x80000000) & 0xFFFFFFFF) - 0x80000000


@helper
def sign_extend(v, n):
    if n == 0:
        return np.int64(0)
    if v >= np.int64(1) << (n - 1):
        return v - (np.int64(1) << n)
    return v


@leaf
def show_long(win, pos, n):
    """show_bits_long: n (0..33) bits; 33 keeps only the low 32 as the reference's does."""
    if n <= 32:
        return peek(win, pos, n)
    return peek(win, pos, n) & 0xFFFFFFFF


@leaf
def rice_slow(win, pos, size_bits, k, limit):
    """The reference's Rice reader, literally, for the codes the fast path leaves (a unary
    part longer than 32 bits or reaching `limit`): (coded value, new position), the value
    INVALID_CODE when the unary part ran past `limit` or past the data."""
    end8 = size_bits + 8
    i = np.int64(0)
    while i + 25 <= limit and peek(win, pos, 25) == 0:
        if size_bits <= pos:
            return INVALID_CODE, pos
        pos = min(pos + 25, end8)
        i += 25
    while i < limit and peek(win, pos, 1) == 0:
        pos = min(pos + 1, end8)
        i += 1
    pos = min(pos + 1, end8)
    if i < limit - 1:
        v = peek(win, pos, k)
        pos = min(pos + k, end8)
        return (v + (i << k)) & 0xFFFFFFFF, pos
    if i == limit - 1:
        v = peek(win, pos, 1) + 1
        return v, min(pos + 1, end8)
    return INVALID_CODE, pos


@helper
def decode_residuals(win, pos, size_bits, out, pred_order, blocksize, info):
    """The residual of one subframe into out[pred_order:blocksize]; returns the new position,
    or -(error code)."""
    end8 = size_bits + 8
    method = peek(win, pos, 2)
    rice_order = peek(win, pos + 2, 4)
    pos = min(pos + 6, end8)
    samples = blocksize >> rice_order
    rice_bits = 4 + method
    escape = (np.int64(1) << rice_bits) - 1
    if method > 1:
        info[INFO_A] = method
        return -ERR_METHOD
    if samples << rice_order != blocksize:
        info[INFO_A] = rice_order
        info[INFO_B] = blocksize
        return -ERR_RICE_ORDER
    if pred_order > samples:
        info[INFO_A] = pred_order
        info[INFO_B] = samples
        return -ERR_PRED_ORDER
    o = pred_order
    i = pred_order
    for _ in range(1 << rice_order):
        k = peek(win, pos, rice_bits)
        pos = min(pos + rice_bits, end8)
        if k == escape:
            n = peek(win, pos, 5)
            pos = min(pos + 5, end8)
            while i < samples:
                out[o] = sign_extend(peek(win, pos, n), n)
                pos = min(pos + n, end8)
                o += 1
                i += 1
        else:
            limit = (np.int64(INT_MAX >> (k - 1)) + 2) if k > 1 else np.int64(INT_MAX)
            while i < samples:
                window = win[pos >> 3]
                off = pos & 7
                w = (window >> (24 - off)) & 0xFFFFFFFF
                q = leading_zeros32(w)
                if w != 0 and q < limit - 1 and off + q + 1 + k <= 56:
                    v = (window >> (55 - off - q - k)) & ((np.int64(1) << k) - 1)
                    v |= q << k
                    pos = min(pos + q + 1 + k, end8)
                else:
                    v, pos = rice_slow(win, pos, size_bits, k, limit)
                    if v == INVALID_CODE:
                        return -ERR_RESIDUAL
                out[o] = (v >> 1) ^ -(v & 1)
                o += 1
                i += 1
        i = 0
    return pos


@helper
def restore_fixed(out, order, blocksize):
    """The fixed polynomial predictors, modulo 2^32 as the reference's unsigned sums."""
    if order == 1:
        for i in range(1, blocksize):
            out[i] = wrap32(np.int64(out[i]) + out[i - 1])
    elif order == 2:
        for i in range(2, blocksize):
            out[i] = wrap32(np.int64(out[i]) + 2 * np.int64(out[i - 1]) - out[i - 2])
    elif order == 3:
        for i in range(3, blocksize):
            out[i] = wrap32(np.int64(out[i]) + 3 * (np.int64(out[i - 1]) - out[i - 2])
                            + out[i - 3])
    elif order == 4:
        for i in range(4, blocksize):
            out[i] = wrap32(np.int64(out[i]) + 4 * (np.int64(out[i - 1]) + out[i - 3])
                            - 6 * np.int64(out[i - 2]) - out[i - 4])


@helper
def lpc_restore(out, coeffs, order, qlevel, blocksize, wrapping):
    """LPC prediction added to the residual in out[order:blocksize]: the reference's 32-bit
    predictor (`wrapping`: the sum wraps at 32 bits before the shift) or its 64-bit one
    (the exact sum shifted); either way the sample wraps at 32 bits. Two samples a pass,
    sharing their loads (the second one's last term is the first one's result)."""
    i = order
    while i + 1 < blocksize:
        base = i - order
        c = coeffs[0]
        d = np.int64(out[base])
        s0 = np.int64(0)
        s1 = np.int64(0)
        for j in range(1, order):
            s0 += c * d
            d = np.int64(out[base + j])
            s1 += c * d
            c = coeffs[j]
        s0 += c * d
        if wrapping:
            s0 = wrap32(s0)
        v = wrap32(np.int64(out[i]) + (s0 >> qlevel))
        out[i] = v
        s1 += c * v
        if wrapping:
            s1 = wrap32(s1)
        out[i + 1] = wrap32(np.int64(out[i + 1]) + (s1 >> qlevel))
        i += 2
    if i < blocksize:
        s = np.int64(0)
        for j in range(order):
            s += coeffs[j] * np.int64(out[i - order + j])
        if wrapping:
            s = wrap32(s)
        out[i] = wrap32(np.int64(out[i]) + (s >> qlevel))


@helper
def out_of_range(out, order, blocksize, bps):
    """Whether any predicted sample left the signed `bps`-bit range."""
    half = np.int64(1) << (bps - 1)
    sigma = np.int64(0)
    for i in range(order, blocksize):
        sigma |= (np.int64(out[i]) + half) & 0xFFFFFFFF
    return sigma >= 2 * half


@helper
def undo_lpc_wide(out, coeffs, order, qlevel, blocksize):
    """Back from the 64-bit predictor's output to the residual (last sample first)."""
    for i in range(blocksize - 1, order - 1, -1):
        s = np.int64(0)
        for j in range(order):
            s += np.int64(coeffs[j]) * out[i - order + j]
        out[i] = wrap32(np.int64(out[i]) - (s >> qlevel))


@helper
def log2_floor(v):
    n = 0
    while v > 1:
        v >>= 1
        n += 1
    return n


@helper
def decode_subframe(win, pos, size_bits, out, bps, stream_bps, blocksize, coeffs, info):
    """One subframe into out[:blocksize]; the new position or -(error code)."""
    end8 = size_bits + 8
    if peek(win, pos, 1):
        return -ERR_PADDING
    kind = peek(win, pos + 1, 6)
    pos = min(pos + 7, end8)
    wasted = 0
    if peek(win, pos, 1):
        pos = min(pos + 1, end8)
        left = size_bits - pos
        if (left <= 0 or (left < bps and show_long(win, pos, left) == 0)
                or show_long(win, pos, bps) == 0):
            info[INFO_A] = bps
            info[INFO_B] = left
            return -ERR_WASTED
        i = 0
        while i < left:
            bit = peek(win, pos, 1)
            pos = min(pos + 1, end8)
            if bit == 1:
                break
            i += 1
        wasted = 1 + i
        bps -= wasted
    else:
        pos = min(pos + 1, end8)
    if bps > 32:
        return -ERR_BPS
    if kind == 0:
        v = sign_extend(peek(win, pos, bps), bps)
        pos = min(pos + bps, end8)
        for i in range(blocksize):
            out[i] = v
    elif kind == 1:
        for i in range(blocksize):
            out[i] = sign_extend(peek(win, pos, bps), bps)
            pos = min(pos + bps, end8)
    elif 8 <= kind <= 12:
        order = kind & 7
        for i in range(order):
            out[i] = sign_extend(peek(win, pos, bps), bps)
            pos = min(pos + bps, end8)
        pos = decode_residuals(win, pos, size_bits, out, order, blocksize, info)
        if pos < 0:
            return pos
        restore_fixed(out, order, blocksize)
    elif kind >= 32:
        order = (kind & 31) + 1
        for i in range(order):
            out[i] = sign_extend(peek(win, pos, bps), bps)
            pos = min(pos + bps, end8)
        precision = peek(win, pos, 4) + 1
        pos = min(pos + 4, end8)
        if precision == 16:
            return -ERR_COEFF_PREC
        qlevel = sign_extend(peek(win, pos, 5), 5)
        pos = min(pos + 5, end8)
        if qlevel < 0:
            info[INFO_A] = qlevel
            return -ERR_QLEVEL
        for i in range(order):
            coeffs[order - i - 1] = sign_extend(peek(win, pos, precision), precision)
            pos = min(pos + precision, end8)
        pos = decode_residuals(win, pos, size_bits, out, order, blocksize, info)
        if pos < 0:
            return pos
        if bps <= 16 and bps + precision + log2_floor(order) <= 32:
            lpc_restore(out, coeffs, order, qlevel, blocksize, True)
        else:
            lpc_restore(out, coeffs, order, qlevel, blocksize, False)
            if stream_bps <= 16 and out_of_range(out, order, blocksize, bps):
                undo_lpc_wide(out, coeffs, order, qlevel, blocksize)
                lpc_restore(out, coeffs, order, qlevel, blocksize, True)
    else:
        return -ERR_CODING_TYPE
    if 0 < wasted < 32:
        for i in range(blocksize):
            out[i] = wrap32(np.int64(out[i]) << wasted)
    return pos


@kernel("int64(uint8[::1], int64, int64, int64, int64, int64, int64, int32[:, ::1], "
        "int64[::1])")
def decode_subframes(buf, pos, size_bits, blocksize, channels, ch_mode, stream_bps, decoded,
                     info):
    """Every subframe of a frame whose header ended at bit `pos`, then the byte alignment
    and the CRC-16 footer (skipped, as the reference does by default)."""
    if (decoded.shape[0] < channels or decoded.shape[1] < max(blocksize, 32)
            or buf.shape[0] * 8 < size_bits + 16 * 8 or info.shape[0] < INFO_SIZE
            or pos < 0 or pos > size_bits + 8):
        return ERR_ARGS
    end8 = size_bits + 8
    coeffs = np.zeros(32, np.int64)
    win = byte_windows(buf)
    for ch in range(channels):
        bps = stream_bps
        if ch == 0 and ch_mode == CH_RIGHT_SIDE:
            bps += 1
        if ch == 1 and (ch_mode == CH_LEFT_SIDE or ch_mode == CH_MID_SIDE):
            bps += 1
        pos = decode_subframe(win, pos, size_bits, decoded[ch], bps, stream_bps, blocksize,
                              coeffs, info)
        if pos < 0:
            return -pos
    pos = min(pos + ((-pos) & 7), end8)
    info[INFO_POS] = min(pos + 16, end8)
    return OK


@kernel("int64(int32[:, ::1], int64, int64, int64, int64, int64, int32[:, ::1])")
def decorrelate(decoded, channels, blocksize, ch_mode, shift, mode, out):
    """Output samples (channels x blocksize) from the decoded channels: the stereo modes
    undone and every sample shifted left by `shift`, as s32, or as s16 the way the
    reference's C code (truncation) or its SSE2 code (saturation, then a 16-bit shift)
    converts them."""
    if (decoded.shape[0] < channels or decoded.shape[1] < blocksize
            or out.shape[0] < channels or out.shape[1] < blocksize
            or (ch_mode != CH_INDEPENDENT and channels != 2)):
        return ERR_ARGS
    for i in range(blocksize):
        for ch in range(channels):
            a = np.int64(decoded[0, i])
            if ch_mode == CH_INDEPENDENT:
                v = np.int64(decoded[ch, i])
            else:
                b = np.int64(decoded[1, i])
                if ch_mode == CH_LEFT_SIDE:
                    v = a if ch == 0 else a - b
                elif ch_mode == CH_RIGHT_SIDE:
                    v = a + b if ch == 0 else b
                else:
                    mid = a - (b >> 1)
                    v = mid + b if ch == 0 else mid
            v = wrap32(v)
            if mode == OUT_S32:
                out[ch, i] = wrap32(v << shift)
            elif mode == OUT_S16_WRAP:
                out[ch, i] = (((v << shift) + 0x8000) & 0xFFFF) - 0x8000
            else:
                v = min(max(v, -32768), 32767)
                out[ch, i] = (((v << shift) + 0x8000) & 0xFFFF) - 0x8000
    return OK
