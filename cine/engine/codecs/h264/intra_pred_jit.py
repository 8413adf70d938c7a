"""H.264 intra prediction (ITU-T H.264 8.3.1.2, 8.3.2.2, 8.3.3, 8.3.4; 8-bit samples, 4:2:0
chroma), written straight into the picture plane.

Each predictor reads its neighbouring samples from the plane (the already reconstructed,
not yet deblocked picture) and writes the prediction over the block; reconstruction then adds
the residual in place. Availability arrives as flags computed by the caller (`AV_*` bits):
left column, top row, top-left corner sample, top-right samples. Neighbour samples are
gathered into a scratch `ref` (int32, >= REF_SIZE) laid out so that p[x, -1] = ref[T + x]
and p[-1, y] = ref[L + y] for x, y >= -1 (the corner is stored at both ends), which lets
the standard's formulas index it directly. A predictor returns 0, or ERR_MODE when the mode
needs a sample that is not available (a stream the standard forbids).
"""
from __future__ import annotations

import numpy as np

from ...jit import leaf

AV_LEFT = 1
AV_TOP = 2
AV_TOPLEFT = 4
AV_TOPRIGHT = 8

ERR_MODE = -1

T = 1          # p[x, -1] = ref[T + x], x = -1..15
L = 34         # p[-1, y] = ref[L + y], y = -1..15
FILTERED = 64  # Intra_8x8 keeps the filtered samples p' at FILTERED + the same layout
REF_SIZE = 128

# which neighbours each 4x4 / 8x8 mode needs (Vertical, Horizontal, DC, DDL, DDR, VR, HD, VL, HU)
_NEEDS = np.array((AV_TOP, AV_LEFT, 0, AV_TOP, AV_TOP | AV_LEFT | AV_TOPLEFT,
                   AV_TOP | AV_LEFT | AV_TOPLEFT, AV_TOP | AV_LEFT | AV_TOPLEFT, AV_TOP,
                   AV_LEFT), np.int64)


@leaf
def _clip1(v):
    return 0 if v < 0 else (255 if v > 255 else v)


@leaf
def _gather(P, x0, y0, n, avail, ref):
    """Copy the available neighbours of the n x n block at (x0, y0) into ref: n samples of
    the row above, n of the column to the left, the corner."""
    if avail & AV_TOP:
        for k in range(n):
            ref[T + k] = P[y0 - 1, x0 + k]
    if avail & AV_LEFT:
        for k in range(n):
            ref[L + k] = P[y0 + k, x0 - 1]
    if avail & AV_TOPLEFT:
        c = P[y0 - 1, x0 - 1]
        ref[T - 1] = c
        ref[L - 1] = c


@leaf
def _directional(P, x0, y0, n, mode, ref, b):
    """Modes 0..8 of Intra_4x4 (n = 4) and Intra_8x8 (n = 8, ref already filtered) except
    DC, with p[x, -1] = ref[b + T + x] and p[-1, y] = ref[b + L + y]."""
    t = b + T
    l = b + L
    if mode == 0:      # Vertical
        for y in range(n):
            row = P[y0 + y, x0:x0 + n]
            for x in range(n):
                row[x] = ref[t + x]
    elif mode == 1:    # Horizontal
        for y in range(n):
            row = P[y0 + y, x0:x0 + n]
            v = ref[l + y]
            for x in range(n):
                row[x] = v
    elif mode == 3:    # Diagonal_Down_Left
        for y in range(n):
            row = P[y0 + y, x0:x0 + n]
            for x in range(n):
                k = x + y
                if k == 2 * n - 2:
                    v = (ref[t + k] + 3 * ref[t + k + 1] + 2) >> 2
                else:
                    v = (ref[t + k] + 2 * ref[t + k + 1] + ref[t + k + 2] + 2) >> 2
                row[x] = v
    elif mode == 4:    # Diagonal_Down_Right
        for y in range(n):
            row = P[y0 + y, x0:x0 + n]
            for x in range(n):
                if x > y:
                    k = x - y
                    v = (ref[t + k - 2] + 2 * ref[t + k - 1] + ref[t + k] + 2) >> 2
                elif x < y:
                    k = y - x
                    v = (ref[l + k - 2] + 2 * ref[l + k - 1] + ref[l + k] + 2) >> 2
                else:
                    v = (ref[t] + 2 * ref[t - 1] + ref[l] + 2) >> 2
                row[x] = v
    elif mode == 5:    # Vertical_Right
        for y in range(n):
            row = P[y0 + y, x0:x0 + n]
            for x in range(n):
                z = 2 * x - y
                if z >= 0:
                    k = x - (y >> 1)
                    if z & 1 == 0:
                        v = (ref[t + k - 1] + ref[t + k] + 1) >> 1
                    else:
                        v = (ref[t + k - 2] + 2 * ref[t + k - 1] + ref[t + k] + 2) >> 2
                elif z == -1:
                    v = (ref[l] + 2 * ref[l - 1] + ref[t] + 2) >> 2
                else:
                    k = y - 2 * x
                    v = (ref[l + k - 1] + 2 * ref[l + k - 2] + ref[l + k - 3] + 2) >> 2
                row[x] = v
    elif mode == 6:    # Horizontal_Down
        for y in range(n):
            row = P[y0 + y, x0:x0 + n]
            for x in range(n):
                z = 2 * y - x
                if z >= 0:
                    k = y - (x >> 1)
                    if z & 1 == 0:
                        v = (ref[l + k - 1] + ref[l + k] + 1) >> 1
                    else:
                        v = (ref[l + k - 2] + 2 * ref[l + k - 1] + ref[l + k] + 2) >> 2
                elif z == -1:
                    v = (ref[l] + 2 * ref[l - 1] + ref[t] + 2) >> 2
                else:
                    k = x - 2 * y
                    v = (ref[t + k - 1] + 2 * ref[t + k - 2] + ref[t + k - 3] + 2) >> 2
                row[x] = v
    elif mode == 7:    # Vertical_Left
        for y in range(n):
            row = P[y0 + y, x0:x0 + n]
            for x in range(n):
                k = x + (y >> 1)
                if y & 1 == 0:
                    v = (ref[t + k] + ref[t + k + 1] + 1) >> 1
                else:
                    v = (ref[t + k] + 2 * ref[t + k + 1] + ref[t + k + 2] + 2) >> 2
                row[x] = v
    else:              # 8: Horizontal_Up
        last = 2 * n - 3
        for y in range(n):
            row = P[y0 + y, x0:x0 + n]
            for x in range(n):
                z = x + 2 * y
                k = y + (x >> 1)
                if z > last:
                    v = ref[l + n - 1]
                elif z == last:
                    v = (ref[l + n - 2] + 3 * ref[l + n - 1] + 2) >> 2
                elif z & 1 == 0:
                    v = (ref[l + k] + ref[l + k + 1] + 1) >> 1
                else:
                    v = (ref[l + k] + 2 * ref[l + k + 1] + ref[l + k + 2] + 2) >> 2
                row[x] = v


@leaf
def _dc(P, x0, y0, n, shift, avail, ref, b):
    """DC prediction of an n x n block from n top and n left samples (shift = log2(2n))."""
    s = 0
    if avail & AV_TOP and avail & AV_LEFT:
        for k in range(n):
            s += ref[b + T + k] + ref[b + L + k]
        v = (s + n) >> shift
    elif avail & AV_LEFT:
        for k in range(n):
            s += ref[b + L + k]
        v = (s + (n >> 1)) >> (shift - 1)
    elif avail & AV_TOP:
        for k in range(n):
            s += ref[b + T + k]
        v = (s + (n >> 1)) >> (shift - 1)
    else:
        v = 128
    for y in range(n):
        row = P[y0 + y, x0:x0 + n]
        for x in range(n):
            row[x] = v


@leaf
def _filter8(avail, ref):
    """The reference sample filtering of 8.3.2.2.1: ref[T..] / ref[L..] -> ref[FILTERED + ...]."""
    t = T
    l = L
    ft = FILTERED + T
    fl = FILTERED + L
    has_tl = avail & AV_TOPLEFT
    if avail & AV_TOP:
        if has_tl:
            ref[ft] = (ref[t - 1] + 2 * ref[t] + ref[t + 1] + 2) >> 2
        else:
            ref[ft] = (3 * ref[t] + ref[t + 1] + 2) >> 2
        for x in range(1, 15):
            ref[ft + x] = (ref[t + x - 1] + 2 * ref[t + x] + ref[t + x + 1] + 2) >> 2
        ref[ft + 15] = (ref[t + 14] + 3 * ref[t + 15] + 2) >> 2
    if has_tl:
        c = ref[t - 1]
        if avail & AV_TOP and avail & AV_LEFT:
            v = (ref[t] + 2 * c + ref[l] + 2) >> 2
        elif avail & AV_TOP:
            v = (3 * c + ref[t] + 2) >> 2
        elif avail & AV_LEFT:
            v = (3 * c + ref[l] + 2) >> 2
        else:
            v = c
        ref[ft - 1] = v
        ref[fl - 1] = v
    if avail & AV_LEFT:
        if has_tl:
            ref[fl] = (ref[l - 1] + 2 * ref[l] + ref[l + 1] + 2) >> 2
        else:
            ref[fl] = (3 * ref[l] + ref[l + 1] + 2) >> 2
        for y in range(1, 7):
            ref[fl + y] = (ref[l + y - 1] + 2 * ref[l + y] + ref[l + y + 1] + 2) >> 2
        ref[fl + 7] = (ref[l + 6] + 3 * ref[l + 7] + 2) >> 2


@leaf
def pred_nxn(P, x0, y0, n, mode, avail, ref):
    """Intra_4x4 (n = 4, 8.3.1.2) or Intra_8x8 (n = 8, with the reference sample filtering
    of 8.3.2.2.1) prediction of the block at (x0, y0). Missing top-right samples are
    substituted by p[n - 1, -1]."""
    if mode < 0 or mode > 8 or (_NEEDS[mode] & avail) != _NEEDS[mode]:
        return ERR_MODE
    # the neighbours (gathered here rather than by _gather: this runs for every block)
    if avail & AV_TOP:
        for k in range(n):
            ref[T + k] = P[y0 - 1, x0 + k]
        if avail & AV_TOPRIGHT:
            for k in range(n, 2 * n):
                ref[T + k] = P[y0 - 1, x0 + k]
        else:
            v = ref[T + n - 1]
            for k in range(n, 2 * n):
                ref[T + k] = v
    if avail & AV_LEFT:
        for k in range(n):
            ref[L + k] = P[y0 + k, x0 - 1]
    if avail & AV_TOPLEFT:
        c = P[y0 - 1, x0 - 1]
        ref[T - 1] = c
        ref[L - 1] = c
    b = 0
    if n == 8:
        _filter8(avail, ref)
        b = FILTERED
    if mode == 2:
        _dc(P, x0, y0, n, 3 if n == 4 else 4, avail, ref, b)
    else:
        _directional(P, x0, y0, n, mode, ref, b)
    return 0


@leaf
def _plane(P, x0, y0, n, scale, ref):
    """Plane prediction of an n x n block (n = 16 luma: scale 5; n = 8 4:2:0 chroma: 34)."""
    h = n >> 1
    hsum = 0
    vsum = 0
    for k in range(h):
        hsum += (k + 1) * (ref[T + h + k] - ref[T + h - 2 - k])
        vsum += (k + 1) * (ref[L + h + k] - ref[L + h - 2 - k])
    a = 16 * (ref[L + n - 1] + ref[T + n - 1])
    b = (scale * hsum + 32) >> 6
    c = (scale * vsum + 32) >> 6
    for y in range(n):
        row = P[y0 + y, x0:x0 + n]
        base = a + c * (y - (h - 1)) + 16
        for x in range(n):
            row[x] = _clip1((base + b * (x - (h - 1))) >> 5)


@leaf
def pred16x16(P, x0, y0, mode, avail, ref):
    """Intra_16x16 prediction of the macroblock at (x0, y0) (8.3.3)."""
    if mode == 0:
        need = AV_TOP
    elif mode == 1:
        need = AV_LEFT
    elif mode == 2:
        need = 0
    elif mode == 3:
        need = AV_TOP | AV_LEFT | AV_TOPLEFT
    else:
        return ERR_MODE
    if (need & avail) != need:
        return ERR_MODE
    _gather(P, x0, y0, 16, avail, ref)
    if mode == 0:
        for y in range(16):
            row = P[y0 + y, x0:x0 + 16]
            for x in range(16):
                row[x] = ref[T + x]
    elif mode == 1:
        for y in range(16):
            row = P[y0 + y, x0:x0 + 16]
            v = ref[L + y]
            for x in range(16):
                row[x] = v
    elif mode == 2:
        _dc(P, x0, y0, 16, 5, avail, ref, 0)
    else:
        _plane(P, x0, y0, 16, 5, ref)
    return 0


@leaf
def _chroma_dc_value(xo, yo, avail, st, sl):
    """DC of the 4x4 chroma block at offset (xo, yo) of a 4:2:0 macroblock (8.3.4.1-3), from
    the sums of its 4 top (st) and 4 left (sl) neighbours."""
    has_top = avail & AV_TOP
    has_left = avail & AV_LEFT
    if (xo == 0 and yo == 0) or (xo > 0 and yo > 0):
        if has_top and has_left:
            return (st + sl + 4) >> 3
        if has_left:
            return (sl + 2) >> 2
        if has_top:
            return (st + 2) >> 2
        return 128
    if xo > 0:
        if has_top:
            return (st + 2) >> 2
        if has_left:
            return (sl + 2) >> 2
        return 128
    if has_left:
        return (sl + 2) >> 2
    if has_top:
        return (st + 2) >> 2
    return 128


@leaf
def pred_chroma(P, x0, y0, mode, avail, ref):
    """4:2:0 chroma prediction of the 8x8 block at (x0, y0) (8.3.4); mode is
    intra_chroma_pred_mode: 0 DC, 1 Horizontal, 2 Vertical, 3 Plane."""
    if mode == 0:
        need = 0
    elif mode == 1:
        need = AV_LEFT
    elif mode == 2:
        need = AV_TOP
    elif mode == 3:
        need = AV_TOP | AV_LEFT | AV_TOPLEFT
    else:
        return ERR_MODE
    if (need & avail) != need:
        return ERR_MODE
    _gather(P, x0, y0, 8, avail, ref)
    if mode == 0:
        # sums of the top and left halves (a missing side's sum is never used)
        t0 = ref[T] + ref[T + 1] + ref[T + 2] + ref[T + 3]
        t1 = ref[T + 4] + ref[T + 5] + ref[T + 6] + ref[T + 7]
        l0 = ref[L] + ref[L + 1] + ref[L + 2] + ref[L + 3]
        l1 = ref[L + 4] + ref[L + 5] + ref[L + 6] + ref[L + 7]
        for k in range(4):
            xo = 4 * (k & 1)
            yo = 4 * (k >> 1)
            v = _chroma_dc_value(xo, yo, avail, t1 if xo else t0, l1 if yo else l0)
            for y in range(yo, yo + 4):
                row = P[y0 + y, x0:x0 + 8]
                for x in range(xo, xo + 4):
                    row[x] = v
    elif mode == 1:
        for y in range(8):
            row = P[y0 + y, x0:x0 + 8]
            v = ref[L + y]
            for x in range(8):
                row[x] = v
    elif mode == 2:
        for y in range(8):
            row = P[y0 + y, x0:x0 + 8]
            for x in range(8):
                row[x] = ref[T + x]
    else:
        _plane(P, x0, y0, 8, 34, ref)
    return 0
