"""The CABAC arithmetic decoding engine of ITU-T H.264 (9.3.1, 9.3.3.2), for the slice parsers.

Engine state: codIRange, and codIOffset kept with a few bits read ahead. `value` holds
codIOffset << `bits` plus the next `bits` unread bits of the stream, so a decision compares
value with codIRange << bits and renormalisation only lowers `bits`; `refill` appends bytes.
`pos` is the next byte to append. Bits consumed so far (the spec's bitstream pointer) =
8 * pos - bits (`consumed_bits`). Past the end of the buffer the engine reads zeros: a caller
has overrun the data when consumed_bits exceeds 8 * len(buf).

The engine state lives in the caller's locals (range, value, bits, pos); the functions take
and return it. A context is one byte, pStateIdx << 1 | valMPS.
"""
from __future__ import annotations

import numpy as np

from ...jit import leaf
from .cabac_tables import CONTEXT_COUNT, CONTEXT_INIT, RANGE_TAB_LPS, TRANS_IDX_LPS, TRANS_IDX_MPS

# by context byte s (pStateIdx << 1 | valMPS): codIRangeLPS at index 4 * s + qCodIRangeIdx,
# and the context byte after an MPS / after an LPS
LPS_RANGE = np.array([RANGE_TAB_LPS[s >> 1][q] for s in range(128) for q in range(4)], np.uint8)
NEXT_MPS = np.array([TRANS_IDX_MPS[s >> 1] << 1 | (s & 1) for s in range(128)], np.uint8)
NEXT_LPS = np.array([TRANS_IDX_LPS[s >> 1] << 1 | ((s & 1) ^ (s >> 1 == 0)) for s in range(128)],
                    np.uint8)
# left shifts that bring a codIRangeLPS value (2..240) back to >= 256
RENORM_SHIFT = np.array([0] + [9 - v.bit_length() for v in range(1, 256)], np.uint8)
# The same for decisions written without branches (cabac_jit's residual blocks): the context
# byte after a bin at index s << 1 | (1 for an LPS, else 0), and the left shift that brings
# any codIRange after a decision (an MPS's 256..510, an LPS's 6..240) back to >= 256. Sized
# so that an index built from a context byte (< 256) or masked with 511 provably fits (the
# entries past 127 / 510 are never used).
STATE_NEXT = np.array([(NEXT_LPS if i & 1 else NEXT_MPS)[(i >> 1) & 127] for i in range(512)],
                      np.uint8)
LPS_RANGE_WIDE = np.array([LPS_RANGE[i & 511] for i in range(1024)], np.uint8)
RANGE_SHIFT = np.array([0] + [max(0, 9 - v.bit_length()) for v in range(1, 512)], np.uint8)
# CONTEXT_INIT as int16[ctxIdx, 8]: (m, n) for I, then cabac_init_idc 0, 1, 2
INIT_MN = np.array(CONTEXT_INIT, np.int16)


@leaf
def refill(buf, value, bits, pos):
    """Append bytes while at most 46 bits are buffered (zeros past the end), so that the
    next refill is needed only after about 40 bits."""
    n = buf.shape[0]
    while bits <= 46:
        b = 0
        if pos < n:
            b = np.int64(buf[pos])
        value = (value << 8) | b
        bits += 8
        pos += 1
    return value, bits, pos


# The bin decoders take and return the engine state (and a context's state byte) as scalars
# and never refill: a bin consumes at most 6 bits, so a caller that refills whenever
# `bits < 32` (`value, bits, pos = refill(buf, value, bits, pos)`) may decode up to five bins
# between two such checks. They take no arrays on purpose: numba wraps each call that passes
# an array in reference-count updates (atomic operations), which would cost more than the
# bin itself.

@leaf
def decision(s, rng, value, bits):
    """DecodeDecision (9.3.3.2.1) for a context in state s:
    (binVal, the context's next state, range, value, bits)."""
    s = np.int64(s)
    lps = np.int64(LPS_RANGE[(s << 2) | ((rng >> 6) & 3)])
    rng -= lps
    scaled = rng << bits
    if value < scaled:
        if rng < 256:
            return s & 1, NEXT_MPS[s], rng << 1, value, bits - 1
        return s & 1, NEXT_MPS[s], rng, value, bits
    shift = np.int64(RENORM_SHIFT[lps])
    return (s & 1) ^ 1, NEXT_LPS[s], lps << shift, value - scaled, bits - shift


@leaf
def bypass(rng, value, bits):
    """DecodeBypass (9.3.3.2.3): (binVal, value, bits)."""
    bits -= 1
    scaled = rng << bits
    if value >= scaled:
        return 1, value - scaled, bits
    return 0, value, bits


@leaf
def terminate(rng, value, bits):
    """DecodeTerminate (9.3.3.2.2.3): (binVal, range, value, bits). After binVal 1 the last
    bit consumed is the final bit of the arithmetic codeword (for end_of_slice_flag, the
    rbsp_stop_one_bit)."""
    rng -= 2
    if value >= rng << bits:
        return 1, rng, value, bits
    if rng < 256:
        return 0, rng << 1, value, bits - 1
    return 0, rng, value, bits


@leaf
def engine_start(buf, bytepos):
    """Initialisation of the decoding engine (9.3.1.2) at byte `bytepos`:
    (ok, range, value, bits, pos); not ok when the first 9 bits are 510 or 511 (forbidden:
    codIOffset must stay below codIRange)."""
    value, bits, pos = refill(buf, np.int64(0), np.int64(-9), bytepos)
    return (value >> bits) < 510, 510, value, bits, pos


@leaf
def consumed_bits(bits, pos):
    """The spec's bitstream pointer, in bits from the start of the buffer."""
    return 8 * pos - bits


@leaf
def init_contexts(ctx, slice_qp, column):
    """Initialisation of the context variables (9.3.1.1) of ctxIdx 0..459 for SliceQPY;
    column 0 for I and SI slices, 1 + cabac_init_idc for the others."""
    qp = min(max(slice_qp, 0), 51)
    for i in range(CONTEXT_COUNT):
        m = np.int64(INIT_MN[i, 2 * column])
        n = np.int64(INIT_MN[i, 2 * column + 1])
        pre = min(max(((m * qp) >> 4) + n, 1), 126)
        if pre <= 63:
            ctx[i] = (63 - pre) << 1
        else:
            ctx[i] = ((pre - 64) << 1) | 1
