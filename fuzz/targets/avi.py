"""Fuzz target: arbitrary bytes as an AVI input (format forced: hdrl/strl lists, idx1, OpenDML
indx/ix## super and standard indexes), every packet drained, seekable or as a pipe (the last
byte's low bit picks); only CineError may escape."""
from _common import drain

SEEDS = ["fixtures/avi"]
DICT = "riff.dict"


def TestOneInput(data: bytes) -> None:
    drain(data, "fuzz.avi", format_name="avi", seekable=not (data[-1:] and data[-1] & 1))
