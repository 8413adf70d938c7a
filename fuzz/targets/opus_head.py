"""Fuzz target: arbitrary bytes as an OpusHead (RFC 7845 5.1, channel mapping families), as
the demuxer stores it and through the decoder-side analysis (the first byte is the channel
count a container declared); only CineError may escape."""
from _common import clean

from cine.engine.codecs.opus import head, info
from cine.engine.log import Logger
from cine.engine.model import Stream

SEEDS = ["fuzz/seeds/opus_head"]
DICT = "ogg.dict"


def TestOneInput(data: bytes) -> None:
    clean(head.parse, data, 0)
    st = Stream(0)
    st.codecpar.channels, st.codecpar.extradata = (data[0], data[1:]) if data else (0, None)
    clean(info.analyze, st, [], Logger("opus"))
