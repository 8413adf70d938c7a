"""H.264 residual reconstruction for 8-bit samples: scaling of the parsed levels (8.5.12.1,
8.5.13.1), the Intra_16x16 luma DC and 4:2:0 chroma DC transforms (8.5.10, 8.5.11), the 4x4
and 8x8 inverse transforms (8.5.12.2, 8.5.13.2) and the addition to the prediction with
Clip1 (8.5.14).

`residual4_add` / `residual8_add` take a block's levels (raster order, index 4*row + col or
8*row + col) to samples added onto the prediction already in the plane; `levelscale` tables
are those of `quant.level_scales` (list, qP % 6, raster index). Scratch blocks are int32.
"""
from __future__ import annotations


from ...jit import leaf


@leaf
def _clip1(v):
    return 0 if v < 0 else (255 if v > 255 else v)


@leaf
def _scaling(qp, big):
    """(shl, rnd, shr) so that a scaled level is ((c * LS << shl) + rnd) >> shr: 8.5.12.1
    (big = 4) and 8.5.13.1 (big = 6), qP / 6 >= big shifting left, otherwise rounding."""
    q6 = qp // 6
    if q6 >= big:
        return q6 - big, 0, 0
    return 0, 1 << (big - 1 - q6), big - q6


@leaf
def residual4_add(levels, off, first, d00, ls, qp, P, x0, y0, blk):
    """Reconstruct one 4x4 block onto the prediction in P at (x0, y0): levels[off + k] scaled
    (ls = LevelScale4x4 of qP % 6, 16 entries raster) for k = first..15 -- with first = 1
    the scaled coefficient 0 is d00, an Intra_16x16 or chroma DC --, inverse transformed rows
    first (8.5.12.2), and (h + 32) >> 6 added with Clip1. blk: int32 scratch of 16.
    The arrays are read through slices whose length is checked once (a block outside them
    is left alone), so that no sample access needs its own index check."""
    lv = levels[off:off + 16]
    sc = ls[0:16]
    b = blk[0:16]
    r0 = P[y0, x0:x0 + 4]
    r1 = P[y0 + 1, x0:x0 + 4]
    r2 = P[y0 + 2, x0:x0 + 4]
    r3 = P[y0 + 3, x0:x0 + 4]
    if (lv.shape[0] != 16 or sc.shape[0] != 16 or b.shape[0] != 16 or r0.shape[0] != 4
            or r1.shape[0] != 4 or r2.shape[0] != 4 or r3.shape[0] != 4):
        return
    shl, rnd, shr = _scaling(qp, 4)
    for i in range(0, 16, 4):
        if i == 0 and first == 1:
            d0 = d00
        else:
            d0 = ((lv[i] * sc[i] << shl) + rnd) >> shr
        d1 = ((lv[i + 1] * sc[i + 1] << shl) + rnd) >> shr
        d2 = ((lv[i + 2] * sc[i + 2] << shl) + rnd) >> shr
        d3 = ((lv[i + 3] * sc[i + 3] << shl) + rnd) >> shr
        e0 = d0 + d2
        e1 = d0 - d2
        e2 = (d1 >> 1) - d3
        e3 = d1 + (d3 >> 1)
        b[i] = e0 + e3
        b[i + 1] = e1 + e2
        b[i + 2] = e1 - e2
        b[i + 3] = e0 - e3
    for j in range(4):
        f0 = b[j]
        f1 = b[4 + j]
        f2 = b[8 + j]
        f3 = b[12 + j]
        g0 = f0 + f2 + 32
        g1 = f0 - f2 + 32
        g2 = (f1 >> 1) - f3
        g3 = f1 + (f3 >> 1)
        r0[j] = _clip1(r0[j] + ((g0 + g3) >> 6))
        r1[j] = _clip1(r1[j] + ((g1 + g2) >> 6))
        r2[j] = _clip1(r2[j] + ((g1 - g2) >> 6))
        r3[j] = _clip1(r3[j] + ((g0 - g3) >> 6))


@leaf
def _idct8_1d(d0, d1, d2, d3, d4, d5, d6, d7):
    """One 8-point inverse transform (8.5.13.2), on scalars so that it compiles inline."""
    a0 = d0 + d4
    a4 = d0 - d4
    a2 = (d2 >> 1) - d6
    a6 = d2 + (d6 >> 1)
    b0 = a0 + a6
    b2 = a4 + a2
    b4 = a4 - a2
    b6 = a0 - a6
    a1 = -d3 + d5 - d7 - (d7 >> 1)
    a3 = d1 + d7 - d3 - (d3 >> 1)
    a5 = -d1 + d7 + d5 + (d5 >> 1)
    a7 = d3 + d5 + d1 + (d1 >> 1)
    b1 = a1 + (a7 >> 2)
    b7 = a7 - (a1 >> 2)
    b3 = a3 + (a5 >> 2)
    b5 = (a3 >> 2) - a5
    return b0 + b7, b2 + b5, b4 + b3, b6 + b1, b6 - b1, b4 - b3, b2 - b5, b0 - b7


@leaf
def residual8_add(levels, off, ls, qp, P, x0, y0, blk):
    """Reconstruct one 8x8 block onto the prediction in P at (x0, y0): levels[off..off+64]
    scaled (8.5.13.1; ls = LevelScale8x8 of qP % 6), inverse transformed rows first
    (8.5.13.2), and (h + 32) >> 6 added with Clip1 (blk: int32 scratch of 64; slices
    checked once as in residual4_add)."""
    lv = levels[off:off + 64]
    sc = ls[0:64]
    b = blk[0:64]
    if lv.shape[0] != 64 or sc.shape[0] != 64 or b.shape[0] != 64:
        return
    for k in range(8):
        if P[y0 + k, x0:x0 + 8].shape[0] != 8:
            return
    shl, rnd, shr = _scaling(qp, 6)
    for i in range(0, 64, 8):
        f = _idct8_1d(((lv[i] * sc[i] << shl) + rnd) >> shr,
                      ((lv[i + 1] * sc[i + 1] << shl) + rnd) >> shr,
                      ((lv[i + 2] * sc[i + 2] << shl) + rnd) >> shr,
                      ((lv[i + 3] * sc[i + 3] << shl) + rnd) >> shr,
                      ((lv[i + 4] * sc[i + 4] << shl) + rnd) >> shr,
                      ((lv[i + 5] * sc[i + 5] << shl) + rnd) >> shr,
                      ((lv[i + 6] * sc[i + 6] << shl) + rnd) >> shr,
                      ((lv[i + 7] * sc[i + 7] << shl) + rnd) >> shr)
        for k in range(8):
            b[i + k] = f[k]
    for j in range(8):
        g = _idct8_1d(b[j], b[8 + j], b[16 + j], b[24 + j], b[32 + j], b[40 + j], b[48 + j],
                      b[56 + j])
        b[j] = g[0]
        b[8 + j] = g[1]
        b[16 + j] = g[2]
        b[24 + j] = g[3]
        b[32 + j] = g[4]
        b[40 + j] = g[5]
        b[48 + j] = g[6]
        b[56 + j] = g[7]
    for k in range(8):
        row = P[y0 + k, x0:x0 + 8]
        if row.shape[0] != 8:
            return
        for j in range(8):
            row[j] = _clip1(row[j] + ((b[8 * k + j] + 32) >> 6))


@leaf
def luma_dc(levels, off, ls00, qp, dc):
    """Intra_16x16 DC: Hadamard transform of the 4x4 DC levels at levels[off..off+16] and
    their scaling (8.5.10) into dc[0..16] (raster: entry 4*r + c is the DC of the 4x4
    block at x = 4c, y = 4r); ls00 = LevelScale4x4(qP % 6, 0, 0)."""
    for i in range(4):
        o = off + 4 * i
        c0 = levels[o]
        c1 = levels[o + 1]
        c2 = levels[o + 2]
        c3 = levels[o + 3]
        e0 = c0 + c1
        e1 = c0 - c1
        e2 = c2 + c3
        e3 = c2 - c3
        dc[4 * i] = e0 + e2
        dc[4 * i + 1] = e0 - e2
        dc[4 * i + 2] = e1 - e3
        dc[4 * i + 3] = e1 + e3
    q6 = qp // 6
    for j in range(4):
        f0 = dc[j]
        f1 = dc[4 + j]
        f2 = dc[8 + j]
        f3 = dc[12 + j]
        e0 = f0 + f1
        e1 = f0 - f1
        e2 = f2 + f3
        e3 = f2 - f3
        g0 = e0 + e2
        g1 = e0 - e2
        g2 = e1 - e3
        g3 = e1 + e3
        if q6 >= 6:
            sh = q6 - 6
            dc[j] = (g0 * ls00) << sh
            dc[4 + j] = (g1 * ls00) << sh
            dc[8 + j] = (g2 * ls00) << sh
            dc[12 + j] = (g3 * ls00) << sh
        else:
            sh = 6 - q6
            rnd = 1 << (5 - q6)
            dc[j] = (g0 * ls00 + rnd) >> sh
            dc[4 + j] = (g1 * ls00 + rnd) >> sh
            dc[8 + j] = (g2 * ls00 + rnd) >> sh
            dc[12 + j] = (g3 * ls00 + rnd) >> sh


@leaf
def chroma_dc(levels, off, ls00, qp, dc):
    """4:2:0 chroma DC: 2x2 transform of levels[off..off+4] (raster) and scaling (8.5.11)
    into dc[0..4] (chroma4x4BlkIdx order); qp = QP'c, ls00 = LevelScale4x4(qp % 6, 0, 0)."""
    c0 = levels[off]
    c1 = levels[off + 1]
    c2 = levels[off + 2]
    c3 = levels[off + 3]
    s01 = c0 + c1
    d01 = c0 - c1
    s23 = c2 + c3
    d23 = c2 - c3
    q6 = qp // 6
    dc[0] = ((s01 + s23) * ls00 << q6) >> 5
    dc[1] = ((d01 + d23) * ls00 << q6) >> 5
    dc[2] = ((s01 - s23) * ls00 << q6) >> 5
    dc[3] = ((d01 - d23) * ls00 << q6) >> 5


@leaf
def add_dc4(P, x0, y0, d00):
    """A 4x4 block whose only non-zero scaled coefficient is d00: every residual sample is
    (d00 + 32) >> 6 (what residual4_add gives for such a block)."""
    r = (d00 + 32) >> 6
    if r != 0:
        for y in range(4):
            row = P[y0 + y, x0:x0 + 4]
            if row.shape[0] != 4:
                return
            for x in range(4):
                row[x] = _clip1(row[x] + r)
