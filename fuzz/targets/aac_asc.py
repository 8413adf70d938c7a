"""Fuzz target: arbitrary bytes as an MPEG-4 AudioSpecificConfig (ISO/IEC 14496-3 1.6.2.1):
the demuxer-side parse with and without the SBR/PS sync extension, and the decoder's init
(GASpecificConfig, program_config_element, ELD); only CineError may escape."""
from _common import clean

from cine.engine.codecs.aac.asc import decoder_config, parse_config

SEEDS = ["fuzz/seeds/aac_asc"]


def TestOneInput(data: bytes) -> None:
    clean(parse_config, data, True)
    clean(parse_config, data, False)
    clean(decoder_config, data)
