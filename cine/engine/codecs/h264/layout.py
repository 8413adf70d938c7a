"""The decoded-picture state that the H.264 kernels share: one array per fact, one row per
macroblock, allocated once per picture by the decoder.

Decoding a slice is two kernels in sequence: a parser (CAVLC `cavlc_jit` or CABAC
`cabac_jit`) reads the slice data and fills these arrays for the slice's macroblocks; then
`recon_jit` predicts and reconstructs those macroblocks into the planes. When every slice of
the picture is done, `deblock_jit` filters the whole picture in place. Parsers never touch
samples; reconstruction never reads bits. The arrays are the whole interface, so inter
prediction later adds columns (motion vectors, reference indices), not a new structure.

Inter macroblocks add, per list X (0, 1; list 1 is for B slices): ref_idx[mb, X, i8] the
reference index of 8x8 block i8 (raster order; -1 where the list is not used, intra
macroblocks included), mvd[mb, X, i4, c] the parsed motion vector difference of every 4x4
block (raster order i4 = 4*row + col; every block of a partition holds the partition's
value, as CABAC's context selection reads them) and mv[mb, X, i4, c] the motion vector
`mvpred_jit` derives from them (quarter samples; c = 0 horizontal, 1 vertical).

Addresses: mb = mb_y * mb_width + mb_x (frame macroblocks; no MBAFF or fields). A macroblock
is available to another one when it is decoded (`mb_kind != KIND_NONE`) and in the same
slice (`mb_slice` equal); the deblocking filter crosses slice edges unless the slice says not.

Block orders: luma 4x4 blocks are numbered in the standard's luma4x4BlkIdx order (8x8 quadrant
first, then 4x4 within it: block b sits at x = 4*((b&1) | ((b>>1)&2)), y = 4*(((b>>1)&1) |
((b>>2)&2))); chroma 4x4 blocks of a 4:2:0 plane are numbered 0..3 in raster order. A block's
coefficients are stored in raster order (index 4*row + col, or 8*row + col for 8x8), after the
inverse zig-zag scan and before any scaling: they are the parsed levels.
"""
from __future__ import annotations

# mb_kind values
KIND_NONE = 0        # not decoded (yet) in this picture
KIND_I4x4 = 1        # I_NxN with transform_size_8x8_flag = 0
KIND_I8x8 = 2        # I_NxN with transform_size_8x8_flag = 1
KIND_I16x16 = 3      # I_16x16_<mode>_<cbp>
KIND_IPCM = 4        # I_PCM
# inter macroblocks (kinds above KIND_IPCM are inter: `kind > KIND_IPCM`)
KIND_INTER = 5       # P_L0_* / P_8x8 with 4x4 transforms (the partition shape is in mb_part)
KIND_INTER8 = 6      # the same with transform_size_8x8_flag = 1
KIND_SKIP = 7        # P_Skip / B_Skip (no residual; motion inferred, 8.4.1.1 / 8.4.1.2)

# mb_part values (the macroblock partition of an inter macroblock, Table 7-13)
PART_16x16 = 0
PART_16x8 = 1
PART_8x16 = 2
PART_8x8 = 3
PART_DIRECT = 4      # B_Direct_16x16 (KIND_INTER / KIND_INTER8; B_Skip is KIND_SKIP in a B slice)
# sub_part values (the sub-macroblock partition of each 8x8 of PART_8x8, Table 7-17)
SUB_8x8 = 0
SUB_8x4 = 1
SUB_4x8 = 2
SUB_4x4 = 3
SUB_DIRECT = 4       # B_Direct_8x8 (its motion is inferred, 8.4.1.2)

# coeffs[mb] layout (int32, COEFF_STRIDE per macroblock)
COEF_LUMA = 0        # 16 blocks x 16 (4x4, block b at 16*b) or 4 blocks x 64 (8x8, block i at 64*i)
COEF_LUMA_DC = 256   # Intra16x16 DC levels, 4x4 raster: entry 4*r + c is the DC of the block at (x=4c, y=4r)
COEF_CHROMA_DC = 272  # Cb DC 2x2 raster at 272..275, Cr DC at 276..279
COEF_CHROMA_AC = 280  # Cb blocks 0..3 x 16 at 280 + 16*k, Cr blocks at 344 + 16*k (index 0 unused: DC lives above)
COEFF_STRIDE = 408
# I_PCM: samples instead of levels: luma 16x16 raster at 0..255, Cb 8x8 raster at 256..319, Cr at 320..383
PCM_CB = 256
PCM_CR = 320

# nnz[mb] layout (uint8): total_coeff of each 4x4 block (CAVLC's nC; CABAC's coded_block_flag
# of a neighbour is nnz != 0). An 8x8 block decoded by CABAC stores its count in all four of
# its 4x4 entries; I_PCM stores 16 everywhere.
NNZ_LUMA = 0         # 16 luma blocks, luma4x4BlkIdx order
NNZ_CB = 16          # Cb AC blocks 0..3
NNZ_CR = 20          # Cr AC blocks 0..3
NNZ_STRIDE = 24

# cbf_dc[mb] (uint8): coded_block_flag of the DC blocks (CABAC context selection)
DC_LUMA = 0          # Intra16x16 luma DC
DC_CB = 1
DC_CR = 2
DC_STRIDE = 3

# slice_params[slice] (int32 row): what reconstruction and deblocking need of each slice
SP_DISABLE_DEBLOCK = 0   # disable_deblocking_filter_idc: 0 filter, 1 off, 2 not across slice edges
SP_FILTER_OFFSET_A = 1   # slice_alpha_c0_offset_div2 * 2
SP_FILTER_OFFSET_B = 2   # slice_beta_offset_div2 * 2
SP_CHROMA_QP_OFFSET = 3  # chroma_qp_index_offset (Cb)
SP_CHROMA_QP_OFFSET2 = 4  # second_chroma_qp_index_offset (Cr; equals the first when the PPS has none)
SP_CONSTRAINED_INTRA = 5  # constrained_intra_pred_flag: inter macroblocks are unavailable to intra ones
SP_STRIDE = 8

# slice_info (int32 array handed to a parser kernel, one slice)
SI_FIRST_MB = 0          # first_mb_in_slice
SI_MB_WIDTH = 1
SI_MB_HEIGHT = 2
SI_SLICE_QP = 3          # 26 + pic_init_qp_minus26 + slice_qp_delta
SI_SLICE_INDEX = 4       # this slice's number in the picture (the value written to mb_slice)
SI_TRANSFORM_8X8 = 5     # PPS transform_8x8_mode_flag
SI_CONSTRAINED_INTRA = 6  # PPS constrained_intra_pred_flag
SI_CHROMA_FORMAT = 7     # 0 monochrome, 1 4:2:0 (others unsupported)
SI_SLICE_TYPE = 8        # slice_type % 5: 0 = P, 1 = B, 2 = I (4 = SI: not parsed)
SI_CABAC_INIT_IDC = 9    # cabac_init_idc (P/B only)
SI_NUM_REF_L0 = 10       # num_ref_idx_l0_active (P/B)
SI_NUM_REF_L1 = 11       # num_ref_idx_l1_active (B)
SI_DIRECT_8X8 = 12       # SPS direct_8x8_inference_flag (B)
SI_STRIDE = 16

# mb_kind codes a parser returns beyond the macroblocks: a parser kernel returns the number of
# macroblocks it decoded (>= 1), or one of these
ERR_BITSTREAM = -1       # ran out of bits or read a value the syntax forbids
ERR_UNSUPPORTED = -2     # valid syntax cine does not decode yet (e.g. an inter macroblock)

# levelscale4[list, qp % 6, 16] (int32): LevelScale4x4 = weightScale4x4 * normAdjust4x4, raster
# order, lists 0..5 = Intra Y, Intra Cb, Intra Cr, Inter Y, Inter Cb, Inter Cr
# levelscale8[list, qp % 6, 64] (int32): LevelScale8x8, lists 0..1 = Intra Y, Inter Y


def picture_arrays(mb_width: int, mb_height: int, max_slices: int):
    """Fresh per-picture state (numpy imported here: only the decoder calls this)."""
    import numpy as np
    mbs = mb_width * mb_height
    return {
        "mb_kind": np.zeros(mbs, np.int8),
        "mb_slice": np.full(mbs, -1, np.int32),
        "mb_qp": np.zeros(mbs, np.int32),          # QP_Y (0 for I_PCM, as deblocking reads it)
        "mb_cbp": np.zeros(mbs, np.int32),         # coded_block_pattern: luma bits 0..3, chroma << 4
        "mb_i16_mode": np.zeros(mbs, np.int8),     # Intra16x16PredMode
        "mb_chroma_mode": np.zeros(mbs, np.int8),  # intra_chroma_pred_mode
        "luma_modes": np.zeros((mbs, 16), np.int8),  # Intra4x4PredMode per block; Intra8x8PredMode x4
        "nnz": np.zeros((mbs, NNZ_STRIDE), np.uint8),
        "cbf_dc": np.zeros((mbs, DC_STRIDE), np.uint8),
        "coeffs": np.zeros((mbs, COEFF_STRIDE), np.int32),
        "slice_params": np.zeros((max_slices, SP_STRIDE), np.int32),
        "mb_part": np.zeros(mbs, np.int8),         # PART_* of inter macroblocks
        "sub_part": np.zeros((mbs, 4), np.int8),   # SUB_* of each 8x8 of PART_8x8
        "ref_idx": np.full((mbs, 2, 4), -1, np.int8),
        "mvd": np.zeros((mbs, 2, 16, 2), np.int32),
        "mv": np.zeros((mbs, 2, 16, 2), np.int32),
        # the identity (RefPicture.serial) of the picture each 8x8 block predicts from, per
        # list (-1 none): what the deblocking filter compares
        "ref_pic": np.full((mbs, 2, 4), -1, np.int32),
    }
