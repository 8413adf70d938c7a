"""Fuzz target: arbitrary bytes as Ogg (format forced: page resync and CRC, packets across
pages, the Vorbis/Opus/FLAC/Speex/Theora/VP8 header mappings, the duration scan), every
packet drained, seekable and as a pipe (the last byte's low bit picks); only CineError may
escape."""
from _common import drain

SEEDS = ["fixtures/ogg"]
DICT = "ogg.dict"


def TestOneInput(data: bytes) -> None:
    seekable = not (data[-1:] and data[-1] & 1)
    drain(data, "fuzz.ogg", format_name="ogg", seekable=seekable)
