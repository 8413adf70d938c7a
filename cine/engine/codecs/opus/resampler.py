"""SILK's output brought to 48 kHz as the reference does it: a libswresample context (float
planar, filter_size 16, the other options at their defaults) made when SILK starts, primed
with a few samples of silence, flushed and dropped when SILK stops or changes rate.

For these rates (8, 12 and 16 kHz: ratios 6, 4 and 3) libswresample's setup reduces to
this: a 16-tap windowed-sinc bank of `ratio` phases, output k taking phase k mod ratio at
input sample k div ratio, the first output centred on the first sample (the samples before
it mirrored from those after it), and at the flush the last samples mirrored behind the
end. Only the state lives here (arrays the decoder's kernels share, so that the common
frames resample inside lean_jit's kernel); the arithmetic is resampler_jit's. The outputs
that the decoder does not take yet wait in a FIFO (the reference's "delayed samples")."""
from __future__ import annotations

import numpy as np

from ...errors import AVERROR_BUG, CineError
from ...filters.swr.filter_design import build_bank, filter_geometry
from . import state as S
from .resampler_jit import (LENGTH, U_CHANNELS, U_FIFO, U_INDEX, U_RATIO, resample_flush,
                            resample_push)

OUT_RATE = 48000
_BANKS: dict[int, np.ndarray] = {}


def bank(rate: int) -> np.ndarray:
    """The float filter bank (ratio + 1 rows of 16 taps) libswresample builds for rate ->
    48 kHz with filter_size 16, built once per rate."""
    found = _BANKS.get(rate)
    if found is None:
        factor, length, phases = filter_geometry(rate, OUT_RATE, LENGTH, 10, 0.0, True)
        if length != LENGTH or phases * rate != OUT_RATE:
            raise ValueError("no whole-ratio resampling from %d Hz" % rate)
        found = _BANKS[rate] = np.ascontiguousarray(build_bank(factor, length, phases, "fltp"))
    return found


class SilkResampler:
    def __init__(self, rate: int, channels: int, priming: int, stream_state):
        """stream_state: the stream's opus.state.StreamState, which holds the arrays (a
        stream runs one resampler at a time)."""
        self.rate = rate
        self.channels = channels
        taps = bank(rate)
        self.bank = stream_state.view(S.RS_BANK)[:taps.shape[0]]
        self.bank[:] = taps
        self.state = stream_state.view(S.RS_STATE)     # resampler_jit's U_* values
        self.state[:] = 0
        ratio = OUT_RATE // rate
        self.state[U_RATIO] = ratio
        self.state[U_INDEX] = -ratio * ((LENGTH - 1) // 2)
        self.state[U_CHANNELS] = channels
        self.store = stream_state.view(S.RS_STORE)
        self.fifo = stream_state.view(S.RS_FIFO)
        self.push(np.zeros((channels, priming), np.float32))

    def push(self, x: np.ndarray) -> None:
        """Resamples the first `channels` rows of the float32 x into the FIFO."""
        if resample_push(self.store, self.state, self.bank, self.fifo, x, x.shape[1]) < 0:
            raise CineError("resampler state out of range", code=AVERROR_BUG)

    def take(self, limit: int) -> np.ndarray:
        """Up to `limit` of the waiting outputs, (channels, k)."""
        k = min(int(self.state[U_FIFO]), limit)
        fifo = self.fifo[:self.channels]
        out = fifo[:, :k].copy()
        rest = int(self.state[U_FIFO]) - k
        fifo[:, :rest] = fifo[:, k:k + rest]
        self.state[U_FIFO] = rest
        return out

    def drain(self) -> np.ndarray:
        """The waiting outputs, then those of the flushed input (the context is done)."""
        if resample_flush(self.store, self.state, self.bank, self.fifo) < 0:
            raise CineError("resampler state out of range", code=AVERROR_BUG)
        return self.take(int(self.state[U_FIFO]))
