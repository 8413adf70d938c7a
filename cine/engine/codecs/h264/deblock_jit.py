"""The H.264 deblocking filter (ITU-T H.264 8.7) over one decoded picture, in place.

Macroblocks are filtered in address order, each one completely before the next, and every
edge reads the samples that earlier edges already modified: per macroblock the luma vertical
edges left to right, then the luma horizontal edges top to bottom, then the same for each
chroma plane (4:2:0: two edges each way, at chroma offsets 0 and 4). Horizontal edges are
filtered as vertical ones of the transposed plane (a view), so one routine does both.

Each edge is cut into four segments (four luma lines, two chroma lines) with their own
boundary strength bS, derived per macroblock by `_strength` (set directly for an intra
macroblock: 4 on its macroblock edges, 3 inside) into bs[direction, edge, segment] before any
sample is touched (0 = leave alone); a chroma segment takes the strength
of the luma segment it lies on. Edges whose alpha or beta is 0 are skipped, and so is a whole
macroblock whose QPs cannot reach a non-zero alpha and beta.

Frame macroblocks, 8-bit samples, chroma_format 0 (luma only) or 1 (4:2:0).
"""
from __future__ import annotations

import numpy as np

from ...jit import helper, kernel, leaf
from .deblock_tables import ALPHA, BETA, TC0_BS1, TC0_BS2, TC0_BS3
from .layout import (ERR_BITSTREAM, ERR_UNSUPPORTED, KIND_I8x8, KIND_INTER8, KIND_IPCM, KIND_NONE,
                     SP_CHROMA_QP_OFFSET, SP_CHROMA_QP_OFFSET2, SP_DISABLE_DEBLOCK,
                     SP_FILTER_OFFSET_A, SP_FILTER_OFFSET_B)
from .tables import CHROMA_QP

_ALPHA = np.array(ALPHA, np.int32)
_BETA = np.array(BETA, np.int32)
# _TC0[indexA, bS] for bS 1..3 (column 0, bS = 0, is never read)
_TC0 = np.array([(0, a, b, c) for a, b, c in zip(TC0_BS1, TC0_BS2, TC0_BS3)], np.int32)
_CHROMA_QP = np.array(CHROMA_QP, np.int32)
# the smallest indexA and indexB with a non-zero alpha and beta
_FIRST_ACTIVE = 16


@leaf
def _clip51(v):
    return 0 if v < 0 else (51 if v > 51 else v)


@leaf
def _chroma_qp(qp, offset):
    return _CHROMA_QP[_clip51(qp + offset)]


@leaf
def _is_intra(kind):
    return KIND_NONE < kind <= KIND_IPCM


@leaf
def _coded(mb_kind, nnz, mb, x, y):
    """The luma transform block holding 4x4 block (x, y) of macroblock mb has non-zero
    coefficients (the whole 8x8 for an 8x8 transform: its four nnz entries)."""
    if mb_kind[mb] == KIND_INTER8:
        k = 4 * (2 * (y >> 1) + (x >> 1))
        return nnz[mb, k] != 0 or nnz[mb, k + 1] != 0 or nnz[mb, k + 2] != 0 or nnz[mb, k + 3] != 0
    return nnz[mb, 8 * (y >> 1) + 4 * (x >> 1) + 2 * (y & 1) + (x & 1)] != 0


@leaf
def _far(mv, mb_p, lp, kp, mb_q, lq, kq):
    """The two vectors differ by 4 quarter samples or more in either component (an unused
    list's vector is zero)."""
    return (abs(mv[mb_p, lp, kp, 0] - mv[mb_q, lq, kq, 0]) >= 4
            or abs(mv[mb_p, lp, kp, 1] - mv[mb_q, lq, kq, 1]) >= 4)


@leaf
def _strength(mb_kind, nnz, ref_pic, mv, mb_p, mb_q, vertical, edge, segment):
    """bS (8.7.2.1, frame macroblocks) of segment `segment` (0..3) of luma edge `edge` of
    macroblock mb_q: edge 0 is the macroblock edge shared with mb_p (its left neighbour when
    `vertical`, else the one above), edges 1..3 lie inside mb_q (= mb_p), at 4 * edge samples.
    4 on a macroblock edge with an intra side, 3 inside one; else 2 when either 4x4 block's
    transform block has coefficients; else 1 when the blocks predict from other reference
    pictures (ref_pic: a picture's identity per list and 8x8 block, -1 unused; as a set, in
    either list order) or their motion vectors differ by 4 quarter samples or more; else 0.""" 
    if _is_intra(mb_kind[mb_p]) or _is_intra(mb_kind[mb_q]):
        return 4 if edge == 0 else 3
    if vertical:
        qx, qy, px, py = edge, segment, (edge - 1) & 3, segment
    else:
        qx, qy, px, py = segment, edge, segment, (edge - 1) & 3
    if _coded(mb_kind, nnz, mb_p, px, py) or _coded(mb_kind, nnz, mb_q, qx, qy):
        return 2
    kp = 4 * py + px
    kq = 4 * qy + qx
    bp = 2 * (py >> 1) + (px >> 1)
    bq = 2 * (qy >> 1) + (qx >> 1)
    p0 = ref_pic[mb_p, 0, bp]
    p1 = ref_pic[mb_p, 1, bp]
    q0 = ref_pic[mb_q, 0, bq]
    q1 = ref_pic[mb_q, 1, bq]
    if (p0 == q0 and p1 == q1 and not _far(mv, mb_p, 0, kp, mb_q, 0, kq)
            and not _far(mv, mb_p, 1, kp, mb_q, 1, kq)):
        return 0
    # the same two pictures in the other order: the vectors are paired by picture
    if p0 != q1 or p1 != q0:
        return 1
    return 1 if _far(mv, mb_p, 0, kp, mb_q, 1, kq) or _far(mv, mb_p, 1, kp, mb_q, 0, kq) else 0


@leaf
def _macroblock_strengths(mb_kind, nnz, ref_pic, mv, mb, left, top, bs):
    """bs[d, e, s] for macroblock mb: d = 0 its vertical edges, 1 its horizontal ones; the
    macroblock edge's segments are 0 when that neighbour is not filtered across (-1)."""
    for d in range(2):
        neighbour = left if d == 0 else top
        for s in range(4):
            bs[d, 0, s] = 0 if neighbour < 0 else _strength(mb_kind, nnz, ref_pic, mv, neighbour,
                                                            mb, d == 0, 0, s)
            for e in range(1, 4):
                bs[d, e, s] = _strength(mb_kind, nnz, ref_pic, mv, mb, mb, d == 0, e, s)


@leaf
def _filter_macroblock(plane, transposed, luma, x0, y0, bs, step, qp_left, qp_top, qp,
                       offset_a, offset_b):
    """The edges of one macroblock in one plane (its first sample at x0, y0): the vertical
    ones left to right, then the horizontal ones top to bottom as vertical edges of the
    transposed plane. Luma edges e = 0, step, ..; chroma edges e = 0 and 2 (luma edge numbers)
    at chroma offsets 0 and 4. qp_left, qp_top, qp: qP of the left, top and this macroblock
    (QP_Y, or QP_C for chroma)."""
    lines = 4 if luma else 2
    for d in range(2):
        target = plane if d == 0 else transposed
        row = y0 if d == 0 else x0
        col0 = x0 if d == 0 else y0
        for e in range(0, 4, step if luma else 2):
            if bs[d, e, 0] == 0 and bs[d, e, 1] == 0 and bs[d, e, 2] == 0 and bs[d, e, 3] == 0:
                continue
            qp_av = qp
            if e == 0:
                qp_av = (qp + (qp_left if d == 0 else qp_top) + 1) >> 1
            index_a = _clip51(qp_av + offset_a)
            alpha = _ALPHA[index_a]
            beta = _BETA[_clip51(qp_av + offset_b)]
            if alpha == 0 or beta == 0:
                continue
            col = col0 + (4 * e if luma else 2 * e)
            strong = (alpha >> 2) + 2
            for s in range(4):
                strength = bs[d, e, s]
                if strength == 0:
                    continue
                tc0 = 0
                if strength < 4:
                    tc0 = _TC0[index_a, strength]
                for y in range(row + lines * s, row + lines * s + lines):
                    # one line across the edge as a 1-D view: each sample access below then
                    # costs one index check instead of two (row and column)
                    line = target[y]
                    p0 = np.int32(line[col - 1])
                    q0 = np.int32(line[col])
                    if abs(p0 - q0) >= alpha:
                        continue
                    p1 = np.int32(line[col - 2])
                    q1 = np.int32(line[col + 1])
                    if max(abs(p1 - p0), abs(q1 - q0)) >= beta:
                        continue
                    if not luma:
                        if strength == 4:
                            line[col - 1] = (2 * p1 + p0 + q1 + 2) >> 2
                            line[col] = (2 * q1 + q0 + p1 + 2) >> 2
                        else:
                            tc = tc0 + 1
                            delta = min(max((4 * (q0 - p0) + (p1 - q1) + 4) >> 3, -tc), tc)
                            line[col - 1] = min(max(p0 + delta, 0), 255)
                            line[col] = min(max(q0 - delta, 0), 255)
                        continue
                    p2 = np.int32(line[col - 3])
                    q2 = np.int32(line[col + 2])
                    ap = abs(p2 - p0) < beta
                    aq = abs(q2 - q0) < beta
                    if strength == 4:
                        small = abs(p0 - q0) < strong
                        if ap and small:
                            p3 = np.int32(line[col - 4])
                            line[col - 1] = (p2 + 2 * p1 + 2 * p0 + 2 * q0 + q1 + 4) >> 3
                            line[col - 2] = (p2 + p1 + p0 + q0 + 2) >> 2
                            line[col - 3] = (2 * p3 + 3 * p2 + p1 + p0 + q0 + 4) >> 3
                        else:
                            line[col - 1] = (2 * p1 + p0 + q1 + 2) >> 2
                        if aq and small:
                            q3 = np.int32(line[col + 3])
                            line[col] = (p1 + 2 * p0 + 2 * q0 + 2 * q1 + q2 + 4) >> 3
                            line[col + 1] = (p0 + q0 + q1 + q2 + 2) >> 2
                            line[col + 2] = (2 * q3 + 3 * q2 + q1 + q0 + p0 + 4) >> 3
                        else:
                            line[col] = (2 * q1 + q0 + p1 + 2) >> 2
                    else:
                        tc = tc0
                        avg = (p0 + q0 + 1) >> 1
                        if ap:
                            tc += 1
                            line[col - 2] = p1 + min(max((p2 + avg - 2 * p1) >> 1, -tc0), tc0)
                        if aq:
                            tc += 1
                            line[col + 1] = q1 + min(max((q2 + avg - 2 * q1) >> 1, -tc0), tc0)
                        delta = min(max((4 * (q0 - p0) + (p1 - q1) + 4) >> 3, -tc), tc)
                        line[col - 1] = min(max(p0 + delta, 0), 255)
                        line[col] = min(max(q0 - delta, 0), 255)


@helper
def _deblock(mb_width, mb_height, chroma_format, mb_kind, mb_qp, mb_slice, slice_params, nnz,
             ref_pic, mv, Y, Cb, Cr):
    if chroma_format != 0 and chroma_format != 1:
        return ERR_UNSUPPORTED
    mbs = mb_width * mb_height
    if (mb_width <= 0 or mb_height <= 0 or mb_kind.shape[0] < mbs or mb_qp.shape[0] < mbs
            or mb_slice.shape[0] < mbs or slice_params.shape[1] <= SP_FILTER_OFFSET_B
            or slice_params.shape[1] <= SP_CHROMA_QP_OFFSET2
            or Y.shape[0] < 16 * mb_height or Y.shape[1] < 16 * mb_width):
        return ERR_BITSTREAM
    if chroma_format == 1 and (Cb.shape[0] < 8 * mb_height or Cb.shape[1] < 8 * mb_width
                               or Cr.shape[0] < 8 * mb_height or Cr.shape[1] < 8 * mb_width):
        return ERR_BITSTREAM
    slices = slice_params.shape[0]
    Yt = Y.T
    Cbt = Cb.T
    Crt = Cr.T
    bs = np.zeros((2, 4, 4), np.int32)   # [direction, edge, segment]
    for mb in range(mbs):
        if mb_kind[mb] == KIND_NONE:
            continue
        slice_ = mb_slice[mb]
        if slice_ < 0 or slice_ >= slices:
            return ERR_BITSTREAM
        idc = slice_params[slice_, SP_DISABLE_DEBLOCK]
        if idc == 1:
            continue
        if idc != 0 and idc != 2:
            return ERR_BITSTREAM
        mb_x = mb % mb_width
        mb_y = mb // mb_width
        left = mb - 1
        if mb_x == 0 or mb_kind[left] == KIND_NONE or (idc == 2 and mb_slice[left] != slice_):
            left = -1
        top = mb - mb_width
        if mb_y == 0 or mb_kind[top] == KIND_NONE or (idc == 2 and mb_slice[top] != slice_):
            top = -1
        offset_a = np.int32(slice_params[slice_, SP_FILTER_OFFSET_A])
        offset_b = np.int32(slice_params[slice_, SP_FILTER_OFFSET_B])
        offset_cb = np.int32(slice_params[slice_, SP_CHROMA_QP_OFFSET])
        offset_cr = np.int32(slice_params[slice_, SP_CHROMA_QP_OFFSET2])
        qp = np.int32(mb_qp[mb])
        qp_left = qp
        if left >= 0:
            qp_left = np.int32(mb_qp[left])
        qp_top = qp
        if top >= 0:
            qp_top = np.int32(mb_qp[top])
        # no edge of this macroblock reaches a non-zero alpha and beta (QP_C <= its qPI)
        qp_max = max(qp, qp_left, qp_top)
        if chroma_format == 1:
            qp_max += max(0, offset_cb, offset_cr)
        if qp_max + min(offset_a, offset_b) < _FIRST_ACTIVE:
            continue

        if _is_intra(mb_kind[mb]):
            # an intra macroblock: bS 4 on its macroblock edges, 3 inside (_strength's first
            # answer), without reading nnz, ref_pic or mv
            for s in range(4):
                bs[0, 0, s] = 4 if left >= 0 else 0
                bs[1, 0, s] = 4 if top >= 0 else 0
                for e in range(1, 4):
                    bs[0, e, s] = 3
                    bs[1, e, s] = 3
        else:
            _macroblock_strengths(mb_kind, nnz, ref_pic, mv, mb, left, top, bs)
        step = 2 if mb_kind[mb] == KIND_I8x8 or mb_kind[mb] == KIND_INTER8 else 1
        _filter_macroblock(Y, Yt, True, 16 * mb_x, 16 * mb_y, bs, step, qp_left, qp_top, qp,
                           offset_a, offset_b)
        if chroma_format == 1:
            _filter_macroblock(Cb, Cbt, False, 8 * mb_x, 8 * mb_y, bs, 2,
                               _chroma_qp(qp_left, offset_cb), _chroma_qp(qp_top, offset_cb),
                               _chroma_qp(qp, offset_cb), offset_a, offset_b)
            _filter_macroblock(Cr, Crt, False, 8 * mb_x, 8 * mb_y, bs, 2,
                               _chroma_qp(qp_left, offset_cr), _chroma_qp(qp_top, offset_cr),
                               _chroma_qp(qp, offset_cr), offset_a, offset_b)
    return 0


@kernel("int64(int64, int64, int64, int8[:], int32[:], int32[:], int32[:, :], "
        "uint8[:, :], uint8[:, :], uint8[:, :])")
def deblock_picture(mb_width, mb_height, chroma_format, mb_kind, mb_qp, mb_slice,
                    slice_params, Y, Cb, Cr):
    """Filter every decoded macroblock of an intra picture in place; 0, or ERR_UNSUPPORTED for
    a chroma format other than 0 and 1 or an inter macroblock (`deblock_picture_inter`
    filters those), or ERR_BITSTREAM when the arrays disagree (sizes, a slice number or
    disable_deblocking_filter_idc out of range)."""
    n = min(max(0, mb_width * mb_height), mb_kind.shape[0])
    for mb in range(n):
        if mb_kind[mb] > KIND_IPCM:
            return ERR_UNSUPPORTED
    return _deblock(mb_width, mb_height, chroma_format, mb_kind, mb_qp, mb_slice, slice_params,
                    np.zeros((n, 24), np.uint8), np.full((n, 2, 4), -1, np.int32),
                    np.zeros((n, 2, 16, 2), np.int32), Y, Cb, Cr)


@kernel("int64(int64, int64, int64, int8[:], int32[:], int32[:], int32[:, :], uint8[:, :], "
        "int32[:, :, :], int32[:, :, :, :], uint8[:, :], uint8[:, :], uint8[:, :])")
def deblock_picture_inter(mb_width, mb_height, chroma_format, mb_kind, mb_qp, mb_slice,
                          slice_params, nnz, ref_pic, mv, Y, Cb, Cr):
    """deblock_picture for pictures with inter macroblocks: the boundary strengths read the
    luma nnz (layout), the reference picture identities ref_pic[mb, list, 8x8 block] and the
    motion vectors mv[mb, list, 4x4 block] (layout)."""
    mbs = max(0, mb_width * mb_height)
    if (nnz.shape[0] < mbs or nnz.shape[1] < 16 or ref_pic.shape[0] < mbs
            or ref_pic.shape[1] < 2 or ref_pic.shape[2] < 4 or mv.shape[0] < mbs
            or mv.shape[1] < 2 or mv.shape[2] < 16 or mv.shape[3] < 2):
        return ERR_BITSTREAM
    return _deblock(mb_width, mb_height, chroma_format, mb_kind, mb_qp, mb_slice, slice_params,
                    nnz, ref_pic, mv, Y, Cb, Cr)
