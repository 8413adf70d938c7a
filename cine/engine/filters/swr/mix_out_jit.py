"""Rematrix passes over whole frames.

mix_flt_to_s16: the last stage of a float conversion to s16 in one pass: the rematrix of
fltp samples (each output the float32 sum, in input order, of the inputs its row uses
times their coefficients, as rematrix.py's general row does it) and the scaling to s16
(lrintf of x * 32768, clipped). Used only where the reference's C and SIMD conversions agree: the
kernel gives up (returns 1) at the first scaled value that is NaN or at least 2^31 in
magnitude, and the caller then takes the general path.

m (float32, outputs x inputs): the coefficients; used (uint8, same shape): which of them
the row includes (the reference skips zero coefficients, which matters for infinities).

mix_s16: the s16p rematrix of rows fed by at most two inputs, as rematrix.py describes it:
per row, kind 0 (no input: zeros), 1 (a copy of its input) or 2 (the SSE2 code's 16-bit
coefficients and per-row shift on the first n & ~15 samples, the C code's 32-bit wrapping
sum rounded by >> 15 on the rest, clipped or wrapped to int16)."""
from __future__ import annotations

import numpy as np

from ...jit import kernel, leaf


@leaf
def _wrap32(v):
    return ((v + 2147483648) & 0xFFFFFFFF) - 2147483648


@kernel("int64(float32[:, :], float32[:, :], uint8[:, :], int16[:, :])")
def mix_flt_to_s16(x, m, used, dst):
    nout, nin = m.shape[0], m.shape[1]
    n = x.shape[1]
    if x.shape[0] != nin or used.shape[0] != nout or used.shape[1] != nin \
            or dst.shape[0] != nout or dst.shape[1] != n:
        return -1
    for i in range(nout):
        out = dst[i]
        for t in range(n):
            acc = np.float32(0.0)
            first = True
            for j in range(nin):
                if used[i, j]:
                    if first:
                        acc = x[j, t] * m[i, j]
                        first = False
                    else:
                        acc = acc + x[j, t] * m[i, j]
            v = acc * np.float32(32768.0)
            if not abs(v) < np.float32(2147483648.0):
                return 1
            r = np.rint(v)
            out[t] = np.int16(min(max(r, np.float32(-32768.0)), np.float32(32767.0)))
    return 0


@kernel("int64(int16[:, :], int64[:, :], int64[:], int64[:, :], uint8[:, :], int64[:], "
        "int64, int16[:, :])")
def mix_s16(x, simd_coef, simd_shift, native, used, kind, clip, dst):
    nout, nin = native.shape[0], native.shape[1]
    n = x.shape[1]
    if x.shape[0] != nin or simd_coef.shape[0] != nout or simd_coef.shape[1] != nin \
            or simd_shift.shape[0] != nout or used.shape[0] != nout or used.shape[1] != nin \
            or kind.shape[0] != nout or dst.shape[0] != nout or dst.shape[1] != n:
        return -1
    len1 = n & ~15
    for i in range(nout):
        out = dst[i]
        if kind[i] == 0:
            for t in range(n):
                out[t] = 0
            continue
        j1, j2 = -1, -1
        for j in range(nin):
            if used[i, j]:
                if j1 < 0:
                    j1 = j
                else:
                    j2 = j
        if j1 < 0:
            return -1
        if kind[i] == 1:
            for t in range(n):
                out[t] = x[j1, t]
            continue
        sh = simd_shift[i]
        half = (np.int64(1) << sh) >> 1
        c1, n1 = simd_coef[i, j1], native[i, j1]
        c2, n2 = np.int64(0), np.int64(0)
        if j2 >= 0:
            c2, n2 = simd_coef[i, j2], native[i, j2]
        else:
            j2 = j1
        for t in range(n):
            a, b = np.int64(x[j1, t]), np.int64(x[j2, t])
            if t < len1:
                acc = _wrap32(a * c1 + b * c2 + half) >> sh
                out[t] = min(max(acc, -32768), 32767)
            else:
                r = (_wrap32(a * n1 + b * n2) + 16384) >> 15
                if clip:
                    out[t] = min(max(r, -32768), 32767)
                else:
                    out[t] = ((r + 32768) & 0xFFFF) - 32768
    return 0
