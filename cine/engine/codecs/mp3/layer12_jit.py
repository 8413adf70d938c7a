"""Layer I and II audio data (ISO/IEC 11172-3 2.4.1.5-2.4.1.6 and 2.4.2.5-2.4.2.6, 2.4.3.2-
2.4.3.3): bit allocation, scale factors (with Layer II's scale factor selection), the samples
(Layer II's grouped codes split into three) and their dequantisation to the subband samples
of the reference's fixed-point mp1/mp2 decoders (23 fractional bits, integer rounding as
FFmpeg 5.1.9 does it).

Bits are read as the reference's checked bit reader reads them: past the end of the frame's
data the position stops 8 bits after it, and every later read returns the same bits from
there (the bytes that follow in the packet, then zeros). The caller passes the frame's bytes
from its header on, followed by the rest of the packet and at least 8 zero bytes.
"""
from __future__ import annotations

import numpy as np

from ...jit import kernel, leaf
from .layer12_tables import (ALLOC_CLASS, ALLOC_NBAL, BITS, GROUP_MULT, L1_MULT, SBLIMITS,
                             STEPS)

# the header fields the decoder passes
H_LAYER = 0
H_CHANNELS = 1
H_JOINT = 2         # 1: joint stereo (mode 1)
H_MODE_EXT = 3
H_TABLE = 4         # Layer II allocation table (layer12_tables.select_table)
H_CRC = 5           # 1: a 16-bit CRC follows the header
H_BITS = 6          # bits of the frame after its 4-byte header
H_SIZE = 7


@leaf
def _read(f, st, n):
    """n (1..25) bits from bit st[0] of f; st[1]: the position reads stop at."""
    pos = st[0]
    i = pos >> 3
    w = (np.int64(f[i]) << 24) | (np.int64(f[i + 1]) << 16) | (np.int64(f[i + 2]) << 8) \
        | np.int64(f[i + 3])
    w = (w << (pos & 7)) & 0xFFFFFFFF
    pos += n
    st[0] = pos if pos < st[1] else st[1]
    return w >> (32 - n)


@leaf
def _l1_unscale(n, mant, sf):
    """An n+1-bit sample (n = 1..15) at scale factor sf (0..63)."""
    shift = sf // 3 + n
    val = (mant + 1 - (np.int64(1) << n)) * L1_MULT[n - 1, sf % 3]
    return (val + (np.int64(1) << (shift - 1))) >> shift


@leaf
def _group_unscale(steps, mant, sf):
    """A sample of a grouped code (3, 5 or 9 steps) at scale factor sf."""
    shift = sf // 3
    val = (mant - (steps >> 1)) * GROUP_MULT[steps >> 2, sf % 3]
    if shift > 0:
        val = (val + (np.int64(1) << (shift - 1))) >> shift
    return val


@leaf
def _layer1(f, st, nch, bound, alloc, scf, sb):
    for i in range(bound):
        for ch in range(nch):
            alloc[ch, i] = _read(f, st, 4)
    for i in range(bound, 32):
        alloc[0, i] = _read(f, st, 4)
        alloc[1, i] = alloc[0, i]
    for i in range(bound):
        for ch in range(nch):
            if alloc[ch, i]:
                scf[ch, i, 0] = _read(f, st, 6)
    for i in range(bound, 32):
        if alloc[0, i]:
            scf[0, i, 0] = _read(f, st, 6)
            scf[1, i, 0] = _read(f, st, 6)
    for j in range(12):
        for i in range(bound):
            for ch in range(nch):
                n = alloc[ch, i]
                v = 0
                if n:
                    v = _l1_unscale(n, _read(f, st, n + 1), scf[ch, i, 0])
                sb[ch, j, i] = v
        for i in range(bound, 32):
            n = alloc[0, i]
            if n:
                mant = _read(f, st, n + 1)
                sb[0, j, i] = _l1_unscale(n, mant, scf[0, i, 0])
                sb[1, j, i] = _l1_unscale(n, mant, scf[1, i, 0])
            else:
                sb[0, j, i] = 0
                sb[1, j, i] = 0
    return 12


@leaf
def _scale_factors(f, st, sel, sf):
    """The three scale factors of a subband by its scfsi (Table B.5's sharing patterns)."""
    sf[0] = _read(f, st, 6)
    if sel == 0:
        sf[1] = _read(f, st, 6)
        sf[2] = _read(f, st, 6)
    elif sel == 2:
        sf[1] = sf[0]
        sf[2] = sf[0]
    elif sel == 1:
        sf[2] = _read(f, st, 6)
        sf[1] = sf[0]
    else:
        sf[2] = _read(f, st, 6)
        sf[1] = sf[2]


@leaf
def _triple(f, st, cls, out):
    """The three sample codes of one granule of a subband, into out[0..2]."""
    bits = BITS[cls]
    if bits < 0:
        steps = STEPS[cls]
        v = _read(f, st, -bits)
        out[0] = v % steps
        v //= steps
        out[1] = v % steps
        out[2] = v // steps
    else:
        for m in range(3):
            out[m] = _read(f, st, bits)


@leaf
def _dequant(cls, mant, sf):
    bits = BITS[cls]
    if bits < 0:
        return _group_unscale(STEPS[cls], mant, sf)
    return _l1_unscale(bits - 1, mant, sf)


@leaf
def _layer2(f, st, nch, bound, table, alloc, scf, codes, sb):
    sblimit = SBLIMITS[table]
    if bound > sblimit:
        bound = sblimit
    for i in range(bound):
        for ch in range(nch):
            alloc[ch, i] = _read(f, st, ALLOC_NBAL[table, i])
    for i in range(bound, sblimit):
        alloc[0, i] = _read(f, st, ALLOC_NBAL[table, i])
        alloc[1, i] = alloc[0, i]
    for i in range(sblimit):
        for ch in range(nch):
            if alloc[ch, i]:
                scf[ch, i, 3] = _read(f, st, 2)      # scfsi, kept in the fourth column
    for i in range(sblimit):
        for ch in range(nch):
            if alloc[ch, i]:
                _scale_factors(f, st, scf[ch, i, 3], scf[ch, i])
    for k in range(3):
        for l in range(0, 12, 3):
            s = k * 12 + l
            for i in range(bound):
                for ch in range(nch):
                    b = alloc[ch, i]
                    if b:
                        cls = ALLOC_CLASS[table, i, b]
                        _triple(f, st, cls, codes)
                        for m in range(3):
                            sb[ch, s + m, i] = _dequant(cls, codes[m], scf[ch, i, k])
                    else:
                        for m in range(3):
                            sb[ch, s + m, i] = 0
            for i in range(bound, sblimit):
                b = alloc[0, i]
                if b:
                    cls = ALLOC_CLASS[table, i, b]
                    _triple(f, st, cls, codes)
                    for m in range(3):
                        sb[0, s + m, i] = _dequant(cls, codes[m], scf[0, i, k])
                        sb[1, s + m, i] = _dequant(cls, codes[m], scf[1, i, k])
                else:
                    for m in range(3):
                        sb[0, s + m, i] = 0
                        sb[1, s + m, i] = 0
            for i in range(sblimit, 32):
                for ch in range(nch):
                    for m in range(3):
                        sb[ch, s + m, i] = 0
    return 36


@kernel("int64(uint8[::1], int64[::1], int64[:, ::1], int64[:, :, ::1], int32[:, :, ::1])")
def decode_layer12(f, hdr, alloc, scf, sb):
    """The subband samples of one Layer I or II frame into sb (2 x 36 x 32: 12 slots for
    Layer I, 36 for Layer II); returns the number of slots, or -1 when an array is too small
    (f must hold the frame and 8 bytes more). alloc: 2 x 32 scratch (the allocations); scf:
    2 x 32 x 4 scratch (per subband the three scale factors, then Layer II's scfsi)."""
    if hdr.shape[0] < H_SIZE or hdr[H_BITS] < 0 or f.shape[0] < 4 + hdr[H_BITS] // 8 + 12 \
            or sb.shape[0] < 2 or sb.shape[1] < 36 or sb.shape[2] < 32 \
            or alloc.shape[0] < 2 or alloc.shape[1] < 32 \
            or scf.shape[0] < 2 or scf.shape[1] < 32 or scf.shape[2] < 4 \
            or hdr[H_CHANNELS] < 1 or hdr[H_CHANNELS] > 2 or hdr[H_TABLE] < 0 \
            or hdr[H_TABLE] > 4 or hdr[H_MODE_EXT] < 0 or hdr[H_MODE_EXT] > 3:
        return -1
    st = np.empty(2, np.int64)
    st[0] = 32
    st[1] = 32 + hdr[H_BITS] + 8
    if hdr[H_CRC]:
        _read(f, st, 16)
    nch = hdr[H_CHANNELS]
    # joint stereo: the subbands from the bound up share one set of samples (2.4.2.3)
    bound = (hdr[H_MODE_EXT] + 1) * 4 if hdr[H_JOINT] and nch == 2 else 32
    if hdr[H_LAYER] == 1:
        return _layer1(f, st, nch, bound, alloc, scf, sb)
    codes = np.empty(3, np.int64)
    return _layer2(f, st, nch, bound, hdr[H_TABLE], alloc, scf, codes, sb)
