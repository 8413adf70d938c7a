"""H.264 motion vector prediction (ITU-T H.264 8.4.1) of the inter macroblocks of one slice:
the motion vector of every 4x4 block from the parsed differences (mvd) and the motion of the
neighbouring blocks, into mv (`layout`: per list, per 4x4 block in raster order).

P slices: P_Skip (8.4.1.1) and the partitions of P_L0 / P_8x8 macroblocks (8.4.1.3: median
prediction, the directional 16x8 / 8x16 rules, C replaced by D where C is not available).
Inside a macroblock a neighbouring block is available once its partition is decoded
(6.4.11.7): the blocks of each (sub-)partition are marked done in decoding order. Intra
macroblocks get reference index -1 and zero motion, which is what their neighbours read.
Motion vectors are kept as 16-bit values (as the reference stores them: a sum that leaves that
range wraps).
"""
from __future__ import annotations

import numpy as np

from ...jit import kernel, leaf
from .layout import (ERR_BITSTREAM, KIND_INTER, KIND_INTER8, KIND_IPCM, KIND_NONE, KIND_SKIP,
                     PART_8x8, PART_8x16, PART_16x8)
from .tables import PART_COUNT, PART_GEOMETRY, SUB_COUNT, SUB_GEOMETRY

_PART_GEOMETRY = np.array(PART_GEOMETRY, np.int64)
_SUB_GEOMETRY = np.array(SUB_GEOMETRY, np.int64)
_PART_COUNT = np.array(PART_COUNT, np.int64)
_SUB_COUNT = np.array(SUB_COUNT, np.int64)

NOT_AVAILABLE = -2


@leaf
def _wrap16(v):
    return ((v + 32768) & 0xFFFF) - 32768


@leaf
def _neighbour(mb, mb_x, mb_y, width, s, x, y, lst, mb_kind, mb_slice, ref_idx, mv, done, out):
    """Motion of the 4x4 block at (x, y) (4x4-block units, relative to macroblock mb; -1 and
    4 reach into the neighbours) into out[0..2]: reference index (-1 intra or unused,
    NOT_AVAILABLE), horizontal and vertical vector (0 unless a reference index >= 0)."""
    out[0] = NOT_AVAILABLE
    out[1] = 0
    out[2] = 0
    if y < 0:
        if mb_y == 0:
            return
        if x < 0:
            if mb_x == 0:
                return
            n = mb - width - 1
        elif x >= 4:
            if mb_x >= width - 1:
                return
            n = mb - width + 1
        else:
            n = mb - width
        xx = x & 3
        yy = 3
    elif x < 0:
        if mb_x == 0:
            return
        n = mb - 1
        xx = 3
        yy = y
    elif x >= 4:
        return
    else:
        if not done[4 * y + x]:
            return
        n = mb
        xx = x
        yy = y
    if n != mb:
        k = mb_kind[n]
        if k == KIND_NONE or mb_slice[n] != s:
            return
        if k <= KIND_IPCM:
            out[0] = -1
            return
    r = ref_idx[n, lst, 2 * (yy >> 1) + (xx >> 1)]
    out[0] = r
    if r >= 0:
        out[1] = mv[n, lst, 4 * yy + xx, 0]
        out[2] = mv[n, lst, 4 * yy + xx, 1]


@leaf
def _median(a, b, c):
    return max(min(a, b), min(max(a, b), c))


@leaf
def _predict(mb, mb_x, mb_y, width, s, x4, y4, w4, part, p, r, lst, mb_kind, mb_slice, ref_idx,
             mv, done, nb, pred):
    """mvpLX of the partition at (x4, y4) of width w4 (4x4 units) with reference index r into
    pred[0..1]: 8.4.1.3 (part / p: the macroblock partition and its index, for the
    directional rules)."""
    _neighbour(mb, mb_x, mb_y, width, s, x4 - 1, y4, lst, mb_kind, mb_slice, ref_idx, mv, done,
               nb[0])
    _neighbour(mb, mb_x, mb_y, width, s, x4, y4 - 1, lst, mb_kind, mb_slice, ref_idx, mv, done,
               nb[1])
    _neighbour(mb, mb_x, mb_y, width, s, x4 + w4, y4 - 1, lst, mb_kind, mb_slice, ref_idx, mv,
               done, nb[2])
    if nb[2, 0] == NOT_AVAILABLE:
        _neighbour(mb, mb_x, mb_y, width, s, x4 - 1, y4 - 1, lst, mb_kind, mb_slice, ref_idx, mv,
                   done, nb[2])
    direction = -1
    if part == PART_16x8:
        direction = 1 if p == 0 else 0
    elif part == PART_8x16:
        direction = 0 if p == 0 else 2
    if direction >= 0 and nb[direction, 0] == r:
        pred[0] = nb[direction, 1]
        pred[1] = nb[direction, 2]
        return
    if nb[1, 0] == NOT_AVAILABLE and nb[2, 0] == NOT_AVAILABLE and nb[0, 0] != NOT_AVAILABLE:
        pred[0] = nb[0, 1]
        pred[1] = nb[0, 2]
        return
    match = -1
    count = 0
    for n in range(3):
        if nb[n, 0] == r:
            match = n
            count += 1
    if count == 1:
        pred[0] = nb[match, 1]
        pred[1] = nb[match, 2]
        return
    pred[0] = _median(nb[0, 1], nb[1, 1], nb[2, 1])
    pred[1] = _median(nb[0, 2], nb[1, 2], nb[2, 2])


@leaf
def _set(mb, lst, x4, y4, w4, h4, mvx, mvy, mv, done):
    for y in range(y4, y4 + h4):
        for x in range(x4, x4 + w4):
            mv[mb, lst, 4 * y + x, 0] = mvx
            mv[mb, lst, 4 * y + x, 1] = mvy
            done[4 * y + x] = 1


@kernel("int64(int64, int64, int64, int8[:], int32[:], int8[:], int8[:, :], int8[:, :, :], "
        "int32[:, :, :, :], int32[:, :, :, :])")
def predict_motion(mb_start, mb_count, mb_width, mb_kind, mb_slice, mb_part, sub_part, ref_idx,
                   mvd, mv):
    """Derive mv for macroblocks mb_start .. mb_start + mb_count - 1 (one slice of a P
    picture, parsed). 0, or ERR_BITSTREAM when the arrays are too small or disagree."""
    end = mb_start + mb_count
    if (mb_width <= 0 or mb_start < 0 or mb_count < 0 or mb_kind.shape[0] < end
            or mb_slice.shape[0] < end or mb_part.shape[0] < end or sub_part.shape[0] < end
            or sub_part.shape[1] < 4 or ref_idx.shape[0] < end or ref_idx.shape[1] < 2
            or ref_idx.shape[2] < 4 or mvd.shape[0] < end or mvd.shape[1] < 2
            or mvd.shape[2] < 16 or mvd.shape[3] < 2 or mv.shape[0] < end or mv.shape[1] < 2
            or mv.shape[2] < 16 or mv.shape[3] < 2):
        return ERR_BITSTREAM
    done = np.zeros(16, np.int64)
    nb = np.zeros((3, 3), np.int64)
    pred = np.zeros(2, np.int64)
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
        for k in range(4):
            ref_idx[mb, 1, k] = -1
        done[:] = 0
        if kind == KIND_SKIP:
            for k in range(4):
                ref_idx[mb, 0, k] = 0
            _neighbour(mb, mb_x, mb_y, mb_width, s, -1, 0, 0, mb_kind, mb_slice, ref_idx, mv,
                       done, nb[0])
            _neighbour(mb, mb_x, mb_y, mb_width, s, 0, -1, 0, mb_kind, mb_slice, ref_idx, mv,
                       done, nb[1])
            if (nb[0, 0] == NOT_AVAILABLE or nb[1, 0] == NOT_AVAILABLE
                    or (nb[0, 0] == 0 and nb[0, 1] == 0 and nb[0, 2] == 0)
                    or (nb[1, 0] == 0 and nb[1, 1] == 0 and nb[1, 2] == 0)):
                continue
            _predict(mb, mb_x, mb_y, mb_width, s, 0, 0, 4, 0, 0, 0, 0, mb_kind, mb_slice,
                     ref_idx, mv, done, nb, pred)
            _set(mb, 0, 0, 0, 4, 4, pred[0], pred[1], mv, done)
            continue
        if kind != KIND_INTER and kind != KIND_INTER8:
            return ERR_BITSTREAM
        part = mb_part[mb]
        if part < 0 or part > PART_8x8:
            return ERR_BITSTREAM
        for p in range(_PART_COUNT[part]):
            x8 = _PART_GEOMETRY[part, p, 0]
            y8 = _PART_GEOMETRY[part, p, 1]
            w8 = _PART_GEOMETRY[part, p, 2]
            h8 = _PART_GEOMETRY[part, p, 3]
            r = ref_idx[mb, 0, 2 * (y8 >> 1) + (x8 >> 1)]
            if part != PART_8x8:
                _predict(mb, mb_x, mb_y, mb_width, s, x8, y8, w8, part, p, r, 0, mb_kind,
                         mb_slice, ref_idx, mv, done, nb, pred)
                k = 4 * y8 + x8
                _set(mb, 0, x8, y8, w8, h8, _wrap16(pred[0] + mvd[mb, 0, k, 0]),
                     _wrap16(pred[1] + mvd[mb, 0, k, 1]), mv, done)
                continue
            sub = sub_part[mb, p]
            if sub < 0 or sub > 3:
                return ERR_BITSTREAM
            for q in range(_SUB_COUNT[sub]):
                x4 = x8 + _SUB_GEOMETRY[sub, q, 0]
                y4 = y8 + _SUB_GEOMETRY[sub, q, 1]
                w4 = _SUB_GEOMETRY[sub, q, 2]
                h4 = _SUB_GEOMETRY[sub, q, 3]
                _predict(mb, mb_x, mb_y, mb_width, s, x4, y4, w4, part, p, r, 0, mb_kind,
                         mb_slice, ref_idx, mv, done, nb, pred)
                k = 4 * y4 + x4
                _set(mb, 0, x4, y4, w4, h4, _wrap16(pred[0] + mvd[mb, 0, k, 0]),
                     _wrap16(pred[1] + mvd[mb, 0, k, 1]), mv, done)
    return 0
