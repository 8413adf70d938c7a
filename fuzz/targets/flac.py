"""Fuzz target: arbitrary bytes as raw FLAC (format forced: STREAMINFO, SEEKTABLE, VORBIS_COMMENT,
PICTURE, CUESHEET blocks, frame headers), every packet drained, seekable or as a pipe (the last
byte's low bit picks); only CineError may escape."""
from _common import drain

SEEDS = ["fixtures/elementary"]
DICT = "flac.dict"


def TestOneInput(data: bytes) -> None:
    drain(data, "fuzz.flac", format_name="flac", seekable=not (data[-1:] and data[-1] & 1))
