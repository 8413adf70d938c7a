"""Small H.264 tables shared by the parsers, reconstruction and deblocking (plain data; the
`*_jit.py` modules turn them into numpy constants)."""

# frame (progressive) zig-zag scans: scan position -> raster index in the block
ZIGZAG4 = (0, 1, 4, 8, 5, 2, 3, 6, 9, 12, 13, 10, 7, 11, 14, 15)
ZIGZAG8 = (
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5,
    12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
    35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
    58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
)

# QP_C as a function of qPI = Clip3(-QpBdOffsetC, 51, QP_Y + chroma_qp_index_offset) (Table 8-15)
CHROMA_QP = tuple(range(30)) + (29, 30, 31, 32, 32, 33, 34, 34, 35, 35, 36, 36, 37, 37, 37,
                                38, 38, 38, 39, 39, 39, 39)

# luma4x4BlkIdx -> (x, y) of the block's top-left sample inside its macroblock
BLOCK_X = tuple(4 * ((b & 1) | ((b >> 1) & 2)) for b in range(16))
BLOCK_Y = tuple(4 * (((b >> 1) & 1) | ((b >> 2) & 2)) for b in range(16))

# inter partitions, in 4x4-block units of the macroblock: (x, y, width, height) of partition p
# of each mb_part (layout.PART_*: 16x16, 16x8, 8x16, 8x8), and of sub-partition q of an 8x8
# relative to the 8x8 (layout.SUB_*: 8x8, 8x4, 4x8, 4x4); unused entries are zero
PART_GEOMETRY = (
    ((0, 0, 4, 4), (0, 0, 0, 0), (0, 0, 0, 0), (0, 0, 0, 0)),
    ((0, 0, 4, 2), (0, 2, 4, 2), (0, 0, 0, 0), (0, 0, 0, 0)),
    ((0, 0, 2, 4), (2, 0, 2, 4), (0, 0, 0, 0), (0, 0, 0, 0)),
    ((0, 0, 2, 2), (2, 0, 2, 2), (0, 2, 2, 2), (2, 2, 2, 2)),
)
PART_COUNT = (1, 2, 2, 4)
SUB_GEOMETRY = (
    ((0, 0, 2, 2), (0, 0, 0, 0), (0, 0, 0, 0), (0, 0, 0, 0)),
    ((0, 0, 2, 1), (0, 1, 2, 1), (0, 0, 0, 0), (0, 0, 0, 0)),
    ((0, 0, 1, 2), (1, 0, 1, 2), (0, 0, 0, 0), (0, 0, 0, 0)),
    ((0, 0, 1, 1), (1, 0, 1, 1), (0, 1, 1, 1), (1, 1, 1, 1)),
)
SUB_COUNT = (1, 2, 2, 4)
# the partition each 8x8 block (raster order) belongs to, by mb_part
PART_OF_8x8 = ((0, 0, 0, 0), (0, 0, 1, 1), (0, 1, 0, 1), (0, 1, 2, 3))

# B macroblock types (Table 7-14): mb_type 0..22 -> mb_part (4 = layout.PART_DIRECT) and the
# prediction lists of its two partitions (1 list 0, 2 list 1, 3 both; 0 direct / B_8x8); B
# sub-macroblock types (Table 7-18): sub_mb_type 0..12 -> lists and shape (4 = SUB_DIRECT)
_B_PAIRS = ((1, 1), (2, 2), (1, 2), (2, 1), (1, 3), (2, 3), (3, 1), (3, 2), (3, 3))
B_MB_PART = (4, 0, 0, 0) + tuple(1 if t % 2 == 0 else 2 for t in range(4, 22)) + (3,)
B_MB_PRED = ((0, 0), (1, 1), (2, 2), (3, 3)) + tuple(_B_PAIRS[(t - 4) >> 1] for t in range(4, 22)) \
    + ((0, 0),)
B_SUB_PRED = (0, 1, 2, 3, 1, 1, 2, 2, 3, 3, 1, 2, 3)
B_SUB_SHAPE = (4, 0, 0, 0, 1, 2, 1, 2, 1, 2, 3, 3, 3)
