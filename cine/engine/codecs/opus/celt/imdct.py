"""The inverse MDCT of CELT (RFC 6716 4.3.7) producing, like the reference's half inverse
transform, the middle N samples of the 2N-sample output for N coefficients, scaled by
1/32768: pre-twiddle, an N/2-point complex FFT (numpy's, in double precision), post-twiddle.
"""
from __future__ import annotations

import numpy as np

_TWIDDLES: dict[int, np.ndarray] = {}


def _twiddle(n: int) -> np.ndarray:
    """exp(i 2 pi (k + 1/8 + n/2) / 2n) sqrt(1/32768), k < n/2, rounded to float32 the way
    the reference builds its table."""
    tw = _TWIDDLES.get(n)
    if tw is None:
        half = n // 2
        alpha = (2 * np.pi * (np.arange(half, dtype=np.float64) + 0.125 + half)
                 / (2 * n)).astype(np.float32)
        scale = np.sqrt(1.0 / 32768)
        re = (np.cos(alpha).astype(np.float64) * scale).astype(np.float32)
        im = (np.sin(alpha).astype(np.float64) * scale).astype(np.float32)
        tw = re.astype(np.float64) + 1j * im.astype(np.float64)
        _TWIDDLES[n] = tw
    return tw


def imdct_blocks(coeffs: np.ndarray, blocks: int) -> np.ndarray:
    """coeffs: (channels, frame) interleaved over `blocks` short transforms (coefficient
    i of block j at i * blocks + j). Returns (channels, frame) float32: each block's N
    outputs one after the other."""
    channels, frame = coeffs.shape
    n = frame // blocks
    q = n // 2
    x = coeffs.reshape(channels, n, blocks).transpose(0, 2, 1).astype(np.float64)
    tw = _twiddle(n)
    # x[2k] and x[n - 1 - 2k], k < q, as strided views
    z = (x[:, :, n - 1::-2] + 1j * x[:, :, 0::2]) * tw
    y = np.fft.ifft(z, axis=2) * q * tw
    out = np.empty((channels, blocks, n), dtype=np.float64)
    out[:, :, 0::2] = -y.real
    out[:, :, 1::2] = y.imag[:, :, ::-1]
    return out.reshape(channels, frame).astype(np.float32)
