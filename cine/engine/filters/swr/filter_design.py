"""The polyphase filter bank of libswresample's default resampler (resample_init and
build_filter of FFmpeg 5.1.9 resample.c): a Kaiser-windowed sinc (beta 9 by default) with
cutoff `factor` = min(out_rate * cutoff / in_rate, 1), `phase_count` phases of
`filter_length` taps each, normalised so that phase 0 sums to the format's unit (1 << 15 for
s16p, 1 << 30 for s32p, 1 for fltp/dblp) and rounded to the internal format. Rows are
`filter_alloc` (the length rounded up to 8) wide, zero padded; an extra row `phase_count`
holds phase 0 delayed by one sample for linear interpolation.

The arithmetic follows the C code operation by operation in float64 (libm's sin and exp,
as the reference calls them), the Kaiser window's I0 included: the reference evaluates it
by a published rational approximation, and so does bessel_i0, so that even the float64
(dblp) filters are the reference's to the last bit."""
from __future__ import annotations

import math


# I0 by minimax rational approximations on two intervals: J. M. Blair and C. A. Edwards,
# "Stable rational minimax approximations to the modified Bessel functions I0(x) and
# I1(x)", Chalk River Nuclear Laboratories report AECL-4928 (1974), the tables the
# reference's resample.c uses. Coefficients listed from the constant term up.
# For |x| <= 15: I0(x) = P(x^2) / Q(x^2).
_I0_P_SMALL = (
    -2.2335582639474375249e+15, -5.5050369673018427753e+14, -3.2940087627407749166e+13,
    -8.4925101247114157499e+11, -1.1912746104985237192e+10, -1.0313066708737980747e+08,
    -5.9545626019847898221e+05, -2.4125195876041896775e+03, -7.0935347449210549190e+00,
    -1.5453977791786851041e-02, -2.5172644670688975051e-05, -3.0517226450451067446e-08,
    -2.6843448573468483278e-11, -1.5982226675653184646e-14, -5.2487866627945699800e-18)
_I0_Q_SMALL = (
    -2.2335582639474375245e+15, 7.8858692566751002988e+12, -1.2207067397808979846e+10,
    1.0377081058062166144e+07, -4.8527560179962773045e+03, 1.0)
# For |x| > 15: I0(x) = exp(x) / sqrt(x) * P(t) / Q(t), t = 1 / x - 1 / 15.
_I0_P_LARGE = (
    -2.2210262233306573296e-04, 1.3067392038106924055e-02, -4.4700805721174453923e-01,
    5.5674518371240761397e+00, -2.3517945679239481621e+01, 3.1611322818701131207e+01,
    -9.6090021968656180000e+00)
_I0_Q_LARGE = (
    -5.5194330231005480228e-04, 3.2547697594819615062e-02, -1.1151759188741312645e+00,
    1.3982595353892851542e+01, -6.0228002066743340583e+01, 8.5539563258012929600e+01,
    -3.1446690275135491500e+01, 1.0)


def _horner(coeffs, t):
    """sum(c[k] t^k) from the highest power down, a multiply then an add per step."""
    total = coeffs[-1]
    for c in reversed(coeffs[:-1]):
        total = total * t + c
    return total


def bessel_i0(z):
    """Modified Bessel function of the first kind, order 0, elementwise (float64), by the
    rational approximations above; exactly 1 at 0."""
    import numpy as np
    x = np.abs(np.asarray(z, dtype=np.float64))
    y = x * x
    out = np.asarray(_horner(_I0_P_SMALL, y) / _horner(_I0_Q_SMALL, y), dtype=np.float64)
    large = x > 15
    if np.any(large):
        xl = x[large]
        t = 1 / xl - 1.0 / 15
        r = _horner(_I0_P_LARGE, t) / _horner(_I0_Q_LARGE, t)
        scale = np.array([math.exp(v) / math.sqrt(v) for v in xl.ravel()]).reshape(xl.shape)
        out[large] = scale * r
    out[x == 0] = 1.0
    return out


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
