"""Fuzz target: arbitrary bytes as Vorbis headers (Vorbis I 4.2): Xiph-laced extradata through
the decoder-side analysis, and the first 30 bytes as an identification header with the rest
as the setup header (codebooks, floors, residues, mappings, modes); only CineError may escape."""
from _common import clean

from cine.engine.codecs.vorbis import info, setup
from cine.engine.log import Logger
from cine.engine.model import Stream

SEEDS = ["fuzz/seeds/vorbis_headers"]
DICT = "ogg.dict"


def TestOneInput(data: bytes) -> None:
    st = Stream(0)
    st.codecpar.extradata = data
    clean(info.analyze, st, [], Logger("vorbis"))
    clean(setup.decoder_init, data[:30], data[30:], Logger("vorbis"))
