"""MPEG audio (mp3/mp2/mp1 streams) facts after avformat_find_stream_info (FFmpeg 5.1.9: the
first registered decoder is mp3float for mp3, fltp, but the fixed-point mp1/mp2 decoders,
s16p, for mp1/mp2): the first decodable frame sets rate, mono/stereo layout and
frame_size (frame_size must be known, so decoding goes on until a frame decodes); the bit
rate only when the container gave none.
"""
from __future__ import annotations

from ... import chlayout as CL
from ...log import Logger
from . import header as H


def analyze(stream, packets, log) -> None:
    par = stream.codecpar
    par.format = "s16p" if par.codec_name in ("mp1", "mp2") else "fltp"
    opened_mp3 = getattr(stream.priv, "opened_as", None) == "mp3"
    if opened_mp3:
        # the mp3 demuxer declares mp3: the mp3float decoder was opened before the parser
        # found layer I/II, and it decodes them to fltp
        par.format = "fltp"
    for pkt in packets:
        data = bytes(pkt.data or b"").lstrip(b"\0")
        h = H.parse(data)
        if h is None or not h.frame_size:
            continue
        if h.frame_size < len(data) and getattr(stream.priv, "complete_frames", False):
            # FFmpeg 5.1.9 (decode.c): the decoder find_stream_info opened consumed less than
            # the packet; it stops there (its first frame came out). Only where packets reach
            # the decoder whole (Matroska's header parsing): a full parser cuts them to one
            # frame each, and those are not the packets seen here
            name = "mp3float" if opened_mp3 or par.codec_name == "mp3" else par.codec_name
            Logger(name, getattr(log, "sink", None)).warning("Multiple frames in a packet.\n")
        par.channels = h.channels
        par.channel_layout = CL.describe(CL.MONO if h.channels == 1 else CL.STEREO)
        if not par.bit_rate:
            par.bit_rate = h.bit_rate
        par.sample_rate = h.sample_rate
        par.frame_size = h.samples
        break
