"""QuickTime Animation (qtrle) stream analysis for probing: libavcodec's qtrle decoder picks
its pixel format at init from the sample entry's depth (bits_per_coded_sample)."""
from __future__ import annotations

_DEPTH_FMT = {1: "pal8", 2: "pal8", 4: "pal8", 8: "pal8", 33: "pal8", 34: "pal8", 36: "pal8",
              40: "pal8", 16: "rgb555le", 24: "rgb24", 32: "argb"}


def analyze(stream, packets, log) -> None:
    par = stream.codecpar
    fmt = _DEPTH_FMT.get(par.bits_per_coded_sample)
    if fmt is None:
        return      # the decoder would refuse to open ("Unsupported colorspace"): not modelled
    par.format = fmt
    par.coded_width, par.coded_height = par.width, par.height
    par.refs = 1
