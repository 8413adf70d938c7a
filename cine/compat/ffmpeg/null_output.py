"""What cine does for a null output (`-f null -`) whose streams take the muxer's default
encoders.

FFmpeg 5.1.9 decodes every stream of a null output and encodes it with wrapped_avframe
(video) or pcm_s16le (audio). cine does the same for an audio stream it has a decoder for
(one that decodes the stream's profile: decoders.decodable), and for video when it can
decode everything the run feeds the decoder:
  - a decoder exists for the stream's codec, its pixel format and its field order
    (decoders.video_decodable: H.264 8-bit 4:2:0 / 4:0:0, progressive or unknown), and
  - either the codec is intra-only (rawvideo...) or its decoder decodes every picture type
    (h264: I, P and B), or the input has `-skip_frame nokey`, `nointra` or `all` (only intra
    pictures reach the decoder), or the stream's -vf starts with a select that is 0 for
    every picture that is not I (the planner then decodes only the I pictures it passes),
    for a codec the planner reads (h264, rawvideo).
Otherwise (an interlaced, 4:2:2, 4:4:4 or high-bit-depth H.264 stream, an audio stream cine
cannot decode or any other stream in the output, a stream copied or given an encoder
explicitly next to them) the whole output is read as with `-c copy`: `ffmpeg -i IN -f null -`
stays a validity check of the packets.
"""
from __future__ import annotations

import math

_INTRA_SKIPS = ("nokey", "nointra", "all")
_PLANNED = ("h264", "rawvideo")
# inter codecs whose decoder decodes every picture type of the streams video_decodable passes
_ALL_PICTURES = ("h264",)
# comparisons: their value is 0 or 1, so a product with them stays 0 when one factor is
_BOOLEAN = ("eq", "gt", "gte", "lt", "lte", "not", "isnan", "isinf", "between")


def decodes(streams, inputs, in_opts) -> bool:
    """Whether the null output with these (compat) output streams is decoded and encoded."""
    from ...engine.codecs import descriptors
    from ...engine.codecs.decoders import video_decodable
    if not streams:
        return False
    from ...engine.codecs.decoders import decodable
    for ost in streams:
        if ost.codec is not None or ost.codec_type not in ("video", "audio"):
            return False
        par = inputs[ost.file_index].ctx.streams[ost.stream_index].codecpar
        if ost.codec_type == "audio":
            if not decodable(par):
                return False
            continue
        if not video_decodable(par):    # (by name and format: no decoder module is loaded)
            return False
        desc = descriptors.get(par.codec_name)
        if desc is not None and desc.intra_only:
            continue
        if par.codec_name in _ALL_PICTURES:
            continue
        opts = in_opts[ost.file_index].codec_opts
        skip = opts.get("skip_frame") or opts.get("skip_frame:v")
        if skip in _INTRA_SKIPS:
            continue
        if par.codec_name in _PLANNED and ost.filters is not None \
                and selects_intra_only(ost.filters):
            continue
        return False
    return True


def selects_intra_only(text: str) -> bool:
    """Whether a -vf chain starts with a select whose expression is 0 unless pict_type is I:
    eq(pict_type,I) (or PICT_TYPE_I), alone or times comparisons."""
    from ...engine.filters.select import VAR_NAMES
    from ..expr.parser import ExprError, parse
    from ..filtergraph import FilterGraphError, parse_filter_chain
    try:
        chain = parse_filter_chain(text, "video")
    except FilterGraphError:
        return False
    if not chain or chain[0].name != "select":
        return False
    try:
        tree, _lines = parse(chain[0].options.get("expr", "1"), VAR_NAMES)
    except ExprError:
        return False
    return _zero_unless_i(tree, VAR_NAMES)


def _zero_unless_i(e, names) -> bool:
    a, b = e.params[0], e.params[1]
    if e.kind == "eq":
        pair = {_const_name(a, names), _const_name(b, names)}
        return pair in ({"pict_type", "I"}, {"pict_type", "PICT_TYPE_I"})
    if e.kind == "mul":
        return (_zero_unless_i(a, names) and _finite(b)) or \
            (_zero_unless_i(b, names) and _finite(a))
    return False


def _const_name(e, names):
    if e is not None and e.kind == "const" and e.value == 1.0:
        return names[e.index]
    return None


def _finite(e) -> bool:
    """Whether the node's value is finite whatever the variables are."""
    if e.kind == "value":
        return math.isfinite(e.value)
    if e.kind in _BOOLEAN:
        return math.isfinite(e.value)
    if e.kind == "mul":
        return math.isfinite(e.value) and _finite(e.params[0]) and _finite(e.params[1])
    return False
