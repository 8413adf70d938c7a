"""Tables of FFmpeg 5.1.9's float half IMDCT for one block size (ff_mdct_init with scale
-1, its ff_fft_init of n/4 points): pre/post rotation twiddles, the split-radix input
permutation, the cosine tables and the order of the FFT's steps (imdct_jit.py runs them).
"""
from __future__ import annotations

import math

from .imdct_jit import OP_FFT8, OP_FFT16, OP_PASS


def _split_radix_permutation(i: int, n: int, inverse: bool) -> int:
    if n <= 2:
        return i & 1
    m = n >> 1
    if not i & m:
        return _split_radix_permutation(i, m, inverse) * 2
    m >>= 1
    if inverse == (not i & m):
        return _split_radix_permutation(i, m, inverse) * 4 + 1
    return _split_radix_permutation(i, m, inverse) * 4 - 1


class ImdctTables:
    __slots__ = ("n", "tcos", "tsin", "revtab", "schedule", "costab")

    def __init__(self, n: int):
        import numpy as np
        self.n = n
        n4 = n >> 2
        theta = 1.0 / 8.0 + n4
        alpha = [2 * math.pi * (i + theta) / n for i in range(n4)]
        self.tcos = np.array([-math.cos(a) for a in alpha], dtype=np.float32)
        self.tsin = np.array([-math.sin(a) for a in alpha], dtype=np.float32)
        revtab = [0] * n4
        for i in range(n4):
            revtab[-_split_radix_permutation(i, n4, True) & (n4 - 1)] = i
        self.revtab = np.array(revtab, dtype=np.int32)
        # costab[0]: sqrt(1/2); then cos(2 pi i / m) for i <= m/4, for m = 16 .. n/4
        costab = [float(np.float32(math.sqrt(0.5)))]
        offsets = {}
        m = 16
        while m <= n4:
            offsets[m] = len(costab)
            costab += [math.cos(i * 2 * math.pi / m) for i in range(m // 4 + 1)]
            m <<= 1
        self.costab = np.array(costab, dtype=np.float32)
        ops = []
        self._plan(n4, 0, offsets, ops)
        self.schedule = np.array(ops, dtype=np.int32).reshape(-1, 4)

    def _plan(self, m: int, o: int, offsets: dict, ops: list) -> None:
        """The reference's fft<m>(z + o) as steps (kind, offset, pass size, cosine table)."""
        if m == 8:                      # only inside fft32
            ops.append((OP_FFT8, o, 0, 0))
        elif m == 16:                   # the smallest FFT (blocks of 64 samples)
            ops.append((OP_FFT16, o, 0, offsets[16]))
        else:
            self._plan(m // 2, o, offsets, ops)
            self._plan(m // 4, o + m // 2, offsets, ops)
            self._plan(m // 4, o + 3 * m // 4, offsets, ops)
            ops.append((OP_PASS, o, m // 8, offsets[m]))
