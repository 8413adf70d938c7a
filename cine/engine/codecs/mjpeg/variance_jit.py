"""Spatial complexity of a picture for the rate control: the sum over 16x16 luma
macroblocks of (sum(x^2) - (sum(x)^2 mod 2^32) / 256 + 628) / 256, samples beyond the picture
repeating its last row / column (the reference's padded copy of the input)."""
from __future__ import annotations

import numpy as np

from ...jit import kernel


@kernel("int64(uint8[:, :], int64, int64)")
def mb_variance_sum(luma, width, height):
    """Returns the sum, or -1 when luma is smaller than width x height."""
    if width <= 0 or height <= 0 or luma.shape[0] < height or luma.shape[1] < width:
        return -1
    total = np.int64(0)
    for mby in range((height + 15) // 16):
        for mbx in range((width + 15) // 16):
            s = np.int64(0)
            sq = np.int64(0)
            for r in range(16):
                y = min(16 * mby + r, height - 1)
                for c in range(16):
                    v = np.int64(luma[y, min(16 * mbx + c, width - 1)])
                    s += v
                    sq += v * v
            total += (sq - ((s * s) & 0xFFFFFFFF) // 256 + 628) // 256
    return total
