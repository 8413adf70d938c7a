"""An encoded output stream's parameters when its first filtered frame arrives (FFmpeg 5.1.9
fftools/ffmpeg.c init_output_stream_encode and the encoders' init): the frame rate and the
encoder time base, size, pixel format, aspect ratio, colour properties, codec tag, the bit
rate the dump shows, the "encoder" tag and the CPB side data."""
from __future__ import annotations

import struct

from ..model import Rational, SideData
from ..timebase import reduce

LIBAVCODEC_IDENT = "Lavc59.37.100"
DEFAULT_BIT_RATE = 200000       # AVCodecContext.bit_rate's default


def guess_frame_rate(st) -> Rational:
    """av_guess_frame_rate: r_frame_rate, or avg_frame_rate where r_frame_rate is a field
    rate artefact (> 210 while the average is < 70)."""
    fr, avg = st.r_frame_rate, st.avg_frame_rate
    if avg.num > 0 and avg.den > 0 and fr.num > 0 and fr.den > 0 \
            and avg.num / avg.den < 70 and fr.num / fr.den > 210:
        fr = avg
    return fr


# avcodec_pix_fmt_to_codec_tag: the first fourcc libavcodec/raw.c lists for each format
_RAW_TAG = {"yuv420p": b"I420", "yuvj420p": b"I420", "yuv422p": b"Y42B", "yuvj422p": b"Y42B",
            "yuv444p": b"444P", "yuvj444p": b"444P", "yuv440p": b"440P", "yuvj440p": b"440P",
            "yuv411p": b"Y41B", "yuv410p": b"YUV9", "gray": b"Y800", "rgb24": b"RGB\x18",
            "bgr24": b"BGR\x18"}


def _raw_tag(pix_fmt: str) -> int:
    tag = _RAW_TAG.get(pix_fmt)
    return int.from_bytes(tag, "little") if tag else 0


def encoder_parameters(ost, link, frame, bitexact: bool) -> tuple[Rational, bool]:
    """Fill ost.st for the encoder fed by `link`, whose first frame is `frame` (None when
    the stream ends without one); returns the stream's frame rate and whether it is the
    25 fps fallback."""
    rate = link.frame_rate
    fallback = not (rate.num > 0 and rate.den > 0)
    if fallback:
        rate = Rational(25, 1)
    st = ost.st
    par = st.codecpar
    src = ost.ist.st.codecpar
    name = ost.map.codec
    par.codec_type = "video"
    par.codec_name = name
    par.width, par.height = link.width, link.height
    par.format = link.pix_fmt
    par.sample_aspect_ratio = link.sar
    st.sample_aspect_ratio = link.sar
    par.field_order = "progressive" if frame is not None else None
    if link.pix_fmt.startswith("yuvj"):
        par.color_range = "pc"
    else:
        par.color_range = frame.color_range if frame is not None else None
    par.color_space = src.color_space
    if link.pix_fmt in ("rgb24", "bgr24") and frame is not None and frame.color_range == "pc":
        par.color_space = "gbr"         # a converted RGB picture (swscale's output)
    par.color_primaries = src.color_primaries
    par.color_transfer = src.color_transfer
    tb = reduce(rate.den, rate.num)
    st.time_base = tb
    st.avg_frame_rate = rate
    if name == "rawvideo":
        from ..pixfmt import get as pixdesc
        par.codec_tag = _raw_tag(link.pix_fmt)
        bpp = pixdesc(link.pix_fmt).bits_per_pixel
        par.bits_per_coded_sample = bpp
        par.bit_rate = bpp * link.width * link.height * rate.num // rate.den
    else:
        par.bit_rate = DEFAULT_BIT_RATE
    if name == "mjpeg":
        st.side_data = [SideData("CPB properties",
                                 data=struct.pack("<4qQ", 0, 0, DEFAULT_BIT_RATE, 0,
                                                  (1 << 64) - 1))]
    st.tags.set("encoder", ("Lavc " if bitexact else LIBAVCODEC_IDENT + " ") + name)
    return rate, fallback
