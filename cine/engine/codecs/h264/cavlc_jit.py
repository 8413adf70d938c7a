"""The H.264 CAVLC slice-data parser for I, P and B slices (ITU-T H.264 7.3.4, 7.3.5 and 9.2): reads
every macroblock of one slice into the per-picture arrays that `layout` describes; the
reconstruction kernel turns them into samples afterwards.

Variable-length codes are decoded with two-level lookup arrays built once from the
standard's tables (`cavlc_tables`): the next 16 bits are peeked, the top 8 index a first-level
table whose entry is either the answer (code length << 8 | value) or, negated, where a
second-level table for the low 8 bits starts; 0 marks a bit pattern that is no code.

Per-macroblock facts follow `layout`; in particular an 8x8 luma block (four interleaved 4x4
parts in CAVLC) stores each part's TotalCoeff in that part's nnz entry, its Intra8x8PredMode
in all four of its luma_modes entries, and I_PCM has mb_qp 0 (the QP that predicts the next
macroblock's stays the one before), nnz 16, cbf_dc 1 and mb_cbp 0x2F.
"""
from __future__ import annotations

import numpy as np

from ...bitstream.bits_jit import LEADING_ZEROS8, byte_windows
from ...jit import helper, kernel, leaf
from . import cavlc_tables as T
from .layout import (COEF_CHROMA_AC, COEF_CHROMA_DC, COEF_LUMA, COEF_LUMA_DC, COEFF_STRIDE,
                     DC_CB, DC_LUMA, DC_STRIDE, ERR_BITSTREAM, ERR_UNSUPPORTED, KIND_I4x4,
                     KIND_I8x8, KIND_I16x16, KIND_INTER, KIND_INTER8, KIND_IPCM, KIND_NONE,
                     KIND_SKIP, NNZ_CB, NNZ_STRIDE, PART_8x8, PART_DIRECT, SI_CHROMA_FORMAT,
                     SI_DIRECT_8X8, SI_FIRST_MB, SI_MB_HEIGHT, SI_MB_WIDTH, SI_NUM_REF_L0,
                     SI_NUM_REF_L1, SI_SLICE_INDEX, SI_SLICE_QP, SI_SLICE_TYPE, SI_STRIDE,
                     SI_TRANSFORM_8X8, SUB_DIRECT)
from .tables import (B_MB_PART, B_MB_PRED, B_SUB_PRED, B_SUB_SHAPE, BLOCK_X, BLOCK_Y,
                     PART_COUNT, PART_GEOMETRY, PART_OF_8x8, SUB_COUNT, SUB_GEOMETRY, ZIGZAG4,
                     ZIGZAG8)


def _add_vlc(lut: list, codes) -> int:
    """Append the two-level lookup of `codes` ((bit string, value) pairs) to lut; its base."""
    base = len(lut)
    lut.extend([0] * 256)
    for code, value in codes:
        bits = code.replace(" ", "")
        n = len(bits)
        if n <= 8:
            table, rest = base, bits
        else:
            top = base + int(bits[:8], 2)
            if lut[top] == 0:
                lut[top] = -len(lut)
                lut.extend([0] * 256)
            if lut[top] > 0:
                raise ValueError("not a prefix code: " + code)
            table, rest = -lut[top], bits[8:]
        first = int(rest, 2) << (8 - len(rest))
        for k in range(first, first + (1 << (8 - len(rest)))):
            if lut[table + k] != 0:
                raise ValueError("not a prefix code: " + code)
            lut[table + k] = (n << 8) | value
    return base


def _build_luts():
    lut: list = []
    rows = T.COEFF_TOKEN_ROWS
    ct = [_add_vlc(lut, [(c, (t1 << 5) | tc) for c, (t1, tc) in zip(column, rows)])
          for column in (T.COEFF_TOKEN_NC0, T.COEFF_TOKEN_NC2, T.COEFF_TOKEN_NC4,
                         T.COEFF_TOKEN_NC8, T.COEFF_TOKEN_CHROMA_DC)]
    tz = [0] + [_add_vlc(lut, [(c, v) for v, c in enumerate(col)]) for col in T.TOTAL_ZEROS]
    tzdc = [0] + [_add_vlc(lut, [(c, v) for v, c in enumerate(col)])
                  for col in T.TOTAL_ZEROS_CHROMA_DC]
    rb = [0] + [_add_vlc(lut, [(c, v) for v, c in enumerate(col)]) for col in T.RUN_BEFORE]
    return (np.array(lut, np.int32), np.array(ct, np.int64), np.array(tz, np.int64),
            np.array(tzdc, np.int64), np.array(rb, np.int64))


VLC, CT_BASE, TZ_BASE, TZDC_BASE, RB_BASE = _build_luts()
# nC (0..8, 8 standing for all above) -> the CT_BASE entry of its coeff_token table; entry 4
# is the nC == -1 table
CT_INDEX = np.array([0, 0, 1, 1, 2, 2, 2, 2, 3], np.int64)

CBP_INTRA = np.array(T.CBP_INTRA, np.int32)
CBP_INTRA_MONO = np.array(T.CBP_INTRA_MONO, np.int32)
CBP_INTER = np.array(T.CBP_INTER, np.int32)
CBP_INTER_MONO = np.array(T.CBP_INTER_MONO, np.int32)
B_MB_PART = np.array(B_MB_PART, np.int64)
B_MB_PRED = np.array(B_MB_PRED, np.int64)
B_SUB_PRED = np.array(B_SUB_PRED, np.int64)
B_SUB_SHAPE = np.array(B_SUB_SHAPE, np.int64)
PART_GEOMETRY = np.array(PART_GEOMETRY, np.int64)
SUB_GEOMETRY = np.array(SUB_GEOMETRY, np.int64)
PART_COUNT = np.array(PART_COUNT, np.int64)
SUB_COUNT = np.array(SUB_COUNT, np.int64)
PART_OF_8x8 = np.array(PART_OF_8x8, np.int64)


def _blk(bx: int, by: int) -> int:
    return 8 * (by >> 1) + 4 * (bx >> 1) + 2 * (by & 1) + (bx & 1)


# luma4x4BlkIdx of each block's left / upper neighbour (6.4.11.4), and whether it lies in the
# same macroblock (otherwise in macroblock A / B)
_BX = [x // 4 for x in BLOCK_X]
_BY = [y // 4 for y in BLOCK_Y]
LEFT = np.array([_blk((_BX[b] - 1) & 3, _BY[b]) for b in range(16)], np.int64)
LEFT_IN = np.array([_BX[b] > 0 for b in range(16)], np.bool_)
UP = np.array([_blk(_BX[b], (_BY[b] - 1) & 3) for b in range(16)], np.int64)
UP_IN = np.array([_BY[b] > 0 for b in range(16)], np.bool_)

MAX_LEVEL_PREFIX = 28        # level_prefix beyond this cannot code a level of 8-bit video

# Intra16x16 mb_type (1..24, Table 7-11) -> prediction mode, chroma and luma coded patterns
_I16 = [t - 1 for t in range(1, 25)]
I16_MODE = np.array([t % 4 for t in _I16], np.int32)
I16_CBP = np.array([((t // 4) % 3) << 4 | (15 if t >= 12 else 0) for t in _I16], np.int32)


# coefficient scans a block's levels go through: scan position -> raster index in the block
SCAN_ZIGZAG4, SCAN_ZIGZAG8, SCAN_RASTER = 0, 1, 2
SCANS = np.array([list(ZIGZAG4) + [0] * 48, list(ZIGZAG8), list(range(64))], np.int64)

# the residual blocks of a macroblock in bitstream order (7.3.5.3): 0 the Intra16x16 DC,
# 1..16 the luma blocks, 17..18 the Cb and Cr DC, 19..26 the Cb then Cr AC blocks
SEQ_LUMA, SEQ_CHROMA_DC, SEQ_CHROMA_AC, SEQ_END = 1, 17, 19, 27


@leaf
def level_code(prefix, suffix, suffix_length):
    """levelCode of level_prefix and level_suffix (9.2.2.1) before the trailing-ones
    adjustment."""
    code = (min(15, prefix) << suffix_length) + suffix
    if prefix >= 15 and suffix_length == 0:
        code += 15
    if prefix >= 16:
        code += (1 << (prefix - 3)) - 4096
    return code


@leaf
def suffix_size(prefix, suffix_length):
    """The length of level_suffix (9.2.2.1)."""
    if prefix == 14 and suffix_length == 0:
        return 4
    if prefix >= 15:
        return prefix - 3
    return suffix_length


@helper
def _parse_cavlc(rbsp, bitpos, bitend, si, mb_kind, mb_slice, mb_qp, mb_cbp, mb_i16_mode,
                 mb_chroma_mode, luma_modes, nnz, cbf_dc, coeffs, mb_part, sub_part, ref_idx, mvd):
    """The parser of both kernels above.

    The bit position is a local variable threaded through inner functions, which numba
    inlines (calls to other compiled functions that pass arrays cost reference counting on
    every call, several times the work of a read); a macroblock that reads past `bitend` is
    an error, found at the macroblock's end (bits past the buffer read as zeros meanwhile)."""
    if si.shape[0] < SI_STRIDE:
        return ERR_BITSTREAM
    b_slice = si[SI_SLICE_TYPE] == 1
    inter_slice = si[SI_SLICE_TYPE] == 0 or b_slice
    if si[SI_SLICE_TYPE] != 2 and not inter_slice:
        return ERR_UNSUPPORTED
    num_ref = np.int64(si[SI_NUM_REF_L0])
    num_ref1 = np.int64(si[SI_NUM_REF_L1])
    inference = si[SI_DIRECT_8X8] != 0
    if inter_slice and (num_ref < 1 or num_ref > 32):
        return ERR_BITSTREAM
    if b_slice and (num_ref1 < 1 or num_ref1 > 32):
        return ERR_BITSTREAM
    chroma = si[SI_CHROMA_FORMAT]
    if chroma != 0 and chroma != 1:
        return ERR_UNSUPPORTED
    width = np.int64(si[SI_MB_WIDTH])
    height = np.int64(si[SI_MB_HEIGHT])
    mbs = width * height
    if (width <= 0 or height <= 0 or mb_kind.shape[0] < mbs or mb_slice.shape[0] < mbs
            or mb_qp.shape[0] < mbs or mb_cbp.shape[0] < mbs or mb_i16_mode.shape[0] < mbs
            or mb_chroma_mode.shape[0] < mbs or luma_modes.shape[0] < mbs
            or luma_modes.shape[1] < 16 or nnz.shape[0] < mbs or nnz.shape[1] < NNZ_STRIDE
            or cbf_dc.shape[0] < mbs or cbf_dc.shape[1] < DC_STRIDE or coeffs.shape[0] < mbs
            or coeffs.shape[1] < COEFF_STRIDE or mb_part.shape[0] < mbs
            or sub_part.shape[0] < mbs or sub_part.shape[1] < 4 or ref_idx.shape[0] < mbs
            or ref_idx.shape[1] < 2 or ref_idx.shape[2] < 4 or mvd.shape[0] < mbs
            or mvd.shape[1] < 2 or mvd.shape[2] < 16 or mvd.shape[3] < 2):
        return ERR_BITSTREAM
    mb = np.int64(si[SI_FIRST_MB])
    qp = np.int64(si[SI_SLICE_QP])
    size = rbsp.shape[0]
    if mb < 0 or mb >= mbs or qp < 0 or qp > 51 or bitpos < 0 or bitpos > bitend \
            or bitend > size * 8:
        return ERR_BITSTREAM
    slice_index = si[SI_SLICE_INDEX]
    transform_8x8 = si[SI_TRANSFORM_8X8] != 0

    words = byte_windows(rbsp)                       # one load per read of <= 32 bits

    def peek(pos, n):
        # the n (0..32) bits at pos; bits past the buffer read as zeros
        i = pos >> 3
        if i > size:
            return np.int64(0)
        return (words[i] >> (56 - (pos & 7) - n)) & ((np.int64(1) << n) - 1)

    def clz32(v):
        # bits_jit.leading_zeros32, inlined: this runs once per level
        if v >= 1 << 24:
            return LEADING_ZEROS8[v >> 24]
        if v >= 1 << 16:
            return 8 + LEADING_ZEROS8[v >> 16]
        if v >= 1 << 8:
            return 16 + LEADING_ZEROS8[v >> 8]
        return 24 + LEADING_ZEROS8[v]

    def predicted_nc(na, nb):
        # nC from the neighbours' TotalCoeff, -1 for an unavailable one (9.2.1)
        if na >= 0 and nb >= 0:
            return (na + nb + 1) >> 1
        if na >= 0:
            return na
        if nb >= 0:
            return nb
        return np.int64(0)

    def ue(pos):
        # ue(v) and the position after it; -1 for a code over 32 bits
        zeros = clz32(peek(pos, 32))
        if zeros > 31:
            return np.int64(-1), pos + 32
        pos += zeros + 1
        return (np.int64(1) << zeros) - 1 + peek(pos, zeros), pos + zeros

    def vlc(pos, base):
        # a code of the lookup table at base; -1 for no code
        bits16 = peek(pos, 16)
        e = VLC[base + (bits16 >> 8)]
        if e < 0:
            e = VLC[-e + (bits16 & 255)]
        if e == 0:
            return np.int64(-1), pos
        return np.int64(e & 255), pos + (e >> 8)

    def neighbour_nnz(mb, mb_n, inside, index):
        # TotalCoeff of a neighbouring block, -1 when unavailable
        if inside:
            return np.int64(nnz[mb, index])
        if mb_n < 0:
            return np.int64(-1)
        return np.int64(nnz[mb_n, index])

    def neighbour_mode(mb, mb_n, inside, b):
        # Intra4x4/8x8 mode of a neighbouring block, -1 unavailable, 2 when not I_NxN
        if inside:
            return np.int64(luma_modes[mb, b])
        if mb_n < 0:
            return np.int64(-1)
        if mb_kind[mb_n] == KIND_I4x4 or mb_kind[mb_n] == KIND_I8x8:
            return np.int64(luma_modes[mb_n, b])
        return np.int64(2)

    def clear(mb):
        # rows of a macroblock as if never decoded
        for k in range(NNZ_STRIDE):
            nnz[mb, k] = 0
        for k in range(DC_STRIDE):
            cbf_dc[mb, k] = 0
        for k in range(16):
            luma_modes[mb, k] = 0
        for k in range(COEFF_STRIDE):
            coeffs[mb, k] = 0
        for k in range(4):
            sub_part[mb, k] = 0
            for lst in range(2):
                ref_idx[mb, lst, k] = -1
        for lst in range(2):
            for k in range(16):
                mvd[mb, lst, k, 0] = 0
                mvd[mb, lst, k, 1] = 0
        mb_part[mb] = 0
        mb_kind[mb] = KIND_NONE
        mb_qp[mb] = 0
        mb_cbp[mb] = 0
        mb_i16_mode[mb] = 0
        mb_chroma_mode[mb] = 0

    def fail(mb):
        # the macroblock being parsed is invalid: it stays undecoded
        clear(mb)
        return ERR_BITSTREAM

    levels = np.zeros(16, np.int64)
    pred8 = np.zeros(4, np.int64)     # the lists each 8x8 block predicts from (1 L0, 2 L1)
    pos = np.int64(bitpos)
    count = 0
    skip_run = np.int64(-1)     # P/B slices: -1 read mb_skip_run next, -2 a macroblock follows
    while True:
        if mb >= mbs:
            return ERR_BITSTREAM
        x = mb % width
        mb_a = mb - 1 if x > 0 and mb_kind[mb - 1] != 0 and mb_slice[mb - 1] == slice_index else -1
        mb_b = mb - width
        if mb_b < 0 or mb_kind[mb_b] == 0 or mb_slice[mb_b] != slice_index:
            mb_b = -1
        if mb_kind[mb] != KIND_NONE:                        # decoded before: start afresh
            clear(mb)

        if inter_slice:
            # mb_skip_run (7.3.4): skipped macroblocks, then more_rbsp_data() decides
            if skip_run == -1:
                skip_run, pos = ue(pos)
                if skip_run < 0 or skip_run > mbs - mb or pos > bitend:
                    return fail(mb)
            if skip_run > 0:
                mb_kind[mb] = KIND_SKIP
                mb_qp[mb] = qp
                if not b_slice:
                    for i8 in range(4):
                        ref_idx[mb, 0, i8] = 0
                mb_slice[mb] = slice_index
                count += 1
                skip_run -= 1
                if skip_run == 0:
                    if pos >= bitend:
                        return count
                    skip_run = -2                 # a macroblock_layer() follows
                mb += 1
                continue
            skip_run = -1

        # mb_type (Table 7-11, 7-13: in P slices 0..4 are inter, 5..30 the intra types)
        # (Table 7-14: in B slices 0..22 are inter, 23..48 intra)
        mb_type, pos = ue(pos)
        inter_types = 23 if b_slice else (5 if inter_slice else 0)
        mb_type -= inter_types
        if mb_type < -inter_types or mb_type > 25:
            return fail(mb)
        if mb_type == 25:                                   # I_PCM
            mb_kind[mb] = KIND_IPCM
            pos = (pos + 7) & ~7
            for i in range(384 if chroma else 256):
                j = (pos >> 3) + i
                coeffs[mb, i] = rbsp[j] if j < size else 0
            pos += (384 if chroma else 256) * 8
            for k in range(NNZ_STRIDE):
                nnz[mb, k] = 16
            for k in range(DC_STRIDE):
                cbf_dc[mb, k] = 1
            mb_qp[mb] = 0
            mb_cbp[mb] = 0x2F
        else:
            if mb_type < 0:
                # inter prediction: mb_pred() / sub_mb_pred() (7.3.5.1, 7.3.5.2)
                kind = KIND_INTER
                b_type = mb_type + 23
                part = B_MB_PART[b_type] if b_slice else mb_type + 5
                ref0 = part == 4 and not b_slice              # P_8x8ref0
                if ref0:
                    part = PART_8x8
                mb_part[mb] = part
                small = False                                 # a sub-partition below 8x8
                for i8 in range(4):
                    pred8[i8] = 1
                    if b_slice and part < PART_8x8:
                        pred8[i8] = B_MB_PRED[b_type, PART_OF_8x8[part, i8]]
                if part == PART_8x8:
                    for i8 in range(4):
                        sub, pos = ue(pos)
                        if sub < 0 or sub > (12 if b_slice else 3):
                            return fail(mb)
                        if b_slice:
                            pred8[i8] = B_SUB_PRED[sub]
                            sub = B_SUB_SHAPE[sub]
                            small = small or (sub != 0 and (sub != SUB_DIRECT or not inference))
                        else:
                            small = small or sub != 0
                        sub_part[mb, i8] = sub
                nparts = PART_COUNT[part] if part != PART_DIRECT else 0
                for lst in range(2):
                    n_ref = num_ref if lst == 0 else num_ref1
                    for p in range(nparts):
                        i8 = 2 * (PART_GEOMETRY[part, p, 1] >> 1) + (PART_GEOMETRY[part, p, 0] >> 1)
                        if not (pred8[i8] >> lst) & 1:
                            continue
                        r = np.int64(0)
                        if n_ref > 1 and not ref0:
                            if n_ref == 2:                    # te(v) with cMax 1
                                r = 1 - peek(pos, 1)
                                pos += 1
                            else:
                                r, pos = ue(pos)
                                if r < 0 or r >= n_ref:
                                    return fail(mb)
                        for k in range(4):
                            if PART_OF_8x8[part, k] == p:
                                ref_idx[mb, lst, k] = r
                for lst in range(2):
                    for p in range(nparts):
                        i8 = 2 * (PART_GEOMETRY[part, p, 1] >> 1) + (PART_GEOMETRY[part, p, 0] >> 1)
                        if not (pred8[i8] >> lst) & 1:
                            continue
                        subs = 1
                        if part == PART_8x8:
                            subs = SUB_COUNT[sub_part[mb, p]]
                        for q in range(subs):
                            dx, pos = ue(pos)
                            dy, pos = ue(pos)
                            if dx < 0 or dy < 0:
                                return fail(mb)
                            dx = (dx + 1) >> 1 if dx & 1 else -(dx >> 1)
                            dy = (dy + 1) >> 1 if dy & 1 else -(dy >> 1)
                            if part == PART_8x8:
                                x4 = SUB_GEOMETRY[sub_part[mb, p], q, 0] + 2 * (p & 1)
                                y4 = SUB_GEOMETRY[sub_part[mb, p], q, 1] + 2 * (p >> 1)
                                w4 = SUB_GEOMETRY[sub_part[mb, p], q, 2]
                                h4 = SUB_GEOMETRY[sub_part[mb, p], q, 3]
                            else:
                                x4 = PART_GEOMETRY[part, p, 0]
                                y4 = PART_GEOMETRY[part, p, 1]
                                w4 = PART_GEOMETRY[part, p, 2]
                                h4 = PART_GEOMETRY[part, p, 3]
                            for yy in range(y4, y4 + h4):
                                for xx in range(x4, x4 + w4):
                                    mvd[mb, lst, 4 * yy + xx, 0] = dx
                                    mvd[mb, lst, 4 * yy + xx, 1] = dy
                code, pos = ue(pos)
                if code < 0 or code > (47 if chroma else 15):
                    return fail(mb)
                cbp = np.int64(CBP_INTER[code] if chroma else CBP_INTER_MONO[code])
                if (cbp & 15 and transform_8x8 and not small
                        and (part != PART_DIRECT or inference)):
                    if peek(pos, 1):
                        kind = KIND_INTER8
                    pos += 1
                mb_kind[mb] = kind
            else:
                # mb_pred(): transform size and intra prediction modes (8.3.1.1, 8.3.2.1)
                if mb_type == 0:
                    kind = KIND_I4x4
                    if transform_8x8:
                        if peek(pos, 1):
                            kind = KIND_I8x8
                        pos += 1
                    mb_kind[mb] = kind
                    step = 4 if kind == KIND_I8x8 else 1
                    for b in range(0, 16, step):
                        left = neighbour_mode(mb, mb_a, LEFT_IN[b], LEFT[b])
                        up = neighbour_mode(mb, mb_b, UP_IN[b], UP[b])
                        mode = np.int64(2) if left < 0 or up < 0 else min(left, up)
                        flag_rem = peek(pos, 4)
                        if flag_rem >= 8:                       # prev_intra_pred_mode_flag
                            pos += 1
                        else:
                            pos += 4
                            mode = flag_rem if flag_rem < mode else flag_rem + 1
                        for k in range(step):
                            luma_modes[mb, b + k] = mode
                else:
                    kind = KIND_I16x16
                    mb_kind[mb] = kind
                    mb_i16_mode[mb] = I16_MODE[mb_type - 1]
                if chroma:
                    chroma_mode, pos = ue(pos)
                    if chroma_mode < 0 or chroma_mode > 3:
                        return fail(mb)
                    mb_chroma_mode[mb] = chroma_mode
                if kind == KIND_I16x16:
                    cbp = np.int64(I16_CBP[mb_type - 1])
                    if not chroma:
                        cbp &= 15
                else:
                    code, pos = ue(pos)
                    if code < 0 or code > (47 if chroma else 15):
                        return fail(mb)
                    cbp = np.int64(CBP_INTRA[code] if chroma else CBP_INTRA_MONO[code])
            mb_cbp[mb] = cbp
            if cbp > 0 or kind == KIND_I16x16:
                # mb_qp_delta, se(v): the standard allows -26..25; the reference takes any
                # value that one wrap-around brings into 0..51
                code, pos = ue(pos)
                qp += (code + 1) >> 1 if code & 1 else -(code >> 1)
                if code < 0 or qp < -52 or qp > 103:
                    return fail(mb)
                qp = (qp + 52) % 52
            mb_qp[mb] = qp

            # residual(): every coded block in bitstream order (7.3.5.3, 9.2)
            for seq in range(SEQ_END if cbp > 0 or kind == KIND_I16x16 else 0):
                if seq == 0:                                # Intra16x16DCLevel
                    if kind != KIND_I16x16:
                        continue
                    nc = predicted_nc(neighbour_nnz(mb, mb_a, LEFT_IN[0], LEFT[0]),
                                      neighbour_nnz(mb, mb_b, UP_IN[0], UP[0]))
                    max_coeff, base, scan, step, first = 16, COEF_LUMA_DC, SCAN_ZIGZAG4, 1, 0
                elif seq < SEQ_CHROMA_DC:                   # luma 4x4 blocks
                    b = seq - SEQ_LUMA
                    if not (cbp >> (b >> 2)) & 1:
                        continue
                    nc = predicted_nc(neighbour_nnz(mb, mb_a, LEFT_IN[b], LEFT[b]),
                                      neighbour_nnz(mb, mb_b, UP_IN[b], UP[b]))
                    if kind == KIND_I16x16:                 # Intra16x16ACLevel
                        max_coeff, base, scan, step, first = 15, COEF_LUMA + 16 * b, \
                            SCAN_ZIGZAG4, 1, 1
                    elif kind == KIND_I8x8 or kind == KIND_INTER8:  # 4 interleaved parts
                        max_coeff, base, scan, step, first = 16, COEF_LUMA + 64 * (b >> 2), \
                            SCAN_ZIGZAG8, 4, b & 3
                    else:
                        max_coeff, base, scan, step, first = 16, COEF_LUMA + 16 * b, \
                            SCAN_ZIGZAG4, 1, 0
                elif seq < SEQ_CHROMA_AC:                   # ChromaDCLevel
                    if cbp < 16:
                        continue
                    nc = -1
                    max_coeff, base, scan, step, first = 4, COEF_CHROMA_DC + 4 * (seq - 17), \
                        SCAN_RASTER, 1, 0
                else:                                       # ChromaACLevel
                    if cbp < 32:
                        continue
                    c, k = (seq - SEQ_CHROMA_AC) >> 2, (seq - SEQ_CHROMA_AC) & 3
                    cb = NNZ_CB + 4 * c
                    nc = predicted_nc(neighbour_nnz(mb, mb_a, k & 1, cb + (k ^ 1)),
                                      neighbour_nnz(mb, mb_b, k >> 1, cb + (k ^ 2)))
                    max_coeff, base, scan, step, first = 15, COEF_CHROMA_AC + 64 * c + 16 * k, \
                        SCAN_ZIGZAG4, 1, 1

                # residual_block_cavlc(): coeff_token
                token, pos = vlc(pos, CT_BASE[CT_INDEX[min(nc, 8)]] if nc >= 0 else CT_BASE[4])
                if token < 0:
                    return fail(mb)
                total = token & 31
                ones = token >> 5
                if total > max_coeff:
                    return fail(mb)
                # trailing ones' signs and levels (9.2.2)
                suffix_length = 1 if total > 10 and ones < 3 else 0
                signs = peek(pos, ones)
                pos += ones
                for i in range(ones):
                    levels[i] = 1 - 2 * ((signs >> (ones - 1 - i)) & 1)
                for i in range(ones, total):
                    v = peek(pos, 32)
                    prefix = clz32(v)
                    if prefix < 14:                         # the suffix is within v
                        n = suffix_length
                        code = (prefix << n) + ((v >> (31 - prefix - n)) & ((1 << n) - 1))
                        pos += prefix + 1 + n
                    else:
                        if prefix > MAX_LEVEL_PREFIX:
                            return fail(mb)
                        pos += prefix + 1
                        n = suffix_size(prefix, suffix_length)
                        code = level_code(prefix, peek(pos, n), suffix_length)
                        pos += n
                    if i == ones and ones < 3:
                        code += 2
                    level = (code + 2) >> 1 if (code & 1) == 0 else (-code - 1) >> 1
                    levels[i] = level
                    if suffix_length == 0:
                        suffix_length = 1
                    if abs(level) > (3 << (suffix_length - 1)) and suffix_length < 6:
                        suffix_length += 1
                # total_zeros and run_before (9.2.3, 9.2.4), placing the levels
                zeros = np.int64(0)
                if 0 < total < max_coeff:
                    zeros, pos = vlc(pos, TZDC_BASE[total] if max_coeff == 4 else TZ_BASE[total])
                    if zeros < 0 or zeros + total > max_coeff:
                        return fail(mb)
                at = total + zeros - 1
                for i in range(total):
                    coeffs[mb, base + SCANS[scan, step * at + first]] = levels[i]
                    run = np.int64(0)
                    if zeros > 0 and i < total - 1:
                        run, pos = vlc(pos, RB_BASE[min(zeros, 7)])
                        if run < 0 or run > zeros:
                            return fail(mb)
                        zeros -= run
                    at -= 1 + run

                if seq == 0:
                    cbf_dc[mb, DC_LUMA] = total > 0
                elif seq < SEQ_CHROMA_DC:
                    nnz[mb, seq - SEQ_LUMA] = total
                elif seq < SEQ_CHROMA_AC:
                    cbf_dc[mb, DC_CB + seq - SEQ_CHROMA_DC] = total > 0
                else:
                    nnz[mb, NNZ_CB + seq - SEQ_CHROMA_AC] = total

        if pos > bitend:
            return fail(mb)
        mb_slice[mb] = slice_index
        count += 1
        if pos == bitend:
            return count
        mb += 1


@kernel("int64(uint8[:], int64, int64, int32[:], int8[:], int32[:], int32[:], int32[:], int8[:], "
        "int8[:], int8[:, :], uint8[:, :], uint8[:, :], int32[:, :])")
def parse_slice_cavlc(rbsp, bitpos, bitend, si, mb_kind, mb_slice, mb_qp, mb_cbp, mb_i16_mode,
                      mb_chroma_mode, luma_modes, nnz, cbf_dc, coeffs):
    """slice_data() of a CAVLC I slice from bit `bitpos` up to the rbsp_stop_one_bit at
    `bitend`: the number of macroblocks decoded, or ERR_BITSTREAM / ERR_UNSUPPORTED (any other
    slice type: `parse_slice_cavlc_inter` reads those, into the inter arrays as well).

    The rows of macroblocks not decoded yet in this picture must be zero, as
    `layout.picture_arrays` makes them (only the entries a macroblock codes are written); a
    macroblock decoded a second time has its rows cleared first. mb_slice is written when a
    macroblock is finished; one found invalid is cleared back to undecoded (KIND_NONE), so
    after an error the macroblocks of the slice that stay are exactly those before it."""
    if si.shape[0] < SI_STRIDE or si[SI_SLICE_TYPE] != 2:
        return ERR_UNSUPPORTED
    mbs = max(0, si[SI_MB_WIDTH] * si[SI_MB_HEIGHT])
    return _parse_cavlc(rbsp, bitpos, bitend, si, mb_kind, mb_slice, mb_qp, mb_cbp, mb_i16_mode,
                        mb_chroma_mode, luma_modes, nnz, cbf_dc, coeffs, np.zeros(mbs, np.int8),
                        np.zeros((mbs, 4), np.int8), np.full((mbs, 2, 4), -1, np.int8),
                        np.zeros((mbs, 2, 16, 2), np.int32))


@kernel("int64(uint8[:], int64, int64, int32[:], int8[:], int32[:], int32[:], int32[:], int8[:], "
        "int8[:], int8[:, :], uint8[:, :], uint8[:, :], int32[:, :], int8[:], int8[:, :], "
        "int8[:, :, :], int32[:, :, :, :])")
def parse_slice_cavlc_inter(rbsp, bitpos, bitend, si, mb_kind, mb_slice, mb_qp, mb_cbp,
                            mb_i16_mode, mb_chroma_mode, luma_modes, nnz, cbf_dc, coeffs, mb_part,
                            sub_part, ref_idx, mvd):
    """slice_data() of a CAVLC I, P or B slice (as parse_slice_cavlc), the inter macroblocks'
    partitions, reference indices and motion vector differences into mb_part, sub_part,
    ref_idx and mvd (`layout`; P_Skip macroblocks are KIND_SKIP with reference index 0; B_Skip
    ones KIND_SKIP, B_Direct_16x16 mb_part PART_DIRECT and B_Direct_8x8 sub_part SUB_DIRECT,
    their motion left to `mvpred_b_jit`).
    Motion vectors are derived afterwards (`mvpred_jit`)."""
    return _parse_cavlc(rbsp, bitpos, bitend, si, mb_kind, mb_slice, mb_qp, mb_cbp, mb_i16_mode,
                        mb_chroma_mode, luma_modes, nnz, cbf_dc, coeffs, mb_part, sub_part,
                        ref_idx, mvd)
