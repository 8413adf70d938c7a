"""Sample format conversion as libswresample's audioconvert does it (FFmpeg 5.1.9
audioconvert.c and x86/audio_convert.asm): integers move by shifts (u8 through the 0x80
offset), integers become floats by an exact power-of-two scale, floats become integers by
lrint(x * 2^(bits-1)) clipped to the type (lrint of a value out of the 64-bit range, NaN
and infinities included, is INT64_MIN as x86 computes it; for s16 and u8 the 64-bit result
reaches the clip as an int, keeping its low 32 bits).

On x86 the first len & ~15 samples of a call go through SIMD code for some pairs. Its
results equal the C ones except out of range: float -> s16 through cvtps2dq gives -32768 for
values at or above 2^31 after scaling (C: 32767), float -> s32 gives INT32_MAX for NaN (C:
INT32_MIN). `simd_pairs` tells which calls take that route.

Arrays are (channels, samples) whatever the packing; the packed/planar distinction only
decides which SIMD routine the reference picks."""
from __future__ import annotations

from ...samplefmt import dtype, packed

_TWO63 = 2.0 ** 63


def _lrint(v):
    """lrint/llrint of float values as x86-64 computes them: round half to even, INT64_MIN
    when the value does not fit (NaN and infinities included)."""
    import numpy as np
    v = np.asarray(v, dtype=np.float64)
    ok = np.abs(v) < _TWO63
    r = np.where(ok, np.rint(np.where(ok, v, 0.0)), 0.0).astype(np.int64)
    r[~ok] = np.iinfo(np.int64).min
    return r


def _cvtps2dq(v):
    """cvtps2dq: float32 -> int32 rounding half to even, INT32_MIN when out of range."""
    import numpy as np
    v = np.asarray(v, dtype=np.float64)
    ok = np.abs(v) < 2.0 ** 31
    r = np.where(ok, np.rint(np.where(ok, v, 0.0)), -2.0 ** 31).astype(np.int64)
    return r


def simd_pairs(out_fmt: str, in_fmt: str, channels: int) -> bool:
    """Whether swri_audio_convert_init_x86 installs a float -> s16/s32 SIMD routine for
    this pair (only those differ from the C conversion)."""
    if channels == 1:
        out_fmt, in_fmt = out_fmt.rstrip("p") + "p", in_fmt.rstrip("p") + "p"
    pair = (out_fmt, in_fmt)
    if pair in (("s16", "flt"), ("s16p", "fltp"), ("s32", "flt"), ("s32p", "fltp")):
        return True
    if channels == 2 and pair in (("s16", "fltp"), ("s16p", "flt"), ("s32", "fltp"),
                                  ("s32p", "flt")):
        return True
    if channels == 6 and pair in (("s32", "fltp"), ("s32p", "flt")):
        return True
    return channels == 8 and pair == ("s32", "fltp")


def convert(data, in_fmt: str, out_fmt: str, simd_len: int = 0, copy: bool = True):
    """data (channels, n) of in_fmt's dtype -> an array of out_fmt's dtype (`data` itself
    when the formats match and `copy` is false). simd_len: how many leading samples of
    each channel the reference converts with SIMD (0 when the pair has no SIMD routine)."""
    import numpy as np
    src, dst = packed(in_fmt), packed(out_fmt)
    out_dtype = dtype(out_fmt)
    if src == dst:
        return np.array(data, dtype=out_dtype, copy=copy)
    if src in ("u8", "s16", "s32", "s64"):
        return _from_int(np.asarray(data), src, dst, out_dtype)
    if src == "flt":
        x = np.asarray(data, dtype=np.float32)
    else:
        x = np.asarray(data, dtype=np.float64)
    return _from_float(x, src, dst, out_dtype, simd_len)


_INT_BITS = {"u8": 8, "s16": 16, "s32": 32, "s64": 64}


def _from_int(x, src, dst, out_dtype):
    import numpy as np
    bits = _INT_BITS[src]
    v = x.astype(np.int64)
    if src == "u8":
        v = v - 0x80
    if dst == "flt":
        return (v.astype(np.float32) * np.float32(2.0 ** (1 - bits))).astype(np.float32)
    if dst == "dbl":
        return v.astype(np.float64) * (2.0 ** (1 - bits))
    obits = _INT_BITS[dst]
    if obits >= bits:
        # a left shift done in unsigned arithmetic: wraps into the target type
        r = v.astype(np.uint64) << np.uint64(obits - bits)
        return r.astype(out_dtype)
    r = v >> (bits - obits)
    if dst == "u8":
        r = r + 0x80
    return r.astype(out_dtype)


def _from_float(x, src, dst, out_dtype, simd_len):
    import numpy as np
    if dst == "dbl":
        return x.astype(np.float64)
    if dst == "flt":
        with np.errstate(over="ignore"):
            return x.astype(np.float32)
    scale = {"u8": 7, "s16": 15, "s32": 31, "s64": 63}[dst]
    with np.errstate(over="ignore", invalid="ignore"):
        if src == "flt":
            v = (x * np.float32(2.0 ** scale)).astype(np.float32)
        else:
            v = x * (2.0 ** scale)
        if dst in ("s16", "s32") and v.size and np.abs(v).max() < 2.0 ** 31:
            # every value in range (no NaN): C and SIMD agree, plain rounding and clipping
            info = np.iinfo(out_dtype)
            return np.clip(np.rint(v), info.min, info.max).astype(out_dtype)
        return _from_float_wide(v, src, dst, out_dtype, simd_len)


def _wrap32(r):
    """A 64-bit value passed to av_clip_int16/av_clip_uint8 (int parameters): its low 32
    bits, signed."""
    return ((r + (1 << 31)) & 0xFFFFFFFF) - (1 << 31)


def _from_float_wide(v, src, dst, out_dtype, simd_len):
    """Scaled values some of which are out of int32's range, infinite or NaN."""
    import numpy as np
    r = _lrint(v)
    if dst == "u8":
        return np.clip(_wrap32(r + 0x80), 0, 255).astype(np.uint8)
    if dst == "s64":
        return r
    info = np.iinfo(out_dtype)
    if dst == "s16":
        r = _wrap32(r)
    out = np.clip(r, info.min, info.max).astype(out_dtype)
    if simd_len > 0 and src == "flt":
        head = v[:, :simd_len]
        if dst == "s16":
            out[:, :simd_len] = np.clip(_cvtps2dq(head), info.min, info.max)
        else:
            big = ~(head < 2.0 ** 31)           # cmpps not-less-than: NaN included
            fix = np.clip(_cvtps2dq(head), info.min, info.max)
            fix[big] = info.max
            out[:, :simd_len] = fix
    return out
