"""Opus stream facts after avformat_find_stream_info (FFmpeg 5.1.9 native opus decoder):
init always outputs fltp at 48 kHz, with the channel count and layout of the OpusHead
(RFC 7845 5.1) the demuxer built from dOps.
"""
from __future__ import annotations

from ...errors import CineError, Unsupported
from ..missing import log_unsupported
from ...log import Logger
from . import head as OH


def analyze(stream, packets, log) -> None:
    par = stream.codecpar
    # FFmpeg 5.1.9: format and rate are set before the header is checked
    par.format = "fltp"
    par.sample_rate = 48000
    try:
        head = OH.parse(par.extradata, par.channels)
    except Unsupported as exc:
        log_unsupported(Logger("opus", getattr(log, "sink", None)), exc)
        par.decoder_open_failed = True
        return
    except CineError as exc:
        if exc.detail.endswith("\n"):
            Logger("opus", getattr(log, "sink", None)).error(exc.detail)
        par.decoder_open_failed = True
        return
    par.channels = head.channels
    par.channel_layout = head.layout
