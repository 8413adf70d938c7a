"""ALAC stream facts after avformat_find_stream_info (FFmpeg 5.1.9 alac decoder init):
s16p for 16-bit, s32p for 20/24/32-bit, bits_per_raw_sample = bit depth, the cookie's rate,
and the ALAC channel layout for its channel count. The lines the decoder logs for the first
packet, which find_stream_info decodes (scan.py).
"""
from __future__ import annotations

from ... import chlayout as CL
from ...errors import CineError
from ...log import Logger
from . import config as C

ALAC_LAYOUTS = (CL.MONO, CL.STEREO, CL.SURROUND, CL.L4POINT0, CL.L5POINT0_BACK,
                CL.L5POINT1_BACK, CL.L6POINT1_BACK, CL.L7POINT1_WIDE_BACK)


def analyze(stream, packets, log) -> None:
    par = stream.codecpar
    alog = Logger("alac", getattr(log, "sink", None))
    try:
        cfg = C.parse(par.extradata)
    except CineError as exc:
        alog.error(exc.detail)
        if exc.detail != "extradata is too small\n":
            alog.error("set_info failed\n")
        par.decoder_open_failed = True
        return
    if cfg.bit_depth == 16:
        fmt = "s16p"
    elif cfg.bit_depth in (20, 24, 32):
        fmt = "s32p"
    else:
        par.decoder_open_failed = True
        return
    channels = cfg.channels
    if channels < 1:
        alog.warning("Invalid channel count\n")
        if par.channels < 1:
            par.decoder_open_failed = True
            return
        channels = par.channels
    par.format = fmt
    par.bits_per_raw_sample = cfg.bit_depth
    par.dec_bits_per_raw_sample = cfg.bit_depth
    par.sample_rate = cfg.sample_rate
    if channels > C.MAX_CHANNELS:
        par.decoder_open_failed = True
        return
    par.channels = channels
    par.channel_layout = CL.describe(ALAC_LAYOUTS[channels - 1])
    from ..analysis_decode import replay_analysis_decode
    from .scan import AlacScan
    replay_analysis_decode(par, packets, log, lambda lg: AlacScan(cfg, channels, lg))
