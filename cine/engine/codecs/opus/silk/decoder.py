"""One SILK decoder instance (one per Opus stream): its state arrays around the
decode_superframe kernel (RFC 6716 4.2)."""
from __future__ import annotations

import numpy as np

from .frame_jit import (HISTORY, MAX_LAG, P_CODED, S_OUTPUT_CHANNELS, SI_SIZE,
                        decode_superframe)


class SilkDecoder:
    def __init__(self, output_channels: int):
        self.si = np.zeros(SI_SIZE, np.int64)
        self.si[S_OUTPUT_CHANNELS] = output_channels
        self.fi = np.zeros((2, 4), np.int64)
        self.nlsf = np.zeros((2, 16), np.int64)
        self.lpcs = np.zeros((2, 16), np.float32)
        self.outbuf = np.zeros((2, 2 * HISTORY), np.float32)
        self.lpchist = np.zeros((2, 2 * HISTORY), np.float32)
        self.sw = np.zeros(4, np.float32)
        self.out = np.zeros((2, 960), np.float32)
        self.fwork = np.zeros(56 + MAX_LAG + HISTORY, np.float32)
        self.iwork = np.zeros(600, np.int64)

    def flush(self) -> None:
        """The reference's reset when a frame does not use SILK."""
        for c in range(2):
            if self.fi[c, P_CODED]:
                self.outbuf[c] = 0
                self.lpchist[c] = 0
                self.lpcs[c] = 0
                self.nlsf[c] = 0
                self.fi[c] = 0
        self.sw[0:2] = 0

    def decode(self, buf, rc, bandwidth: int, coded_channels: int, duration_ms: int):
        """(2, n) samples at the SILK rate (views of an internal buffer), or None where
        the reference refuses the parameters."""
        n = decode_superframe(buf, rc, self.si, self.fi, self.nlsf, self.lpcs, self.outbuf,
                              self.lpchist, self.sw, self.out, bandwidth, coded_channels,
                              duration_ms, self.fwork, self.iwork)
        if n < 0:
            return None
        return self.out[:, :n]
