"""H.264 inter prediction samples (ITU-T H.264 8.4.2): the prediction of every inter macroblock
of one slice, written into the current picture's planes (the residual is added afterwards by
`recon_jit`).

Luma: quarter-sample interpolation (8.4.2.2.1: the 6-tap filter for half samples, the centre
one from the unrounded intermediates, quarter samples the rounded average of the two nearest);
chroma (4:2:0): eighth-sample bilinear interpolation (8.4.2.2.2). Reference samples outside
the picture are those of its nearest edge (the coordinates are clamped, 8-4.2.2.1's Clip3),
over the whole decoded (uncropped) picture. Each sample depends only on its own position and
motion vector, so blocks are predicted in the largest square whose 4x4 blocks share reference
and motion (16x16, 8x8, else 4x4): the result is the same as partition by partition.

A block predicted from both lists (B slices) is the rounded average of the two predictions
(8.4.2.3.1), or their explicit weighted sum (8.4.2.3.2: weights[list, ref_idx] holds the flag
and the (log2 denominator, weight, offset) of luma and each chroma plane, the same for one
list) or the implicit one (weighted_bipred_idc 2: `implicit[ref_idx0, ref_idx1]` is w0, w1 = 64
- w0, denominator 5, no offsets; single-list blocks are then unweighted).

The decoded pictures live in one pool (pool_y[slot], ...); ref_slot[list, ref_idx] names the
slot of each reference of the slice (-1: none, an error).
"""
from __future__ import annotations

import numpy as np

from ...jit import kernel, leaf
from .layout import ERR_BITSTREAM, KIND_INTER, KIND_INTER8, KIND_SKIP

# weights[list, ref_idx, W_*]
W_ON = 0            # explicit weighting applies to this reference
W_LUMA_DENOM = 1    # luma_log2_weight_denom
W_LUMA = 2          # luma weight, offset
W_CHROMA_DENOM = 4  # chroma_log2_weight_denom
W_CB = 5            # Cb weight, offset
W_CR = 7            # Cr weight, offset
W_STRIDE = 10


@leaf
def _clamp(v, hi):
    return 0 if v < 0 else (hi if v > hi else v)


@leaf
def _clip8(v):
    return 0 if v < 0 else (255 if v > 255 else v)


@leaf
def _tap(a, b, c, d, e, f):
    return a - 5 * (b + e) + 20 * (c + d) + f


@leaf
def _h1(win, x, y):
    """Horizontal 6-tap intermediate (unrounded) of the half sample right of win[y, x]."""
    return _tap(win[y, x - 2], win[y, x - 1], win[y, x], win[y, x + 1], win[y, x + 2],
                win[y, x + 3])


@leaf
def _v1(win, x, y):
    """Vertical 6-tap intermediate of the half sample below win[y, x]."""
    return _tap(win[y - 2, x], win[y - 1, x], win[y, x], win[y + 1, x], win[y + 2, x],
                win[y + 3, x])


@leaf
def _half_h(win, x, y):
    return _clip8((_h1(win, x, y) + 16) >> 5)


@leaf
def _half_v(win, x, y):
    return _clip8((_v1(win, x, y) + 16) >> 5)


@leaf
def _centre(win, x, y):
    j1 = _tap(_h1(win, x, y - 2), _h1(win, x, y - 1), _h1(win, x, y), _h1(win, x, y + 1),
              _h1(win, x, y + 2), _h1(win, x, y + 3))
    return _clip8((j1 + 512) >> 10)


@leaf
def _luma_sample(win, x, y, fx, fy):
    """The luma prediction at quarter offset (fx, fy) from the integer sample win[y, x]
    (Table 8-12)."""
    if fy == 0:
        if fx == 0:
            return win[y, x]
        b = _half_h(win, x, y)
        if fx == 1:
            return (win[y, x] + b + 1) >> 1
        if fx == 2:
            return b
        return (win[y, x + 1] + b + 1) >> 1
    if fx == 0:
        h = _half_v(win, x, y)
        if fy == 1:
            return (win[y, x] + h + 1) >> 1
        if fy == 2:
            return h
        return (win[y + 1, x] + h + 1) >> 1
    if fx == 2:
        j = _centre(win, x, y)
        if fy == 2:
            return j
        if fy == 1:
            return (_half_h(win, x, y) + j + 1) >> 1
        return (_half_h(win, x, y + 1) + j + 1) >> 1
    if fy == 2:
        j = _centre(win, x, y)
        if fx == 1:
            return (_half_v(win, x, y) + j + 1) >> 1
        return (_half_v(win, x + 1, y) + j + 1) >> 1
    # the diagonal quarter positions e, g, p, r: average of a horizontal and a vertical half
    hb = _half_h(win, x, y + (1 if fy == 3 else 0))
    hv = _half_v(win, x + (1 if fx == 3 else 0), y)
    return (hb + hv + 1) >> 1


@leaf
def _luma_block(ref, x0, y0, size, mvx, mvy, win, out):
    """The size x size luma prediction at (x0, y0) from ref with motion (mvx, mvy) into
    out[0:size, 0:size]."""
    height = ref.shape[0] - 1
    width = ref.shape[1] - 1
    ix = x0 + (mvx >> 2)
    iy = y0 + (mvy >> 2)
    fx = mvx & 3
    fy = mvy & 3
    for j in range(size + 5):
        row = ref[_clamp(iy - 2 + j, height)]
        for i in range(size + 5):
            win[j, i] = row[_clamp(ix - 2 + i, width)]
    for y in range(size):
        for x in range(size):
            out[y, x] = _luma_sample(win, x + 2, y + 2, fx, fy)


@leaf
def _chroma_block(ref, x0, y0, size, mvx, mvy, win, out):
    """The size x size chroma prediction at (x0, y0) (chroma samples) with the luma motion
    vector (mvx, mvy), in eighth chroma samples for 4:2:0, into out[0:size, 0:size]."""
    height = ref.shape[0] - 1
    width = ref.shape[1] - 1
    ix = x0 + (mvx >> 3)
    iy = y0 + (mvy >> 3)
    fx = mvx & 7
    fy = mvy & 7
    for j in range(size + 1):
        row = ref[_clamp(iy + j, height)]
        for i in range(size + 1):
            win[j, i] = row[_clamp(ix + i, width)]
    c00 = (8 - fx) * (8 - fy)
    c01 = fx * (8 - fy)
    c10 = (8 - fx) * fy
    c11 = fx * fy
    for y in range(size):
        for x in range(size):
            out[y, x] = (c00 * win[y, x] + c01 * win[y, x + 1] + c10 * win[y + 1, x]
                         + c11 * win[y + 1, x + 1] + 32) >> 6


@leaf
def _store(dst, x0, y0, size, p0, p1, use0, use1, mode, denom, w0, o0, w1, o1):
    """Write the (weighted) prediction: mode 0 plain (average for two lists), 1 explicit
    weights, 2 implicit (w0, w1 with denominator 5, unweighted for one list)."""
    if use0 and use1:
        if mode == 0:
            for y in range(size):
                out = dst[y0 + y]
                for x in range(size):
                    out[x0 + x] = (p0[y, x] + p1[y, x] + 1) >> 1
            return
        rnd = 1 << denom
        o = (o0 + o1 + 1) >> 1
        for y in range(size):
            out = dst[y0 + y]
            for x in range(size):
                out[x0 + x] = _clip8(((p0[y, x] * w0 + p1[y, x] * w1 + rnd) >> (denom + 1)) + o)
        return
    p = p0 if use0 else p1
    w = w0 if use0 else w1
    o = o0 if use0 else o1
    if mode != 1:
        for y in range(size):
            out = dst[y0 + y]
            for x in range(size):
                out[x0 + x] = p[y, x]
        return
    rnd = (1 << (denom - 1)) if denom > 0 else 0
    for y in range(size):
        out = dst[y0 + y]
        for x in range(size):
            out[x0 + x] = _clip8(((p[y, x] * w + rnd) >> denom) + o)


@leaf
def _uniform(ref_idx, mv, mb, x4, y4, n):
    """Whether the n x n 4x4 blocks from (x4, y4) share reference indices and motion."""
    k0 = 4 * y4 + x4
    for lst in range(2):
        r = ref_idx[mb, lst, 2 * (y4 >> 1) + (x4 >> 1)]
        for y in range(y4, y4 + n):
            for x in range(x4, x4 + n):
                if ref_idx[mb, lst, 2 * (y >> 1) + (x >> 1)] != r:
                    return False
                if r < 0:
                    continue
                k = 4 * y + x
                if (mv[mb, lst, k, 0] != mv[mb, lst, k0, 0]
                        or mv[mb, lst, k, 1] != mv[mb, lst, k0, 1]):
                    return False
    return True


@leaf
def _predict_block(mb, mb_x, mb_y, x4, y4, n, chroma, mode, ref_idx, mv, ref_slot, weights,
                   implicit, pool_y, pool_cb, pool_cr, Y, Cb, Cr, win, tmp):
    i8 = 2 * (y4 >> 1) + (x4 >> 1)
    k = 4 * y4 + x4
    r0 = ref_idx[mb, 0, i8]
    r1 = ref_idx[mb, 1, i8]
    s0 = -1
    s1 = -1
    for lst in range(2):
        r = ref_idx[mb, lst, i8]
        if r < 0:
            continue
        if r >= ref_slot.shape[1]:
            return False
        slot = np.int64(ref_slot[lst, r])
        if slot < 0 or slot >= pool_y.shape[0]:
            return False
        if lst == 0:
            s0 = slot
        else:
            s1 = slot
    use0 = r0 >= 0
    use1 = r1 >= 0
    if not use0 and not use1:
        return False
    lx = 16 * mb_x + 4 * x4
    ly = 16 * mb_y + 4 * y4
    for lst in range(2):
        if ref_idx[mb, lst, i8] >= 0:
            _luma_block(pool_y[s0 if lst == 0 else s1], lx, ly, 4 * n, np.int64(mv[mb, lst, k, 0]),
                        np.int64(mv[mb, lst, k, 1]), win, tmp[lst])
    q0 = max(r0, 0)
    q1 = max(r1, 0)
    m = mode
    if mode == 2:
        w0 = np.int64(implicit[q0, q1])
        w1 = 64 - w0
        _store(Y, lx, ly, 4 * n, tmp[0], tmp[1], use0, use1, m, 5, w0, 0, w1, 0)
    else:
        a = weights[0, q0]
        b = weights[1, q1]
        if (use0 and a[W_ON] != 0) or (use1 and b[W_ON] != 0):
            m = 1
        _store(Y, lx, ly, 4 * n, tmp[0], tmp[1], use0, use1, m,
               a[W_LUMA_DENOM] if use0 else b[W_LUMA_DENOM], a[W_LUMA], a[W_LUMA + 1],
               b[W_LUMA], b[W_LUMA + 1])
    if not chroma:
        return True
    cx = 8 * mb_x + 2 * x4
    cy = 8 * mb_y + 2 * y4
    for plane in range(2):
        pool = pool_cb if plane == 0 else pool_cr
        for lst in range(2):
            if ref_idx[mb, lst, i8] >= 0:
                _chroma_block(pool[s0 if lst == 0 else s1], cx, cy, 2 * n, np.int64(mv[mb, lst, k, 0]),
                              np.int64(mv[mb, lst, k, 1]), win, tmp[lst])
        dst = Cb if plane == 0 else Cr
        if mode == 2:
            w0 = np.int64(implicit[q0, q1])
            _store(dst, cx, cy, 2 * n, tmp[0], tmp[1], use0, use1, m, 5, w0, 0, 64 - w0, 0)
        else:
            a = weights[0, q0]
            b = weights[1, q1]
            c = W_CB if plane == 0 else W_CR
            _store(dst, cx, cy, 2 * n, tmp[0], tmp[1], use0, use1, m,
                   a[W_CHROMA_DENOM] if use0 else b[W_CHROMA_DENOM], a[c], a[c + 1], b[c],
                   b[c + 1])
    return True


@kernel("int64(int64, int64, int64, int64, int64, int8[:], int8[:, :, :], int32[:, :, :, :], "
        "int32[:, :], int32[:, :, :], int32[:, :], uint8[:, :, :], uint8[:, :, :], "
        "uint8[:, :, :], uint8[:, :], uint8[:, :], uint8[:, :])")
def predict_inter_slice(mb_start, mb_count, mb_width, chroma_format, mode, mb_kind, ref_idx, mv,
                        ref_slot, weights, implicit, pool_y, pool_cb, pool_cr, Y, Cb, Cr):
    """Write the inter prediction of every inter macroblock of mb_start .. mb_start + mb_count
    - 1 into Y (and Cb, Cr for chroma_format 1); mode 2: implicit bi-prediction weights, else
    those of `weights` where flagged. 0, or ERR_BITSTREAM when a reference index names no
    picture or the arrays disagree."""
    end = mb_start + mb_count
    if (mb_width <= 0 or mb_start < 0 or mb_count < 0 or mb_kind.shape[0] < end
            or ref_idx.shape[0] < end or ref_idx.shape[1] < 2 or ref_idx.shape[2] < 4
            or mv.shape[0] < end or mv.shape[1] < 2 or mv.shape[2] < 16 or mv.shape[3] < 2
            or ref_slot.shape[0] < 2 or weights.shape[0] < 2
            or weights.shape[1] < ref_slot.shape[1] or weights.shape[2] < W_STRIDE
            or implicit.shape[0] < ref_slot.shape[1] or implicit.shape[1] < ref_slot.shape[1]
            or pool_y.shape[1] != Y.shape[0] or pool_y.shape[2] != Y.shape[1]):
        return ERR_BITSTREAM
    chroma = chroma_format == 1
    if chroma and (pool_cb.shape[0] < pool_y.shape[0] or pool_cr.shape[0] < pool_y.shape[0]
                   or pool_cb.shape[1] != Cb.shape[0] or pool_cb.shape[2] != Cb.shape[1]
                   or pool_cr.shape[1] != Cr.shape[0] or pool_cr.shape[2] != Cr.shape[1]
                   or 2 * Cb.shape[0] != Y.shape[0] or 2 * Cb.shape[1] != Y.shape[1]):
        return ERR_BITSTREAM
    for lst in range(2):
        for wt in range(weights.shape[1]):
            if weights[lst, wt, W_LUMA_DENOM] > 7 or weights[lst, wt, W_CHROMA_DENOM] > 7 \
                    or weights[lst, wt, W_LUMA_DENOM] < 0 or weights[lst, wt, W_CHROMA_DENOM] < 0:
                return ERR_BITSTREAM
    rows = (end - 1) // mb_width + 1 if mb_count else 0
    if Y.shape[1] < 16 * mb_width or Y.shape[0] < 16 * rows:
        return ERR_BITSTREAM
    win = np.zeros((21, 21), np.int64)
    tmp = np.zeros((2, 16, 16), np.int64)
    for mb in range(mb_start, end):
        kind = mb_kind[mb]
        if kind != KIND_INTER and kind != KIND_INTER8 and kind != KIND_SKIP:
            continue
        mb_x = mb % mb_width
        mb_y = mb // mb_width
        if _uniform(ref_idx, mv, mb, 0, 0, 4):
            if not _predict_block(mb, mb_x, mb_y, 0, 0, 4, chroma, mode, ref_idx, mv, ref_slot,
                                  weights, implicit, pool_y, pool_cb, pool_cr, Y, Cb, Cr, win,
                                  tmp):
                return ERR_BITSTREAM
            continue
        for i8 in range(4):
            x8 = 2 * (i8 & 1)
            y8 = 2 * (i8 >> 1)
            if _uniform(ref_idx, mv, mb, x8, y8, 2):
                if not _predict_block(mb, mb_x, mb_y, x8, y8, 2, chroma, mode, ref_idx, mv,
                                      ref_slot, weights, implicit, pool_y, pool_cb, pool_cr, Y,
                                      Cb, Cr, win, tmp):
                    return ERR_BITSTREAM
                continue
            for i4 in range(4):
                if not _predict_block(mb, mb_x, mb_y, x8 + (i4 & 1), y8 + (i4 >> 1), 1, chroma,
                                      mode, ref_idx, mv, ref_slot, weights, implicit, pool_y,
                                      pool_cb, pool_cr, Y, Cb, Cr, win, tmp):
                    return ERR_BITSTREAM
    return 0
