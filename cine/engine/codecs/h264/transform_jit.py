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
    first (8.5.12.2), and (h + 32) >> 6 added with Clip1."""
    shl, rnd, shr = _scaling(qp, 4)
    for i in range(0, 16, 4):
        o = off + i
        if i == 0 and first == 1:
            d0 = d00
        else:
            d0 = ((levels[o] * ls[i] << shl) + rnd) >> shr
        d1 = ((levels[o + 1] * ls[i + 1] << shl) + rnd) >> shr
        d2 = ((levels[o + 2] * ls[i + 2] << shl) + rnd) >> shr
        d3 = ((levels[o + 3] * ls[i + 3] << shl) + rnd) >> shr
        e0 = d0 + d2
        e1 = d0 - d2
        e2 = (d1 >> 1) - d3
        e3 = d1 + (d3 >> 1)
        blk[i] = e0 + e3
        blk[i + 1] = e1 + e2
        blk[i + 2] = e1 - e2
        blk[i + 3] = e0 - e3
    for j in range(4):
        f0 = blk[j]
        f1 = blk[4 + j]
        f2 = blk[8 + j]
        f3 = blk[12 + j]
        g0 = f0 + f2 + 32
        g1 = f0 - f2 + 32
        g2 = (f1 >> 1) - f3
        g3 = f1 + (f3 >> 1)
        x = x0 + j
        P[y0, x] = _clip1(P[y0, x] + ((g0 + g3) >> 6))
        P[y0 + 1, x] = _clip1(P[y0 + 1, x] + ((g1 + g2) >> 6))
        P[y0 + 2, x] = _clip1(P[y0 + 2, x] + ((g1 - g2) >> 6))
        P[y0 + 3, x] = _clip1(P[y0 + 3, x] + ((g0 - g3) >> 6))


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
    (8.5.13.2), and (h + 32) >> 6 added with Clip1."""
    shl, rnd, shr = _scaling(qp, 6)
    for i in range(0, 64, 8):
        o = off + i
        f = _idct8_1d(((levels[o] * ls[i] << shl) + rnd) >> shr,
                      ((levels[o + 1] * ls[i + 1] << shl) + rnd) >> shr,
                      ((levels[o + 2] * ls[i + 2] << shl) + rnd) >> shr,
                      ((levels[o + 3] * ls[i + 3] << shl) + rnd) >> shr,
                      ((levels[o + 4] * ls[i + 4] << shl) + rnd) >> shr,
                      ((levels[o + 5] * ls[i + 5] << shl) + rnd) >> shr,
                      ((levels[o + 6] * ls[i + 6] << shl) + rnd) >> shr,
                      ((levels[o + 7] * ls[i + 7] << shl) + rnd) >> shr)
        for k in range(8):
            blk[i + k] = f[k]
    for j in range(8):
        g = _idct8_1d(blk[j], blk[8 + j], blk[16 + j], blk[24 + j], blk[32 + j], blk[40 + j],
                      blk[48 + j], blk[56 + j])
        x = x0 + j
        for k in range(8):
            P[y0 + k, x] = _clip1(P[y0 + k, x] + ((g[k] + 32) >> 6))


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
            for x in range(4):
                P[y0 + y, x0 + x] = _clip1(P[y0 + y, x0 + x] + r)
