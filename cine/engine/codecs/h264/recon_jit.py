"""H.264 macroblock reconstruction: intra prediction plus residual, and the residual of inter
macroblocks (whose prediction `inter_pred_jit` wrote before: inter macroblocks never read
the current picture, and intra ones only their earlier neighbours), written into the planes
(ITU-T H.264 8.3, 8.5; 8-bit, monochrome or 4:2:0, frame macroblocks).

`reconstruct_slice` walks the slice's macroblocks in address order over the arrays a parser
filled (`layout.py`). Luma 4x4 and 8x8 blocks are predicted and reconstructed one at a time
in decoding order, since each block predicts from the reconstructed samples of the blocks
before it. Blocks without coefficients (nnz 0; Intra_16x16 and chroma blocks also without
DC) skip the transform, which for them would add nothing (or the same value everywhere).

What the parsers must leave: for I_NxN with transform_size_8x8_flag (KIND_I8x8) the
Intra8x8PredMode of 8x8 block i in luma_modes[mb, 4*i] (the parsers store it in all four
entries 4i..4i+3); coefficient entries that were not coded are 0 (the Intra_16x16 DC block
is always read; other blocks only when nnz or the chroma cbp says they are coded).
"""
from __future__ import annotations

import numpy as np

from ...jit import helper, kernel, leaf
from . import layout as lo
from .intra_pred_jit import (AV_LEFT, AV_TOP, AV_TOPLEFT, AV_TOPRIGHT, REF_SIZE, pred16x16,
                             pred_chroma, pred_nxn)
from .tables import BLOCK_X, BLOCK_Y, CHROMA_QP
from .transform_jit import add_dc4, chroma_dc, luma_dc, residual4_add, residual8_add

ERR_ARGUMENT = -3   # arrays too small for the macroblocks named (a caller bug)

# neighbour macroblocks present (available), as bits of `mbav`
_A = 1
_B = 2
_C = 4
_D = 8


def _block_avail(bx: int, by: int, size: int, mbav: int) -> int:
    """The AV_* flags of the size x size luma block at (bx, by) of a macroblock whose
    neighbours A/B/C/D are `mbav` (6.4.11: inside the macroblock, a neighbour block is
    available when it comes earlier in decoding order)."""
    left = bx > 0 or mbav & _A
    top = by > 0 or mbav & _B
    if bx > 0 and by > 0:
        topleft = True
    elif by > 0:
        topleft = mbav & _A
    elif bx > 0:
        topleft = mbav & _B
    else:
        topleft = mbav & _D
    if by == 0:
        topright = mbav & (_C if bx + size == 16 else _B)
    else:
        # inside the macroblock: available when that block comes earlier in decoding order
        tr_x = bx + size
        tr_y = by - 1
        if tr_x >= 16:
            topright = False
        else:
            me = _decode_index(bx, by, size)
            other = _decode_index(tr_x - tr_x % size, tr_y - tr_y % size, size)
            topright = other < me
    return ((AV_LEFT if left else 0) | (AV_TOP if top else 0) | (AV_TOPLEFT if topleft else 0)
            | (AV_TOPRIGHT if topright else 0))


def _decode_index(x: int, y: int, size: int) -> int:
    if size == 8:
        return (y // 8) * 2 + x // 8
    return next(b for b in range(16) if BLOCK_X[b] == x and BLOCK_Y[b] == y)


_AV4 = np.array(tuple(_block_avail(BLOCK_X[b], BLOCK_Y[b], 4, m) for m in range(16) for b in range(16)),
                np.int64)
_AV8 = np.array(tuple(_block_avail(8 * (i & 1), 8 * (i >> 1), 8, m) for m in range(16) for i in range(4)),
                np.int64)
_BX = np.array(BLOCK_X, np.int64)
_BY = np.array(BLOCK_Y, np.int64)
_CHROMA_QP = np.array(CHROMA_QP, np.int64)


@leaf
def _available(mb_kind, mb_slice, n, s, intra_only):
    """Macroblock n is available for intra prediction in slice s (`intra_only`:
    constrained_intra_pred_flag, inter macroblocks are not)."""
    return mb_kind[n] != lo.KIND_NONE and mb_slice[n] == s and not (
        intra_only and mb_kind[n] > lo.KIND_IPCM)


@leaf
def _inter_residual(kind, cf, nz, levelscale4, levelscale8, qp, Y, x0, y0, blk):
    """Add the luma residual of an inter macroblock (its prediction is in Y already)."""
    if kind == lo.KIND_INTER8:
        ls8 = levelscale8[1, qp % 6]
        for i in range(4):
            k = lo.NNZ_LUMA + 4 * i
            if nz[k] != 0 or nz[k + 1] != 0 or nz[k + 2] != 0 or nz[k + 3] != 0:
                residual8_add(cf, lo.COEF_LUMA + 64 * i, ls8, qp, Y, x0 + 8 * (i & 1),
                              y0 + 8 * (i >> 1), blk)
    elif kind == lo.KIND_INTER:
        ls = levelscale4[3, qp % 6]
        for b in range(16):
            if nz[lo.NNZ_LUMA + b] != 0:
                residual4_add(cf, lo.COEF_LUMA + 16 * b, 0, 0, ls, qp, Y, x0 + _BX[b],
                              y0 + _BY[b], blk)


@leaf
def _copy_pcm(cf, P, x0, y0, n, off):
    for y in range(n):
        for x in range(n):
            v = cf[off + n * y + x]
            P[y0 + y, x0 + x] = 0 if v < 0 else (255 if v > 255 else v)


@leaf
def _luma_i16(cf, nz, mode, avail, ls, qp, Y, x0, y0, ref, blk, dc):
    st = pred16x16(Y, x0, y0, mode, avail, ref)
    if st != 0:
        return st
    luma_dc(cf, lo.COEF_LUMA_DC, ls[0], qp, dc)
    for b in range(16):
        bx = _BX[b]
        by = _BY[b]
        d = dc[by + (bx >> 2)]
        if nz[lo.NNZ_LUMA + b] != 0:
            residual4_add(cf, lo.COEF_LUMA + 16 * b, 1, d, ls, qp, Y, x0 + bx, y0 + by, blk)
        elif d != 0:
            add_dc4(Y, x0 + bx, y0 + by, d)
    return 0


@leaf
def _luma_i4(cf, nz, modes, mbav, ls, qp, Y, x0, y0, ref, blk):
    for b in range(16):
        x = x0 + _BX[b]
        y = y0 + _BY[b]
        st = pred_nxn(Y, x, y, 4, modes[b], _AV4[16 * mbav + b], ref)
        if st != 0:
            return st
        if nz[lo.NNZ_LUMA + b] != 0:
            residual4_add(cf, lo.COEF_LUMA + 16 * b, 0, 0, ls, qp, Y, x, y, blk)
    return 0


@leaf
def _luma_i8(cf, nz, modes, mbav, ls, qp, Y, x0, y0, ref, blk):
    for i in range(4):
        x = x0 + 8 * (i & 1)
        y = y0 + 8 * (i >> 1)
        st = pred_nxn(Y, x, y, 8, modes[4 * i], _AV8[4 * mbav + i], ref)
        if st != 0:
            return st
        k = lo.NNZ_LUMA + 4 * i
        if nz[k] != 0 or nz[k + 1] != 0 or nz[k + 2] != 0 or nz[k + 3] != 0:
            residual8_add(cf, lo.COEF_LUMA + 64 * i, ls, qp, Y, x, y, blk)
    return 0


@leaf
def _chroma_residual(cf, nz, plane, ls, qpc, C, x0, y0, blk, dc):
    """Add the residual of a coded 4:2:0 chroma plane (plane 0 Cb, 1 Cr) of a macroblock."""
    chroma_dc(cf, lo.COEF_CHROMA_DC + 4 * plane, ls[0], qpc, dc)
    for k in range(4):
        x = x0 + 4 * (k & 1)
        y = y0 + 4 * (k >> 1)
        if nz[lo.NNZ_CB + 4 * plane + k] != 0:
            residual4_add(cf, lo.COEF_CHROMA_AC + 64 * plane + 16 * k, 1, dc[k], ls, qpc, C, x, y, blk)
        elif dc[k] != 0:
            add_dc4(C, x, y, dc[k])


@leaf
def _chroma_qp(qp, offset):
    q = qp + offset
    return _CHROMA_QP[0 if q < 0 else (51 if q > 51 else q)]


@leaf
def _sizes_ok(end, mb_width, chroma_format, mb_kind, mb_slice, mb_qp, mb_cbp, mb_i16_mode,
              mb_chroma_mode, luma_modes, nnz, coeffs, slice_params, levelscale4, levelscale8,
              Y, Cb, Cr):
    for n in (mb_kind.shape[0], mb_slice.shape[0], mb_qp.shape[0], mb_cbp.shape[0],
              mb_i16_mode.shape[0], mb_chroma_mode.shape[0], luma_modes.shape[0], nnz.shape[0],
              coeffs.shape[0]):
        if n < end:
            return False
    if (luma_modes.shape[1] < 16 or nnz.shape[1] < lo.NNZ_STRIDE or coeffs.shape[1] < lo.COEFF_STRIDE
            or slice_params.shape[1] <= lo.SP_CONSTRAINED_INTRA):
        return False
    if (levelscale4.shape[0] < 3 or levelscale4.shape[1] < 6 or levelscale4.shape[2] < 16
            or levelscale8.shape[0] < 1 or levelscale8.shape[1] < 6 or levelscale8.shape[2] < 64):
        return False
    rows = (end - 1) // mb_width + 1
    if Y.shape[0] < 16 * rows or Y.shape[1] < 16 * mb_width:
        return False
    if chroma_format == 1:
        for P in (Cb, Cr):
            if P.shape[0] < 8 * rows or P.shape[1] < 8 * mb_width:
                return False
    return True


@helper
def _reconstruct(mb_start, end, mb_width, chroma_format, mb_kind, mb_slice, mb_qp, mb_cbp,
                 mb_i16_mode, mb_chroma_mode, luma_modes, nnz, coeffs, slice_params, levelscale4,
                 levelscale8, Y, Cb, Cr):
    """reconstruct_slice's loop over the macroblocks (arguments checked)."""
    ref = np.zeros(REF_SIZE, np.int32)
    blk = np.zeros(64, np.int32)
    dc = np.zeros(16, np.int32)
    for mb in range(mb_start, end):
        kind = mb_kind[mb]
        s = mb_slice[mb]
        if s < 0 or s >= slice_params.shape[0]:
            return lo.ERR_BITSTREAM
        mx = mb % mb_width
        my = mb // mb_width
        ci = slice_params[s, lo.SP_CONSTRAINED_INTRA] != 0
        mbav = 0
        if mx > 0 and _available(mb_kind, mb_slice, mb - 1, s, ci):
            mbav |= _A
        if my > 0:
            up = mb - mb_width
            if _available(mb_kind, mb_slice, up, s, ci):
                mbav |= _B
            if mx < mb_width - 1 and _available(mb_kind, mb_slice, up + 1, s, ci):
                mbav |= _C
            if mx > 0 and _available(mb_kind, mb_slice, up - 1, s, ci):
                mbav |= _D
        cf = coeffs[mb]
        x0 = 16 * mx
        y0 = 16 * my
        if kind == lo.KIND_IPCM:
            _copy_pcm(cf, Y, x0, y0, 16, 0)
            if chroma_format == 1:
                _copy_pcm(cf, Cb, 8 * mx, 8 * my, 8, lo.PCM_CB)
                _copy_pcm(cf, Cr, 8 * mx, 8 * my, 8, lo.PCM_CR)
            continue
        qp = mb_qp[mb]
        if qp < 0 or qp > 51:
            return lo.ERR_BITSTREAM
        nz = nnz[mb]
        ls = levelscale4[0, qp % 6]
        mb_av = ((AV_LEFT if mbav & _A else 0) | (AV_TOP if mbav & _B else 0)
                 | (AV_TOPLEFT if mbav & _D else 0))
        if kind > lo.KIND_IPCM:
            # inter: the prediction is in the planes (inter_pred_jit); add the residual
            if kind > lo.KIND_SKIP or levelscale4.shape[0] < 6 or levelscale8.shape[0] < 2:
                return lo.ERR_UNSUPPORTED
            if kind == lo.KIND_SKIP:
                continue
            _inter_residual(kind, cf, nz, levelscale4, levelscale8, qp, Y, x0, y0, blk)
            if chroma_format == 1 and (mb_cbp[mb] >> 4) & 3 != 0:
                for plane in range(2):
                    qpc = _chroma_qp(qp, slice_params[s, lo.SP_CHROMA_QP_OFFSET + plane])
                    _chroma_residual(cf, nz, plane, levelscale4[4 + plane, qpc % 6], qpc,
                                     Cb if plane == 0 else Cr, 8 * mx, 8 * my, blk, dc)
            continue
        if kind == lo.KIND_I16x16:
            st = _luma_i16(cf, nz, mb_i16_mode[mb], mb_av, ls, qp, Y, x0, y0, ref, blk, dc)
        elif kind == lo.KIND_I4x4:
            st = _luma_i4(cf, nz, luma_modes[mb], mbav, ls, qp, Y, x0, y0, ref, blk)
        elif kind == lo.KIND_I8x8:
            st = _luma_i8(cf, nz, luma_modes[mb], mbav, levelscale8[0, qp % 6], qp, Y, x0, y0, ref, blk)
        else:
            return lo.ERR_UNSUPPORTED
        if st != 0:
            return lo.ERR_BITSTREAM
        if chroma_format == 1:
            cx = 8 * mx
            cy = 8 * my
            cmode = mb_chroma_mode[mb]
            if (pred_chroma(Cb, cx, cy, cmode, mb_av, ref) != 0
                    or pred_chroma(Cr, cx, cy, cmode, mb_av, ref) != 0):
                return lo.ERR_BITSTREAM
            if (mb_cbp[mb] >> 4) & 3 != 0:
                for plane in range(2):
                    qpc = _chroma_qp(qp, slice_params[s, lo.SP_CHROMA_QP_OFFSET + plane])
                    _chroma_residual(cf, nz, plane, levelscale4[1 + plane, qpc % 6], qpc,
                                     Cb if plane == 0 else Cr, cx, cy, blk, dc)
    return 0


@kernel("int64(int64, int64, int64, int64, int8[:], int32[:], int32[:], int32[:], int8[:], int8[:], "
        "int8[:, :], uint8[:, :], int32[:, :], int32[:, :], int32[:, :, :], int32[:, :, :], "
        "uint8[:, :], uint8[:, :], uint8[:, :])")
def reconstruct_slice(mb_start, mb_count, mb_width, chroma_format, mb_kind, mb_slice, mb_qp, mb_cbp,
                      mb_i16_mode, mb_chroma_mode, luma_modes, nnz, coeffs, slice_params, levelscale4,
                      levelscale8, Y, Cb, Cr):
    """Reconstruct macroblocks mb_start .. mb_start + mb_count - 1 into Y (and Cb, Cr unless
    chroma_format is 0). Returns 0; layout.ERR_BITSTREAM when a macroblock's data is invalid
    (QP, slice number or prediction mode out of range, a mode that needs unavailable
    neighbours), layout.ERR_UNSUPPORTED for a macroblock kind or chroma format it cannot
    reconstruct, ERR_ARGUMENT when the arrays are too small."""
    if chroma_format != 0 and chroma_format != 1:
        return lo.ERR_UNSUPPORTED
    end = mb_start + mb_count
    if mb_width <= 0 or mb_start < 0 or mb_count < 0:
        return ERR_ARGUMENT
    if mb_count == 0:
        return 0
    if not _sizes_ok(end, mb_width, chroma_format, mb_kind, mb_slice, mb_qp, mb_cbp, mb_i16_mode,
                     mb_chroma_mode, luma_modes, nnz, coeffs, slice_params, levelscale4, levelscale8,
                     Y, Cb, Cr):
        return ERR_ARGUMENT
    # C-contiguous planes (copies of others, written back after): the block helpers read and
    # write whole rows
    Yc = np.ascontiguousarray(Y)
    Cbc = np.ascontiguousarray(Cb)
    Crc = np.ascontiguousarray(Cr)
    # (and C-contiguous inputs: unit strides make the blocks' loads plain)
    rc = _reconstruct(mb_start, end, mb_width, chroma_format, mb_kind, mb_slice, mb_qp, mb_cbp,
                      mb_i16_mode, mb_chroma_mode, luma_modes, np.ascontiguousarray(nnz),
                      np.ascontiguousarray(coeffs), slice_params,
                      np.ascontiguousarray(levelscale4), np.ascontiguousarray(levelscale8), Yc,
                      Cbc, Crc)
    if not Y.flags.c_contiguous:
        Y[:, :] = Yc
    if not Cb.flags.c_contiguous:
        Cb[:, :] = Cbc
    if not Cr.flags.c_contiguous:
        Cr[:, :] = Crc
    return rc
