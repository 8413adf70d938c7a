"""The one-line codec summary of the stderr dump ("h264 (High) (avc1 / 0x31637661), yuv420p(tv,
bt709, progressive), 320x240 [SAR 1:1 DAR 4:3], 59 kb/s"): FFmpeg 5.1.9 libavcodec avcodec_string
for a decoder context filled by avcodec_parameters_to_context.

Only what that context holds is used: fields avcodec_parameters_to_context does not copy keep the
fresh context's defaults (refs 1, rc_max_rate 0, time_base 0/1, no trailing padding).
"""
from __future__ import annotations

from cine.compat.avstring import fourcc_str  # noqa: F401 (re-exported)
from cine.engine.codecs import descriptors
from cine.engine.codecs.bits_per_sample import bits_per_sample
from cine.engine.model import CodecParameters
from cine.engine.timebase import reduce

LOG_INFO, LOG_VERBOSE, LOG_DEBUG = 32, 40, 48

# av_get_bytes_per_sample per sample format name.
_SAMPLE_BYTES = {"u8": 1, "s16": 2, "s32": 4, "flt": 4, "dbl": 8, "s64": 8,
                 "u8p": 1, "s16p": 2, "s32p": 4, "fltp": 4, "dblp": 8, "s64p": 8}

_FIELD_ORDER_TEXT = {
    "progressive": "progressive", "tt": "top first", "bb": "bottom first",
    "tb": "top coded first (swapped)", "bt": "bottom coded first (swapped)",
}
_CHROMA_LOCATIONS = ("left", "center", "topleft", "top", "bottomleft", "bottom")
_MEDIA_TYPES = ("video", "audio", "data", "subtitle", "attachment")
_INT64_MAX = (1 << 63) - 1




def _c_div(a: int, b: int) -> int:
    """C integer division (truncates toward zero)."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def _bit_rate(par: CodecParameters) -> int:
    """get_bit_rate(): the audio rate of fixed-size sample codecs is derived, not stored."""
    if par.codec_type == "audio":
        bps = bits_per_sample(par.codec_name)
        if bps:
            rate = par.sample_rate * par.channels
            return 0 if rate > _INT64_MAX // bps else rate * bps
        return par.bit_rate
    if par.codec_type in ("video", "data", "subtitle", "attachment"):
        return par.bit_rate
    return 0


def channel_layout_text(par: CodecParameters) -> str:
    """av_channel_layout_describe: the described layout, or "N channels" when unspecified."""
    if par.channel_layout is not None:
        return par.channel_layout
    return "%d channels" % par.channels


def _video_details(par: CodecParameters, loglevel: int) -> tuple[str, bool]:
    """The parenthesised pix_fmt details and whether colour needed the long a/b/c form."""
    from cine.engine import pixfmt

    parts = []
    new_line = False
    desc = pixfmt.get(par.format)
    if par.bits_per_raw_sample and par.format is not None and desc is not None \
            and par.bits_per_raw_sample < desc.depth:
        parts.append("%d bpc" % par.bits_per_raw_sample)
    # FFmpeg 5.1.9: a range with no name (reserved value) is left out; the model says "unknown".
    if par.color_range is not None and par.color_range != "unknown":
        parts.append(par.color_range)
    if par.color_space is not None or par.color_primaries is not None \
            or par.color_transfer is not None:
        # FFmpeg 5.1.9: the unspecified value's name is "unknown" (as is a missing name).
        col = par.color_space or "unknown"
        pri = par.color_primaries or "unknown"
        trc = par.color_transfer or "unknown"
        if col != pri or col != trc:
            new_line = True
            parts.append("%s/%s/%s" % (col, pri, trc))
        else:
            parts.append(col)
    if par.field_order is not None:
        parts.append(_FIELD_ORDER_TEXT.get(par.field_order, "progressive"))
    if loglevel >= LOG_VERBOSE and par.chroma_location in _CHROMA_LOCATIONS:
        parts.append(par.chroma_location)
    return ("(%s)" % ", ".join(parts) if parts else ""), new_line


def codec_string(par: CodecParameters, *, loglevel: int = LOG_INFO, separator: str = ", ",
                 decoder: str | None = None) -> str:
    """avcodec_string(buf, 256, ctx, 0) for a context built from `par`, at log level `loglevel`.

    `decoder` is the name of the decoder opened on that context, if any (the dump's context has
    none; find_stream_info's "Could not find codec parameters" message may: "mp3 (mp3float)")."""
    ctype = par.codec_type if par.codec_type in _MEDIA_TYPES else None
    name = par.codec_name or "none"
    head = "%s: %s" % (ctype or "unknown", name)
    # FFmpeg 5.1.9: the first letter's case is flipped with an XOR, not upper-cased.
    text = chr(ord(head[0]) ^ 0x20) + head[1:]
    if decoder and decoder != name:
        text += " (%s)" % decoder
    profile = descriptors.profile_name(par.codec_name, par.profile)
    if profile:
        text += " (%s)" % profile
    if ctype == "video" and loglevel >= LOG_VERBOSE:
        text += ", 1 reference frame"   # a fresh context's refs default
    if par.codec_tag:
        text += " (%s / 0x%04X)" % (fourcc_str(par.codec_tag), par.codec_tag)

    if ctype == "video":
        text += separator + (par.format or "none")
        details, new_line = _video_details(par, loglevel)
        text += details
        if par.width:
            text += "%s%dx%d" % (separator if new_line else ", ", par.width, par.height)
            if loglevel >= LOG_VERBOSE:
                cw = par.info_coded_width
                ch = par.info_coded_height
                cw = par.coded_width if cw is None else cw
                ch = par.coded_height if ch is None else ch
                if par.width != cw or par.height != ch:
                    text += " (%dx%d)" % (cw, ch)
            sar = par.sample_aspect_ratio
            if sar.num:
                dar = reduce(par.width * sar.num, par.height * sar.den, 1024 * 1024)
                text += " [SAR %d:%d DAR %d:%d]" % (sar.num, sar.den, dar.num, dar.den)
            if loglevel >= LOG_DEBUG:
                text += ", 0/1"     # the fresh context's time_base
        # FFmpeg 5.1.9: these are find_stream_info's decoder properties, not the ones ffprobe
        # prints as closed_captions/film_grain (its own freshly opened decoder's).
        if par.info_closed_captions:
            text += ", Closed Captions"
        if par.info_film_grain:
            text += ", Film Grain"
        if par.info_lossless:
            text += ", lossless"
    elif ctype == "audio":
        text += separator
        if par.sample_rate:
            text += "%d Hz, " % par.sample_rate
        text += channel_layout_text(par)
        if par.format is not None:
            text += ", %s" % par.format
        if par.bits_per_raw_sample > 0 \
                and par.bits_per_raw_sample != _SAMPLE_BYTES.get(par.format or "", 0) * 8:
            text += " (%d bit)" % par.bits_per_raw_sample
        if loglevel >= LOG_VERBOSE and par.initial_padding:
            text += ", delay %d" % par.initial_padding
    elif ctype == "data":
        if loglevel >= LOG_DEBUG:
            text += ", 0/1"
    elif ctype == "subtitle":
        if par.width:
            text += ", %dx%d" % (par.width, par.height)
    else:
        return _clip(text)

    rate = _bit_rate(par)
    if rate:
        text += ", %d kb/s" % _c_div(rate, 1000)
    return _clip(text)


def _clip(text: str) -> str:
    """avcodec_string writes into a 256-byte buffer: at most 255 bytes survive."""
    raw = text.encode("utf-8", "surrogateescape")
    if len(raw) <= 255:
        return text
    return raw[:255].decode("utf-8", "surrogateescape")
