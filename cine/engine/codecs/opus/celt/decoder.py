"""One CELT decoder instance (one per Opus stream): its state arrays and the sequence of
kernels that decode a frame (RFC 6716 4.3) as the reference's float decoder does."""
from __future__ import annotations

import numpy as np

from .. import state as S
from . import layout as L
from .synth_jit import decode_frame
from .tables import ENERGY_SILENCE, MAX_BANDS


# log2 of the frame size in 120-sample units, by frame size
_LM = {120: 0, 240: 1, 480: 2, 960: 3}


class CeltError(Exception):
    """A frame the reference refuses (its decode function returns an error)."""


class CeltDecoder:
    def __init__(self, output_channels: int, state, apply_phase_inv: bool = True):
        """state: the stream's opus.state.StreamState, which holds the arrays."""
        self.output_channels = output_channels
        self.fp = state.view(S.FP)
        self.fp[L.F_OUTPUT_CHANNELS] = output_channels
        self.fp[L.F_PHASE_INV] = 1 if apply_phase_inv else 0
        self.bands = state.view(S.BANDS)
        self.energy = state.view(S.ENERGY)
        self.prev_energy = state.view(S.PREV_ENERGY)
        self.pf_period = state.view(S.PF_PERIOD)
        self.pf_gains = state.view(S.PF_GAINS)
        self.hist = state.view(S.HIST)
        self.emph = state.view(S.EMPH)
        self.mem = state.view(S.MEM)
        self.iy = state.view(S.IY)
        self.work = state.view(S.WORK)
        self.imdct = state.view(S.IMDCT)
        self.fft_work = state.view(S.FFT)
        self.flush()

    def flush(self) -> None:
        """The reference's reset when CELT is not used by a frame (and at start)."""
        if self.fp[L.F_FLUSHED]:
            return
        self.prev_energy[:] = ENERGY_SILENCE
        self.energy[:] = 0
        self.hist[:] = 0
        self.pf_gains[:] = 0
        self.emph[:] = 0
        self.fp[L.F_SEED] = 0
        self.fp[L.F_FLUSHED] = 1

    def decode(self, buf: np.ndarray, rc: np.ndarray, out: np.ndarray, offset: int,
               channels: int, frame_size: int, start_band: int, end_band: int) -> None:
        """Decodes the frame whose range decoder `rc` was started on `buf`, writing
        frame_size samples per output channel to out[:, offset:]."""
        if channels not in (1, 2):
            raise CeltError("Invalid number of coded channels: %d\n" % channels)
        if start_band < 0 or start_band > end_band or end_band > MAX_BANDS:
            raise CeltError("Invalid start/end band: %d %d\n" % (start_band, end_band))
        lm = _LM.get(frame_size)
        if lm is None:
            raise CeltError("Invalid CELT frame size: %d\n" % frame_size)
        if decode_frame(buf, rc, self.fp, self.bands, self.energy, self.prev_energy,
                        self.pf_period, self.pf_gains, self.work, self.mem, self.iy, self.hist,
                        self.emph, out, offset, channels, lm, start_band, end_band, self.imdct,
                        self.fft_work) < 0:
            raise CeltError("bad arguments")
