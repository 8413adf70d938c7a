"""Fuzz target: arbitrary bytes as a Sony Wave64 input (format forced: GUID chunk headers, 64-bit
sizes), every packet drained, seekable or as a pipe (the last byte's low bit picks); only
CineError may escape."""
from _common import drain

SEEDS = ["fixtures/wav"]
DICT = "riff.dict"


def TestOneInput(data: bytes) -> None:
    drain(data, "fuzz.w64", format_name="w64", seekable=not (data[-1:] and data[-1] & 1))
