"""Swr: one libswresample context as FFmpeg 5.1.9's swr_init / swr_convert / swr_next_pts
run it with aresample's options (swresample.c), dithering off.

The chain per call: input -> internal planar format (sample_formats.choose_internal) ->
rematrix and resample in the order swr_init picks (resample first when that leaves fewer
samples to mix) -> output format. With neither a rematrix nor a rate change, one direct
conversion. Each convert() returns every output sample its input allows (aresample's
output buffer always has room for them); flush() drains the resampler at the end."""
from __future__ import annotations

import errno

import numpy as np

from ... import chlayout as CL
from ... import samplefmt
from ...errors import CineError, Unsupported
from . import sample_formats as SF
from .convert import convert, simd_pairs
from .matrix import default_matrix
from .rematrix import Rematrix
from .resampler import Resampler

INT64_MIN = -(1 << 63)
INT32_MAX = (1 << 31) - 1
EINVAL = -errno.EINVAL
FLT_MAX = float(np.finfo(np.float32).max)

_ALIASES = {"clev": "center_mix_level", "slev": "surround_mix_level",
            "rmvol": "rematrix_volume", "tsf": "internal_sample_fmt",
            "resample_cutoff": "cutoff", "swr_flags": "flags"}
_KNOWN = {"filter_size", "phase_shift", "linear_interp", "exact_rational", "cutoff",
          "dither_method", "resampler", "matrix_encoding", "center_mix_level",
          "surround_mix_level", "lfe_mix_level", "rematrix_volume", "rematrix_maxval",
          "internal_sample_fmt", "async", "min_comp", "filter_type", "kaiser_beta",
          "dither_scale", "min_hard_comp", "comp_duration", "max_soft_comp", "first_pts",
          "flags", "output_sample_bits"}
# the stream descriptions: the caller resolves these into the constructor's arguments
_IO = {"isr", "in_sample_rate", "osr", "out_sample_rate", "isf", "in_sample_fmt", "osf",
       "out_sample_fmt", "ichl", "in_chlayout", "ochl", "out_chlayout", "icl",
       "in_channel_layout", "ocl", "out_channel_layout", "ich", "in_channel_count", "och",
       "out_channel_count", "sample_rate"}


def _bool(v) -> bool:
    if isinstance(v, str):
        return v.strip().lower() not in ("0", "false", "no", "off")
    return bool(v)


def _options(opts: dict | None) -> dict:
    out = {}
    for key, value in (opts or {}).items():
        key = _ALIASES.get(key, key)
        if key in _IO:
            continue
        if key not in _KNOWN:
            raise Unsupported("swr option %s" % key)
        out[key] = value
    if str(out.get("dither_method", "0")) not in ("0", "none"):
        raise Unsupported("dither_method %s" % out["dither_method"])
    if str(out.get("resampler", "swr")) not in ("swr", "0"):
        raise Unsupported("resampler %s" % out["resampler"])
    if str(out.get("filter_type", "kaiser")) not in ("kaiser", "2"):
        raise Unsupported("filter_type %s" % out["filter_type"])
    if float(out.get("async", 0)) != 0 or float(out.get("min_comp", FLT_MAX)) < FLT_MAX \
            or out.get("first_pts") is not None:
        raise Unsupported("timestamp compensation (async, min_comp, first_pts)")
    if str(out.get("flags", "0")) not in ("0", ""):
        raise Unsupported("swr flags %s" % out["flags"])
    if str(out.get("output_sample_bits", "0")) != "0":
        raise Unsupported("output_sample_bits")
    return out


def _number(o: dict, key: str, default, lo, hi, kind):
    """An option's value within the range swresample's option table allows."""
    try:
        value = kind(float(o.get(key, default)))
    except (TypeError, ValueError, OverflowError):
        raise CineError("swr option %s" % key, code=EINVAL) from None
    if not lo <= value <= hi:
        raise CineError("swr option %s out of range" % key, code=EINVAL)
    return value


def _mask(layout: str | None, channels: int) -> int | None:
    """The native mask of a described layout; the default layout for the channel count when
    it is unset or names another count (swr_init ignores it then); None: unspecified."""
    mask = CL.mask_of(layout)
    if mask is None and layout and layout.endswith(")") and " channels (" in layout:
        names = {v: k for k, v in CL.CHANNEL_NAMES.items()}
        try:
            mask = sum(1 << names[n] for n in layout.split("(", 1)[1][:-1].split("+"))
        except KeyError:
            mask = None
    if mask is None or CL.nb_channels(mask) != channels:
        mask = CL.default_mask(channels)
    return mask


class Swr:
    """swr_alloc_set_opts2 + swr_init. Layouts are chlayout's described strings (None:
    unspecified); formats FFmpeg's names; opts swr option names (or their short aliases)
    -> values, as numbers or the strings of a filter argument. Options describing the
    streams (osr, ochl, osf, ...) are ignored: the arguments carry them. Options cine does
    not implement raise Unsupported (dithering, soxr, compensation, other filter types)."""

    def __init__(self, in_fmt, in_rate, in_layout, in_channels, out_fmt, out_rate,
                 out_layout, out_channels, opts=None, matrix=None):
        """matrix: swr_set_matrix's custom (out_channels, in_channels) float64 matrix, used
        instead of the default one and always applied (rematrix_custom)."""
        o = _options(opts)
        self.in_fmt, self.out_fmt = SF.check(in_fmt), SF.check(out_fmt)
        if in_rate <= 0 or out_rate <= 0 or in_channels < 1 or out_channels < 1 \
                or in_channels > 64 or out_channels > 64:
            raise CineError("invalid swr parameters", code=EINVAL)
        self.in_rate, self.out_rate = int(in_rate), int(out_rate)
        self.in_channels, self.out_channels = in_channels, out_channels
        in_mask, out_mask = _mask(in_layout, in_channels), _mask(out_layout, out_channels)
        volume = float(np.float32(_number(o, "rematrix_volume", 1.0, -1000, 1000, float)))
        self.rematrix = in_mask != out_mask or volume != 1.0 or matrix is not None
        if matrix is not None and matrix.shape != (out_channels, in_channels):
            raise CineError("swr matrix of shape %s" % (matrix.shape,), code=EINVAL)
        if matrix is None and self.rematrix and (in_mask is None or out_mask is None):
            raise Unsupported("rematrix of an unspecified channel layout")
        if not self.rematrix and in_channels != out_channels:
            raise CineError("channel count mismatch", code=EINVAL)
        self.resample = self.in_rate != self.out_rate
        int_fmt = o.get("internal_sample_fmt")
        if int_fmt in (None, "none", "-1"):
            int_fmt = SF.choose_internal(in_fmt, out_fmt, self.rematrix, self.resample)
        elif int_fmt not in SF.INTERNAL or int_fmt == "s64p":
            raise Unsupported("internal sample format %s" % int_fmt)
        self.int_fmt = int_fmt
        self.mixer = None
        if self.rematrix:
            if matrix is None:
                matrix = default_matrix(in_mask, out_mask, out_fmt, int_fmt, o)
            self.mixer = Rematrix(matrix, int_fmt, in_mask or 0, out_mask or 0)
        self.mix_first = self._rematrix_first()
        self.resampler = None
        if self.resample:
            self.resampler = Resampler(
                self.in_rate, self.out_rate, int_fmt,
                out_channels if self.mix_first else in_channels,
                filter_size=_number(o, "filter_size", 32, 0, INT32_MAX, int),
                phase_shift=_number(o, "phase_shift", 10, 0, 24, int),
                linear=_bool(o.get("linear_interp", True)),
                cutoff=_number(o, "cutoff", 0.0, 0.0, 1.0, float),
                exact_rational=_bool(o.get("exact_rational", True)),
                beta=_number(o, "kaiser_beta", 9.0, 2.0, 16.0, float))
        self.in_dtype = samplefmt.dtype(self.in_fmt)
        self.in_is_internal = samplefmt.packed(self.in_fmt) == samplefmt.packed(self.int_fmt)
        self.in_simd = simd_pairs(self.int_fmt, self.in_fmt, self.in_channels)
        self.out_simd = simd_pairs(self.out_fmt, self.int_fmt, self.out_channels)
        self.direct_simd = simd_pairs(self.out_fmt, self.in_fmt, self.in_channels)
        # fltp -> s16 after the last rematrix/resampling step: mix_out_jit in one pass
        self.fast_s16 = self.int_fmt == "fltp" and samplefmt.packed(self.out_fmt) == "s16"
        self.identity = (np.eye(out_channels, dtype=np.float32),
                         np.eye(out_channels, dtype=np.uint8))
        self.mix_flt_to_s16 = None  # the kernel, imported at the first use
        # resampling alone into the internal format itself (Opus' SILK 8/12/16 -> 48 kHz):
        # the resampler's output, a new array of the output's type, is the result
        self.resampled_is_out = (self.resampler is not None and self.mixer is None
                                 and samplefmt.packed(self.out_fmt)
                                 == samplefmt.packed(self.int_fmt)
                                 and self.resampler.dtype == samplefmt.dtype(self.out_fmt))
        self.outpts = 0             # swr's outpts: advanced by in_rate per output sample
        self.pending = None         # the drained tail once flush() was called

    def _rematrix_first(self) -> bool:
        """!resample_first: (out / in channels) - 1 (integers) against the rate ratio."""
        ratio = float(np.float32(self.out_rate) / np.float32(self.in_rate)) - 1.0
        return not (self.out_channels // self.in_channels - 1 < ratio)

    def _check_input(self, data):
        data = np.asarray(data)
        if data.ndim != 2 or data.shape[0] != self.in_channels \
                or data.dtype != self.in_dtype:
            raise CineError("swr input of shape %s %s" % (data.shape, data.dtype), code=EINVAL)
        return data

    def convert(self, data):
        """swr_convert of one frame: (in_channels, n) of in_fmt's dtype -> (out_channels,
        m) of out_fmt's dtype, every sample available."""
        data = self._check_input(data)
        n = data.shape[1]
        if not self.resample and not self.rematrix:
            simd = n & ~15 if self.direct_simd else 0
            return self._count(convert(data, self.in_fmt, self.out_fmt, simd))
        if self.in_is_internal:
            x = data
        else:
            x = convert(data, self.in_fmt, self.int_fmt, n & ~15 if self.in_simd else 0,
                        copy=False)
        if self.resampled_is_out:
            return self._count(self.resampler.push(x))
        if self.resampler is None:
            return self._mix_finish(x, self.mixer)
        if self.mixer is not None and self.mix_first:
            return self._mix_finish(self.resampler.push(self.mixer.apply(x)), None)
        return self._mix_finish(self.resampler.push(x), self.mixer)

    def _mix_finish(self, y, mixer):
        """The rematrix `mixer` (None: none) of y, then the output conversion."""
        if self.fast_s16 and (mixer is None or mixer.mix_any is None):
            if self.mix_flt_to_s16 is None:
                from .mix_out_jit import mix_flt_to_s16
                self.mix_flt_to_s16 = mix_flt_to_s16
            m, used = (mixer.native, mixer.used) if mixer is not None else self.identity
            out = np.empty((m.shape[0], y.shape[1]), dtype=np.int16)
            if self.mix_flt_to_s16(y, m, used, out) == 0:
                return self._count(out)
        return self._finish(mixer.apply(y) if mixer is not None else y)

    def flush(self, max_samples: int | None = None):
        """swr_convert(NULL): what the resampler still holds (empty without resampling).
        With max_samples, at most that many per call, the rest on the next calls (aresample
        flushes 4096 at a time, each frame's pts from next_pts(None) taken before)."""
        if self.pending is None:
            if self.resampler is None:
                y = np.zeros((self.out_channels, 0), dtype=samplefmt.dtype(self.int_fmt))
            else:
                y = self.resampler.flush()
                if self.mixer is not None and not self.mix_first:
                    y = self.mixer.apply(y)
            self.pending = y
        n = self.pending.shape[1] if max_samples is None else max(0, max_samples)
        y, self.pending = self.pending[:, :n], self.pending[:, n:]
        return self._finish(y)

    def _finish(self, y):
        n = y.shape[1]
        simd = n & ~15 if self.out_simd else 0
        return self._count(convert(y, self.int_fmt, self.out_fmt, simd))

    def _count(self, out):
        if out.shape[1]:
            self.outpts += out.shape[1] * self.in_rate
        return out

    def get_delay(self, base: int) -> int:
        """swr_get_delay(base): buffered input in units of 1 / base seconds, rounded."""
        if self.resampler is not None:
            return self.resampler.delay(base)
        return 0            # nothing stays buffered without resampling

    @property
    def delay(self) -> int:
        """swr_get_delay(out_rate): the buffered input in output samples (what aresample
        adds to its output buffer size)."""
        return self.get_delay(self.out_rate)

    def next_pts(self, pts):
        """swr_next_pts without compensation. pts: the input frame's pts in units of
        1 / (in_rate * out_rate), or None / INT64_MIN for "the pts of what comes next"
        (aresample's flush). Returns the output pts in the same units; aresample divides it
        by in_rate (rounded) for a pts in 1 / out_rate. Call it before convert() of that
        frame, as aresample does: it reads the delay of what is buffered before the frame."""
        if pts is None or pts == INT64_MIN:
            return self.outpts
        self.outpts = pts - self.get_delay(self.in_rate * self.out_rate)
        return self.outpts
