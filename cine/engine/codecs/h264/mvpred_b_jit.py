"""H.264 motion vectors of the macroblocks of one B slice (ITU-T H.264 8.4.1): the B_L0 / B_L1 /
B_Bi partitions and sub-partitions by the prediction of 8.4.1.3 (`mvpred_jit`'s, per list), and
the direct ones (B_Skip, B_Direct_16x16, B_Direct_8x8) by 8.4.1.2:

- spatial (8.4.1.2.2): one reference index per list for the whole macroblock, the smallest
  non-negative one of the neighbours A, B, C (D where C is not available); its motion vector
  is the 16x16 prediction, set to zero in the blocks whose co-located block is still
  (colZeroFlag: the first list-1 reference is short-term and the co-located block predicts
  from its reference index 0 with a vector within one quarter sample);
- temporal (8.4.1.2.3): the co-located block's vector scaled by the POC distances
  (DistScaleFactor, computed per list-0 index by the caller) and its reference picture mapped
  to the lowest list-0 index holding it.

The co-located picture is the first entry of list 1: its macroblocks' intra flags, reference
indices, vectors and the identities of the pictures they predict from come in `col_*`. With
direct_8x8_inference the co-located vector of an 8x8 block is that of its corner 4x4 block.
Every list a block does not use keeps reference index -1 and a zero vector.
"""
from __future__ import annotations

import numpy as np

from ...jit import kernel, leaf
from .layout import (ERR_BITSTREAM, KIND_INTER, KIND_INTER8, KIND_IPCM, KIND_SKIP, PART_8x8,
                     PART_DIRECT, SUB_DIRECT)
from .mvpred_jit import NOT_AVAILABLE, _neighbour, _predict, _wrap16
from .tables import PART_COUNT, PART_GEOMETRY, SUB_COUNT, SUB_GEOMETRY

_PART_GEOMETRY = np.array(PART_GEOMETRY, np.int64)
_SUB_GEOMETRY = np.array(SUB_GEOMETRY, np.int64)
_PART_COUNT = np.array(PART_COUNT, np.int64)
_SUB_COUNT = np.array(SUB_COUNT, np.int64)

# params[] of predict_motion_b
BP_SPATIAL = 0          # direct_spatial_mv_pred_flag
BP_INFERENCE = 1        # direct_8x8_inference_flag
BP_COL_SHORT = 2        # RefPicList1[0] is a short-term reference (colZeroFlag may be set)
BP_STRIDE = 4


@leaf
def _min_positive(a, b):
    if a >= 0 and b >= 0:
        return min(a, b)
    return max(a, b)


@leaf
def _spatial(mb, mb_x, mb_y, width, s, mb_kind, mb_slice, ref_idx, mv, done, nb, pred, dref, dmv):
    """The macroblock's spatial direct reference indices dref[list] and vectors dmv[list]
    (before colZeroFlag)."""
    for lst in range(2):
        _neighbour(mb, mb_x, mb_y, width, s, -1, 0, lst, mb_kind, mb_slice, ref_idx, mv, done,
                   nb[0])
        _neighbour(mb, mb_x, mb_y, width, s, 0, -1, lst, mb_kind, mb_slice, ref_idx, mv, done,
                   nb[1])
        _neighbour(mb, mb_x, mb_y, width, s, 4, -1, lst, mb_kind, mb_slice, ref_idx, mv, done,
                   nb[2])
        if nb[2, 0] == NOT_AVAILABLE:
            _neighbour(mb, mb_x, mb_y, width, s, -1, -1, lst, mb_kind, mb_slice, ref_idx, mv,
                       done, nb[2])
        r = _min_positive(nb[0, 0], _min_positive(nb[1, 0], nb[2, 0]))
        dref[lst] = r if r >= 0 else -1
    for lst in range(2):
        dmv[lst, 0] = 0
        dmv[lst, 1] = 0
    if dref[0] < 0 and dref[1] < 0:
        dref[0] = 0
        dref[1] = 0
        return
    for lst in range(2):
        if dref[lst] >= 0:
            _predict(mb, mb_x, mb_y, width, s, 0, 0, 4, 0, 0, dref[lst], lst, mb_kind, mb_slice,
                     ref_idx, mv, done, nb, pred)
            dmv[lst, 0] = pred[0]
            dmv[lst, 1] = pred[1]


@leaf
def _direct_8x8(mb, i8, params, dref, dmv, col_intra, col_ref, col_mv, col_pic, l0_ids, dsf,
                ref_idx, mv, done):
    """Direct prediction of 8x8 block i8 of macroblock mb into ref_idx / mv (marked done)."""
    x8 = 2 * (i8 & 1)
    y8 = 2 * (i8 >> 1)
    intra = col_intra[mb] != 0
    lc = 0
    rc = np.int64(col_ref[mb, 0, i8])
    if rc < 0:
        lc = 1
        rc = np.int64(col_ref[mb, 1, i8])
    if params[BP_SPATIAL]:
        ref_idx[mb, 0, i8] = dref[0]
        ref_idx[mb, 1, i8] = dref[1]
    else:
        r0 = 0
        if not intra and rc >= 0:
            target = col_pic[mb, lc, i8]
            for i in range(l0_ids.shape[0]):
                if l0_ids[i] == target and target >= 0:
                    r0 = i
                    break
        ref_idx[mb, 0, i8] = r0
        ref_idx[mb, 1, i8] = 0
    for k in range(4):
        x4 = x8 + (k & 1)
        y4 = y8 + (k >> 1)
        b = 4 * y4 + x4
        if params[BP_INFERENCE]:
            cb = 4 * (3 * (y8 >> 1)) + 3 * (x8 >> 1)
        else:
            cb = b
        cx = 0
        cy = 0
        if not intra and rc >= 0:
            cx = np.int64(col_mv[mb, lc, cb, 0])
            cy = np.int64(col_mv[mb, lc, cb, 1])
        if params[BP_SPATIAL]:
            still = (not intra and params[BP_COL_SHORT] != 0 and rc == 0
                     and abs(cx) <= 1 and abs(cy) <= 1)
            for lst in range(2):
                r = dref[lst]
                if r < 0 or (r == 0 and still):
                    mv[mb, lst, b, 0] = 0
                    mv[mb, lst, b, 1] = 0
                else:
                    mv[mb, lst, b, 0] = dmv[lst, 0]
                    mv[mb, lst, b, 1] = dmv[lst, 1]
        else:
            scale = np.int64(dsf[ref_idx[mb, 0, i8]])
            mx = (scale * cx + 128) >> 8
            my = (scale * cy + 128) >> 8
            mv[mb, 0, b, 0] = _wrap16(mx)
            mv[mb, 0, b, 1] = _wrap16(my)
            mv[mb, 1, b, 0] = _wrap16(mx - cx)
            mv[mb, 1, b, 1] = _wrap16(my - cy)
        done[b] = 1


@leaf
def _partition(mb, mb_x, mb_y, width, s, x4, y4, w4, h4, part, p, mb_kind, mb_slice, ref_idx,
               mvd, mv, done, nb, pred):
    """Both lists of one (sub-)partition from its reference indices and mvd."""
    i8 = 2 * (y4 >> 1) + (x4 >> 1)
    k = 4 * y4 + x4
    for lst in range(2):
        r = ref_idx[mb, lst, i8]
        if r < 0:
            continue
        _predict(mb, mb_x, mb_y, width, s, x4, y4, w4, part, p, r, lst, mb_kind, mb_slice,
                 ref_idx, mv, done, nb, pred)
        mx = _wrap16(pred[0] + mvd[mb, lst, k, 0])
        my = _wrap16(pred[1] + mvd[mb, lst, k, 1])
        for y in range(y4, y4 + h4):
            for x in range(x4, x4 + w4):
                mv[mb, lst, 4 * y + x, 0] = mx
                mv[mb, lst, 4 * y + x, 1] = my
    for y in range(y4, y4 + h4):
        for x in range(x4, x4 + w4):
            done[4 * y + x] = 1


@kernel("int64(int64, int64, int64, int8[:], int32[:], int8[:], int8[:, :], int8[:, :, :], "
        "int32[:, :, :, :], int32[:, :, :, :], int64[:], uint8[:], int8[:, :, :], "
        "int32[:, :, :, :], int32[:, :, :], int32[:], int32[:])")
def predict_motion_b(mb_start, mb_count, mb_width, mb_kind, mb_slice, mb_part, sub_part, ref_idx,
                     mvd, mv, params, col_intra, col_ref, col_mv, col_pic, l0_ids, dsf):
    """Derive ref_idx (direct blocks) and mv of macroblocks mb_start .. mb_start + mb_count - 1
    of a parsed B slice. 0, or ERR_BITSTREAM when the arrays are too small or disagree."""
    end = mb_start + mb_count
    if (mb_width <= 0 or mb_start < 0 or mb_count < 0 or mb_kind.shape[0] < end
            or mb_slice.shape[0] < end or mb_part.shape[0] < end or sub_part.shape[0] < end
            or sub_part.shape[1] < 4 or ref_idx.shape[0] < end or ref_idx.shape[1] < 2
            or ref_idx.shape[2] < 4 or mvd.shape[0] < end or mvd.shape[1] < 2
            or mvd.shape[2] < 16 or mvd.shape[3] < 2 or mv.shape[0] < end or mv.shape[1] < 2
            or mv.shape[2] < 16 or mv.shape[3] < 2 or params.shape[0] < BP_STRIDE
            or col_intra.shape[0] < end or col_ref.shape[0] < end or col_ref.shape[1] < 2
            or col_ref.shape[2] < 4 or col_mv.shape[0] < end or col_mv.shape[1] < 2
            or col_mv.shape[2] < 16 or col_mv.shape[3] < 2 or col_pic.shape[0] < end
            or col_pic.shape[1] < 2 or col_pic.shape[2] < 4 or l0_ids.shape[0] < 1
            or dsf.shape[0] < 33):
        return ERR_BITSTREAM
    done = np.zeros(16, np.int64)
    nb = np.zeros((3, 3), np.int64)
    pred = np.zeros(2, np.int64)
    dref = np.zeros(2, np.int64)
    dmv = np.zeros((2, 2), np.int64)
    for mb in range(mb_start, end):
        kind = mb_kind[mb]
        s = mb_slice[mb]
        mb_x = mb % mb_width
        mb_y = mb // mb_width
        for lst in range(2):
            for k in range(16):
                mv[mb, lst, k, 0] = 0
                mv[mb, lst, k, 1] = 0
        if kind <= KIND_IPCM:
            for lst in range(2):
                for k in range(4):
                    ref_idx[mb, lst, k] = -1
            continue
        if kind != KIND_INTER and kind != KIND_INTER8 and kind != KIND_SKIP:
            return ERR_BITSTREAM
        done[:] = 0
        part = PART_DIRECT if kind == KIND_SKIP else mb_part[mb]
        if part < 0 or part > PART_DIRECT:
            return ERR_BITSTREAM
        direct = part == PART_DIRECT
        if part == PART_8x8:
            for i8 in range(4):
                if sub_part[mb, i8] < 0 or sub_part[mb, i8] > SUB_DIRECT:
                    return ERR_BITSTREAM
                direct = direct or sub_part[mb, i8] == SUB_DIRECT
        if direct and params[BP_SPATIAL]:
            _spatial(mb, mb_x, mb_y, mb_width, s, mb_kind, mb_slice, ref_idx, mv, done, nb, pred,
                     dref, dmv)
        if part == PART_DIRECT:
            for i8 in range(4):
                _direct_8x8(mb, i8, params, dref, dmv, col_intra, col_ref, col_mv, col_pic,
                            l0_ids, dsf, ref_idx, mv, done)
            continue
        for p in range(_PART_COUNT[part]):
            x8 = _PART_GEOMETRY[part, p, 0]
            y8 = _PART_GEOMETRY[part, p, 1]
            if part != PART_8x8:
                _partition(mb, mb_x, mb_y, mb_width, s, x8, y8, _PART_GEOMETRY[part, p, 2],
                           _PART_GEOMETRY[part, p, 3], part, p, mb_kind, mb_slice, ref_idx, mvd,
                           mv, done, nb, pred)
                continue
            sub = sub_part[mb, p]
            if sub == SUB_DIRECT:
                _direct_8x8(mb, p, params, dref, dmv, col_intra, col_ref, col_mv, col_pic,
                            l0_ids, dsf, ref_idx, mv, done)
                continue
            for q in range(_SUB_COUNT[sub]):
                _partition(mb, mb_x, mb_y, mb_width, s, x8 + _SUB_GEOMETRY[sub, q, 0],
                           y8 + _SUB_GEOMETRY[sub, q, 1], _SUB_GEOMETRY[sub, q, 2],
                           _SUB_GEOMETRY[sub, q, 3], part, p, mb_kind, mb_slice, ref_idx, mvd,
                           mv, done, nb, pred)
    return 0
