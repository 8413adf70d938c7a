"""FLAC stream facts after avformat_find_stream_info (FFmpeg 5.1.9 flac decoder init on the
STREAMINFO the demuxer stored): rate, bits_per_raw_sample, channel layout (kept when the
container already gave one with that many channels), and s16 or s32 output (more than
16 bits per sample needs s32). The lines the decoder logs for the first packet, which
find_stream_info decodes (scan.py).
"""
from __future__ import annotations

from ... import chlayout as CL
from ...errors import CineError
from ...log import Logger
from . import streaminfo as SI

# Layouts the decoder assigns by channel count (1..8).
FLAC_LAYOUTS = (CL.MONO, CL.STEREO, CL.SURROUND, CL.QUAD, CL.L5POINT0, CL.L5POINT1,
                CL.L6POINT1, CL.L7POINT1)


def analyze(stream, packets, log) -> None:
    par = stream.codecpar
    if not par.extradata:
        return
    flog = Logger("flac", getattr(log, "sink", None))
    try:
        block, logs = SI.locate(par.extradata)
        for msg in logs:
            flog.warning(msg)
        info = SI.parse(block)
    except CineError as exc:
        if exc.detail.startswith("invalid max blocksize"):
            flog.warning(exc.detail)
        elif exc.detail.endswith("\n"):
            flog.error(exc.detail)
        par.decoder_open_failed = True
        return
    par.sample_rate = info.sample_rate
    par.bits_per_raw_sample = info.bits_per_sample
    par.dec_bits_per_raw_sample = info.bits_per_sample
    if not (info.channels == par.channels and par.channel_layout is not None):
        par.channels = info.channels
        par.channel_layout = (CL.describe(FLAC_LAYOUTS[info.channels - 1])
                              if info.channels <= 8 else None)
    par.format = "s32" if info.bits_per_sample > 16 else "s16"
    from ..analysis_decode import replay_analysis_decode
    from .scan import FlacScan
    replay_analysis_decode(par, packets, log, lambda lg: FlacScan(info, lg))
