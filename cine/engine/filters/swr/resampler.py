"""libswresample's resampler state between calls (FFmpeg 5.1.9 swresample.c resample(),
resample.c multiple_resample, invert_initial_buffer, resample_flush, get_delay), as the
stream of samples it amounts to.

The first output is centred on input sample 0: the resampler waits for filter_length + 1
samples, then reads the signal mirrored around sample 0 (x[-n] = x[n]) starting
(filter_length - 1) / 2 samples before it. Each call then produces every output whose taps
lie inside the samples received so far; what is not consumed stays buffered. Flushing
appends the last (min(buffered, filter_length) + 1) / 2 samples mirrored and drains. A
stream shorter than filter_length + 1 samples (counting that reflection) produces nothing.

Positions are (sample, index, frac): index in 1 / phase_count of a sample, frac in
1 / src_incr of a phase."""
from __future__ import annotations

import math

import numpy as np

from ...errors import AVERROR_BUG, CineError, Unsupported
from .filter_design import build_bank, filter_geometry

INT32_MAX = 2 ** 31 - 1
MAX_BANK = 1 << 26          # filter bank coefficients cine agrees to build


class Resampler:
    def __init__(self, in_rate: int, out_rate: int, fmt: str, channels: int,
                 filter_size: int = 32, phase_shift: int = 10, linear: bool = True,
                 cutoff: float = 0.0, exact_rational: bool = True, beta: float = 9.0):
        factor, length, pc = filter_geometry(in_rate, out_rate, filter_size, phase_shift,
                                             cutoff, exact_rational)
        if length == 1 and pc == 1:
            raise Unsupported("single-tap single-phase resampling")
        if filter_size / factor > INT32_MAX / 256 or (pc + 1) * (length + 8) > MAX_BANK:
            raise Unsupported("resampling filter too long")
        self.in_rate, self.out_rate, self.fmt = in_rate, out_rate, fmt
        self.length, self.phase_count = length, pc
        self.bank = build_bank(factor, length, pc, fmt, beta)
        # the kernels' types: int32 for both integer formats
        self.kernel_bank = self.bank.astype(np.int32) if fmt in ("s16p", "s32p") else self.bank
        num, den = out_rate, in_rate * pc
        g = math.gcd(num, den)
        num, den = num // g, den // g
        if num > INT32_MAX // 2 or den > INT32_MAX // 2:
            raise Unsupported("sample rate ratio")
        while den < (1 << 20) and num < (1 << 20):
            num, den = num * 2, den * 2
        self.src_incr, self.dst_incr = num, den
        self.div, self.mod = den // num, den % num
        self.linear = bool(linear)
        self.index = -pc * ((length - 1) // 2)
        self.frac = 0
        self.started = False
        self.flushed = False
        self.dtype = self.bank.dtype
        # samples each kernel call reads per output: the SIMD width's multiple
        self.taps = {"s16p": (length + 7) & ~7, "fltp": (length + 7) & ~7,
                     "dblp": (length + 3) & ~3, "s32p": length}[fmt]
        # the buffer, in the kernel's type: `valid` samples from column `start` of `store`,
        # then `pad` zeros for the reads of the last output's SIMD tail past them
        self.kdtype = self.kernel_bank.dtype
        self.same_dtype = self.kdtype == self.dtype     # (the kernel's output needs no cast)
        self.pad = self.taps - length + 1
        self.store = np.zeros((channels, 4096 + self.pad), dtype=self.kdtype)
        self.start = 0
        self.valid = 0
        self.kernel_name = {"s16p": "resample_int", "s32p": "resample_int",
                            "fltp": "resample_flt", "dblp": "resample_dbl"}[fmt]
        self.kernel = None          # the function, imported at the first run
        self.params = np.array([length, self.taps, pc, 0, 0, self.src_incr, self.div,
                                self.mod, 0, 0, int(fmt == "s32p")], dtype=np.int64)

    @property
    def buffered(self) -> int:
        """in_buffer_count: samples held (mirrored ones included once started)."""
        return self.valid

    def delay(self, base: int) -> int:
        """swr_get_delay: the buffered input, less the filter's half length, in 1 / base s."""
        num = self.buffered - (self.length - 1) // 2
        num = (num * self.phase_count - self.index) * self.src_incr - self.frac
        return _rescale(num, base, self.in_rate * self.src_incr * self.phase_count)

    def _held(self):
        return self.store[:, self.start:self.start + self.valid]

    def _set(self, *parts):
        """Replace the buffer by the concatenation of parts (arrays of the kernel's type)."""
        total = sum(p.shape[1] for p in parts)
        store = np.zeros((self.store.shape[0], max(2 * (total + self.pad), 4096)),
                         dtype=self.kdtype)
        at = 0
        for part in parts:
            store[:, at:at + part.shape[1]] = part
            at += part.shape[1]
        self.store, self.start, self.valid = store, 0, total

    def push(self, x):
        """Append input (channels, n) of the internal dtype; return the outputs it allows."""
        n = x.shape[1]
        if not self.flushed and n:
            store, pad, valid = self.store, self.pad, self.valid
            end = valid + n
            cap = store.shape[1]
            if self.start + end + pad > cap:
                if end + pad > cap:
                    self._set(self._held(), x)
                    return self._run()
                store[:, :valid] = self._held()
                self.start = 0
            at = self.start + valid
            store[:, at:at + n] = x
            store[:, at + n:at + n + pad] = 0
            self.valid = end
        return self._run()

    def flush(self):
        if not self.flushed:
            self.flushed = True
            n = self.valid
            refl = (min(n, self.length) + 1) // 2
            if refl:
                held = self._held()
                self._set(held, held[:, n - refl:][:, ::-1])
        return self._run()

    def _start(self) -> bool:
        if self.started:
            return True
        if self.buffered < self.length + 1:
            return False
        m = (self.length - 1) // 2
        held = self._held()
        self._set(held[:, 1:m + 1][:, ::-1], held)
        self.index += self.phase_count * m
        self.started = True
        return True

    def _run(self):
        chans = self.store.shape[0]
        if not self.started and not self._start():
            return np.zeros((chans, 0), dtype=self.dtype)
        index, frac, valid = self.index, self.frac, self.valid
        delta = ((1 + valid - self.length) * self.phase_count - index) * self.src_incr - frac
        # ceil(delta / dst_incr), none when not positive
        n = (delta + self.dst_incr - 1) // self.dst_incr if delta > 0 else 0
        out = np.empty((chans, n), dtype=self.kdtype)
        if n == 0:
            return out.astype(self.dtype)
        p = self.params
        p[3] = index
        p[4] = frac
        p[8] = n
        p[9] = self.linear and (frac != 0 or self.mod != 0)
        start = self.start
        buf = self.store[:, start:start + valid + self.pad]
        kernel = self.kernel
        if kernel is None:
            from . import polyphase_jit
            kernel = self.kernel = getattr(polyphase_jit, self.kernel_name)
        consumed = kernel(buf, self.kernel_bank, p, out)
        if consumed < 0:
            raise CineError("resampler state out of range", code=AVERROR_BUG)
        self.index, self.frac = int(p[3]), int(p[4])
        self.start = start + consumed
        self.valid = valid - consumed
        return out if self.same_dtype else out.astype(self.dtype, copy=False)


def _rescale(a: int, b: int, c: int) -> int:
    """av_rescale: a * b / c rounded to nearest, halves away from zero."""
    if a < 0:
        return -((-a * b + c // 2) // c)
    return (a * b + c // 2) // c
