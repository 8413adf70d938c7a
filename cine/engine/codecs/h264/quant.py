"""H.264 scaling: the scaling lists of the SPS/PPS turned into the LevelScale tables that
reconstruction multiplies the parsed levels by (ITU-T H.264 7.4.2.1.1, 7.4.2.2, 8.5.9).

Input contract of `level_scales` (what the SPS/PPS parser hands over):

- `sps_lists`: None when seq_scaling_matrix_present_flag is 0; otherwise a sequence of the
  SPS's lists i = 0..7 (or 0..11 for 4:4:4; entries past 7 are ignored), one entry each:
    * None      -- seq_scaling_list_present_flag[i] is 0 (the list is absent),
    * "default" -- the list was coded with useDefaultScalingMatrixFlag = 1,
    * the list's values (16 for i < 6, 64 otherwise) in coded (zig-zag) order, 1..255.
  A sequence shorter than 8 counts the missing entries as None.
- `pps_lists`: None when pic_scaling_matrix_present_flag is 0 (the PPS uses the SPS's
  lists); otherwise the PPS's lists in the same form (lists 6 and 7 absent -- None or a
  shorter sequence -- when transform_8x8_mode_flag is 0).

List numbering (Table 7-2): 0..2 = 4x4 Intra Y, Cb, Cr; 3..5 = 4x4 Inter Y, Cb, Cr;
6 = 8x8 Intra Y; 7 = 8x8 Inter Y.

Result: `levelscale4` int32[6, 6, 16] (list, qP % 6, raster index 4*row + col) and
`levelscale8` int32[2, 6, 64] (Intra Y, Inter Y; qP % 6; raster 8*row + col), as
`layout.py` documents.
"""
from __future__ import annotations

from .tables import ZIGZAG4, ZIGZAG8

# normAdjust4x4 (8-315): v[m] = (both even, both odd, otherwise)
NORM_ADJUST4_V = (
    (10, 16, 13), (11, 18, 14), (13, 20, 16), (14, 23, 18), (16, 25, 20), (18, 29, 23),
)

# normAdjust8x8 (8-318): v[m][0..5] as the position classes of `_norm_adjust8` below
NORM_ADJUST8_V = (
    (20, 18, 32, 19, 25, 24), (22, 19, 35, 21, 28, 26), (26, 23, 42, 24, 33, 31),
    (28, 25, 45, 26, 35, 33), (32, 28, 51, 30, 40, 38), (36, 32, 58, 34, 46, 43),
)

# Table 7-3 and 7-4, in zig-zag (coded) order
FLAT_4X4 = (16,) * 16
FLAT_8X8 = (16,) * 64
DEFAULT_4X4_INTRA = (6, 13, 13, 20, 20, 20, 28, 28, 28, 28, 32, 32, 32, 37, 37, 42)
DEFAULT_4X4_INTER = (10, 14, 14, 20, 20, 20, 24, 24, 24, 24, 27, 27, 27, 30, 30, 34)
DEFAULT_8X8_INTRA = (
    6, 10, 10, 13, 11, 13, 16, 16, 16, 16, 18, 18, 18, 18, 18, 23,
    23, 23, 23, 23, 23, 25, 25, 25, 25, 25, 25, 25, 27, 27, 27, 27,
    27, 27, 27, 27, 29, 29, 29, 29, 29, 29, 29, 31, 31, 31, 31, 31,
    31, 33, 33, 33, 33, 33, 36, 36, 36, 36, 38, 38, 38, 40, 40, 42,
)
DEFAULT_8X8_INTER = (
    9, 13, 13, 15, 13, 15, 17, 17, 17, 17, 19, 19, 19, 19, 19, 21,
    21, 21, 21, 21, 21, 22, 22, 22, 22, 22, 22, 22, 24, 24, 24, 24,
    24, 24, 24, 24, 25, 25, 25, 25, 25, 25, 25, 27, 27, 27, 27, 27,
    27, 28, 28, 28, 28, 28, 30, 30, 30, 30, 32, 32, 32, 33, 33, 35,
)

_DEFAULTS = (DEFAULT_4X4_INTRA,) * 3 + (DEFAULT_4X4_INTER,) * 3 + (DEFAULT_8X8_INTRA, DEFAULT_8X8_INTER)
_FLAT = (FLAT_4X4,) * 6 + (FLAT_8X8,) * 2
_LIST_COUNT = 8


def norm_adjust4(m: int, i: int, j: int) -> int:
    """normAdjust4x4(m, i, j) of 8-315 (i, j: row, column)."""
    v = NORM_ADJUST4_V[m]
    if i % 2 == 0 and j % 2 == 0:
        return v[0]
    if i % 2 == 1 and j % 2 == 1:
        return v[1]
    return v[2]


def norm_adjust8(m: int, i: int, j: int) -> int:
    """normAdjust8x8(m, i, j) of 8-317."""
    v = NORM_ADJUST8_V[m]
    if i % 4 == 0 and j % 4 == 0:
        return v[0]
    if i % 2 == 1 and j % 2 == 1:
        return v[1]
    if i % 4 == 2 and j % 4 == 2:
        return v[2]
    if (i % 4 == 0 and j % 2 == 1) or (i % 2 == 1 and j % 4 == 0):
        return v[3]
    if (i % 4 == 0 and j % 4 == 2) or (i % 4 == 2 and j % 4 == 0):
        return v[4]
    return v[5]


def _entry(lists, i):
    if lists is None or i >= len(lists):
        return None
    return lists[i]


def _resolve(lists, fallback_a_or_b):
    """The 8 lists after Table 7-2's fall-back rules; `fallback_a_or_b` gives, for lists
    0, 3, 6 and 7, what an absent list becomes (the defaults for rule A, the SPS's lists
    for rule B); other absent lists copy the list before them."""
    out = []
    for i in range(_LIST_COUNT):
        entry = _entry(lists, i)
        size = 16 if i < 6 else 64
        if entry is None:
            value = fallback_a_or_b[i] if i in (0, 3, 6, 7) else out[i - 1]
        elif isinstance(entry, str):
            if entry != "default":
                raise ValueError(f"scaling list {i}: unknown marker {entry!r}")
            value = _DEFAULTS[i]
        else:
            value = tuple(int(v) for v in entry)
            if len(value) != size or not all(1 <= v <= 255 for v in value):
                raise ValueError(f"scaling list {i}: need {size} values in 1..255")
        out.append(value)
    return out


def effective_lists(sps_lists, pps_lists):
    """The 8 scaling lists (zig-zag order) that apply to a picture, per Table 7-2."""
    seq = _FLAT if sps_lists is None else _resolve(sps_lists, _DEFAULTS)
    if pps_lists is None:
        return list(seq)
    # rule A when the SPS carries no matrix, rule B (the SPS's lists) when it does
    return _resolve(pps_lists, _DEFAULTS if sps_lists is None else seq)


def level_scales(sps_lists, pps_lists):
    """(levelscale4 int32[6, 6, 16], levelscale8 int32[2, 6, 64]), raster order (see the
    module docstring for the input form). Raises ValueError on a malformed list."""
    import numpy as np
    lists = effective_lists(sps_lists, pps_lists)
    ls4 = np.zeros((6, 6, 16), np.int32)
    ls8 = np.zeros((2, 6, 64), np.int32)
    for k in range(6):
        for pos, raster in enumerate(ZIGZAG4):
            i, j = divmod(raster, 4)
            for m in range(6):
                ls4[k, m, raster] = lists[k][pos] * norm_adjust4(m, i, j)
    for k in range(2):
        for pos, raster in enumerate(ZIGZAG8):
            i, j = divmod(raster, 8)
            for m in range(6):
                ls8[k, m, raster] = lists[6 + k][pos] * norm_adjust8(m, i, j)
    return ls4, ls8
