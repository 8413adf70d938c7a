"""MPEG-4 Part 2 stream analysis for probing: what libavcodec's mpeg4 decoder sets after the
extradata headers and the first VOP (ISO/IEC 14496-2 6.2): profile/level from the visual
object sequence, size, aspect ratio, colour and has_b_frames (= !low_delay) from the VOL."""
from __future__ import annotations

from ...model import Rational
from .vol import VOP_STARTCODE, parse_headers, start_codes


def analyze(stream, packets, log) -> None:
    par = stream.codecpar
    # set by the decoder's init (find_stream_info opens every decoder, at EOF at the latest)
    par.chroma_location = "left"
    if packets:
        h = parse_headers(par.extradata) if par.extradata else None
        first = packets[0].data
        if any(code == VOP_STARTCODE for code, _ in start_codes(first)) or h is not None:
            h = parse_headers(first, h)
        if h is not None and h.has_vol and not h.studio:
            if h.profile is not None:
                par.profile, par.level = h.profile, h.level
            if h.colour_set:
                par.color_range = h.color_range
                if h.colour_desc:
                    par.color_primaries = h.color_primaries
                    par.color_transfer = h.color_transfer
                    par.color_space = h.color_space
            num, den = h.sar
            par.sample_aspect_ratio = Rational(num, den)
            par.video_delay = 0 if h.low_delay else 1
            par.width, par.height = h.width or par.width, h.height or par.height
            par.format = "yuv420p"
    par.coded_width, par.coded_height = par.width, par.height
    par.refs = 1
    # FFmpeg 5.1.9: ffprobe exports these options from its own freshly opened decoder, which
    # parses the extradata only when it decodes a first frame; -show_streams never does
    par.private = [("quarter_sample", "false"), ("divx_packed", "false")]
