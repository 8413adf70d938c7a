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
intrinsics, and the lanes are LLVM vectors (_llvm_lanes: one vector instruction per eight
or four taps; LLVM does not vectorize the scalar form of these loops). Each pass over the
taps computes two independent sums: the two filter phases of a linearly interpolated
output, or else two consecutive outputs. Plain Python has no fused multiply-add, so under
NUMBA_DISABLE_JIT (the fuzz runs, where only control flow matters) they fall back to a
multiply and an add.

p (int64[:]): length, taps, phase_count, index, frac, src_incr, dst_incr_div,
dst_incr_mod, n_out, linear, mode (resample_int: 0 s16p, 1 s32p). index and frac are
updated in place. Returns the number of whole source samples consumed, or -1 when an
argument is inconsistent (a read would leave `src`, or a row's samples are not adjacent)."""
from __future__ import annotations

import numpy as np

from ...jit import NUMBA_COMPILES, kernel, leaf

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
    from numba.extending import intrinsic

    def typer(typingctx, a, b, c):
        def codegen(context, builder, signature, args):
            t = context.get_value_type(nbtype)
            fn = builder.module.declare_intrinsic("llvm.fma", [t], ir.FunctionType(t, [t] * 3))
            return builder.call(fn, args)
        return nbtype(nbtype, nbtype, nbtype), codegen
    return intrinsic(typer)


def _llvm_lanes(nbtype, lanes):
    """An intrinsic lanes(x, xo, f, y, yo, g, steps) -> UniTuple(nbtype, 2 * lanes): two
    independent dot products in LLVM vectors of `lanes` elements. Item j (< lanes) sums
    x[xo + lanes * i + j] * f[lanes * i + j] over i < steps; item lanes + j the same of y
    from yo with g. Floats accumulate by fused multiply-adds (vfmadd231ps/pd), int32 by
    32-bit wrapping multiplies and adds (pmaddwd's pair sums, taken modulo 2^32). Two
    chains at once keep the multiply-add unit busy while each waits for its previous sum.
    The arrays are 1-D with adjacent elements; the caller has checked that every read lies
    inside them (the loads are unchecked)."""
    from llvmlite import ir
    from numba import types
    from numba.core import cgutils
    from numba.extending import intrinsic

    def typer(typingctx, x, xo, f, y, yo, g, steps):
        def codegen(context, builder, signature, args):
            elem = context.get_value_type(nbtype)
            vec = ir.VectorType(elem, lanes)
            width = context.get_abi_sizeof(elem)
            tys = signature.args

            def pointer(i):
                return context.make_array(tys[i])(context, builder, args[i]).data

            def offset(i):
                return context.cast(builder, args[i], tys[i], types.intp)

            xp, fp, yp, gp = pointer(0), pointer(2), pointer(3), pointer(5)
            xo_v, yo_v, n = offset(1), offset(4), offset(6)
            acc = [cgutils.alloca_once_value(builder, ir.Constant(vec, None)) for _ in "xy"]
            if isinstance(nbtype, types.Float):
                name = "llvm.fma.v%d%s" % (lanes, "f32" if width == 4 else "f64")
                fma = cgutils.get_or_insert_function(builder.module,
                                                     ir.FunctionType(vec, [vec] * 3), name)

            def load(ptr, at):
                return builder.load(builder.bitcast(builder.gep(ptr, [at]), vec.as_pointer()),
                                    align=width)

            with cgutils.for_range(builder, n) as loop:
                step = builder.mul(loop.index, ir.Constant(n.type, lanes))
                for k, (sp, so, cp) in enumerate(((xp, xo_v, fp), (yp, yo_v, gp))):
                    a, b = load(sp, builder.add(so, step)), load(cp, step)
                    if isinstance(nbtype, types.Float):
                        v = builder.call(fma, [a, b, builder.load(acc[k])])
                    else:
                        v = builder.add(builder.load(acc[k]), builder.mul(a, b))
                    builder.store(v, acc[k])
            items = []
            for k in range(2):
                total = builder.load(acc[k])
                items += [builder.extract_element(total, ir.Constant(ir.IntType(32), j))
                          for j in range(lanes)]
            return context.make_tuple(builder, signature.return_type, items)
        return types.UniTuple(nbtype, 2 * lanes)(x, xo, f, y, yo, g, steps), codegen
    return intrinsic(typer)


def _py_lanes(lanes, kind):
    """The plain-Python stand-in for _llvm_lanes (NUMBA_DISABLE_JIT)."""
    def one(x, xo, f, steps):
        acc = [kind(0)] * lanes
        for i in range(steps):
            for j in range(lanes):
                acc[j] = kind(acc[j] + kind(x[xo + lanes * i + j]) * kind(f[lanes * i + j]))
        if kind is np.int64:
            acc = [((v + 2147483648) & 0xFFFFFFFF) - 2147483648 for v in acc]
        return acc

    def lanes_sum(x, xo, f, y, yo, g, steps):
        return tuple(one(x, xo, f, steps) + one(y, yo, g, steps))
    return lanes_sum


if not NUMBA_COMPILES:
    def _fma32(a, b, c):
        return np.float32(a * b + c)

    def _fma64(a, b, c):
        return a * b + c

    _lanes_f32 = _py_lanes(8, np.float32)
    _lanes_f64 = _py_lanes(4, np.float64)
    _lanes_i32 = _py_lanes(8, np.int64)
else:
    from numba import types as _types
    _fma32 = _llvm_fma(_types.float32)
    _fma64 = _llvm_fma(_types.float64)
    _lanes_f32 = _llvm_lanes(_types.float32, 8)
    _lanes_f64 = _llvm_lanes(_types.float64, 4)
    _lanes_i32 = _llvm_lanes(_types.int32, 8)


@leaf
def _wrap32(v):
    return ((v + 2147483648) & 0xFFFFFFFF) - 2147483648


@leaf
def _tdiv(a, b):
    """C's truncating integer division."""
    q = abs(a) // b
    return -q if a < 0 else q


@leaf
def _unit_rows(src, bank, width):
    """Whether the rows the lane sums read hold their samples adjacently."""
    return (src.shape[1] < 2 or src.strides[1] == width) \
        and (bank.shape[1] < 2 or bank.strides[1] == width)


@leaf
def _advance(index, frac, si, div, mod, src_incr, pc):
    frac += mod
    index += div
    if frac >= src_incr:
        frac -= src_incr
        index += 1
    while index >= pc:
        si += 1
        index -= pc
    return index, frac, si


@leaf
def _sum8x2(v):
    """The two int32 lane sets of _lanes_i32, each summed (in int64)."""
    return (np.int64(v[0]) + v[1] + v[2] + v[3]) + (np.int64(v[4]) + v[5] + v[6] + v[7]), \
        (np.int64(v[8]) + v[9] + v[10] + v[11]) + (np.int64(v[12]) + v[13] + v[14] + v[15])


@leaf
def _fold8x2(v):
    """Each of the two float32 lane sets folded as ((0+4)+(2+6))+((1+5)+(3+7))."""
    return np.float32(v[0] + v[4] + np.float32(v[2] + v[6])) \
        + np.float32(v[1] + v[5] + np.float32(v[3] + v[7])), \
        np.float32(v[8] + v[12] + np.float32(v[10] + v[14])) \
        + np.float32(v[9] + v[13] + np.float32(v[11] + v[15]))


@leaf
def _linear8(v, fm):
    """Lanes folded to four, each moved towards the next phase's by fm, then folded."""
    a0 = _fma32(np.float32((v[8] + v[12]) - (v[0] + v[4])), fm, v[0] + v[4])
    a1 = _fma32(np.float32((v[9] + v[13]) - (v[1] + v[5])), fm, v[1] + v[5])
    a2 = _fma32(np.float32((v[10] + v[14]) - (v[2] + v[6])), fm, v[2] + v[6])
    a3 = _fma32(np.float32((v[11] + v[15]) - (v[3] + v[7])), fm, v[3] + v[7])
    return np.float32(a0 + a2) + np.float32(a1 + a3)


@leaf
def _fold4x2(v):
    return (v[0] + v[2]) + (v[1] + v[3]), (v[4] + v[6]) + (v[5] + v[7])


@leaf
def _linear4(v, fm):
    a0 = _fma64((v[4] + v[6]) - (v[0] + v[2]), fm, v[0] + v[2])
    a1 = _fma64((v[5] + v[7]) - (v[1] + v[3]), fm, v[1] + v[3])
    return a0 + a1


@kernel("int64(int32[:, :], int32[:, :], int64[:], int32[:, :])")
def resample_int(src, bank, p, dst):
    if not _check(src.shape[0], src.shape[1], bank.shape[0], bank.shape[1], dst.shape[0],
                  dst.shape[1], p) or not _unit_rows(src, bank, 4):
        return -1
    length, taps, pc = p[P_LENGTH], p[P_TAPS], p[P_PHASES]
    src_incr, div, mod, n, linear, mode = p[P_SRC_INCR], p[P_DIV], p[P_MOD], p[P_N], \
        p[P_LINEAR], p[P_MODE]
    if mode == 0 and taps % 8:
        return -1
    consumed = 0
    index_end, frac_end = p[P_INDEX], p[P_FRAC]
    for ch in range(src.shape[0]):
        index, frac, si = p[P_INDEX], p[P_FRAC], 0
        row = src[ch]
        out = dst[ch]
        k = 0
        while k < n:
            f1 = bank[index]
            if si + taps > row.shape[0]:
                return -1
            if mode == 0 and linear:
                # the lanes' products wrap at 32 bits as pmaddwd/paddd do; so do the sums
                s1, s2 = _sum8x2(_lanes_i32(row, si, f1, row, si, bank[index + 1], taps // 8))
                v1 = _wrap32(np.int64(0x4000) + s1)
                d = _wrap32(_wrap32(np.int64(0x4000) + s2) - v1)
                v1 = _wrap32(v1 + _wrap32(_tdiv(d * frac, src_incr)))
                out[k] = min(max(v1 >> 15, -32768), 32767)
            elif mode == 0:
                # this output and the next one (itself when it is the last)
                i2, fr2, s2 = index, frac, si
                if k + 1 < n:
                    i2, fr2, s2 = _advance(index, frac, si, div, mod, src_incr, pc)
                    if s2 + taps > row.shape[0]:
                        return -1
                r1, r2 = _sum8x2(_lanes_i32(row, si, f1, row, s2, bank[i2], taps // 8))
                out[k] = min(max(_wrap32(np.int64(0x4000) + r1) >> 15, -32768), 32767)
                if k + 1 < n:
                    out[k + 1] = min(max(_wrap32(np.int64(0x4000) + r2) >> 15, -32768), 32767)
                    index, frac, si = i2, fr2, s2
                    k += 1
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
            index, frac, si = _advance(index, frac, si, div, mod, src_incr, pc)
            k += 1
        consumed, index_end, frac_end = si, index, frac
    p[P_INDEX] = index_end
    p[P_FRAC] = frac_end
    return consumed


@kernel("int64(float32[:, :], float32[:, :], int64[:], float32[:, :])")
def resample_flt(src, bank, p, dst):
    if p[P_TAPS] % 8 or not _check(src.shape[0], src.shape[1], bank.shape[0],
                                    bank.shape[1], dst.shape[0], dst.shape[1], p) \
            or not _unit_rows(src, bank, 4):
        return -1
    taps, pc = p[P_TAPS], p[P_PHASES]
    src_incr, div, mod, n, linear = p[P_SRC_INCR], p[P_DIV], p[P_MOD], p[P_N], p[P_LINEAR]
    inv = np.float32(1.0) / np.float32(src_incr)
    steps = taps // 8
    consumed = 0
    index_end, frac_end = p[P_INDEX], p[P_FRAC]
    for ch in range(src.shape[0]):
        index, frac, si = p[P_INDEX], p[P_FRAC], 0
        row = src[ch]
        out = dst[ch]
        k = 0
        while k < n:
            if si + taps > row.shape[0]:
                return -1
            if linear:
                v = _lanes_f32(row, si, bank[index], row, si, bank[index + 1], steps)
                out[k] = _linear8(v, np.float32(np.float32(frac) * inv))
            else:
                # this output and the next one (itself when it is the last)
                i2, fr2, s2 = index, frac, si
                if k + 1 < n:
                    i2, fr2, s2 = _advance(index, frac, si, div, mod, src_incr, pc)
                    if s2 + taps > row.shape[0]:
                        return -1
                o1, o2 = _fold8x2(_lanes_f32(row, si, bank[index], row, s2, bank[i2], steps))
                out[k] = o1
                if k + 1 < n:
                    out[k + 1] = o2
                    index, frac, si = i2, fr2, s2
                    k += 1
            index, frac, si = _advance(index, frac, si, div, mod, src_incr, pc)
            k += 1
        consumed, index_end, frac_end = si, index, frac
    p[P_INDEX] = index_end
    p[P_FRAC] = frac_end
    return consumed


@kernel("int64(float64[:, :], float64[:, :], int64[:], float64[:, :])")
def resample_dbl(src, bank, p, dst):
    if p[P_TAPS] % 4 or not _check(src.shape[0], src.shape[1], bank.shape[0],
                                    bank.shape[1], dst.shape[0], dst.shape[1], p) \
            or not _unit_rows(src, bank, 8):
        return -1
    taps, pc = p[P_TAPS], p[P_PHASES]
    src_incr, div, mod, n, linear = p[P_SRC_INCR], p[P_DIV], p[P_MOD], p[P_N], p[P_LINEAR]
    inv = 1.0 / src_incr
    steps = taps // 4
    consumed = 0
    index_end, frac_end = p[P_INDEX], p[P_FRAC]
    for ch in range(src.shape[0]):
        index, frac, si = p[P_INDEX], p[P_FRAC], 0
        row = src[ch]
        out = dst[ch]
        k = 0
        while k < n:
            if si + taps > row.shape[0]:
                return -1
            if linear:
                v = _lanes_f64(row, si, bank[index], row, si, bank[index + 1], steps)
                out[k] = _linear4(v, frac * inv)
            else:
                i2, fr2, s2 = index, frac, si
                if k + 1 < n:
                    i2, fr2, s2 = _advance(index, frac, si, div, mod, src_incr, pc)
                    if s2 + taps > row.shape[0]:
                        return -1
                o1, o2 = _fold4x2(_lanes_f64(row, si, bank[index], row, s2, bank[i2], steps))
                out[k] = o1
                if k + 1 < n:
                    out[k + 1] = o2
                    index, frac, si = i2, fr2, s2
                    k += 1
            index, frac, si = _advance(index, frac, si, div, mod, src_incr, pc)
            k += 1
        consumed, index_end, frac_end = si, index, frac
    p[P_INDEX] = index_end
    p[P_FRAC] = frac_end
    return consumed
