"""Fuzz target: arbitrary bytes as Matroska/WebM (format forced to matroska,webm: EBML
header, SeekHead following, Tracks/Tags/Chapters/Cues, clusters and block lacing), every
packet drained, seekable and as a pipe (the last byte's low bit picks); only CineError may
escape."""
from _common import drain

SEEDS = ["fixtures/mkv"]
DICT = "matroska.dict"


def TestOneInput(data: bytes) -> None:
    seekable = not (data[-1:] and data[-1] & 1)
    drain(data, "fuzz.mkv", format_name="matroska", seekable=seekable)
