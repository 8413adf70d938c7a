"""The polyphase resampling loop of libswresample as the x86-64 reference runs it (FFmpeg
5.1.9 resample_template.c and x86/resample.asm), one kernel per internal format family.

Common to all: output k takes `taps` source samples from the current sample position with
the phase `index`'s filter row; then the position advances by dst_incr_div phases and
dst_incr_mod / src_incr of a phase (frac), carrying whole samples out of the phase.
Linear interpolation (used when the step has a fractional part) blends the rows `index`
and `index + 1` by frac / src_incr.

- resample_int, s16p (SSE2 code): 32-bit sums with the 0x4000 rounding term, >> 15,
  saturation to int16; linear: (v2 - v1) * frac / src_incr truncated (imul/idiv).
  s32p (the C code): 64-bit sums of even and odd taps with 1 << 29, >> 30, clipped to int32.
- resample_flt (FMA3/AVX2 code): eight lanes, lane j accumulating taps j, j + 8, ... with
  fused multiply-adds, lanes folded as ((0+4)+(2+6))+((1+5)+(3+7)).
- resample_dbl (FMA3 code): four lanes, folded as (0+2)+(1+3).

The fused multiply-adds are LLVM's llvm.fma (one rounding, as vfmadd231ps/pd computes it;
a single instruction on FMA3 machines, libm's fma elsewhere), declared below as numba
intrinsics: plain Python has no fused multiply-add, so under NUMBA_DISABLE_JIT (the fuzz
runs, where only control flow matters) they fall back to a multiply and an add.

p (int64[:]): length, taps, phase_count, index, frac, src_incr, dst_incr_div,
dst_incr_mod, n_out, linear, mode (resample_int: 0 s16p, 1 s32p). index and frac are
updated in place. Returns the number of whole source samples consumed, or -1 when an
argument is inconsistent (a read would leave `src`)."""
from __future__ import annotations

import numpy as np
from numba.core import config
from numba.extending import intrinsic

from ...jit import kernel, leaf

P_LENGTH, P_TAPS, P_PHASES, P_INDEX, P_FRAC, P_SRC_INCR, P_DIV, P_MOD, P_N, P_LINEAR, \
    P_MODE = range(11)


@leaf
def _check(src_shape0, src_len, bank_shape0, bank_w, dst_shape0, dst_len, p):
    taps = p[P_TAPS]
    if taps < 1 or taps > bank_w or p[P_LENGTH] > taps or p[P_PHASES] < 1:
        return False
    if bank_shape0 != p[P_PHASES] + 1 or p[P_INDEX] < 0 or p[P_INDEX] >= p[P_PHASES]:
        return False
    if p[P_SRC_INCR] < 1 or p[P_FRAC] < 0 or p[P_FRAC] >= p[P_SRC_INCR]:
        return False
    if p[P_DIV] < 0 or p[P_MOD] < 0 or p[P_N] < 0 or p[P_N] > dst_len:
        return False
    if src_shape0 != dst_shape0:
        return False
    # the last output's first tap: advance n - 1 steps from the start
    steps = p[P_N] - 1 if p[P_N] > 0 else 0
    last = (p[P_INDEX] * p[P_SRC_INCR] + p[P_FRAC]
            + steps * (p[P_DIV] * p[P_SRC_INCR] + p[P_MOD])) // (p[P_SRC_INCR] * p[P_PHASES])
    return last + taps <= src_len


def _llvm_fma(nbtype):
    """An intrinsic computing fma(a, b, c) of numba type `nbtype` (float32 or float64)."""
    from llvmlite import ir

    def typer(typingctx, a, b, c):
        def codegen(context, builder, signature, args):
            t = context.get_value_type(nbtype)
            fn = builder.module.declare_intrinsic("llvm.fma", [t], ir.FunctionType(t, [t] * 3))
            return builder.call(fn, args)
        return nbtype(nbtype, nbtype, nbtype), codegen
    return intrinsic(typer)


if config.DISABLE_JIT:
    def _fma32(a, b, c):
        return np.float32(a * b + c)

    def _fma64(a, b, c):
        return a * b + c
else:
    from numba import types as _types
    _fma32 = _llvm_fma(_types.float32)
    _fma64 = _llvm_fma(_types.float64)


@leaf
def _wrap32(v):
    return ((v + 2147483648) & 0xFFFFFFFF) - 2147483648


@leaf
def _tdiv(a, b):
    """C's truncating integer division."""
    q = abs(a) // b
    return -q if a < 0 else q


@kernel("int64(int32[:, :], int32[:, :], int64[:], int32[:, :])")
def resample_int(src, bank, p, dst):
    if not _check(src.shape[0], src.shape[1], bank.shape[0], bank.shape[1], dst.shape[0],
                  dst.shape[1], p):
        return -1
    length, taps, pc = p[P_LENGTH], p[P_TAPS], p[P_PHASES]
    src_incr, div, mod, n, linear, mode = p[P_SRC_INCR], p[P_DIV], p[P_MOD], p[P_N], \
        p[P_LINEAR], p[P_MODE]
    consumed = 0
    index_end, frac_end = p[P_INDEX], p[P_FRAC]
    for ch in range(src.shape[0]):
        index, frac, si = p[P_INDEX], p[P_FRAC], 0
        row = src[ch]
        out = dst[ch]
        for k in range(n):
            f1 = bank[index]
            if mode == 0:
                seg = row[si:si + taps]
                f1 = f1[:taps]
                if seg.shape[0] != taps:
                    return -1
                v1 = np.int64(0x4000)
                for t in range(taps):
                    v1 += np.int64(seg[t]) * f1[t]
                v1 = _wrap32(v1)
                if linear:
                    f2 = bank[index + 1][:taps]
                    v2 = np.int64(0x4000)
                    for t in range(taps):
                        v2 += np.int64(seg[t]) * f2[t]
                    d = _wrap32(_wrap32(v2) - v1)
                    v1 = _wrap32(v1 + _wrap32(_tdiv(d * frac, src_incr)))
                v = v1 >> 15
                out[k] = min(max(v, -32768), 32767)
            else:
                even = np.int64(1 << 29)
                odd = np.int64(0)
                if linear:
                    f2 = bank[index + 1]
                    v2 = np.int64(1 << 29)
                    for t in range(length):
                        even += np.int64(row[si + t]) * f1[t]
                        v2 += np.int64(row[si + t]) * f2[t]
                    even += _tdiv(v2 - even, src_incr) * frac
                else:
                    for t in range(0, length - 1, 2):
                        even += np.int64(row[si + t]) * f1[t]
                        odd += np.int64(row[si + t + 1]) * f1[t + 1]
                    if length & 1:
                        even += np.int64(row[si + length - 1]) * f1[length - 1]
                v = (even + odd) >> 30
                out[k] = min(max(v, -2147483648), 2147483647)
            frac += mod
            index += div
            if frac >= src_incr:
                frac -= src_incr
                index += 1
            while index >= pc:
                si += 1
                index -= pc
        consumed, index_end, frac_end = si, index, frac
    p[P_INDEX] = index_end
    p[P_FRAC] = frac_end
    return consumed


@kernel("int64(float32[:, :], float32[:, :], int64[:], float32[:, :])")
def resample_flt(src, bank, p, dst):
    if p[P_TAPS] % 8 or not _check(src.shape[0], src.shape[1], bank.shape[0],
                                    bank.shape[1], dst.shape[0], dst.shape[1], p):
        return -1
    taps, pc = p[P_TAPS], p[P_PHASES]
    src_incr, div, mod, n, linear = p[P_SRC_INCR], p[P_DIV], p[P_MOD], p[P_N], p[P_LINEAR]
    inv = np.float32(1.0) / np.float32(src_incr)
    a = np.zeros(8, dtype=np.float32)
    b = np.zeros(8, dtype=np.float32)
    consumed = 0
    index_end, frac_end = p[P_INDEX], p[P_FRAC]
    for ch in range(src.shape[0]):
        index, frac, si = p[P_INDEX], p[P_FRAC], 0
        row = src[ch]
        out = dst[ch]
        for k in range(n):
            # whole-length slices, checked, let the lane loop run without per-tap checks
            seg = row[si:si + taps]
            if seg.shape[0] != taps:
                return -1
            f1 = bank[index][:taps]
            for j in range(8):
                a[j] = 0
            for c in range(taps // 8):
                for j in range(8):
                    a[j] = _fma32(seg[8 * c + j], f1[8 * c + j], a[j])
            for j in range(4):
                a[j] = a[j] + a[j + 4]
            if linear:
                f2 = bank[index + 1][:taps]
                for j in range(8):
                    b[j] = 0
                for c in range(taps // 8):
                    for j in range(8):
                        b[j] = _fma32(seg[8 * c + j], f2[8 * c + j], b[j])
                for j in range(4):
                    b[j] = b[j] + b[j + 4]
                fm = np.float32(np.float32(frac) * inv)
                for j in range(4):
                    a[j] = _fma32(np.float32(b[j] - a[j]), fm, a[j])
            out[k] = np.float32(a[0] + a[2]) + np.float32(a[1] + a[3])
            frac += mod
            index += div
            if frac >= src_incr:
                frac -= src_incr
                index += 1
            while index >= pc:
                si += 1
                index -= pc
        consumed, index_end, frac_end = si, index, frac
    p[P_INDEX] = index_end
    p[P_FRAC] = frac_end
    return consumed


@kernel("int64(float64[:, :], float64[:, :], int64[:], float64[:, :])")
def resample_dbl(src, bank, p, dst):
    if p[P_TAPS] % 4 or not _check(src.shape[0], src.shape[1], bank.shape[0],
                                    bank.shape[1], dst.shape[0], dst.shape[1], p):
        return -1
    taps, pc = p[P_TAPS], p[P_PHASES]
    src_incr, div, mod, n, linear = p[P_SRC_INCR], p[P_DIV], p[P_MOD], p[P_N], p[P_LINEAR]
    inv = 1.0 / src_incr
    a = np.zeros(4, dtype=np.float64)
    b = np.zeros(4, dtype=np.float64)
    consumed = 0
    index_end, frac_end = p[P_INDEX], p[P_FRAC]
    for ch in range(src.shape[0]):
        index, frac, si = p[P_INDEX], p[P_FRAC], 0
        for k in range(n):
            for j in range(4):
                a[j] = 0.0
                b[j] = 0.0
            for t in range(taps):
                s = src[ch, si + t]
                a[t & 3] = _fma64(s, bank[index, t], a[t & 3])
                if linear:
                    b[t & 3] = _fma64(s, bank[index + 1, t], b[t & 3])
            for j in range(2):
                a[j] = a[j] + a[j + 2]
            if linear:
                fm = frac * inv
                for j in range(2):
                    b[j] = b[j] + b[j + 2]
                    a[j] = _fma64(b[j] - a[j], fm, a[j])
            dst[ch, k] = a[0] + a[1]
            frac += mod
            index += div
            if frac >= src_incr:
                frac -= src_incr
                index += 1
            while index >= pc:
                si += 1
                index -= pc
        consumed, index_end, frac_end = si, index, frac
    p[P_INDEX] = index_end
    p[P_FRAC] = frac_end
    return consumed
