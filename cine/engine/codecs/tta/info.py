"""TTA stream analysis for probing: libavcodec's tta decoder reads the 22-byte "TTA1" header
from the extradata at init (TTA format 1 spec: format, channels, bits per sample, sample
rate, data length, CRC) and derives sample format and channel layout from it."""
from __future__ import annotations

import struct

# channel count -> layout (2..8 channels; 5 has none: the layout stays unspecified)
_LAYOUTS = {2: "stereo", 3: "2.1", 4: "quad", 6: "5.1", 7: "6.1(back)", 8: "7.1(wide)"}
_SAMPLE_FMT = {1: "u8", 2: "s16", 3: "s32"}


def parse_header(extradata: bytes):
    """(format, channels, bits, sample_rate) of a TTA1 header, or None."""
    if len(extradata) < 22 or extradata[:4] != b"TTA1":
        return None
    return struct.unpack_from("<HHHI", extradata, 4)


def analyze(stream, packets, log) -> None:
    par = stream.codecpar
    h = parse_header(par.extradata)
    if h is None:
        if par.extradata or not par.bits_per_coded_sample:
            return
        # FFmpeg 5.1.9: matroska builds the TTA1 header from the track's own fields
        h = (1, par.channels, par.bits_per_coded_sample, par.sample_rate)
    fmt, channels, bits, rate = h
    fmt_name = _SAMPLE_FMT.get((bits + 7) // 8)
    if fmt > 2 or not 0 < channels <= 16 or not rate or fmt_name is None or rate > 0x7FFFFF:
        return          # the decoder would refuse to open: not modelled
    par.channels = channels
    par.channel_layout = _LAYOUTS.get(channels)
    par.bits_per_raw_sample = bits
    par.sample_rate = rate
    par.format = fmt_name
