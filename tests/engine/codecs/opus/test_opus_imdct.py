"""CELT's inverse MDCT (synth_jit, tables in celt/imdct.py) against the transform computed
with numpy's FFT in double precision: the same half-length outputs for every block size and
interleaving, to well within float32 rounding."""
from __future__ import annotations

import numpy as np
import pytest

from cine.engine.codecs.opus.celt import imdct as I
from cine.engine.codecs.opus.celt.pvq_jit import M_Y, MEM_SIZE
from cine.engine.codecs.opus.celt.synth_jit import _imdct


def _reference(coeffs: np.ndarray, blocks: int) -> np.ndarray:
    """(channels, frame) coefficients, block j's coefficient i at i * blocks + j -> each
    block's N outputs in turn, in double precision."""
    channels, frame = coeffs.shape
    n = frame // blocks
    q = n // 2
    x = coeffs.reshape(channels, n, blocks).transpose(0, 2, 1).astype(np.float64)
    tw = I.TWIDDLE[0, I.TWIDDLE_AT[I.SIZES.index(n)]:][:q] \
        + 1j * I.TWIDDLE[1, I.TWIDDLE_AT[I.SIZES.index(n)]:][:q]
    z = (x[:, :, n - 1::-2] + 1j * x[:, :, 0::2]) * tw
    y = np.fft.ifft(z, axis=2) * q * tw
    out = np.empty((channels, blocks, n))
    out[:, :, 0::2] = -y.real
    out[:, :, 1::2] = y.imag[:, :, ::-1]
    return out.reshape(channels, frame)


@pytest.mark.parametrize("frame,blocks", [(120, 1), (240, 1), (480, 1), (960, 1), (240, 2),
                                          (480, 4), (960, 8)])
def test_imdct_matches_double_precision_reference(frame, blocks):
    rng = np.random.default_rng(frame + blocks)
    mem = np.zeros(MEM_SIZE, np.float32)
    coeffs = rng.standard_normal((2, frame)).astype(np.float32)
    mem[:frame] = coeffs[0]
    mem[M_Y:M_Y + frame] = coeffs[1]
    size = I.SIZES.index(frame // blocks)
    work = np.zeros(I.FFT_WORK, np.float64)
    for channels in (1, 2):
        out = np.zeros((2, 960), np.float32)
        _imdct(mem, channels, frame, blocks, size, out, work)
        assert not out[channels:].any()
    for c in range(2):
        dst = out[c]
        ref = _reference(coeffs[c:c + 1], blocks)[0]
        assert np.all(dst[frame:] == 0)
        # the same float32 as the double-precision result, but where that lies within a
        # hair of a rounding boundary
        assert np.abs(dst[:frame] - ref).max() <= 1e-6 * np.abs(ref).max()
        assert np.mean(dst[:frame] == ref.astype(np.float32)) > 0.999


def test_fft_tables_cover_each_size():
    for i, n in enumerate(I.SIZES):
        q = n // 2
        stages = I.FFT_PLAN[i, I.MAX_STAGES, 0]
        radices = [int(I.FFT_PLAN[i, s, 0]) for s in range(stages)]
        assert int(np.prod(radices)) == q
        assert I.FFT_PLAN[i, stages - 1, 1] == 1
