"""MPEG audio (mp3/mp2/mp1 streams) facts after avformat_find_stream_info (FFmpeg 5.1.9: the
first registered decoder is mp3float for mp3, fltp, but the fixed-point mp1/mp2 decoders,
s16p, for mp1/mp2): the first decodable frame sets rate, mono/stereo layout and
frame_size (frame_size must be known, so decoding goes on until a frame decodes); the bit
rate only when the container gave none.
"""
from __future__ import annotations

from ... import chlayout as CL
from . import header as H


def analyze(stream, packets, log) -> None:
    par = stream.codecpar
    par.format = "s16p" if par.codec_name in ("mp1", "mp2") else "fltp"
    if getattr(stream.priv, "opened_as", None) == "mp3":
        # the mp3 demuxer declares mp3: the mp3float decoder was opened before the parser
        # found layer I/II, and it decodes them to fltp
        par.format = "fltp"
    for pkt in packets:
        h = H.parse(pkt.data) if pkt.data else None
        if h is None or not h.frame_size:
            continue
        par.channels = h.channels
        par.channel_layout = CL.describe(CL.MONO if h.channels == 1 else CL.STEREO)
        if not par.bit_rate:
            par.bit_rate = h.bit_rate
        par.sample_rate = h.sample_rate
        par.frame_size = h.samples
        break
