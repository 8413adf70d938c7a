"""Codec descriptors (libavcodec's codec_desc): name, media type, long name, decoder presence,
profile names. Lookups parse the compact table once, lazily.
"""
from __future__ import annotations

from typing import NamedTuple

_TYPES = {"v": "video", "a": "audio", "s": "subtitle", "d": "data", "t": "attachment"}


class CodecDescriptor(NamedTuple):
    name: str
    type: str
    long_name: str
    has_decoder: bool
    intra_only: bool
    lossy: bool
    lossless: bool


_BY_NAME: dict[str, CodecDescriptor] | None = None


def _load() -> dict[str, CodecDescriptor]:
    global _BY_NAME
    if _BY_NAME is None:
        from .descriptor_table import TABLE
        table = {}
        for line in TABLE.splitlines():
            name, t, dec, props, long_name = line.split("|", 4)
            table[name] = CodecDescriptor(name, _TYPES[t], long_name, dec == "D",
                                          props[0] == "I", props[1] == "L", props[2] == "S")
        _BY_NAME = table
    return _BY_NAME


def get(name: str | None) -> CodecDescriptor | None:
    """The descriptor for a codec name, or None (ffprobe then prints 'unknown')."""
    if not name:
        return None
    return _load().get(name)


def profile_name(codec_name: str | None, profile: int) -> str | None:
    """avcodec_profile_name: the profile's printed name, or None when it has none."""
    if not codec_name:
        return None
    from .profiles import PROFILES
    return PROFILES.get(codec_name, {}).get(profile)
