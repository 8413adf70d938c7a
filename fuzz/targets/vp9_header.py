"""Fuzz target: arbitrary bytes as a VP9 packet: superframe index (Annex B) and each frame's
uncompressed header (VP9 6.2: profile, colour config, frame size) as probing analyses them;
only CineError may escape."""
from _common import clean

from cine.engine.codecs.vp9 import info
from cine.engine.log import Logger
from cine.engine.model import Packet, Stream

SEEDS = ["fuzz/seeds/vp9_header"]


def TestOneInput(data: bytes) -> None:
    clean(info.superframe_frames, data)
    clean(info.parse_header, data)
    clean(info.analyze, Stream(0), [Packet(0, data, None, None)], Logger("vp9"))
