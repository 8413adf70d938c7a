"""Codec descriptors (libavcodec's codec_desc): name, media type, long name, decoder presence,
profile names. Lookups parse the compact table once, lazily.
"""
from __future__ import annotations

from collections import namedtuple

_TYPES = {"v": "video", "a": "audio", "s": "subtitle", "d": "data", "t": "attachment"}


CodecDescriptor = namedtuple("CodecDescriptor", ("name", "type", "long_name", "has_decoder",
                                                 "intra_only", "lossy", "lossless"))


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


_ONE: dict[str, CodecDescriptor | None] = {}


def every() -> list[CodecDescriptor]:
    """Every descriptor of the table (the -codecs listing walks them all)."""
    return list(_load().values())


def get(name: str | None) -> CodecDescriptor | None:
    """The descriptor for a codec name, or None (ffprobe then prints 'unknown')."""
    if not name:
        return None
    if _BY_NAME is not None:
        return _BY_NAME.get(name)
    try:
        return _ONE[name]
    except KeyError:
        pass
    # a probe looks up a handful of codecs: find its line rather than parse the whole table
    from .descriptor_table import TABLE
    desc = None
    key = name + "|"
    i = 0 if TABLE.startswith(key) else TABLE.find("\n" + key) + 1   # 0: not found
    if (i or TABLE.startswith(key)) and "\n" not in name and "|" not in name:
        j = TABLE.find("\n", i)
        _, t, dec, props, long_name = TABLE[i:j if j >= 0 else len(TABLE)].split("|", 4)
        desc = CodecDescriptor(name, _TYPES[t], long_name, dec == "D",
                               props[0] == "I", props[1] == "L", props[2] == "S")
    _ONE[name] = desc
    return desc


def profile_name(codec_name: str | None, profile: int) -> str | None:
    """avcodec_profile_name: the profile's printed name, or None when it has none."""
    if not codec_name:
        return None
    from .profiles import PROFILES
    return PROFILES.get(codec_name, {}).get(profile)
