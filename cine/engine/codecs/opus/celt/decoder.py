"""One CELT decoder instance (one per Opus stream): its state arrays and the sequence of
kernels that decode a frame (RFC 6716 4.3) as the reference's float decoder does."""
from __future__ import annotations

import numpy as np

from ..range_coder_jit import R_RBBYTES
from . import layout as L
from .finish_jit import finish_coeffs
from .imdct import imdct_blocks
from .pvq_jit import MEM_SIZE, M_Y, decode_bands
from .side_jit import decode_side
from .synth_jit import synthesize
from .tables import ENERGY_SILENCE, MAX_BANDS


# log2 of the frame size in 120-sample units, by frame size
_LM = {120: 0, 240: 1, 480: 2, 960: 3}


class CeltError(Exception):
    """A frame the reference refuses (its decode function returns an error)."""


class CeltDecoder:
    def __init__(self, output_channels: int, apply_phase_inv: bool = True):
        self.output_channels = output_channels
        self.fp = np.zeros(L.FP_SIZE, np.int64)
        self.fp[L.F_OUTPUT_CHANNELS] = output_channels
        self.fp[L.F_PHASE_INV] = 1 if apply_phase_inv else 0
        self.bands = np.zeros((L.BANDS_ROWS, MAX_BANDS), np.int64)
        self.energy = np.zeros((2, MAX_BANDS), np.float32)
        self.prev_energy = np.zeros((2, 2, MAX_BANDS), np.float32)
        self.pf_period = np.zeros((2, 3), np.int64)
        self.pf_gains = np.zeros((2, 3, 3), np.float32)
        self.hist = np.zeros((2, 2048), np.float32)
        self.emph = np.zeros(2, np.float32)
        self.mem = np.zeros(MEM_SIZE, np.float32)
        self.iy = np.zeros(256, np.int64)
        self.work = np.zeros(5 * MAX_BANDS, np.int64)
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
        fp = self.fp
        fp[L.F_FLUSHED] = 0
        fp[L.F_CHANNELS] = channels
        fp[L.F_START] = start_band
        fp[L.F_END] = end_band
        fp[L.F_LM] = lm
        fp[L.F_FRAMEBITS] = rc[R_RBBYTES] * 8
        if decode_side(buf, rc, fp, self.bands, self.energy, self.pf_period, self.pf_gains,
                       self.work) < 0:
            raise CeltError("bad arguments")
        if decode_bands(buf, rc, fp, self.bands, self.mem, self.iy) < 0:
            raise CeltError("bad arguments")
        downmix = finish_coeffs(buf, rc, fp, self.bands, self.energy, self.prev_energy,
                                self.mem)
        if downmix < 0:
            raise CeltError("bad arguments")
        outch = self.output_channels
        coeffs = self.mem[:2 * M_Y].reshape(2, M_Y)[:outch, :frame_size]
        blocks = int(fp[L.F_BLOCKS])
        imdct = imdct_blocks(coeffs, blocks)
        if synthesize(imdct, outch, blocks, downmix, self.hist, self.pf_period,
                      self.pf_gains, self.emph, out, offset) < 0:
            raise CeltError("bad arguments")
