"""The tables of CELT's inverse MDCT (RFC 6716 4.3.7), which synth_jit computes like the
reference's half inverse transform: the middle N samples of the 2N-sample output for N
coefficients, scaled by 1/32768, by a pre-twiddle, an N/2-point complex inverse FFT and a
post-twiddle, in double precision (rounded to float32 once).

N is 120, 240, 480 or 960, so the FFT is a mixed-radix one (N/2 = 15 * 2^k): a self-sorting
(Stockham) transform in stages of radix 4, 2, 3 and 5, whose twiddles are computed here in
double precision.
"""
from __future__ import annotations

import math

import numpy as np

SIZES = (120, 240, 480, 960)        # N; index: log2(N / 120)
RADICES = {60: (4, 3, 5), 120: (4, 2, 3, 5), 240: (4, 4, 3, 5), 480: (4, 4, 2, 3, 5)}
MAX_STAGES = 5


def _twiddle(n: int) -> np.ndarray:
    """exp(i 2 pi (k + 1/8 + n/2) / 2n) sqrt(1/32768), k < n/2, rounded to float32 the way
    the reference builds its table (as complex128)."""
    half = n // 2
    alpha = (2 * np.pi * (np.arange(half, dtype=np.float64) + 0.125 + half)
             / (2 * n)).astype(np.float32)
    scale = np.sqrt(1.0 / 32768)
    re = (np.cos(alpha).astype(np.float64) * scale).astype(np.float32)
    im = (np.sin(alpha).astype(np.float64) * scale).astype(np.float32)
    return re.astype(np.float64) + 1j * im.astype(np.float64)


def _tables():
    """(TWIDDLE_AT, TWIDDLE, FFT_PLAN, FFT_TWIDDLE): the pre/post twiddles of size N at
    TWIDDLE[:, TWIDDLE_AT[i]:] (rows: real, imaginary parts); FFT_PLAN[i] the stages of the
    N/2-point FFT (radix, butterflies per group m, groups s, offset of the stage's twiddles
    in FFT_TWIDDLE), its last row [stages, 0, 0, 0]; FFT_TWIDDLE[:, offset + (p - 1) * j +
    k - 1] = exp(+2 pi i j k / (m p)) for butterfly j, output k of a radix-p stage."""
    at = np.zeros(len(SIZES), np.int64)
    pre = []
    plan = np.zeros((len(SIZES), MAX_STAGES + 1, 4), np.int64)
    fft = []
    for i, n in enumerate(SIZES):
        at[i] = sum(len(t) for t in pre)
        pre.append(_twiddle(n))
        q = n // 2
        size, groups = q, 1
        for stage, p in enumerate(RADICES[q]):
            m = size // p
            plan[i, stage] = (p, m, groups, len(fft))
            for j in range(m):
                for k in range(1, p):
                    a = 2 * math.pi * ((j * k) % size) / size
                    fft.append(complex(math.cos(a), math.sin(a)))
            size, groups = m, groups * p
        plan[i, MAX_STAGES, 0] = len(RADICES[q])
    tw = np.concatenate(pre)
    ff = np.array(fft)
    return (at, np.stack([tw.real, tw.imag]).copy(), plan,
            np.stack([ff.real, ff.imag]).copy())


TWIDDLE_AT, TWIDDLE, FFT_PLAN, FFT_TWIDDLE = _tables()
FFT_WORK = 4 * 960          # float64 work: two complex buffers (re, im) of N/2 values
                            # per transform, for up to two channels' 960 coefficients
