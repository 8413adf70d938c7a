"""H.263 stream analysis for probing: size and pixel aspect ratio from the first picture
header (ITU-T H.263 5.1.1-5.1.5, PLUSPTYPE 5.1.4), as libavcodec's h263 decoder sets them,
and the frame rate that decoder sets from it (the picture clock: 30000/1001, or with a custom
PCF 1800000 / (clock conversion code * divisor)), which gives its context's time base once
find_stream_info decoded the picture (`codecpar.decoder_framerate`)."""
from __future__ import annotations

import math

from ...bitstream.bitreader import BitReader
from ...errors import InvalidData
from ...model import Rational

# Table 1 source formats: sub-QCIF, QCIF, CIF, 4CIF, 16CIF
SOURCE_FORMATS = {1: (128, 96), 2: (176, 144), 3: (352, 288), 4: (704, 576), 5: (1408, 1152)}
PIXEL_ASPECT = ((0, 1), (1, 1), (12, 11), (10, 11), (16, 11), (40, 33)) + ((0, 1),) * 10


NTSC_CLOCK = (30000, 1001)


def parse_picture_header(data: bytes) -> tuple[int, int, tuple[int, int]]:
    """(width, height, sample aspect ratio) of an H.263 picture header."""
    w, h, sar, _ = parse_picture_header_rate(data)
    return w, h, sar


def parse_picture_header_rate(data: bytes):
    """(width, height, sample aspect ratio, frame rate (num, den)) of an H.263 picture
    header."""
    br = BitReader(data[:64])
    code = br.u(14)
    while code != 0x20:
        if br.bits_left <= 24:
            raise InvalidData("Bad picture start code")
        code = ((code << 8) | br.u(8)) & 0x3FFFFF
    br.u(8)                              # temporal reference
    if br.u(1) != 1 or br.u(1) != 0:
        raise InvalidData("Bad marker / H.263 id")
    br.u(3)
    fmt = br.u(3)
    if fmt not in (6, 7):
        if fmt not in SOURCE_FORMATS:
            raise InvalidData("bad source format")
        w, h = SOURCE_FORMATS[fmt]
        br.u(1)
        br.u(1)
        if br.u(1):
            raise InvalidData("SAC: off")
        return w, h, (12, 11), NTSC_CLOCK
    ufep = br.u(3)
    custom_pcf = 0
    if ufep == 1:
        fmt = br.u(3)
        custom_pcf = br.u(1)
        br.skip(14)                      # other OPPTYPE flags, start code emulation, reserved
    elif ufep:
        raise InvalidData("Bad UFEP type")
    ptype = br.u(3)
    if ptype not in (0, 1, 2, 3, 7):
        raise InvalidData("bad picture type")
    br.skip(7)
    if not ufep:
        raise InvalidData("no picture format")
    if fmt == 6:
        ar = br.u(4)
        w = (br.u(9) + 1) * 4
        br.u(1)
        h = br.u(9) * 4
        sar = (br.u(8), br.u(8)) if ar == 15 else PIXEL_ASPECT[ar]
    else:
        if fmt not in SOURCE_FORMATS:
            raise InvalidData("bad source format")
        w, h = SOURCE_FORMATS[fmt]
        sar = (12, 11)
    if not w or not h:
        raise InvalidData("bad size")
    rate = NTSC_CLOCK
    if custom_pcf:
        den = (1000 + br.u(1)) * br.u(7)
        if not den:
            raise InvalidData("zero framerate")
        g = math.gcd(den, 1800000)
        rate = (1800000 // g, den // g)
    return w, h, sar, rate


def analyze(stream, packets, log) -> None:
    par = stream.codecpar
    par.chroma_location = "center"      # set by the decoder's init
    for pkt in packets:
        try:
            w, h, sar, rate = parse_picture_header_rate(pkt.data)
        except InvalidData:
            continue
        par.width, par.height = w, h
        par.decoder_framerate = Rational(*rate)
        par.sample_aspect_ratio = Rational(*sar)
        par.format = "yuv420p"
        break
    par.coded_width, par.coded_height = par.width, par.height
    par.refs = 1
