"""MPEG-4 ALS (ISO/IEC 14496-3 11.3 ALSSpecificConfig) stream facts after
avformat_find_stream_info (FFmpeg 5.1.9 als decoder init): sample format and
bits_per_raw_sample from resolution/floating, the ASC's rate, and an unspecified layout
when the channel count changes.
"""
from __future__ import annotations

from ...bitstream.bitreader import BitReader
from ...errors import CineError
from ...log import Logger
from ..aac import asc as A


def analyze(stream, packets, log) -> None:
    par = stream.codecpar
    alog = Logger("als", getattr(log, "sink", None))
    if not par.extradata:
        alog.error("Missing required ALS extradata.\n")
        par.decoder_open_failed = True
        return
    try:
        m4ac = A.parse_config(par.extradata)
        br = BitReader(bytes(par.extradata))
        br.skip(m4ac.config_bits)
        if br.bits_left < 30 * 8:
            raise CineError("short ALSSpecificConfig")
        als_id = br.u(32)
        br.skip(64)                                  # sample rate, samples
        br.skip(16 + 3)                              # channels, file_type
        resolution = br.u(3)
        floating = br.u(1)
    except CineError:
        alog.error("Reading ALSSpecificConfig failed.\n")
        par.decoder_open_failed = True
        return
    if als_id != 0x414C5300 or not m4ac.channels:
        alog.error("Reading ALSSpecificConfig failed.\n")
        par.decoder_open_failed = True
        return
    par.sample_rate = m4ac.sample_rate
    if par.channels != m4ac.channels:
        par.channels, par.channel_layout = m4ac.channels, None
    if floating:
        fmt, bits = "flt", 32
    else:
        fmt, bits = ("s32" if resolution > 1 else "s16"), (resolution + 1) * 8
        if bits > 32:
            alog.error("Bits per raw sample %d larger than 32.\n" % bits)
            par.decoder_open_failed = True
            return
    par.format = fmt
    par.bits_per_raw_sample = bits
    par.dec_bits_per_raw_sample = bits
