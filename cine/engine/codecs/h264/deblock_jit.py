"""The H.264 deblocking filter (ITU-T H.264 8.7) over one decoded picture, in place.

Macroblocks are filtered in address order, each one completely before the next, and every
edge reads the samples that earlier edges already modified: per macroblock the luma vertical
edges left to right, then the luma horizontal edges top to bottom, then the same for each
chroma plane (4:2:0: two edges each way, at chroma offsets 0 and 4). The samples across one
direction's edges of a macroblock are copied into a small scratch with the 16 lines of an
edge side by side (a transposition for the vertical edges, whose lines are rows; the two
chroma planes share it, 8 lines each), filtered there by routines without a branch per line
that compile to vector instructions, and copied back.

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
_H = np.int16
# arithmetic that stays int16 (numba types the sum of two int16 as int64; numpy's functions
# on int16 scalars return int16), for the filters' vector loops
_add = np.add
_sub = np.subtract
_shr = np.right_shift
_min = np.minimum
_max = np.maximum
_abs = np.absolute
_STRONG = 99      # a line's tC0 in the scratch of the filters when its bS is 4


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
def _luma_edge(w, o, alpha, beta, tcs):
    """Filter one luma edge held in the scratch w, 16 lines side by side: w[o + 16 * j + k]
    for j = 0..7 is p3, p2, p1, p0, q0, q1, q2, q3 of line k. tcs: the tC0 of the lines of
    segments 0..3 (lines 4s..4s+3) for bS 1..3 (8.7.2.3), _STRONG for bS 4 (8.7.2.4), -1
    where they are not filtered (_segment_tcs). Both filters are computed for every line and the samples
    written back chosen without a branch, so that the loop compiles to vector instructions
    (int16 arithmetic through numpy's functions for the same reason: numba widens the sum of
    two small integers to int64, and 16-bit lanes are the ones that x86-64's baseline vector
    instructions (SSE2, what the ahead-of-time build targets) take a minimum, maximum or
    absolute value of; every intermediate value here fits in 12 bits and a sign. And scalars
    rather than an array of the lines' tC0, whose index checks would stay in the loop)."""
    v = w[o:o + 128]
    if v.shape[0] != 128:
        return
    a = _H(alpha)
    b = _H(beta)
    near = _H((alpha >> 2) + 2)
    s0, s1, s2, s3 = _H(tcs[0]), _H(tcs[1]), _H(tcs[2]), _H(tcs[3])
    zero, one, two, three, four = _H(0), _H(1), _H(2), _H(3), _H(4)
    for k in range(16):
        p3 = _H(v[k])
        p2 = _H(v[16 + k])
        p1 = _H(v[32 + k])
        p0 = _H(v[48 + k])
        q0 = _H(v[64 + k])
        q1 = _H(v[80 + k])
        q2 = _H(v[96 + k])
        q3 = _H(v[112 + k])
        tc0 = s0 if k < 4 else (s1 if k < 8 else (s2 if k < 12 else s3))
        d0 = _abs(_sub(p0, q0))
        on = (tc0 >= zero) & (d0 < a) & (_abs(_sub(p1, p0)) < b) & (_abs(_sub(q1, q0)) < b)
        strong = tc0 == _H(_STRONG)
        ap = _abs(_sub(p2, p0)) < b
        aq = _abs(_sub(q2, q0)) < b
        # bS < 4
        tc = _add(_add(tc0, _H(ap)), _H(aq))
        avg = _shr(_add(_add(p0, q0), one), one)
        dq = _sub(q0, p0)
        delta = _shr(_add(_add(_add(_add(dq, dq), _add(dq, dq)), _sub(p1, q1)), four), three)
        delta = _min(_max(delta, _sub(zero, tc)), tc)
        np0 = _min(_max(_add(p0, delta), zero), _H(255))
        nq0 = _min(_max(_sub(q0, delta), zero), _H(255))
        low = _sub(zero, tc0)
        np1 = _add(p1, _min(_max(_shr(_sub(_add(p2, avg), _add(p1, p1)), one), low), tc0))
        nq1 = _add(q1, _min(_max(_shr(_sub(_add(q2, avg), _add(q1, q1)), one), low), tc0))
        np1 = np1 if ap else p1
        nq1 = nq1 if aq else q1
        # bS 4
        small = d0 < near
        sp = ap & small
        sq = aq & small
        pq = _add(p0, q0)
        pq2 = _add(pq, pq)
        wp0 = _shr(_add(_add(_add(_add(p2, _add(p1, p1)), pq2), q1), four), three)
        wp1 = _shr(_add(_add(_add(p2, p1), pq), two), two)
        wp2 = _shr(_add(_add(_add(_add(_add(p3, p3), _add(_add(p2, p2), p2)), p1), pq), four),
                   three)
        wq0 = _shr(_add(_add(_add(_add(p1, pq2), _add(q1, q1)), q2), four), three)
        wq1 = _shr(_add(_add(_add(pq, q1), q2), two), two)
        wq2 = _shr(_add(_add(_add(_add(_add(q3, q3), _add(_add(q2, q2), q2)), q1), pq), four),
                   three)
        vp0 = _shr(_add(_add(_add(p1, p1), p0), _add(q1, two)), two)
        vq0 = _shr(_add(_add(_add(q1, q1), q0), _add(p1, two)), two)
        wp0 = wp0 if sp else vp0
        wp1 = wp1 if sp else p1
        wp2 = wp2 if sp else p2
        wq0 = wq0 if sq else vq0
        wq1 = wq1 if sq else q1
        wq2 = wq2 if sq else q2
        # (a conditional expression evaluates one side only: every candidate is computed
        # above, so that these compile to selects)
        np0 = wp0 if strong else np0
        np1 = wp1 if strong else np1
        np2 = wp2 if strong else p2
        nq0 = wq0 if strong else nq0
        nq1 = wq1 if strong else nq1
        nq2 = wq2 if strong else q2
        v[16 + k] = np2 if on else p2
        v[32 + k] = np1 if on else p1
        v[48 + k] = np0 if on else p0
        v[64 + k] = nq0 if on else q0
        v[80 + k] = nq1 if on else q1
        v[96 + k] = nq2 if on else q2


@leaf
def _chroma_edge(w, o, tcb, tcr, alpha_cb, beta_cb, alpha_cr, beta_cr):
    """Filter one edge of both chroma planes held in the scratch w: w[o + 16 * j + k] for
    j = 0..3 is p1, p0, q0, q1 of line k, lines 0..7 Cb and 8..15 Cr. tcb, tcr: the four
    segments' tC0 (two lines each) in each plane, thresholds per plane; as _luma_edge
    otherwise (bS 1..3: tC = tC0 + 1)."""
    v = w[o:o + 64]
    if v.shape[0] != 64:
        return
    zero, one, two, three, four = _H(0), _H(1), _H(2), _H(3), _H(4)
    a_cb, b_cb, a_cr, b_cr = _H(alpha_cb), _H(beta_cb), _H(alpha_cr), _H(beta_cr)
    b0, b1, b2, b3 = _H(tcb[0]), _H(tcb[1]), _H(tcb[2]), _H(tcb[3])
    r0, r1, r2, r3 = _H(tcr[0]), _H(tcr[1]), _H(tcr[2]), _H(tcr[3])
    for k in range(16):
        p1 = _H(v[k])
        p0 = _H(v[16 + k])
        q0 = _H(v[32 + k])
        q1 = _H(v[48 + k])
        cr = k >= 8
        j = k & 7
        tc0 = (r0 if j < 2 else (r1 if j < 4 else (r2 if j < 6 else r3))) if cr else (
            b0 if j < 2 else (b1 if j < 4 else (b2 if j < 6 else b3)))
        a = a_cr if cr else a_cb
        b = b_cr if cr else b_cb
        on = (tc0 >= zero) & (_abs(_sub(p0, q0)) < a) & (_abs(_sub(p1, p0)) < b) & (
            _abs(_sub(q1, q0)) < b)
        strong = tc0 == _H(_STRONG)
        tc = _add(tc0, one)
        dq = _sub(q0, p0)
        delta = _shr(_add(_add(_add(_add(dq, dq), _add(dq, dq)), _sub(p1, q1)), four), three)
        delta = _min(_max(delta, _sub(zero, tc)), tc)
        np0 = _min(_max(_add(p0, delta), zero), _H(255))
        nq0 = _min(_max(_sub(q0, delta), zero), _H(255))
        sp0 = _shr(_add(_add(_add(p1, p1), p0), _add(q1, two)), two)
        sq0 = _shr(_add(_add(_add(q1, q1), q0), _add(p1, two)), two)
        np0 = sp0 if strong else np0
        nq0 = sq0 if strong else nq0
        v[16 + k] = np0 if on else p0
        v[32 + k] = nq0 if on else q0


@leaf
def _segment_tc(bs, d, e, index_a, s):
    """The tC0 of segment s of edge e in direction d for the filters: tC0 of its bS
    (_TC0[index_a]), _STRONG for bS 4, -1 for bS 0."""
    strength = bs[d, e, s]
    if strength == 4:
        return _STRONG
    if strength > 0:
        return _TC0[index_a, strength]
    return -1


@leaf
def _segment_tcs(bs, d, e, index_a, alpha):
    """The four _segment_tc of an edge; all -1 when alpha is 0 (nothing filtered)."""
    if alpha == 0:
        return -1, -1, -1, -1
    return (_segment_tc(bs, d, e, index_a, 0), _segment_tc(bs, d, e, index_a, 1),
            _segment_tc(bs, d, e, index_a, 2), _segment_tc(bs, d, e, index_a, 3))


# Copies between a plane and the scratch of the filters: w[16 * j + k] holds sample j - 4 of
# line k (counted from the block's left or top side: the lines of vertical edges are rows, so
# these copies transpose; those of horizontal edges are columns, copied a row at a time).
# `full`: the samples before the block too (j < 4), there only when edge 0 is filtered.
# Written with constant loop bounds over slices whose length is checked first, so that the
# index checks drop out of the loops (the lengths always match, _deblock having checked the
# planes' sizes: a mismatch would return early, never reach outside the plane).

@leaf
def _load_luma(P, d, x0, y0, full, w):
    """Luma: j = 0..19 (4..19 without `full`), k = 0..15."""
    t = w[0:320]
    if t.shape[0] != 320:
        return
    if d == 0 and full:
        for k in range(16):
            row = P[y0 + k, x0 - 4:x0 + 16]
            if row.shape[0] != 20:
                return
            for j in range(20):
                t[16 * j + k] = row[j]
    elif d == 0:
        for k in range(16):
            row = P[y0 + k, x0:x0 + 16]
            if row.shape[0] != 16:
                return
            for j in range(16):
                t[16 * j + 64 + k] = row[j]
    else:
        for j in range(0 if full else 4, 20):
            row = P[y0 - 4 + j, x0:x0 + 16]
            if row.shape[0] != 16:
                return
            for k in range(16):
                t[16 * j + k] = row[k]


@leaf
def _store_luma(P, d, x0, y0, full, w):
    """The reverse of _load_luma, from j = 1 (the filters never change sample -4)."""
    t = w[0:320]
    if t.shape[0] != 320:
        return
    if d == 0 and full:
        for k in range(16):
            row = P[y0 + k, x0 - 3:x0 + 16]
            if row.shape[0] != 19:
                return
            for j in range(19):
                row[j] = t[16 * j + 16 + k]
    elif d == 0:
        for k in range(16):
            row = P[y0 + k, x0:x0 + 16]
            if row.shape[0] != 16:
                return
            for j in range(16):
                row[j] = t[16 * j + 64 + k]
    else:
        for j in range(1 if full else 4, 20):
            row = P[y0 - 4 + j, x0:x0 + 16]
            if row.shape[0] != 16:
                return
            for k in range(16):
                row[k] = t[16 * j + k]


@leaf
def _load_chroma(P, d, x0, y0, full, w, base):
    """4:2:0 chroma: j = 2..11 (6..11 without `full`), k = 0..7, into w[base + ...]."""
    t = w[base:base + 192]
    if t.shape[0] != 192:
        return
    if d == 0 and full:
        for k in range(8):
            row = P[y0 + k, x0 - 2:x0 + 8]
            if row.shape[0] != 10:
                return
            for j in range(10):
                t[16 * j + 32 + k] = row[j]
    elif d == 0:
        for k in range(8):
            row = P[y0 + k, x0 + 2:x0 + 8]
            if row.shape[0] != 6:
                return
            for j in range(6):
                t[16 * j + 96 + k] = row[j]
    else:
        for j in range(2 if full else 6, 12):
            row = P[y0 - 4 + j, x0:x0 + 8]
            if row.shape[0] != 8:
                return
            for k in range(8):
                t[16 * j + k] = row[k]


@leaf
def _store_chroma(P, d, x0, y0, full, w, base):
    """The reverse of _load_chroma, from j = 3 (the chroma filters change p0 and q0 only)."""
    t = w[base:base + 192]
    if t.shape[0] != 192:
        return
    if d == 0 and full:
        for k in range(8):
            row = P[y0 + k, x0 - 1:x0 + 8]
            if row.shape[0] != 9:
                return
            for j in range(9):
                row[j] = t[16 * j + 48 + k]
    elif d == 0:
        for k in range(8):
            row = P[y0 + k, x0 + 2:x0 + 8]
            if row.shape[0] != 6:
                return
            for j in range(6):
                row[j] = t[16 * j + 96 + k]
    else:
        for j in range(3 if full else 6, 12):
            row = P[y0 - 4 + j, x0:x0 + 8]
            if row.shape[0] != 8:
                return
            for k in range(8):
                row[k] = t[16 * j + k]


@leaf
def _edge_thresholds(bs, d, e, qp_edge, qp, offset_a, offset_b):
    """(indexA, alpha, beta) of edge e in direction d; alpha 0 when the edge is left alone
    (every bS 0, or alpha or beta 0). qp_edge: the neighbour's qP across edge 0."""
    if bs[d, e, 0] == 0 and bs[d, e, 1] == 0 and bs[d, e, 2] == 0 and bs[d, e, 3] == 0:
        return 0, 0, 0
    qp_av = qp
    if e == 0:
        qp_av = (qp + qp_edge + 1) >> 1
    index_a = _clip51(qp_av + offset_a)
    alpha = _ALPHA[index_a]
    beta = _BETA[_clip51(qp_av + offset_b)]
    if beta == 0:
        alpha = 0
    return index_a, alpha, beta


@leaf
def _filter_luma(Y, x0, y0, bs, step, qp_left, qp_top, qp, offset_a, offset_b, w):
    """The luma edges of the macroblock at (x0, y0): the vertical ones left to right, then
    the horizontal ones top to bottom (e = 0, step, ..). Each direction's samples are
    copied into the scratch w (transposed for the vertical edges), filtered there 16 lines
    at a time, and copied back."""
    for d in range(2):
        active = 0
        for e in range(0, 4, step):
            if _edge_thresholds(bs, d, e, qp_left if d == 0 else qp_top, qp, offset_a,
                                offset_b)[1] != 0:
                active |= 1 << e
        if active == 0:
            continue
        # without edge 0 the samples before the macroblock are neither read nor written
        full = (active & 1) != 0
        _load_luma(Y, d, x0, y0, full, w)
        for e in range(0, 4, step):
            if (active >> e) & 1:
                index_a, alpha, beta = _edge_thresholds(bs, d, e, qp_left if d == 0 else qp_top,
                                                        qp, offset_a, offset_b)
                _luma_edge(w, 64 * e, alpha, beta, _segment_tcs(bs, d, e, index_a, alpha))
        _store_luma(Y, d, x0, y0, full, w)


@leaf
def _filter_chroma(Cb, Cr, x0, y0, bs, qps, offset_a, offset_b, w):
    """The 4:2:0 chroma edges of the macroblock whose chroma samples start at (x0, y0), both
    planes together (lines 0..7 Cb, 8..15 Cr in the scratch): vertical then horizontal, at
    chroma offsets 0 and 4 (luma edges 0 and 2). qps[plane, i]: qP of the left (i = 0), top
    (1) and this macroblock (2) in Cb (plane 0) and Cr (1)."""
    for d in range(2):
        active = 0
        for e in range(0, 4, 2):
            for plane in range(2):
                if _edge_thresholds(bs, d, e, qps[plane, d], qps[plane, 2], offset_a,
                                    offset_b)[1] != 0:
                    active |= 1 << e
        if active == 0:
            continue
        full = (active & 1) != 0
        _load_chroma(Cb, d, x0, y0, full, w, 0)
        _load_chroma(Cr, d, x0, y0, full, w, 8)
        for e in range(0, 4, 2):
            if not (active >> e) & 1:
                continue
            ia_cb, alpha_cb, beta_cb = _edge_thresholds(bs, d, e, qps[0, d], qps[0, 2],
                                                        offset_a, offset_b)
            ia_cr, alpha_cr, beta_cr = _edge_thresholds(bs, d, e, qps[1, d], qps[1, 2],
                                                        offset_a, offset_b)
            _chroma_edge(w, 16 * (2 * e + 2), _segment_tcs(bs, d, e, ia_cb, alpha_cb),
                         _segment_tcs(bs, d, e, ia_cr, alpha_cr), alpha_cb, beta_cb, alpha_cr,
                         beta_cr)
        _store_chroma(Cb, d, x0, y0, full, w, 0)
        _store_chroma(Cr, d, x0, y0, full, w, 8)


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
    # C-contiguous views (copies for other layouts, written back after), so that the filters
    # copy whole rows
    Yc = np.ascontiguousarray(Y)
    Cbc = np.ascontiguousarray(Cb)
    Crc = np.ascontiguousarray(Cr)
    rc = _deblock_macroblocks(mbs, mb_width, chroma_format, mb_kind, mb_qp, mb_slice, slice_params,
                              nnz, ref_pic, mv, Yc, Cbc, Crc)
    if not Y.flags.c_contiguous:
        Y[:, :] = Yc
    if not Cb.flags.c_contiguous:
        Cb[:, :] = Cbc
    if not Cr.flags.c_contiguous:
        Cr[:, :] = Crc
    return rc


@helper
def _deblock_macroblocks(mbs, mb_width, chroma_format, mb_kind, mb_qp, mb_slice, slice_params,
                         nnz, ref_pic, mv, Y, Cb, Cr):
    """_deblock's loop over the macroblocks (planes C-contiguous)."""
    slices = slice_params.shape[0]
    bs = np.zeros((2, 4, 4), np.int32)   # [direction, edge, segment]
    w = np.zeros(320, np.uint8)          # the samples across one direction's edges
    qps = np.zeros((2, 3), np.int32)
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
        _filter_luma(Y, 16 * mb_x, 16 * mb_y, bs, step, qp_left, qp_top, qp, offset_a, offset_b,
                     w)
        if chroma_format == 1:
            qps[0, 0] = _chroma_qp(qp_left, offset_cb)
            qps[0, 1] = _chroma_qp(qp_top, offset_cb)
            qps[0, 2] = _chroma_qp(qp, offset_cb)
            qps[1, 0] = _chroma_qp(qp_left, offset_cr)
            qps[1, 1] = _chroma_qp(qp_top, offset_cr)
            qps[1, 2] = _chroma_qp(qp, offset_cr)
            _filter_chroma(Cb, Cr, 8 * mb_x, 8 * mb_y, bs, qps, offset_a, offset_b, w)
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
