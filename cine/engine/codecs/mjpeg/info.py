"""MJPEG stream analysis for probing: what libavcodec's mjpeg decoder sets after the first
picture's markers (ITU-T T.81 B.2): profile from the SOF marker, size, pixel format (the
yuvj* full-range formats unless a "CS=ITU601" comment says otherwise), bits_per_raw_sample,
and the JFIF pixel aspect ratio.

FFmpeg 5.1.9: the decoder's init sets colour space bt470bg and chroma location center,
whatever the container said.
"""
from __future__ import annotations

from ...errors import InvalidData
from ...model import Rational
from .sof import parse_jpeg, pix_fmt


def analyze(stream, packets, log) -> None:
    par = stream.codecpar
    # set by the decoder's init (find_stream_info opens every decoder, at EOF at the latest)
    par.chroma_location = "center"
    par.color_space = "bt470bg"
    if packets:
        orig_height = par.height
        for pkt in packets:
            try:
                info = parse_jpeg(pkt.data)
                fmt, ranged = pix_fmt(info)
            except InvalidData:
                continue
            par.profile = info.profile
            par.bits_per_raw_sample = info.bits
            par.dec_bits_per_raw_sample = info.bits
            height = info.height
            if orig_height and height < orig_height * 3 // 4:
                height *= 2             # FFmpeg 5.1.9: field-per-packet MJPEG doubles the height
            par.width, par.height = info.width, height
            par.format = fmt
            if ranged:
                par.color_range = "tv" if info.cs_itu601 else "pc"
            if info.sar is not None:
                par.sample_aspect_ratio = Rational(*info.sar)
            break
    par.coded_width, par.coded_height = par.width, par.height
    par.refs = 1
