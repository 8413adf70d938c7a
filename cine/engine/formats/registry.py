"""The container registry: one line per input format, in libavformat's iteration order
(allformats.c), because detection ties and equal scores are resolved by that order.

Probe modules are stdlib-only and imported lazily while detecting; the demuxer module is
imported only for the winner.
"""
from __future__ import annotations

from typing import NamedTuple


class FormatEntry(NamedTuple):
    name: str           # FFmpeg's short name(s), as ffprobe prints format_name
    long_name: str
    extensions: str     # comma-separated, as av_match_ext expects; "" for none
    mime: str           # comma-separated MIME types; "" for none
    probe: str          # module exposing probe(buf: bytes, filename: str) -> int ("" = none)
    demuxer: str        # "module:Class"
    flags: str = ""     # "show_ids", "nofile"...


INPUT_FORMATS: tuple[FormatEntry, ...] = (
    FormatEntry("matroska,webm", "Matroska / WebM", "mkv,mk3d,mka,mks,webm",
                "audio/webm,audio/x-matroska,video/webm,video/x-matroska",
                "cine.engine.formats.matroska.probe", "cine.engine.formats.matroska.demux:MatroskaDemuxer"),
    FormatEntry("mov,mp4,m4a,3gp,3g2,mj2", "QuickTime / MOV",
                "mov,mp4,m4a,3gp,3g2,mj2,psp,m4b,ism,ismv,isma,f4v,avif", "",
                "cine.engine.formats.mp4.probe", "cine.engine.formats.mp4.demux:Mp4Demuxer",
                "show_ids"),
)


def by_name(name: str) -> FormatEntry | None:
    """Look a format up by any of its short names (for -f)."""
    for entry in INPUT_FORMATS:
        if name in entry.name.split(","):
            return entry
    return None


def load_demuxer(entry: FormatEntry):
    import importlib
    mod, _, cls = entry.demuxer.partition(":")
    return getattr(importlib.import_module(mod), cls)
