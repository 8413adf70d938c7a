"""Fuzz target: arbitrary bytes as AV1 OBUs (AV1 spec 5.3-5.9: OBU headers, sequence header,
frame header size fields), both as an av1C record (codec private) and as a temporal unit
packet, through the probing analysis; only CineError may escape."""
from _common import clean

from cine.engine.codecs.av1 import info
from cine.engine.log import Logger
from cine.engine.model import Packet, Stream

SEEDS = ["fuzz/seeds/av1_obu"]


def TestOneInput(data: bytes) -> None:
    st = Stream(0)
    st.codecpar.extradata = data
    clean(info.analyze, st, [], Logger("av1"))
    clean(info.analyze, Stream(0), [Packet(0, data, None, None)], Logger("av1"))
