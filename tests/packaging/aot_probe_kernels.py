"""Kernels that exist for tests/packaging/test_aot_switch.py only: what an ahead-of-time
export does with an index out of bounds, an integer division by zero, a helper call and
an array allocation (the build must compile them as the JIT does)."""
from __future__ import annotations

import numpy as np

from cine.engine.jit import helper, kernel, leaf


@leaf
def _twice(v):
    return 2 * v


@helper
def _scratch(n):
    return np.zeros(n, np.int64)


@kernel("int64(int32[:], int64)")
def peek(a, i):
    """a[i] doubled (i is not checked here: the bounds check must catch it)."""
    return _twice(np.int64(a[i]))


@kernel("int64(int64, int64)")
def divide(a, b):
    return a // b


@kernel("int64(int32[:, ::1], int64)")
def fill(a, v):
    """Fills a with v through a scratch array; returns its sum."""
    s = _scratch(a.size)
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            a[i, j] = v
            s[i * a.shape[1] + j] = v
    return s.sum()
