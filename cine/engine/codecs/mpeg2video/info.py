"""MPEG-1/MPEG-2 video stream analysis for probing: what libavcodec's mpeg12 decoder and the
mpegvideo parser leave after the first sequence header (ISO/IEC 13818-2 6.2.2, 6.3.3-6.3.6):
size, profile/level, SAR, pixel format, chroma siting, colour, has_b_frames, bit_rate and the
"CPB properties" side data the decoder exports for MPEG-2."""
from __future__ import annotations

import struct

from ...log import Logger
from ...model import Rational, SideData
from ...timebase import d2q, reduce
from .. import colour
from .headers import scan

_MPEG2_ASPECT = {1: (1, 1), 2: (4, 3), 3: (16, 9), 4: (221, 100)}
_MPEG1_ASPECT = (0.0, 1.0, 0.6735, 0.7031, 0.7615, 0.8055, 0.8437, 0.8935, 0.9157, 0.9815,
                 1.0255, 1.0695, 1.0950, 1.1575, 1.2015, 0.0)
_VBR = 0x3FFFF


def _div(a: tuple[int, int], b: tuple[int, int]) -> Rational:
    return reduce(a[0] * b[1], a[1] * b[0])


def _sar(info) -> Rational:
    if not info.mpeg2:
        inv = d2q(_MPEG1_ASPECT[info.aspect_ratio_info], 255)
        return Rational(inv.den, inv.num)
    aspect = _MPEG2_ASPECT.get(info.aspect_ratio_info, (0, 1))
    if info.aspect_ratio_info <= 1:
        return Rational(*aspect)
    if not info.width or not info.height:
        return Rational(0, 1)
    pw, ph = info.display_width, info.display_height
    if pw and ph:
        dar = reduce(aspect[0] * ph * info.width, aspect[1] * pw * info.height)
        if (dar.num, dar.den) in ((4, 3), (16, 9)):
            return _div(aspect, (pw, ph))
    return _div(aspect, (info.width, info.height))


def _check_sar(w: int, h: int, sar: Rational) -> bool:
    """av_image_check_sar."""
    if sar.den <= 0 or sar.num < 0:
        return False
    if not sar.num or sar.num == sar.den:
        return True
    scaled = w * sar.num // sar.den if sar.num < sar.den else h * sar.den // sar.num
    return scaled > 0


def analyze(stream, packets, log) -> None:
    par = stream.codecpar
    # set by the decoder's init (find_stream_info opens every decoder, at EOF at the latest)
    par.color_range = "tv"
    par.refs = 1
    # FFmpeg 5.1.9: ffprobe's own decoder has parsed nothing: its coded size stays 0
    par.dec_coded_size_zero = True
    info = scan(packets) if packets else None
    if info is None:
        return
    mpeg2 = info.mpeg2
    # FFmpeg 5.1.9: parser and decoder set the codec id from the headers (a sequence
    # extension makes it MPEG-2), and find_stream_info copies it back to the stream
    par.codec_name = "mpeg2video" if mpeg2 else "mpeg1video"
    par.width, par.height = info.width, info.height
    par.coded_width, par.coded_height = info.width, info.height
    dlog = Logger(par.codec_name, getattr(log, "sink", None))
    if not info.width or not info.height:
        dlog.warning("Invalid horizontal or vertical size value.\n")
    if not info.aspect_ratio_info:
        dlog.error("aspect ratio has forbidden 0 value\n")
    sar = _sar(info)
    if not _check_sar(info.width, info.height, sar):
        dlog.warning("ignoring invalid SAR: %d/%d\n" % (sar.num & 0xFFFFFFFF,
                                                         sar.den & 0xFFFFFFFF))
        sar = Rational(0, 1)
    par.sample_aspect_ratio = sar
    par.video_delay = 0 if (mpeg2 and info.low_delay) else 1
    if mpeg2:
        par.profile, par.level = info.profile, info.level
        par.format = {1: "yuv420p", 2: "yuv422p", 3: "yuv444p"}[info.chroma_format]
        par.chroma_location = "left" if info.chroma_format == 1 else "topleft"
        if info.colour_description:
            par.color_primaries = colour.primaries(info.colour_primaries)
            par.color_transfer = colour.transfer(info.transfer)
            par.color_space = colour.space(info.matrix)
    else:
        par.format = "yuv420p"
        par.chroma_location = "center"
    br = info.bit_rate
    vbv = 0xFFFF if info.vbv_delay is None else info.vbv_delay
    # FFmpeg 5.1.9: the MPEG-1 decoder sets the header's bit rate at its first picture start
    # code, before it has read any vbv_delay; the parser only where vbv_delay is not 0xFFFF
    if br and (not mpeg2 or vbv != 0xFFFF):
        par.bit_rate = 400 * br
    if par.field_order is None and info.field_order is not None:
        par.field_order = info.field_order
    if info.closed_captions:
        par.info_closed_captions = True
    if mpeg2:
        buffer_size = info.vbv_buffer_size * 16 * 1024
        max_rate = 400 * br if br != _VBR else 0
        data = struct.pack("<qqqqQ", max_rate, 0, 0, buffer_size, (1 << 64) - 1)
        sd = SideData("CPB properties", [("max_bitrate", max_rate), ("min_bitrate", 0),
                                         ("avg_bitrate", 0), ("buffer_size", buffer_size),
                                         ("vbv_delay", -1)], data)
        stream.side_data[:] = [s for s in stream.side_data if s.type != "CPB properties"]
        stream.side_data.append(sd)
