"""YUV -> packed RGB kernels (the arithmetic is described in yuv2rgb.py and
yuv2rgb_coeffs.py):

- `simd_convert`: whole 8-bit planes at the same size, as libswscale's x86 converter of
  4:2:0 (and 4:2:2) pictures computes them: 16-bit lanes, products keep their high 16 bits,
  sums saturate, the result is clipped to 8 bits; two neighbouring pixels share a chroma
  sample, a chroma row serves the rows `y >> vshift`.
- `packed_rows`: the scaler's last step for packed RGB output: the vertical filters over the
  15-bit intermediates of the horizontal pass (luma at the output width, chroma at half of
  it), the C writers' rounding (the general filter, or the one- and two-tap shortcuts the
  reference takes where the filters allow), then the lookup tables: U and V clipped to 8
  bits, Y not (the table extends 512 entries either side).

`order` 0 writes R, G, B; 1 writes B, G, R. Every index is checked (status -1 when one is out
of range)."""
from __future__ import annotations

import numpy as np

from ..jit import kernel, leaf


@leaf
def _sat16(v):
    if v > 32767:
        return 32767
    if v < -32768:
        return -32768
    return v


@leaf
def _clip8(v):
    if v < 0:
        return 0
    if v > 255:
        return 255
    return v


@leaf
def _luma(v):
    # the luma table has 512 entries of headroom either side: unclipped values index it
    if v < -512:
        return -512
    if v > 767:
        return 767
    return v


@kernel("int64(uint8[:, :], uint8[:, :], uint8[:, :], int64, int64[:], int64, uint8[:, :])")
def simd_convert(ypl, upl, vpl, vshift, co, order, out):
    h = ypl.shape[0]
    w = ypl.shape[1]
    if co.shape[0] != 8 or out.shape[0] != h or out.shape[1] != w * 3:
        return -1
    if vshift < 0 or vshift > 1 or ((h - 1) >> vshift) >= upl.shape[0]:
        return -1
    if vpl.shape[0] != upl.shape[0] or upl.shape[1] < (w + 1) >> 1 \
            or vpl.shape[1] < (w + 1) >> 1:
        return -1
    yoff = co[0]
    yc = co[1]
    uoff = co[2]
    voff = co[3]
    ubc = co[4]
    vrc = co[5]
    ugc = co[6]
    vgc = co[7]
    ri = 0 if order == 0 else 2
    bi = 2 - ri
    for y in range(h):
        cy = y >> vshift
        for x in range(w):
            c = x >> 1
            u = _sat16(np.int64(upl[cy, c]) * 8 - uoff)
            v = _sat16(np.int64(vpl[cy, c]) * 8 - voff)
            yy = (((np.int64(ypl[y, x]) * 8 - yoff) & 0xFFFF) ^ 0x8000) - 0x8000
            yy = (yy * yc) >> 16
            ub = (u * ubc) >> 16
            vr = (v * vrc) >> 16
            g = _sat16(((u * ugc) >> 16) + ((v * vgc) >> 16))
            out[y, 3 * x + ri] = _clip8(_sat16(yy + vr))
            out[y, 3 * x + 1] = _clip8(_sat16(yy + g))
            out[y, 3 * x + bi] = _clip8(_sat16(yy + ub))
    return 0


@leaf
def _row_mode(ltaps, ctaps, lcoef, ccoef, y):
    """(mode, luma weight, chroma weight) of output row y: swscale's shortcuts for one- and
    two-tap vertical filters whose weights sum to 4096 (mode 1: one luma row, chroma one row
    or a blend; mode 2: two luma rows and two chroma rows blended), else 0, the general
    filter."""
    if ltaps == 1 and ctaps == 1:
        return 1, 0, 0
    if ltaps == 1 and ctaps == 2 and ccoef[y, 0] + ccoef[y, 1] == 4096 \
            and 0 <= ccoef[y, 1] <= 4096:
        return 1, 0, ccoef[y, 1]
    if ltaps == 2 and ctaps == 2 and lcoef[y, 0] + lcoef[y, 1] == 4096 \
            and 0 <= lcoef[y, 1] <= 4096 and ccoef[y, 0] + ccoef[y, 1] == 4096 \
            and 0 <= ccoef[y, 1] <= 4096:
        return 2, lcoef[y, 1], ccoef[y, 1]
    return 0, 0, 0


@leaf
def _taps_inside(lpos, ltaps, lrows, cpos, ctaps, crows, dst_h):
    """Every output row's vertical taps read input rows that exist."""
    for y in range(dst_h):
        if lpos[y] < 0 or lpos[y] + ltaps > lrows:
            return False
        if cpos[y] < 0 or cpos[y] + ctaps > crows:
            return False
    return True


@kernel("int64(int32[:, :], int32[:, :], int32[:, :], int32[:], int32[:, :], int32[:], "
        "int32[:, :], uint8[:], int32[:], int32[:], int32[:], int32[:], int64, int64, "
        "uint8[:, :])")
def packed_rows(lum, chu, chv, lpos, lcoef, cpos, ccoef, ytab, rv, gu, gv, bu, origin, order,
                out):
    dst_h = lpos.shape[0]
    lw = lum.shape[1]
    cw = chu.shape[1]
    ltaps = lcoef.shape[1]
    ctaps = ccoef.shape[1]
    w = out.shape[1] // 3
    if out.shape[0] != dst_h or lcoef.shape[0] != dst_h or cpos.shape[0] != dst_h \
            or ccoef.shape[0] != dst_h or w > lw or (w + 1) >> 1 > cw:
        return -1
    if chv.shape[0] != chu.shape[0] or chv.shape[1] != cw:
        return -1
    if rv.shape[0] != 256 or gu.shape[0] != 256 or gv.shape[0] != 256 or bu.shape[0] != 256:
        return -1
    lo = origin + min(rv.min(), gu.min() + gv.min(), bu.min())
    lo -= 512
    hi = origin + max(rv.max(), gu.max() + gv.max(), bu.max()) + 767
    if lo < 0 or hi >= ytab.shape[0]:
        return -1
    if not _taps_inside(lpos, ltaps, lum.shape[0], cpos, ctaps, chu.shape[0], dst_h):
        return -1
    ri = 0 if order == 0 else 2
    bi = 2 - ri
    yrow = np.empty(lw, dtype=np.int64)
    urow = np.empty(cw, dtype=np.int64)
    vrow = np.empty(cw, dtype=np.int64)
    for y in range(dst_h):
        lp = lpos[y]
        cp = cpos[y]
        mode, la, ca = _row_mode(ltaps, ctaps, lcoef, ccoef, y)
        if mode == 1:
            for x in range(w):
                yrow[x] = (np.int64(lum[lp, x]) + 64) >> 7
            for x in range((w + 1) >> 1):
                if ca < 2048:
                    urow[x] = (np.int64(chu[cp, x]) + 64) >> 7
                    vrow[x] = (np.int64(chv[cp, x]) + 64) >> 7
                else:
                    urow[x] = (np.int64(chu[cp, x]) + chu[cp + 1, x] + 128) >> 8
                    vrow[x] = (np.int64(chv[cp, x]) + chv[cp + 1, x] + 128) >> 8
        elif mode == 2:
            # (no rounding term in the two-tap writer)
            for x in range(w):
                yrow[x] = (np.int64(lum[lp, x]) * (4096 - la)
                           + np.int64(lum[lp + 1, x]) * la) >> 19
            for x in range((w + 1) >> 1):
                urow[x] = (np.int64(chu[cp, x]) * (4096 - ca)
                           + np.int64(chu[cp + 1, x]) * ca) >> 19
                vrow[x] = (np.int64(chv[cp, x]) * (4096 - ca)
                           + np.int64(chv[cp + 1, x]) * ca) >> 19
        else:
            for x in range(w):
                acc = np.int64(1 << 18)
                for j in range(ltaps):
                    acc += np.int64(lum[lp + j, x]) * lcoef[y, j]
                yrow[x] = acc >> 19
            for x in range((w + 1) >> 1):
                au = np.int64(1 << 18)
                av = np.int64(1 << 18)
                for j in range(ctaps):
                    au += np.int64(chu[cp + j, x]) * ccoef[y, j]
                    av += np.int64(chv[cp + j, x]) * ccoef[y, j]
                urow[x] = au >> 19
                vrow[x] = av >> 19
        for x in range(w):
            c = x >> 1
            u = _clip8(urow[c])
            v = _clip8(vrow[c])
            yy = _luma(yrow[x])
            out[y, 3 * x + ri] = ytab[origin + rv[v] + yy]
            out[y, 3 * x + 1] = ytab[origin + gu[u] + gv[v] + yy]
            out[y, 3 * x + bi] = ytab[origin + bu[u] + yy]
    return 0


@leaf
def _wrap32(v):
    # a C int's two's complement wrap-around (the sums are done in unsigned arithmetic)
    return ((v & 0xFFFFFFFF) ^ 0x80000000) - 0x80000000


@leaf
def _clip30(v):
    if v < 0:
        return 0
    if v > (1 << 30) - 1:
        return (1 << 30) - 1
    return v


@kernel("int64(int32[:, :], int32[:, :], int32[:, :], int32[:], int32[:, :], int32[:], "
        "int32[:, :], int64[:], int64, uint8[:, :])")
def full_rows(lum, chu, chv, lpos, lcoef, cpos, ccoef, co, order, out):
    """The full-chroma writers (chroma at the output width): 10-bit fractions, the 16-bit
    factors of `co` (y_offset, y_coeff, v2r, v2g, u2g, u2b), a rounding of 1 << 21, values
    clipped to 30 bits, the top 8 bits written."""
    dst_h = lpos.shape[0]
    ltaps = lcoef.shape[1]
    ctaps = ccoef.shape[1]
    w = out.shape[1] // 3
    if out.shape[0] != dst_h or lcoef.shape[0] != dst_h or cpos.shape[0] != dst_h \
            or ccoef.shape[0] != dst_h or w > lum.shape[1] or w > chu.shape[1] \
            or co.shape[0] != 6:
        return -1
    if chv.shape[0] != chu.shape[0] or chv.shape[1] != chu.shape[1]:
        return -1
    if not _taps_inside(lpos, ltaps, lum.shape[0], cpos, ctaps, chu.shape[0], dst_h):
        return -1
    ri = 0 if order == 0 else 2
    bi = 2 - ri
    for y in range(dst_h):
        lp = lpos[y]
        cp = cpos[y]
        mode, la, ca = _row_mode(ltaps, ctaps, lcoef, ccoef, y)
        for x in range(w):
            if mode == 1:
                yy = np.int64(lum[lp, x]) * 4
                if ca < 2048:
                    u = (np.int64(chu[cp, x]) - (128 << 7)) * 4
                    v = (np.int64(chv[cp, x]) - (128 << 7)) * 4
                else:
                    u = (np.int64(chu[cp, x]) + chu[cp + 1, x] - (128 << 8)) * 2
                    v = (np.int64(chv[cp, x]) + chv[cp + 1, x] - (128 << 8)) * 2
            elif mode == 2:
                yy = (np.int64(lum[lp, x]) * (4096 - la) + np.int64(lum[lp + 1, x]) * la) >> 10
                u = (np.int64(chu[cp, x]) * (4096 - ca) + np.int64(chu[cp + 1, x]) * ca
                     - (128 << 19)) >> 10
                v = (np.int64(chv[cp, x]) * (4096 - ca) + np.int64(chv[cp + 1, x]) * ca
                     - (128 << 19)) >> 10
            else:
                yy = np.int64(1 << 9)
                u = np.int64((1 << 9) - (128 << 19))
                v = np.int64((1 << 9) - (128 << 19))
                for j in range(ltaps):
                    yy += np.int64(lum[lp + j, x]) * lcoef[y, j]
                for j in range(ctaps):
                    u += np.int64(chu[cp + j, x]) * ccoef[y, j]
                    v += np.int64(chv[cp + j, x]) * ccoef[y, j]
                yy >>= 10
                u >>= 10
                v >>= 10
            yy = (yy - co[0]) * co[1] + (1 << 21)
            r = _wrap32(yy + v * co[2])
            g = _wrap32(yy + v * co[3] + u * co[4])
            b = _wrap32(yy + u * co[5])
            if (r | g | b) & 0xC0000000:
                r = _clip30(r)
                g = _clip30(g)
                b = _clip30(b)
            out[y, 3 * x + ri] = r >> 22
            out[y, 3 * x + 1] = g >> 22
            out[y, 3 * x + bi] = b >> 22
    return 0

