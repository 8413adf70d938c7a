"""Forward DCT and quantisation of a whole picture, bit-exact with the reference's mjpeg
encoder on x86-64 (its default `-dct auto` picks the SSE2 integer DCT, and its quantiser is
the SSSE3 one).

The DCT works on 16-bit lanes: additions saturate, left shifts wrap, `mulhi(a, b)` is the
high half of the 32-bit product, and some outputs get their lowest bit forced to 1. The
column pass scales by 8 (or 16) first and uses tangent rotations; the row pass is a matrix
product with per-row cosine tables, rounded and shifted by 17. The result is 8 times the
orthonormal DCT of the samples (which are not level-shifted: the DC prediction starts at 128).

Quantisation (per coefficient, natural order): AC levels are
mulhi(min(|c| + bias, 65535), qmat) with the sign of c; the DC level is ((c >> 2) + 8) >> 4.
Blocks come out in zig-zag order, in the order the entropy coder writes them, with their
component (0 Y, 1 Cb, 2 Cr) and the index of their last non-zero coefficient.
"""
from __future__ import annotations

import numpy as np

from ...jit import helper, kernel
from .tables import (FDCT_COS4, FDCT_ROW_COS, FDCT_ROW_SET, FDCT_TAN1, FDCT_TAN2,
                     FDCT_TAN3M1, ZIGZAG)

_ZIGZAG = np.array(ZIGZAG, dtype=np.int64)
_ROW_COS = np.array([FDCT_ROW_COS[s] for s in FDCT_ROW_SET], dtype=np.int64)  # [row, k-1]

MAX_LEVEL = 1023        # the reference's max_qcoeff for mjpeg (levels are clipped to +-1023)

# columns of the block layout table (one row per block of a macroblock, in coding order)
LAYOUT_PLANE = 0        # 0 Y, 1 Cb, 2 Cr
LAYOUT_DY = 1           # offset of the block inside the macroblock, in that plane's samples
LAYOUT_DX = 2
LAYOUT_RIGHT = 3        # 1: block of the right half, skipped when that half is off-picture


@helper
def _sat(x):
    return -32768 if x < -32768 else (32767 if x > 32767 else x)


@helper
def _shl(x, n):
    """16-bit left shift, wrapping."""
    return (((x << n) + 32768) & 0xFFFF) - 32768


@helper
def _mulhi(a, b):
    return (a * b) >> 16


@helper
def _wrap32(x):
    return ((x + 0x80000000) & 0xFFFFFFFF) - 0x80000000


@helper
def fdct(blk, tmp):
    """In-place forward DCT of blk (64 int32 samples, raster); tmp is 64 entries of scratch."""
    for c in range(8):
        r0 = blk[c]
        r1 = blk[8 + c]
        r2 = blk[16 + c]
        r3 = blk[24 + c]
        r4 = blk[32 + c]
        r5 = blk[40 + c]
        r6 = blk[48 + c]
        r7 = blk[56 + c]
        a = _shl(_sat(r1 + r6), 3)
        b = _shl(_sat(r2 + r5), 3)
        s07 = _shl(_sat(r0 + r7), 3)
        s34 = _shl(_sat(r3 + r4), 3)
        e = _shl(_sat(r1 - r6), 4)
        f = _shl(_sat(r2 - r5), 4)
        g = _shl(_sat(r3 - r4), 3)
        h = _shl(_sat(r0 - r7), 3)
        amb = _sat(a - b)
        apb = _sat(a + b)
        cmd = _sat(s07 - s34)
        cpd = _sat(s07 + s34)
        tmp[c] = _sat(cpd + apb)
        tmp[32 + c] = _sat(cpd - apb)
        tmp[16 + c] = _sat(_mulhi(FDCT_TAN2, amb) + cmd) | 1
        tmp[48 + c] = _sat(_mulhi(FDCT_TAN2, cmd) - amb) | 1
        p = _mulhi(_sat(e + f), FDCT_COS4) | 1
        q = _mulhi(_sat(e - f), FDCT_COS4)
        gpq = _sat(g + q)
        gmq = _sat(g - q)
        hpp = _sat(h + p)
        hmp = _sat(h - p)
        tmp[8 + c] = _sat(_mulhi(FDCT_TAN1, gpq) + hpp) | 1
        tmp[56 + c] = _sat(_mulhi(FDCT_TAN1, hpp) - gpq)
        tmp[24 + c] = _sat(hmp - _sat(_mulhi(FDCT_TAN3M1, gmq) + gmq))
        tmp[40 + c] = _sat(_sat(_mulhi(FDCT_TAN3M1, hmp) + hmp) + gmq)
    for r in range(8):
        o = 8 * r
        s0 = _sat(tmp[o] + tmp[o + 7])
        s1 = _sat(tmp[o + 1] + tmp[o + 6])
        s2 = _sat(tmp[o + 2] + tmp[o + 5])
        s3 = _sat(tmp[o + 3] + tmp[o + 4])
        d0 = _sat(tmp[o] - tmp[o + 7])
        d1 = _sat(tmp[o + 1] - tmp[o + 6])
        d2 = _sat(tmp[o + 2] - tmp[o + 5])
        d3 = _sat(tmp[o + 3] - tmp[o + 4])
        c1 = _ROW_COS[r, 0]
        c2 = _ROW_COS[r, 1]
        c3 = _ROW_COS[r, 2]
        c4 = _ROW_COS[r, 3]
        c5 = _ROW_COS[r, 4]
        c6 = _ROW_COS[r, 5]
        c7 = _ROW_COS[r, 6]
        blk[o] = _row_out(c4 * (s0 + s1 + s2 + s3))
        blk[o + 1] = _row_out(c1 * d0 + c3 * d1 + c5 * d2 + c7 * d3)
        blk[o + 2] = _row_out(c2 * s0 + c6 * s1 - c6 * s2 - c2 * s3)
        blk[o + 3] = _row_out(c3 * d0 - c7 * d1 - c1 * d2 - c5 * d3)
        blk[o + 4] = _row_out(c4 * (s0 - s1 - s2 + s3))
        blk[o + 5] = _row_out(c5 * d0 - c1 * d1 + c7 * d2 + c3 * d3)
        blk[o + 6] = _row_out(c6 * s0 - c2 * s1 + c2 * s2 - c6 * s3)
        blk[o + 7] = _row_out(c7 * d0 - c5 * d1 + c3 * d2 - c1 * d3)


@helper
def _row_out(acc):
    return _sat(_wrap32(acc + 65536) >> 17)


@helper
def quantize(blk, qmat, bias, out, row):
    """Quantise the DCT blk into out[row, 0..63] (zig-zag order); returns the last non-zero
    zig-zag index (0 when only the DC is left)."""
    out[row, 0] = (((blk[0] >> 2) + 8) & 0xFFFFFFFF) >> 4
    last = 0
    for k in range(1, 64):
        j = _ZIGZAG[k]
        c = blk[j]
        level = 0
        if c != 0:
            u = (c if c > 0 else -c) + bias[j]
            if u > 65535:
                u = 65535
            if u > 32767:
                u -= 65536
            level = _mulhi(u, qmat[j])
            if level > MAX_LEVEL:
                level = MAX_LEVEL
            elif level < -MAX_LEVEL:
                level = -MAX_LEVEL
            if c < 0:
                level = -level
        out[row, k] = level
        if level != 0:
            last = k
    return last


@kernel("int64(uint8[:, :], uint8[:, :], uint8[:, :], int64, int64, int64, int64, "
        "int32[:, :], int32[:, :], int32[:, :], int16[:, :], int8[:], int32[:])")
def transform_picture(y, cb, cr, width, height, shift_x, shift_y, layout, qmat, bias,
                      blocks, comps, last):
    """DCT and quantise every block of the picture in coding order.

    The chroma planes are subsampled by 2**shift_x horizontally and 2**shift_y vertically
    (shifts 0 or 1). Planes hold at least the visible samples; samples beyond the visible
    size repeat the last row / column (the reference's edge emulation). layout (see LAYOUT_*)
    lists the blocks of one 16x16 macroblock. qmat and bias are [2, 64] (luma, chroma),
    natural order. Returns the number of blocks written, or -1 on a bad argument.
    """
    if width <= 0 or height <= 0 or shift_x < 0 or shift_x > 1 or shift_y < 0 or shift_y > 1:
        return -1
    chroma_w = (width + shift_x) >> shift_x
    chroma_h = (height + shift_y) >> shift_y
    if y.shape[0] < height or y.shape[1] < width:
        return -1
    if (cb.shape[0] < chroma_h or cb.shape[1] < chroma_w
            or cr.shape[0] < chroma_h or cr.shape[1] < chroma_w):
        return -1
    if layout.shape[1] < 4 or qmat.shape[0] < 2 or qmat.shape[1] < 64:
        return -1
    if bias.shape[0] < 2 or bias.shape[1] < 64 or blocks.shape[1] < 64:
        return -1
    mb_cw = 16 >> shift_x
    mb_ch = 16 >> shift_y
    mb_w = (width + 15) // 16
    mb_h = (height + 15) // 16
    blk = np.zeros(64, np.int64)
    tmp = np.zeros(64, np.int64)
    n = 0
    for mby in range(mb_h):
        for mbx in range(mb_w):
            right_visible = 16 * mbx + 8 < width
            for b in range(layout.shape[0]):
                if layout[b, LAYOUT_RIGHT] != 0 and not right_visible:
                    continue
                if n >= blocks.shape[0] or n >= comps.shape[0] or n >= last.shape[0]:
                    return -1
                plane = layout[b, LAYOUT_PLANE]
                if plane == 0:
                    src = y
                    pw = width
                    ph = height
                    y0 = 16 * mby
                    x0 = 16 * mbx
                else:
                    src = cb if plane == 1 else cr
                    pw = chroma_w
                    ph = chroma_h
                    y0 = mb_ch * mby
                    x0 = mb_cw * mbx
                y0 += layout[b, LAYOUT_DY]
                x0 += layout[b, LAYOUT_DX]
                for r in range(8):
                    sy = y0 + r
                    if sy >= ph:
                        sy = ph - 1
                    for c in range(8):
                        sx = x0 + c
                        if sx >= pw:
                            sx = pw - 1
                        blk[8 * r + c] = src[sy, sx]
                fdct(blk, tmp)
                t = 0 if plane == 0 else 1
                last[n] = quantize(blk, qmat[t], bias[t], blocks, n)
                comps[n] = plane
                n += 1
    return n
