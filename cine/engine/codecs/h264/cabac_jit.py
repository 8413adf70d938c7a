"""H.264 CABAC slice data of I, P and B slices (ITU-T H.264 7.3.4, 7.3.5, 9.3): the macroblock layer
parsed into the per-picture arrays of `layout` (frame macroblocks, 4:2:0 or monochrome,
8-bit). Context indices and increments follow 9.3.3.1; the arithmetic decoding is
`cabac_engine_jit`.

Speed: the engine state stays in the kernel's locals and every bin goes through the scalar
engine functions with a refill check at most five bins apart (`if bits < 32`). The macroblock
layer is one loop inside the kernel; each residual block (most of the bins) is decoded by
`_residual_block`, a leaf (no reference counting on its arrays) with the decisions written out
without branches, whose few live values keep the engine state in registers.
"""
from __future__ import annotations

import numpy as np

from ...jit import helper, kernel, leaf
from .cabac_engine_jit import (LPS_RANGE_WIDE, RANGE_SHIFT, STATE_NEXT, bypass, consumed_bits,
                               decision, engine_start, init_contexts, refill, terminate)
from .cabac_inter_jit import decode_b_mb_type, inter_mb_pred
from .cabac_tables import CONTEXT_COUNT, LAST_8X8, SIG_8X8_FRAME
from .layout import (COEF_CHROMA_AC, COEF_CHROMA_DC, COEF_LUMA_DC, COEFF_STRIDE, DC_STRIDE,
                     ERR_BITSTREAM, ERR_UNSUPPORTED, KIND_I4x4, KIND_I8x8, KIND_I16x16,
                     KIND_INTER, KIND_INTER8, KIND_IPCM, KIND_SKIP, NNZ_CB, NNZ_STRIDE, PART_DIRECT,
                     SI_CABAC_INIT_IDC, SI_CHROMA_FORMAT, SI_DIRECT_8X8, SI_FIRST_MB, SI_MB_HEIGHT,
                     SI_MB_WIDTH, SI_NUM_REF_L0, SI_NUM_REF_L1, SI_SLICE_INDEX, SI_SLICE_QP, SI_SLICE_TYPE, SI_STRIDE,
                     SI_TRANSFORM_8X8)
from .tables import BLOCK_X, BLOCK_Y, ZIGZAG4, ZIGZAG8

# ctxIdxOffset of the syntax elements (Table 9-34)
MB_SKIP_P = 11
MB_TYPE_P = 14           # P mb_type prefix bins (ctxIdx 14, 15, 16 / 17)
MB_TYPE_P_INTRA = 17     # the intra mb_type suffix in P slices
MB_SKIP_B = 24
MB_TYPE_B_INTRA = 32     # the intra mb_type suffix in B slices
MB_TYPE_I = 3
MB_QP_DELTA = 60
CHROMA_PRED_MODE = 64
PREV_INTRA_PRED_FLAG = 68
REM_INTRA_PRED_MODE = 69
CBP_LUMA = 73
CBP_CHROMA = 77
TRANSFORM_8X8_FLAG = 399

# residual blocks by ctxBlockCat (Table 9-42): 0 Intra16x16DC, 1 Intra16x16AC, 2 Luma4x4,
# 3 ChromaDC (4:2:0), 4 ChromaAC, 5 Luma8x8; their ctxIdxOffset + ctxIdxBlockCatOffset
# (Tables 9-34, 9-40)
CAT_I16_DC, CAT_I16_AC, CAT_LUMA4, CAT_CHROMA_DC, CAT_CHROMA_AC, CAT_LUMA8 = 0, 1, 2, 3, 4, 5
CBF_BASE = np.array((85, 89, 93, 97, 101, 0), np.int64)
SIG_BASE = np.array((105, 120, 134, 149, 152, 402), np.int64)
LAST_BASE = np.array((166, 181, 195, 210, 213, 417), np.int64)
ABS_BASE = np.array((227, 237, 247, 257, 266, 426), np.int64)
# ctxIdxInc of significant_coeff_flag / last_significant_coeff_flag by levelListIdx
# (9.3.3.1.3; chroma DC of 4:2:0 has NumC8x8 = 1)
_FLAT = list(range(63)) + [0]
_DC2 = [min(i, 2) for i in range(63)] + [0]
SIG_INC = np.array([_FLAT, _FLAT, _FLAT, _DC2, _FLAT, list(SIG_8X8_FRAME) + [0]], np.int64)
LAST_INC = np.array([_FLAT, _FLAT, _FLAT, _DC2, _FLAT, list(LAST_8X8) + [0]], np.int64)
# raster index inside the block of list index i (the inverse scan; AC lists start at scan
# position 1; the chroma DC 2x2 list is raster already)
SCANS = np.array([list(ZIGZAG4) + [0] * 48, list(ZIGZAG4[1:]) + [0] * 49, list(ZIGZAG4) + [0] * 48,
                  [0, 1, 2, 3] + [0] * 60, list(ZIGZAG4[1:]) + [0] * 49, list(ZIGZAG8)], np.int64)


def _neighbour_blocks(dx, dy):
    """For each luma4x4BlkIdx: the block at (x + dx, y + dy) (wrapping into the neighbour
    macroblock) and whether it lies inside the current macroblock."""
    where = {(BLOCK_X[b], BLOCK_Y[b]): b for b in range(16)}
    blk, inside = [], []
    for b in range(16):
        x, y = BLOCK_X[b] + dx, BLOCK_Y[b] + dy
        inside.append(int(0 <= x < 16 and 0 <= y < 16))
        blk.append(where[(x % 16, y % 16)])
    return np.array(blk, np.int64), np.array(inside, np.int64)



LEFT_BLK, LEFT_INSIDE = _neighbour_blocks(-4, 0)
TOP_BLK, TOP_INSIDE = _neighbour_blocks(0, -4)


@leaf
def pred_intra_mode(luma_modes, mb, mba, mbb, a_nxn, b_nxn, blk):
    """predIntra4x4PredMode / predIntra8x8PredMode of the block whose top-left 4x4 block is
    `blk` (8.3.1.1, 8.3.2.1: an 8x8 block's neighbours are those of its top-left 4x4 block,
    and 8x8 modes are stored in all four of their entries). a_nxn / b_nxn: the neighbour
    macroblock is I_NxN (else its mode counts as DC)."""
    if LEFT_INSIDE[blk]:
        a = luma_modes[mb, LEFT_BLK[blk]]
    elif mba < 0:
        return 2
    elif a_nxn:
        a = luma_modes[mba, LEFT_BLK[blk]]
    else:
        a = 2
    if TOP_INSIDE[blk]:
        b = luma_modes[mb, TOP_BLK[blk]]
    elif mbb < 0:
        return 2
    elif b_nxn:
        b = luma_modes[mbb, TOP_BLK[blk]]
    else:
        b = 2
    return min(a, b)


@leaf
def arrays_fit(total, mb_kind, mb_slice, mb_qp, mb_cbp, mb_i16_mode, mb_chroma_mode, luma_modes,
               nnz, cbf_dc, coeffs):
    return (mb_kind.shape[0] >= total and mb_slice.shape[0] >= total and mb_qp.shape[0] >= total
            and mb_cbp.shape[0] >= total and mb_i16_mode.shape[0] >= total
            and mb_chroma_mode.shape[0] >= total and luma_modes.shape[0] >= total
            and luma_modes.shape[1] >= 16 and nnz.shape[0] >= total and nnz.shape[1] >= NNZ_STRIDE
            and cbf_dc.shape[0] >= total and cbf_dc.shape[1] >= DC_STRIDE
            and coeffs.shape[0] >= total and coeffs.shape[1] >= COEFF_STRIDE)


@leaf
def _residual_block(rbsp, ctx, coeffs, mb, idx, cat, base, size, cbf_ci, rng, value, bits, pos):
    """One residual block (7.3.5.3.3): its coded_block_flag with context cbf_ci (-1 where the
    syntax has none: the block is coded), then the significance map and the levels into
    coeffs[mb, base + raster index]. Returns (the number of coefficients, 0 when the block is
    not coded, or -1 for a level the syntax forbids; and the engine state). A function of its
    own, so that the engine state stays in registers through its loops (inside the
    macroblock loop it did not: too many values live there). DecodeDecision and
    DecodeBypass are written out without a branch on the bin (an LPS is a 0/1 value that
    selects), and the tables' indices are built so that they provably fit (no index check:
    cabac_engine_jit's STATE_NEXT, LPS_RANGE_WIDE, RANGE_SHIFT)."""
    if bits < 32:
        value, bits, pos = refill(rbsp, value, bits, pos)
    if cbf_ci >= 0:
        s = np.int64(ctx[cbf_ci])
        lps = np.int64(LPS_RANGE_WIDE[(s << 2) | ((rng >> 6) & 3)])
        rng -= lps
        scaled = rng << bits
        f = np.int64(value >= scaled)
        value -= scaled & -f
        rng = lps if f else rng
        ctx[cbf_ci] = STATE_NEXT[(s << 1) | f]
        shift = np.int64(RANGE_SHIFT[rng & 511])
        rng <<= shift
        bits -= shift
        if (s & 1) ^ f == 0:
            return 0, rng, value, bits, pos
    # significant_coeff_flag, then last_significant_coeff_flag when it is 1
    sig_base = SIG_BASE[cat]
    last_base = LAST_BASE[cat]
    sig_inc = SIG_INC[cat]
    last_inc = LAST_INC[cat]
    n = 0
    i = 0
    end = size - 1
    while i < end:
        if bits < 32:
            value, bits, pos = refill(rbsp, value, bits, pos)
        ci = sig_base + sig_inc[i & 63]
        s = np.int64(ctx[ci])
        lps = np.int64(LPS_RANGE_WIDE[(s << 2) | ((rng >> 6) & 3)])
        rng -= lps
        scaled = rng << bits
        f = np.int64(value >= scaled)
        value -= scaled & -f
        rng = lps if f else rng
        ctx[ci] = STATE_NEXT[(s << 1) | f]
        shift = np.int64(RANGE_SHIFT[rng & 511])
        rng <<= shift
        bits -= shift
        b = (s & 1) ^ f
        idx[n] = i
        n += b
        # last_significant_coeff_flag, decoded whatever b is and kept only when b is 1:
        # whether b is 1 is as good as random, a branch on it would be mispredicted often
        ci = last_base + last_inc[i & 63]
        s = np.int64(ctx[ci])
        lps = np.int64(LPS_RANGE_WIDE[(s << 2) | ((rng >> 6) & 3)])
        rng2 = rng - lps
        scaled = rng2 << bits
        f = np.int64(value >= scaled)
        value2 = value - (scaled & -f)
        rng2 = lps if f else rng2
        ctx[ci] = STATE_NEXT[(s << 1) | f] if b else s
        shift = np.int64(RANGE_SHIFT[rng2 & 511])
        value = value2 if b else value
        rng = (rng2 << shift) if b else rng
        bits = (bits - shift) if b else bits
        if b & ((s & 1) ^ f):
            break
        i += 1
    if i == end:         # no last flag set: the final coefficient
        idx[n] = i
        n += 1

    # coeff_abs_level_minus1 (prefix TU cMax 14, suffix UEG0 bypass) and
    # coeff_sign_flag, last coefficient first (9.3.2.3, 9.3.3.1.3)
    abs_base = ABS_BASE[cat]
    gt1_base = abs_base + 5
    gt1_cap = 3 if cat == CAT_CHROMA_DC else 4
    gt1 = 0
    eq1 = 0
    scan = SCANS[cat]
    for t in range(n - 1, -1, -1):
        ci = abs_base + (0 if gt1 else min(4, 1 + eq1))
        level = 0                 # the prefix so far, then the level
        while level < 14:
            if bits < 32:
                value, bits, pos = refill(rbsp, value, bits, pos)
            s = np.int64(ctx[ci])
            lps = np.int64(LPS_RANGE_WIDE[(s << 2) | ((rng >> 6) & 3)])
            rng -= lps
            scaled = rng << bits
            f = np.int64(value >= scaled)
            value -= scaled & -f
            rng = lps if f else rng
            ctx[ci] = STATE_NEXT[(s << 1) | f]
            shift = np.int64(RANGE_SHIFT[rng & 511])
            rng <<= shift
            bits -= shift
            if (s & 1) ^ f == 0:
                break
            level += 1
            ci = gt1_base + min(gt1_cap, gt1)
        if level == 0:
            eq1 += 1
        else:
            gt1 += 1
        if level == 14:
            e = 0
            while True:
                if bits < 32:
                    value, bits, pos = refill(rbsp, value, bits, pos)
                b, value, bits = bypass(rng, value, bits)
                if b == 0:
                    break
                level += 1 << e
                e += 1
                if e > 22:
                    return -1, rng, value, bits, pos
            while e > 0:
                e -= 1
                if bits < 32:
                    value, bits, pos = refill(rbsp, value, bits, pos)
                b, value, bits = bypass(rng, value, bits)
                level += b << e
        level += 1
        if bits < 32:
            value, bits, pos = refill(rbsp, value, bits, pos)
        # coeff_sign_flag (DecodeBypass)
        bits -= 1
        scaled = rng << bits
        f = np.int64(value >= scaled)
        value -= scaled & -f
        coeffs[mb, base + scan[idx[t] & 63]] = (level ^ -f) + f
    return n, rng, value, bits, pos


@helper
def _parse_cabac(rbsp, bytepos, si, mb_kind, mb_slice, mb_qp, mb_cbp, mb_i16_mode,
                 mb_chroma_mode, luma_modes, nnz, cbf_dc, coeffs, mb_part, sub_part, ref_idx, mvd):
    if si.shape[0] < SI_STRIDE:
        return ERR_BITSTREAM
    width = np.int64(si[SI_MB_WIDTH])
    height = np.int64(si[SI_MB_HEIGHT])
    total = width * height
    if width <= 0 or height <= 0 or not arrays_fit(total, mb_kind, mb_slice, mb_qp, mb_cbp,
                                                   mb_i16_mode, mb_chroma_mode, luma_modes, nnz,
                                                   cbf_dc, coeffs):
        return ERR_BITSTREAM
    if (mb_part.shape[0] < total or sub_part.shape[0] < total or sub_part.shape[1] < 4
            or ref_idx.shape[0] < total or ref_idx.shape[1] < 2 or ref_idx.shape[2] < 4
            or mvd.shape[0] < total or mvd.shape[1] < 2 or mvd.shape[2] < 16 or mvd.shape[3] < 2):
        return ERR_BITSTREAM
    b_slice = si[SI_SLICE_TYPE] == 1
    inter_slice = si[SI_SLICE_TYPE] == 0 or b_slice
    if (si[SI_SLICE_TYPE] != 2 and not inter_slice) or (si[SI_CHROMA_FORMAT] != 0
                                                         and si[SI_CHROMA_FORMAT] != 1):
        return ERR_UNSUPPORTED
    num_ref = np.int64(si[SI_NUM_REF_L0])
    num_ref1 = np.int64(si[SI_NUM_REF_L1])
    inference = si[SI_DIRECT_8X8] != 0
    if b_slice and (num_ref1 < 1 or num_ref1 > 32):
        return ERR_BITSTREAM
    if inter_slice and (num_ref < 1 or num_ref > 32 or si[SI_CABAC_INIT_IDC] < 0
                        or si[SI_CABAC_INIT_IDC] > 2):
        return ERR_BITSTREAM
    chroma = si[SI_CHROMA_FORMAT] == 1
    qp = np.int64(si[SI_SLICE_QP])
    mb = np.int64(si[SI_FIRST_MB])
    if qp < 0 or qp > 51 or mb < 0 or mb >= total or bytepos < 0:
        return ERR_BITSTREAM
    slice_index = si[SI_SLICE_INDEX]
    allow_8x8 = si[SI_TRANSFORM_8X8] != 0
    limit = 8 * rbsp.shape[0]

    ctx = np.empty(CONTEXT_COUNT, np.uint8)
    init_contexts(ctx, qp, 1 + si[SI_CABAC_INIT_IDC] if inter_slice else 0)
    idx = np.empty(64, np.int64)
    eng = np.zeros(4, np.int64)
    ok, rng, value, bits, pos = engine_start(rbsp, bytepos)
    if not ok:
        return ERR_BITSTREAM
    prev_dqp = 0                 # the previous macroblock had mb_qp_delta != 0 (9.3.3.1.1.5)
    count = 0
    while True:
        mba = -1
        if mb % width > 0 and mb_kind[mb - 1] != 0 and mb_slice[mb - 1] == slice_index:
            mba = mb - 1
        mbb = -1
        if mb >= width and mb_kind[mb - width] != 0 and mb_slice[mb - width] == slice_index:
            mbb = mb - width
        a_nxn = mba >= 0 and (mb_kind[mba] == KIND_I4x4 or mb_kind[mba] == KIND_I8x8)
        b_nxn = mbb >= 0 and (mb_kind[mbb] == KIND_I4x4 or mb_kind[mbb] == KIND_I8x8)
        coeffs[mb, :] = 0
        nnz[mb, :] = 0
        cbf_dc[mb, :] = 0

        mb_part[mb] = 0
        for k in range(4):
            sub_part[mb, k] = 0
            ref_idx[mb, 0, k] = -1
            ref_idx[mb, 1, k] = -1
        mvd[mb, :, :, :] = 0
        skipped = False
        if inter_slice:
            # mb_skip_flag (ctxIdxInc 9.3.3.1.1.1: neighbours available and not skipped)
            ca = mba >= 0 and mb_kind[mba] != KIND_SKIP
            cb = mbb >= 0 and mb_kind[mbb] != KIND_SKIP
            ci = (MB_SKIP_B if b_slice else MB_SKIP_P) + ca + cb
            b, ctx[ci], rng, value, bits = decision(ctx[ci], rng, value, bits)
            skipped = b == 1
            if bits < 32:
                value, bits, pos = refill(rbsp, value, bits, pos)
        if skipped:
            kind = KIND_SKIP
            if not b_slice:
                for k in range(4):
                    ref_idx[mb, 0, k] = 0
            cbp = 0
            i16_mode = 0
            chroma_mode = 0
            prev_dqp = 0
            mb_qp[mb] = qp
        else:
            # mb_type (9.3.2.5, Table 9-36; ctxIdxInc 9.3.3.1.1.3)
            i16_mode = 0
            cbp = 0
            chroma_mode = 0
            # the intra mb_type's bins: ctxIdx of bin 0, cbp luma, both chroma bins and both
            # prediction mode bins (I slices: Table 9-39's mb_type I column; P slices: the
            # suffix after prefix 1, ctxIdxOffset 17)
            kind = -1
            part = 0
            b_type = -1
            if b_slice:
                # B mb_type (ctxIdxInc: neighbours available and not B_Skip / B_Direct_16x16)
                ca = mba >= 0 and not (mb_kind[mba] == KIND_SKIP or (
                    mb_kind[mba] >= KIND_INTER and mb_part[mba] == PART_DIRECT))
                cb = mbb >= 0 and not (mb_kind[mbb] == KIND_SKIP or (
                    mb_kind[mbb] >= KIND_INTER and mb_part[mbb] == PART_DIRECT))
                eng[0] = rng
                eng[1] = value
                eng[2] = bits
                eng[3] = pos
                b_type = decode_b_mb_type(rbsp, ctx, eng, ca + cb)
                rng = eng[0]
                value = eng[1]
                bits = eng[2]
                pos = eng[3]
                if b_type < 23:
                    kind = KIND_INTER
                c0, cl, cc1, cc2, cm1, cm0 = MB_TYPE_B_INTRA, MB_TYPE_B_INTRA + 1, \
                    MB_TYPE_B_INTRA + 2, MB_TYPE_B_INTRA + 2, MB_TYPE_B_INTRA + 3, \
                    MB_TYPE_B_INTRA + 3
            elif inter_slice:
                # P mb_type prefix (Table 9-37): 000 16x16, 011 16x8, 010 8x16, 001 8x8
                ci = MB_TYPE_P
                b, ctx[ci], rng, value, bits = decision(ctx[ci], rng, value, bits)
                if b == 0:
                    kind = KIND_INTER
                    ci = MB_TYPE_P + 1
                    b, ctx[ci], rng, value, bits = decision(ctx[ci], rng, value, bits)
                    ci = MB_TYPE_P + 2 + b
                    b2, ctx[ci], rng, value, bits = decision(ctx[ci], rng, value, bits)
                    part = 2 - b2 if b else 3 * b2
                c0, cl, cc1, cc2, cm1, cm0 = MB_TYPE_P_INTRA, MB_TYPE_P_INTRA + 1, \
                    MB_TYPE_P_INTRA + 2, MB_TYPE_P_INTRA + 2, MB_TYPE_P_INTRA + 3, \
                    MB_TYPE_P_INTRA + 3
            else:
                c0 = MB_TYPE_I + (mba >= 0 and not a_nxn) + (mbb >= 0 and not b_nxn)
                cl, cc1, cc2, cm1, cm0 = MB_TYPE_I + 3, MB_TYPE_I + 4, MB_TYPE_I + 5, \
                    MB_TYPE_I + 6, MB_TYPE_I + 7
            if kind < 0:
                ci = c0
                b, ctx[ci], rng, value, bits = decision(ctx[ci], rng, value, bits)
            if kind >= 0:
                pass
            elif b == 0:
                kind = KIND_I4x4
            else:
                b, rng, value, bits = terminate(rng, value, bits)
                if b:
                    kind = KIND_IPCM
                else:
                    kind = KIND_I16x16
                    if bits < 32:
                        value, bits, pos = refill(rbsp, value, bits, pos)
                    ci = cl
                    b, ctx[ci], rng, value, bits = decision(ctx[ci], rng, value, bits)
                    cbp = 15 * b
                    ci = cc1
                    b, ctx[ci], rng, value, bits = decision(ctx[ci], rng, value, bits)
                    if bits < 32:
                        value, bits, pos = refill(rbsp, value, bits, pos)
                    if b:
                        ci = cc2
                        b, ctx[ci], rng, value, bits = decision(ctx[ci], rng, value, bits)
                        cbp |= (1 + b) << 4
                    ci = cm1
                    b, ctx[ci], rng, value, bits = decision(ctx[ci], rng, value, bits)
                    if bits < 32:
                        value, bits, pos = refill(rbsp, value, bits, pos)
                    i16_mode = b << 1
                    ci = cm0
                    b, ctx[ci], rng, value, bits = decision(ctx[ci], rng, value, bits)
                    i16_mode |= b
            if bits < 32:
                value, bits, pos = refill(rbsp, value, bits, pos)
            intra_mb = kind != KIND_INTER
            small = False               # a sub-macroblock partition below 8x8

            if kind == KIND_INTER:
                # mb_pred( ) / sub_mb_pred( ) (cabac_inter_jit)
                if b_type == 0:
                    mb_part[mb] = PART_DIRECT
                else:
                    eng[0] = rng
                    eng[1] = value
                    eng[2] = bits
                    eng[3] = pos
                    got = inter_mb_pred(rbsp, ctx, eng, mb, mba, mbb, b_slice,
                                        b_type if b_slice else part, num_ref, num_ref1,
                                        inference, mb_kind, mb_part, sub_part, ref_idx, mvd)
                    rng = eng[0]
                    value = eng[1]
                    bits = eng[2]
                    pos = eng[3]
                    if got < 0:
                        return ERR_BITSTREAM
                    small = got == 1

            if kind == KIND_IPCM:
                # pcm_alignment_zero_bits, the samples, then the engine starts again (9.3.1.2)
                start = (consumed_bits(bits, pos) + 7) >> 3
                size = 384 if chroma else 256
                if start + size > rbsp.shape[0]:
                    return ERR_BITSTREAM
                for i in range(size):
                    coeffs[mb, i] = rbsp[start + i]
                ok, rng, value, bits, pos = engine_start(rbsp, start + size)
                if not ok:
                    return ERR_BITSTREAM
                nnz[mb, :] = 16
                cbf_dc[mb, :] = 1
                luma_modes[mb, :] = 2
                cbp = 0x2F
                prev_dqp = 0
                mb_qp[mb] = 0
            else:
                if kind == KIND_I4x4:
                    if allow_8x8:
                        ca = mba >= 0 and (mb_kind[mba] == KIND_I8x8 or mb_kind[mba] == KIND_INTER8)
                        cb = mbb >= 0 and (mb_kind[mbb] == KIND_I8x8 or mb_kind[mbb] == KIND_INTER8)
                        ci = TRANSFORM_8X8_FLAG + ca + cb
                        b, ctx[ci], rng, value, bits = decision(ctx[ci], rng, value, bits)
                        if b:
                            kind = KIND_I8x8
                    step = 4 if kind == KIND_I8x8 else 1
                    for blk in range(0, 16, step):
                        # prev_intra_pred_mode_flag, rem_intra_pred_mode (FL, least significant first)
                        mode = pred_intra_mode(luma_modes, mb, mba, mbb, a_nxn, b_nxn, blk)
                        if bits < 32:
                            value, bits, pos = refill(rbsp, value, bits, pos)
                        ci = PREV_INTRA_PRED_FLAG
                        b, ctx[ci], rng, value, bits = decision(ctx[ci], rng, value, bits)
                        if b == 0:
                            ci = REM_INTRA_PRED_MODE
                            b, ctx[ci], rng, value, bits = decision(ctx[ci], rng, value, bits)
                            rem = b
                            if bits < 32:
                                value, bits, pos = refill(rbsp, value, bits, pos)
                            b, ctx[ci], rng, value, bits = decision(ctx[ci], rng, value, bits)
                            rem |= b << 1
                            b, ctx[ci], rng, value, bits = decision(ctx[ci], rng, value, bits)
                            rem |= b << 2
                            mode = rem if rem < mode else rem + 1
                        for k in range(blk, blk + step):
                            luma_modes[mb, k] = mode
                else:
                    luma_modes[mb, :] = 2
                if bits < 32:
                    value, bits, pos = refill(rbsp, value, bits, pos)
                if chroma and intra_mb:
                    # intra_chroma_pred_mode: TU, cMax 3 (ctxIdxInc 9.3.3.1.1.8)
                    ca = mba >= 0 and mb_kind[mba] != KIND_IPCM and mb_chroma_mode[mba] != 0
                    cb = mbb >= 0 and mb_kind[mbb] != KIND_IPCM and mb_chroma_mode[mbb] != 0
                    ci = CHROMA_PRED_MODE + ca + cb
                    b, ctx[ci], rng, value, bits = decision(ctx[ci], rng, value, bits)
                    while b and chroma_mode < 3:
                        chroma_mode += 1
                        if chroma_mode < 3:
                            ci = CHROMA_PRED_MODE + 3
                            b, ctx[ci], rng, value, bits = decision(ctx[ci], rng, value, bits)
                    if bits < 32:
                        value, bits, pos = refill(rbsp, value, bits, pos)
                if kind != KIND_I16x16:
                    # coded_block_pattern: prefix FL of the four 8x8 luma bits, suffix TU cMax 2
                    # (9.3.2.6; ctxIdxInc 9.3.3.1.1.4)
                    for b8 in range(4):
                        if b8 & 1:
                            ca = 1 - ((cbp >> (b8 - 1)) & 1)
                        else:
                            ca = 0 if mba < 0 else 1 - ((mb_cbp[mba] >> (b8 + 1)) & 1)
                        if b8 & 2:
                            cb = 1 - ((cbp >> (b8 - 2)) & 1)
                        else:
                            cb = 0 if mbb < 0 else 1 - ((mb_cbp[mbb] >> (b8 + 2)) & 1)
                        ci = CBP_LUMA + ca + 2 * cb
                        b, ctx[ci], rng, value, bits = decision(ctx[ci], rng, value, bits)
                        cbp |= b << b8
                    if bits < 32:
                        value, bits, pos = refill(rbsp, value, bits, pos)
                    if chroma:
                        ca = mba >= 0 and (mb_cbp[mba] >> 4) != 0
                        cb = mbb >= 0 and (mb_cbp[mbb] >> 4) != 0
                        ci = CBP_CHROMA + ca + 2 * cb
                        b, ctx[ci], rng, value, bits = decision(ctx[ci], rng, value, bits)
                        if b:
                            ca = mba >= 0 and (mb_cbp[mba] >> 4) == 2
                            cb = mbb >= 0 and (mb_cbp[mbb] >> 4) == 2
                            ci = CBP_CHROMA + 4 + ca + 2 * cb
                            b, ctx[ci], rng, value, bits = decision(ctx[ci], rng, value, bits)
                            cbp |= (1 + b) << 4
                        if bits < 32:
                            value, bits, pos = refill(rbsp, value, bits, pos)
                if (kind == KIND_INTER and cbp & 15 and allow_8x8 and not small
                        and (mb_part[mb] != PART_DIRECT or inference)):
                    # transform_size_8x8_flag of an inter macroblock (after its cbp)
                    ca = mba >= 0 and (mb_kind[mba] == KIND_I8x8 or mb_kind[mba] == KIND_INTER8)
                    cb = mbb >= 0 and (mb_kind[mbb] == KIND_I8x8 or mb_kind[mbb] == KIND_INTER8)
                    ci = TRANSFORM_8X8_FLAG + ca + cb
                    b, ctx[ci], rng, value, bits = decision(ctx[ci], rng, value, bits)
                    if b:
                        kind = KIND_INTER8
                    if bits < 32:
                        value, bits, pos = refill(rbsp, value, bits, pos)
                if cbp == 0 and kind != KIND_I16x16:
                    prev_dqp = 0
                else:
                    # mb_qp_delta: U binarization of the mapped value (Table 9-3). Like FFmpeg,
                    # up to 2 * 51 bins are accepted and QP_Y wraps modulo 52.
                    k = 0
                    ci = MB_QP_DELTA + prev_dqp
                    b, ctx[ci], rng, value, bits = decision(ctx[ci], rng, value, bits)
                    while b:
                        k += 1
                        if k > 102:
                            return ERR_BITSTREAM
                        if bits < 32:
                            value, bits, pos = refill(rbsp, value, bits, pos)
                        ci = MB_QP_DELTA + 2 + (k > 1)
                        b, ctx[ci], rng, value, bits = decision(ctx[ci], rng, value, bits)
                    if bits < 32:
                        value, bits, pos = refill(rbsp, value, bits, pos)
                    qp = (qp + ((k + 1) >> 1 if k & 1 else -(k >> 1)) + 52) % 52
                    prev_dqp = k != 0

                    # residual( ) (7.3.5.3): j = 0 Intra16x16 DC; 1..16 luma blocks (8x8 blocks at
                    # 1, 5, 9, 13); 17, 18 chroma DC Cb, Cr; 19..26 chroma AC Cb 0..3, Cr 0..3
                    for j in range(27):
                        entry = 0
                        ca = 0
                        cb = 0
                        if j == 0:
                            if kind != KIND_I16x16:
                                continue
                            cat = CAT_I16_DC
                            base = COEF_LUMA_DC
                            size = 16
                            ca = np.int64(intra_mb) if mba < 0 else np.int64(cbf_dc[mba, 0])
                            cb = np.int64(intra_mb) if mbb < 0 else np.int64(cbf_dc[mbb, 0])
                        elif j <= 16:
                            entry = j - 1
                            if not (cbp >> (entry >> 2)) & 1:
                                continue
                            if kind == KIND_I8x8 or kind == KIND_INTER8:
                                if entry & 3:
                                    continue
                                cat = CAT_LUMA8
                                base = 16 * entry
                                size = 64
                            else:
                                cat = CAT_I16_AC if kind == KIND_I16x16 else CAT_LUMA4
                                base = 16 * entry
                                size = 15 if kind == KIND_I16x16 else 16
                                # coded_block_flag condTermFlagN (9.3.3.1.1.9): an unavailable
                                # neighbour of an intra macroblock counts 1
                                if LEFT_INSIDE[entry]:
                                    ca = nnz[mb, LEFT_BLK[entry]] != 0
                                else:
                                    ca = intra_mb if mba < 0 else nnz[mba, LEFT_BLK[entry]] != 0
                                if TOP_INSIDE[entry]:
                                    cb = nnz[mb, TOP_BLK[entry]] != 0
                                else:
                                    cb = intra_mb if mbb < 0 else nnz[mbb, TOP_BLK[entry]] != 0
                        elif j <= 18:
                            if not chroma or cbp < 16:
                                continue
                            entry = j - 17
                            cat = CAT_CHROMA_DC
                            base = COEF_CHROMA_DC + 4 * entry
                            size = 4
                            ca = np.int64(intra_mb) if mba < 0 else np.int64(cbf_dc[mba, 1 + entry])
                            cb = np.int64(intra_mb) if mbb < 0 else np.int64(cbf_dc[mbb, 1 + entry])
                        else:
                            if not chroma or cbp < 32:
                                continue
                            k = (j - 19) & 3
                            entry = NNZ_CB + j - 19
                            cat = CAT_CHROMA_AC
                            base = COEF_CHROMA_AC + 16 * (j - 19)
                            size = 15
                            if k & 1:
                                ca = nnz[mb, entry - 1] != 0
                            else:
                                ca = intra_mb if mba < 0 else nnz[mba, entry + 1] != 0
                            if k & 2:
                                cb = nnz[mb, entry - 2] != 0
                            else:
                                cb = intra_mb if mbb < 0 else nnz[mbb, entry + 2] != 0
                        # coded_block_flag (4:2:0 does not code it for 8x8 blocks: 1)
                        cbf_ci = -1 if cat == CAT_LUMA8 else CBF_BASE[cat] + ca + 2 * cb
                        n, rng, value, bits, pos = _residual_block(rbsp, ctx, coeffs, mb, idx, cat,
                                                                   base, size, cbf_ci, rng, value,
                                                                   bits, pos)
                        if n < 0:
                            return ERR_BITSTREAM
                        if n == 0:
                            continue

                        if cat == CAT_I16_DC:
                            cbf_dc[mb, 0] = 1
                        elif cat == CAT_CHROMA_DC:
                            cbf_dc[mb, 1 + entry] = 1
                        elif cat == CAT_LUMA8:
                            for k in range(entry, entry + 4):
                                nnz[mb, k] = n
                        else:
                            nnz[mb, entry] = n
                mb_qp[mb] = qp
        mb_kind[mb] = kind
        mb_slice[mb] = slice_index
        mb_cbp[mb] = cbp
        mb_i16_mode[mb] = i16_mode
        mb_chroma_mode[mb] = chroma_mode
        count += 1
        if consumed_bits(bits, pos) > limit:
            return ERR_BITSTREAM
        b, rng, value, bits = terminate(rng, value, bits)        # end_of_slice_flag
        if b:
            break
        if bits < 32:
            value, bits, pos = refill(rbsp, value, bits, pos)
        mb += 1
        if mb >= total:
            return ERR_BITSTREAM
    if consumed_bits(bits, pos) > limit:
        return ERR_BITSTREAM
    return count


@helper
def _parse_contiguous(rbsp, bytepos, si, mb_kind, mb_slice, mb_qp, mb_cbp, mb_i16_mode,
                      mb_chroma_mode, luma_modes, nnz, cbf_dc, coeffs, mb_part, sub_part, ref_idx,
                      mvd):
    """_parse_cabac on C-contiguous views of the arrays it clears a row of per macroblock
    (copies of others, written back after), so that clearing a row is one memset."""
    nnz_c = np.ascontiguousarray(nnz)
    cbf_c = np.ascontiguousarray(cbf_dc)
    coeffs_c = np.ascontiguousarray(coeffs)
    mvd_c = np.ascontiguousarray(mvd)
    got = _parse_cabac(rbsp, bytepos, si, mb_kind, mb_slice, mb_qp, mb_cbp, mb_i16_mode,
                       mb_chroma_mode, luma_modes, nnz_c, cbf_c, coeffs_c, mb_part, sub_part,
                       ref_idx, mvd_c)
    if not nnz.flags.c_contiguous:
        nnz[:, :] = nnz_c
    if not cbf_dc.flags.c_contiguous:
        cbf_dc[:, :] = cbf_c
    if not coeffs.flags.c_contiguous:
        coeffs[:, :] = coeffs_c
    if not mvd.flags.c_contiguous:
        mvd[:, :, :, :] = mvd_c
    return got


@kernel("int64(uint8[:], int64, int32[:], int8[:], int32[:], int32[:], int32[:], int8[:], int8[:], "
        "int8[:, :], uint8[:, :], uint8[:, :], int32[:, :])")
def parse_slice_cabac(rbsp, bytepos, si, mb_kind, mb_slice, mb_qp, mb_cbp, mb_i16_mode,
                      mb_chroma_mode, luma_modes, nnz, cbf_dc, coeffs):
    """slice_data( ) of a CABAC I slice from byte `bytepos` of `rbsp` (after the
    cabac_alignment_one_bits) to end_of_slice_flag: returns the macroblocks decoded, or
    ERR_BITSTREAM / ERR_UNSUPPORTED (other slice types: parse_slice_cabac_inter). I_PCM
    macroblocks store mb_cbp 0x2F, nnz 16 and cbf_dc 1 everywhere, which gives their
    neighbours the context conditions 9.3.3.1.1 sets for I_PCM."""
    if si.shape[0] < SI_STRIDE or si[SI_SLICE_TYPE] != 2:
        return ERR_UNSUPPORTED
    mbs = max(0, si[SI_MB_WIDTH] * si[SI_MB_HEIGHT])
    return _parse_contiguous(rbsp, bytepos, si, mb_kind, mb_slice, mb_qp, mb_cbp, mb_i16_mode,
                             mb_chroma_mode, luma_modes, nnz, cbf_dc, coeffs,
                             np.zeros(mbs, np.int8), np.zeros((mbs, 4), np.int8),
                             np.full((mbs, 2, 4), -1, np.int8), np.zeros((mbs, 2, 16, 2), np.int32))


@kernel("int64(uint8[:], int64, int32[:], int8[:], int32[:], int32[:], int32[:], int8[:], int8[:], "
        "int8[:, :], uint8[:, :], uint8[:, :], int32[:, :], int8[:], int8[:, :], int8[:, :, :], "
        "int32[:, :, :, :])")
def parse_slice_cabac_inter(rbsp, bytepos, si, mb_kind, mb_slice, mb_qp, mb_cbp, mb_i16_mode,
                            mb_chroma_mode, luma_modes, nnz, cbf_dc, coeffs, mb_part, sub_part,
                            ref_idx, mvd):
    """slice_data( ) of a CABAC I, P or B slice (as parse_slice_cabac), the inter macroblocks'
    partitions, reference indices and motion vector differences into mb_part, sub_part,
    ref_idx and mvd (`layout`; P_Skip is KIND_SKIP with reference index 0 and mvd 0; the direct
    B macroblocks and sub-macroblocks as parse_slice_cavlc_inter marks them)."""
    return _parse_contiguous(rbsp, bytepos, si, mb_kind, mb_slice, mb_qp, mb_cbp, mb_i16_mode,
                             mb_chroma_mode, luma_modes, nnz, cbf_dc, coeffs, mb_part, sub_part,
                             ref_idx, mvd)
