"""pan (FFmpeg 5.1.9 libavfilter/af_pan.c): each output channel a weighted sum of input
channels, in the input's own sample format and rate (the graph converts after it where the
encoder wants another: pan's formats are common to its input and output).

Gains that only pick channels (every output 0% or 100% of one input) become libswresample's
channel map ("Pure channel mapping detected", the samples copied); any other gains its custom
matrix, applied as swri_rematrix applies it in the internal format (s16p in fixed point for
16-bit inputs, fltp otherwise), rows marked '<' renormalised first. Named input channels
(FL, FC...) are renumbered against the input's layout when the filter is configured, as
config_props does."""
from __future__ import annotations

import copy

from ..chlayout import default_layout, describe_unspec, mask_of
from ..log import Logger
from .audio_filters import AudioFilter, AudioLink


class Pan(AudioFilter):
    meta = False
    wants_log = True

    def __init__(self, layout: str, channels: int, gains: list, renorm: set,
                 named_inputs: bool, pure: bool, context: str):
        self.layout = layout
        self.channels = channels
        self.gains = [list(row) for row in gains]
        self.renorm = set(renorm)
        self.named_inputs = named_inputs
        self.pure = pure
        self.context = context
        self.log = None
        self.swr = None
        self.channel_map = None

    def configure(self, inlink: AudioLink, want) -> AudioLink:
        import numpy as np
        from .swr import Swr
        self.inlink = inlink
        log = Logger(self.context, self.log.sink if self.log is not None else None)
        nb_in, nb_out = inlink.channels, self.channels
        gains = self.gains
        in_mask = mask_of(inlink.layout)
        if self.named_inputs and in_mask is not None:
            j = 0
            for i in range(64):
                if in_mask >> i & 1:
                    for k in range(nb_out):
                        gains[k][j] = gains[k][i]
                    j += 1
        fmt, rate = inlink.sample_fmt, inlink.sample_rate
        if self.pure:
            self.channel_map = [next((j for j in range(nb_in) if gains[i][j]), -1)
                                for i in range(nb_out)]
            # swr_init with the output layout as the used one: an input layout of another
            # channel count is dropped for the used count's default layout
            used = inlink.layout
            if nb_in != nb_out:
                if inlink.layout is not None and in_mask is not None:
                    Logger((self.context, "SWR"), log.sink).warning(
                        "Input channel layout has a different number of channels than the "
                        "number of used channels, ignoring layout\n")
                used = default_layout(nb_out) or describe_unspec(nb_out)
            if used != self.layout and mask_of(used) is not None \
                    and mask_of(self.layout) is not None:
                self.swr = Swr(fmt, rate, used, nb_out, fmt, rate, self.layout, nb_out)
        else:
            for i in sorted(self.renorm):
                t = sum(abs(gains[i][j]) for j in range(nb_in))
                if -1e-5 < t < 1e-5:
                    if t:
                        log.warning("Degenerate coefficients while renormalizing\n")
                    continue
                for j in range(nb_in):
                    gains[i][j] /= t
            matrix = np.array([row[:nb_in] for row in gains[:nb_out]], dtype=np.float64)
            self.swr = Swr(fmt, rate, inlink.layout, nb_in, fmt, rate, self.layout, nb_out,
                           matrix=matrix)
        for i in range(nb_out):
            log.verbose("o%d = %s\n" % (i, " + ".join("%.3g i%d" % (gains[i][j], j)
                                                      for j in range(nb_in))))
        if self.pure:
            log.info("Pure channel mapping detected:%s\n"
                     % "".join(" %d" % c if c >= 0 else " M" for c in self.channel_map))
        self.outlink = AudioLink(fmt, rate, self.layout, nb_out, inlink.time_base)
        return self.outlink

    def push(self, frame) -> list:
        import numpy as np
        data = frame.data
        if self.channel_map is not None:
            picked = np.zeros((self.channels, data.shape[1]), dtype=data.dtype)
            for i, c in enumerate(self.channel_map):
                if c >= 0:
                    picked[i] = data[c]
            data = picked
        if self.swr is not None:
            data = self.swr.convert(np.ascontiguousarray(data))
        out = copy.copy(frame)
        out.data = data
        out.layout = self.layout if mask_of(self.layout) is not None else None
        return [out]

