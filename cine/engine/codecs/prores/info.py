"""ProRes stream analysis for probing: libavcodec's prores decoder takes profile and bit
depth from the sample entry's fourcc, then pixel format, size and colour from the first frame
header (SMPTE RDD 36)."""
from __future__ import annotations

from ...errors import InvalidData
from .. import colour
from .frame import parse_frame

# fourcc (as the little-endian codec_tag) -> (FF_PROFILE_PRORES_*, bits per raw sample)
_TAGS = {b"apco": (0, 10), b"apcs": (1, 10), b"apcn": (2, 10), b"apch": (3, 10),
         b"ap4h": (4, 12), b"ap4x": (5, 12)}


def analyze(stream, packets, log) -> None:
    par = stream.codecpar
    profile, bits = _TAGS.get(par.codec_tag.to_bytes(4, "little"), (-99, 10))
    # FFmpeg 5.1.9: the decoder's init takes profile and depth from the fourcc; every
    # decoder is opened by find_stream_info (at EOF at the latest) and by ffprobe itself.
    par.dec_bits_per_raw_sample = bits
    par.profile = profile
    par.bits_per_raw_sample = bits
    if packets:
        for pkt in packets:
            try:
                fh = parse_frame(pkt.data)
            except InvalidData:
                continue
            if fh.width and fh.height:
                par.width, par.height = fh.width, fh.height
            base = "yuva" if fh.alpha_info else "yuv"
            par.format = "%s%sp%dle" % (base, "444" if fh.chroma_444 else "422", bits)
            par.color_primaries = colour.primaries(fh.colour_primaries)
            par.color_transfer = colour.transfer(fh.transfer_characteristic)
            par.color_space = colour.space(fh.matrix_coefficients)
            par.color_range = "tv"
            break
    par.coded_width, par.coded_height = par.width, par.height
    par.refs = 1
