"""The listing options of both faces (FFmpeg 5.1.9 fftools/opt_common.c show_formats,
show_codecs, show_decoders, show_bsfs, show_filters, show_pix_fmts, ...): the reference's
layout, the rows of what cine has. Each listing is a function returning the text the option
prints on stdout; LISTINGS maps the option name to it.
"""
from __future__ import annotations


def _lazy(module: str, name: str):
    def text() -> str:
        mod = __import__("cine.compat.listings." + module, fromlist=[name])
        return getattr(mod, name)()
    text.__name__ = name
    return text


LISTINGS = {
    "formats": _lazy("formats", "formats_text"),
    "muxers": _lazy("formats", "muxers_text"),
    "demuxers": _lazy("formats", "demuxers_text"),
    "devices": _lazy("formats", "devices_text"),
    "codecs": _lazy("codecs", "codecs_text"),
    "decoders": _lazy("codecs", "decoders_text"),
    "encoders": _lazy("codecs", "encoders_text"),
    "filters": _lazy("tables", "filters_text"),
    "bsfs": _lazy("tables", "bsfs_text"),
    "protocols": _lazy("tables", "protocols_text"),
    "pix_fmts": _lazy("tables", "pix_fmts_text"),
    "sample_fmts": _lazy("tables", "sample_fmts_text"),
    "layouts": _lazy("tables", "layouts_text"),
    "dispositions": _lazy("tables", "dispositions_text"),
}
# ffmpeg's own (ffprobe has no -hwaccels)
FFMPEG_LISTINGS = dict(LISTINGS, hwaccels=_lazy("tables", "hwaccels_text"))
