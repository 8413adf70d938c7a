"""The two passes of resample.py's plane scaler as kernels (the arithmetic is described
there): a horizontal pass from 8-bit samples to 15-bit intermediates with the optional range
conversion, and a vertical pass to 8-bit samples (the SIMD-style rounding for rows before
`c_from`, the exact one after). Positions and coefficients come from resample_filter.py;
every index is checked against the plane sizes (status -1 when one is out of range)."""
from __future__ import annotations

import numpy as np

from ..jit import kernel

RANGE_NONE, RANGE_TO_JPEG, RANGE_FROM_JPEG = 0, 1, 2


@kernel("int64(uint8[:, :], int32[:], int32[:, :], int64, int64, int32[:, :])")
def hscale(src, pos, coef, range_mode, chroma, out):
    rows = src.shape[0]
    width = src.shape[1]
    dst_w = pos.shape[0]
    taps = coef.shape[1]
    if out.shape[0] != rows or out.shape[1] != dst_w or coef.shape[0] != dst_w:
        return -1
    for i in range(dst_w):
        if pos[i] < 0 or pos[i] + taps > width:
            return -1
    for y in range(rows):
        for i in range(dst_w):
            p = pos[i]
            acc = 0
            for j in range(taps):
                acc += np.int64(src[y, p + j]) * coef[i, j]
            v = acc >> 7
            if v > 32767:
                v = 32767
            if range_mode == RANGE_TO_JPEG:
                if chroma:
                    v = (min(v, 30775) * 4663 - 9289992) >> 12
                else:
                    v = (min(v, 30189) * 19077 - 39057361) >> 14
            elif range_mode == RANGE_FROM_JPEG:
                if chroma:
                    v = (v * 1799 + 4081085) >> 11
                else:
                    v = (v * 14071 + 33561947) >> 14
            out[y, i] = v
    return 0


@kernel("int64(int32[:, :], int32[:], int32[:, :], int64, uint8[:, :])")
def vscale(tmp, pos, coef, c_from, out):
    height = tmp.shape[0]
    width = tmp.shape[1]
    dst_h = pos.shape[0]
    taps = coef.shape[1]
    if out.shape[0] != dst_h or out.shape[1] != width or coef.shape[0] != dst_h:
        return -1
    for i in range(dst_h):
        if pos[i] < 0 or pos[i] + taps > height:
            return -1
    simd_start = (64 + 8 * (taps - 1)) >> 4
    acc = np.empty(width, dtype=np.int64)
    for y in range(dst_h):
        p = pos[y]
        simd = taps > 1 and y < c_from
        if simd:
            acc[:] = simd_start
            for j in range(taps):
                c = np.int64(coef[y, j])
                for x in range(width):
                    acc[x] += (np.int64(tmp[p + j, x]) * c) >> 16
            for x in range(width):
                v = acc[x] >> 3
                out[y, x] = 0 if v < 0 else (255 if v > 255 else v)
        else:
            acc[:] = 64 << 12
            for j in range(taps):
                c = np.int64(coef[y, j])
                for x in range(width):
                    acc[x] += np.int64(tmp[p + j, x]) * c
            for x in range(width):
                v = acc[x] >> 19
                out[y, x] = 0 if v < 0 else (255 if v > 255 else v)
    return 0
