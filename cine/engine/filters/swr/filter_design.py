"""The polyphase filter bank of libswresample's default resampler (resample_init and
build_filter of FFmpeg 5.1.9 resample.c): a Kaiser-windowed sinc (beta 9 by default) with
cutoff `factor` = min(out_rate * cutoff / in_rate, 1), `phase_count` phases of
`filter_length` taps each, normalised so that phase 0 sums to the format's unit (1 << 15 for
s16p, 1 << 30 for s32p, 1 for fltp/dblp) and rounded to the internal format. Rows are
`filter_alloc` (the length rounded up to 8) wide, zero padded; an extra row `phase_count`
holds phase 0 delayed by one sample for linear interpolation.

The arithmetic follows the C code operation by operation in float64 (libm's sin, as the
reference calls it); the Kaiser window's I0 is computed here from its power series, which
can differ from the reference's rational approximation in the last bit or two: invisible
once the coefficients are rounded to int16 or float32, a few ulp of the dblp filters."""
from __future__ import annotations

import math


def bessel_i0(z):
    """Modified Bessel function of the first kind, order 0, by its power series
    sum(((z / 2)^2)^k / (k!)^2), to float64 precision for the window's arguments (< 40)."""
    import numpy as np
    z = np.asarray(z, dtype=np.float64)
    q = (z * 0.5) ** 2
    term = np.ones_like(z)
    total = np.ones_like(z)
    for k in range(1, 200):
        term = term * q / (k * k)
        total = total + term
        if not np.any(term > total * 1e-18):
            break
    return total


def filter_geometry(in_rate: int, out_rate: int, filter_size: int, phase_shift: int,
                    cutoff: float, exact_rational: bool):
    """(factor, filter_length, phase_count) as resample_init computes them."""
    cutoff = cutoff or 0.97
    factor = min(out_rate * cutoff / in_rate, 1.0)
    phase_count = 1 << phase_shift
    length = max(int(math.ceil(filter_size / factor)), 1)
    if length > 1:
        length = (length + 1) & ~1
    if exact_rational:
        g = math.gcd(out_rate, in_rate)
        num = out_rate // g
        if num <= phase_count:
            phase_count = num
    return factor, length, phase_count


def build_bank(factor: float, length: int, phase_count: int, fmt: str, beta: float = 9.0):
    """The filter bank: (phase_count + 1, alloc) array of the internal format's type."""
    import numpy as np
    alloc = (length + 7) & ~7
    center = (length - 1) // 2
    ph_nb = phase_count if phase_count % 2 else phase_count // 2 + 1
    i = np.arange(length, dtype=np.float64)
    tabs = np.empty((ph_nb, length), dtype=np.float64)
    for ph in range(ph_nb):
        x = (math.pi * ((i - center) - ph / phase_count)) * factor
        if factor == 1.0:
            s0 = math.sin(math.pi * ph / phase_count) * (1 if center & 1 else -1)
            s = np.where(np.arange(length) % 2 == 0, s0, -s0)
            y = s / np.where(x == 0, 1.0, x)
        else:
            y = np.array([math.sin(v) for v in x]) / np.where(x == 0, 1.0, x)
        y = np.where(x == 0, 1.0, y)
        w = 2.0 * x / (factor * length * math.pi)
        y = y * bessel_i0(beta * np.sqrt(np.maximum(1 - w * w, 0)))
        tabs[ph] = y
    norm = 0.0
    for v in tabs[0]:
        norm += float(v)

    scale = {"s16p": 1 << 15, "s32p": 1 << 30, "fltp": 1, "dblp": 1}[fmt]
    vals = tabs * scale / norm
    if fmt == "s16p":
        q = np.clip(np.rint(vals.astype(np.float32).astype(np.float64)), -32768, 32767)
        rows, dt = q.astype(np.int16), np.int16
    elif fmt == "s32p":
        q = np.clip(np.rint(vals), -2 ** 31, 2 ** 31 - 1)
        rows, dt = q.astype(np.int32), np.int32
    elif fmt == "fltp":
        rows, dt = vals.astype(np.float32), np.float32
    else:
        rows, dt = vals, np.float64
    bank = np.zeros((phase_count + 1, alloc), dtype=dt)
    bank[:ph_nb, :length] = rows
    if phase_count % 2 == 0:
        for ph in range(ph_nb):
            if phase_count - ph != ph:
                bank[phase_count - ph, :length] = bank[ph, :length][::-1]
            else:       # the middle phase mirrored onto itself, first half written first
                half = length // 2
                bank[ph, length - half:length] = bank[ph, :half][::-1]
    bank[phase_count, 1:] = bank[0, :alloc - 1]
    bank[phase_count, 0] = bank[0, alloc - 1]
    return bank
