"""The key-frame verdict of libavcodec's HEVC parser on one access unit (ITU-T H.265 7.4.2.2:
IRAP NAL unit types 16 to 23), for av_read_frame's key flag on parsed streams (MPEG-TS).

FFmpeg 5.1.9 hevc_parser.c parse_nal_units: the first slice segment of the base layer decides.
"""
from __future__ import annotations

from ..h264.avcc import split_annexb


def hevc_key_frame(data: bytes) -> int:
    for nal in split_annexb(data):
        if len(nal) < 2:
            continue
        t = (nal[0] >> 1) & 0x3F
        layer = ((nal[0] & 1) << 5) | (nal[1] >> 3)
        if layer or t >= 32:
            continue
        return 1 if 16 <= t <= 23 else 0
    return 0
