"""One SILK decoder instance (one per Opus stream): its state arrays around the
decode_superframe kernel (RFC 6716 4.2)."""
from __future__ import annotations

from .. import state as S
from .frame_jit import P_CODED, S_OUTPUT_CHANNELS, decode_superframe


class SilkDecoder:
    def __init__(self, output_channels: int, state):
        """state: the stream's opus.state.StreamState, which holds the arrays."""
        self.si = state.view(S.SI)
        self.si[S_OUTPUT_CHANNELS] = output_channels
        self.fi = state.view(S.FI)
        self.nlsf = state.view(S.NLSF)
        self.lpcs = state.view(S.LPCS)
        self.outbuf = state.view(S.OUTBUF)
        self.lpchist = state.view(S.LPCHIST)
        self.sw = state.view(S.SW)
        self.out = state.view(S.SILK_OUT)
        self.fwork = state.view(S.FWORK)
        self.iwork = state.view(S.IWORK)

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
