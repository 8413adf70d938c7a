"""AV1 stream analysis for probing: what the Debian build's libdav1d wrapper and the av1
parser export from the sequence header (av1C configOBUs or the first temporal unit) and the
first shown frame (AV1 spec 5.5, 5.9).

FFmpeg 5.1.9: libdav1d reports the level as ((major - 2) << 2) | minor of operating point 0,
the sample aspect ratio from the render size, and film_grain (printed from ffprobe's own
decoder context) from the av1C sequence header's film_grain_params_present.
"""
from __future__ import annotations

from math import gcd

from ...errors import InvalidData
from ...model import Rational
from .. import colour
from .av1c import config_obus, sequence_header_of
from .obu import OBU_FRAME, OBU_FRAME_HEADER, OBU_SEQUENCE_HEADER, SequenceHeader, \
    parse_frame_size, parse_sequence_header, split_obus

_DEPTH_SUFFIX = {8: "", 10: "10le", 12: "12le"}


def pix_fmt(seq: SequenceHeader) -> str:
    depth = _DEPTH_SUFFIX[seq.bit_depth]
    if seq.mono_chrome:
        return "gray" + depth
    if (seq.subsampling_x, seq.subsampling_y) == (0, 0):
        if seq.matrix_coefficients == 0 and seq.colour_primaries == 1 \
                and seq.transfer_characteristics == 13:
            return "gbrp" + depth
        return "yuv444p" + depth
    if (seq.subsampling_x, seq.subsampling_y) == (1, 0):
        return "yuv422p" + depth
    return "yuv420p" + depth


def _init_params(par, seq: SequenceHeader) -> None:
    """libdav1d_init_params."""
    par.profile = seq.profile
    par.level = seq.seq_level_idx[0] if seq.seq_level_idx else 0
    if seq.chroma_sample_position == 1:
        par.chroma_location = "left"
    elif seq.chroma_sample_position == 2:
        par.chroma_location = "topleft"
    par.color_space = colour.space(seq.matrix_coefficients)
    par.color_primaries = colour.primaries(seq.colour_primaries)
    par.color_transfer = colour.transfer(seq.transfer_characteristics)
    par.color_range = "pc" if seq.color_range else "tv"
    par.format = pix_fmt(seq)


def _first_frame(packets, seq: SequenceHeader | None):
    """(sequence header, first shown intra frame size) from the first temporal units."""
    for pkt in packets:
        try:
            obus = split_obus(pkt.data)
        except InvalidData:
            return seq, None
        for obu in obus:
            if obu.type == OBU_SEQUENCE_HEADER:
                try:
                    seq = parse_sequence_header(obu.payload)
                except InvalidData:
                    return seq, None
            elif obu.type in (OBU_FRAME, OBU_FRAME_HEADER) and seq is not None:
                if obu.spatial_id > 0:
                    continue
                try:
                    size = parse_frame_size(obu.payload, seq, obu.temporal_id, obu.spatial_id)
                except InvalidData:
                    return seq, None
                if size is not None and size.show_frame:
                    return seq, size
        return seq, None
    return seq, None


def analyze(stream, packets, log) -> None:
    par = stream.codecpar
    init_seq = sequence_header_of(config_obus(par.extradata)) if par.extradata else None
    if init_seq is not None:
        # FFmpeg 5.1.9: opening the decoder (find_stream_info does it for every stream, at
        # EOF at the latest) exports the av1C sequence header; the pixel format is then known,
        # so no frame is decoded: size and SAR stay the container's.
        _init_params(par, init_seq)
        # FFmpeg 5.1.9 (libdav1d init): the decoder takes the sequence header's maximum frame
        # size as its dimensions, and refuses to open on a size av_image_check_size rejects
        w, h = init_seq.max_frame_width, init_seq.max_frame_height
        if w <= 0 or h <= 0 or (8 * w + 1024) * (h + 128) >= 0x7FFFFFFF:
            log.error("Picture size %ux%u is invalid\n" % (w, h))
            par.decoder_open_failed = True
            return
        par.width, par.height = w, h
    elif packets:
        seq, size = _first_frame(packets, None)
        if size is not None and seq is not None:
            _init_params(par, seq)
            par.width, par.height = size.upscaled_width, size.frame_height
            num = size.frame_height * size.render_width
            den = size.upscaled_width * size.render_height
            g = gcd(num, den) or 1
            par.sample_aspect_ratio = Rational(num // g, den // g)
    par.film_grain = int(bool(init_seq and init_seq.film_grain_params_present))
    par.coded_width, par.coded_height = par.width, par.height
    par.refs = 1
