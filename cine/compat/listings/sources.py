"""What cine has, read from its registries, for the listings: demuxers, muxers, decoders,
encoders, user filters, bitstream filters, protocols and the pixel formats it converts."""
from __future__ import annotations


def demuxers() -> list[tuple[str, str]]:
    """(name, long name) of each input format, in registry order."""
    from ...engine.formats.registry import INPUT_FORMATS
    return [(e.name, e.long_name) for e in INPUT_FORMATS]


def muxers() -> list[tuple[str, str]]:
    """(name, long name) of each output format cine writes, in registry order."""
    from ...engine.formats.muxers import MUXERS
    return [(m.name, m.long_name) for m in MUXERS if m.module]


def decoders() -> dict[str, str]:
    """codec name -> the name of cine's decoder for it."""
    from ...engine.codecs.decoders import DECODERS, decoder_name
    return {codec: decoder_name(codec) for codec in DECODERS}


def decoder_names() -> list[str]:
    return list(decoders().values())


def encoders() -> dict[str, str]:
    """codec name -> the name of cine's encoder for it (video, then audio encoders)."""
    from ...engine.codecs.encoders import AUDIO_ENCODERS, ENCODERS
    return {name: name for name in list(ENCODERS) + list(AUDIO_ENCODERS)}


def encoder_names() -> list[str]:
    return list(encoders().values())


def filter_names() -> list[str]:
    """The filters a -vf or -af chain may name."""
    from ..ffmpeg.audio_options import SUPPORTED as AUDIO
    from ..ffmpeg.vfilters import SUPPORTED as VIDEO
    return list(VIDEO) + list(AUDIO)


def bsf_names() -> list[str]:
    from ...engine.bitstream.bsf import FILTERS
    return list(FILTERS)


def protocols() -> tuple[str, ...]:
    from ...engine.io import PROTOCOLS
    return PROTOCOLS


def converts_pix_fmt(name: str) -> bool:
    """Whether cine's scale filter reads and writes the pixel format."""
    from ...engine import picture
    return picture.supported(name)
