"""Vorbis stream facts after avformat_find_stream_info (FFmpeg 5.1.9 vorbis decoder init):
the identification header (Vorbis I specification section 4.2.2) inside Xiph-laced
extradata gives channels and rate; output is fltp with the Vorbis channel order layouts
(section 4.3.9).
"""
from __future__ import annotations

from ... import chlayout as CL
from ...errors import InvalidData

LAYOUTS = (CL.MONO, CL.STEREO, CL.SURROUND, CL.QUAD, CL.L5POINT0_BACK, CL.L5POINT1_BACK,
           CL.L5POINT1 | CL.BC, CL.L7POINT1)


def split_xiph(extradata: bytes) -> list[bytes]:
    """The three headers of Xiph-laced extradata (or 16-bit length-prefixed ones)."""
    if len(extradata) >= 6 and extradata[0] == 0 and extradata[1] == 30:
        out = []
        p = 0
        for _ in range(3):
            if p + 2 > len(extradata):
                raise InvalidData("bad extradata")
            n = extradata[p] << 8 | extradata[p + 1]
            p += 2
            if n > len(extradata) - p:
                raise InvalidData("bad extradata")
            out.append(extradata[p:p + n])
            p += n
        return out
    if len(extradata) < 3 or extradata[0] != 2:
        raise InvalidData("bad extradata")
    p = 1
    sizes = []
    for _ in range(2):
        n = 0
        while p < len(extradata) and extradata[p] == 0xFF:
            n += 255
            p += 1
        if p >= len(extradata):
            raise InvalidData("bad extradata")
        n += extradata[p]
        p += 1
        sizes.append(n)
    out = []
    for n in sizes:
        if n > len(extradata) - p:
            raise InvalidData("bad extradata")
        out.append(extradata[p:p + n])
        p += n
    out.append(extradata[p:])
    return out


def parse_identification(h: bytes) -> tuple[int, int, tuple[int, int, int]]:
    """(channels, sample_rate, (max, nominal, min bitrate)) of an identification header."""
    if len(h) < 30 or h[0] != 1 or h[1:7] != b"vorbis":
        raise InvalidData("not a vorbis identification header")
    channels = h[11]
    rate = int.from_bytes(h[12:16], "little")
    rates = tuple(int.from_bytes(h[i:i + 4], "little", signed=True) for i in (16, 20, 24))
    if not channels or not rate:
        raise InvalidData("invalid vorbis header")
    return channels, rate, rates


def analyze(stream, packets, log) -> None:
    par = stream.codecpar
    try:
        headers = split_xiph(par.extradata)
        channels, rate, _ = parse_identification(headers[0])
    except InvalidData:
        par.decoder_open_failed = True
        return
    from .setup import decoder_init
    if not decoder_init(headers[0], headers[2], log):
        par.decoder_open_failed = True
        return
    par.channels = channels
    par.sample_rate = rate
    par.format = "fltp"
    par.channel_layout = CL.describe(LAYOUTS[channels - 1]) if channels <= 8 else None
