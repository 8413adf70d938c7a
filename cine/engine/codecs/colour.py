"""ITU-T H.273 colour code points -> the names ffprobe 5.1.9 prints (libavutil/pixdesc.c tables).

None stands for "unspecified" (what ffprobe prints as unknown / omits). Values FFmpeg has no
name for are also None: decoders reset such values to unspecified.
"""
from __future__ import annotations

_PRIMARIES = {0: "reserved", 1: "bt709", 3: "reserved", 4: "bt470m", 5: "bt470bg",
              6: "smpte170m", 7: "smpte240m", 8: "film", 9: "bt2020", 10: "smpte428",
              11: "smpte431", 12: "smpte432", 22: "ebu3213"}
_TRANSFER = {0: "reserved", 1: "bt709", 3: "reserved", 4: "bt470m", 5: "bt470bg",
             6: "smpte170m", 7: "smpte240m", 8: "linear", 9: "log100", 10: "log316",
             11: "iec61966-2-4", 12: "bt1361e", 13: "iec61966-2-1", 14: "bt2020-10",
             15: "bt2020-12", 16: "smpte2084", 17: "smpte428", 18: "arib-std-b67"}
_SPACE = {0: "gbr", 1: "bt709", 3: "reserved", 4: "fcc", 5: "bt470bg", 6: "smpte170m",
          7: "smpte240m", 8: "ycgco", 9: "bt2020nc", 10: "bt2020c", 11: "smpte2085",
          12: "chroma-derived-nc", 13: "chroma-derived-c", 14: "ictcp"}
# AVChromaLocation values 1..6 (H.264/H.265 chroma_sample_loc_type + 1)
_CHROMA_LOC = {1: "left", 2: "center", 3: "topleft", 4: "top", 5: "bottomleft", 6: "bottom"}


def primaries(code: int) -> str | None:
    return _PRIMARIES.get(code)


def transfer(code: int) -> str | None:
    return _TRANSFER.get(code)


def space(code: int) -> str | None:
    return _SPACE.get(code)


def chroma_location(av_value: int) -> str | None:
    """Name of an AVChromaLocation value (0 = unspecified -> None)."""
    return _CHROMA_LOC.get(av_value)


def colour_range(full: bool) -> str:
    return "pc" if full else "tv"
