"""Fuzz target: arbitrary bytes as raw AC-3 or E-AC-3 (format forced: the last byte's low bit
picks which, so one corpus reaches both syncinfo/bsi parsers), every packet drained, seekable or
as a pipe (the last byte's bit 1 picks); only CineError may escape."""
from _common import drain

SEEDS = ["fixtures/elementary"]
DICT = "ac3.dict"


def TestOneInput(data: bytes) -> None:
    fmt = "eac3" if data[-1:] and data[-1] & 1 else "ac3"
    drain(data, "fuzz." + fmt, format_name=fmt, seekable=not (data[-1:] and data[-1] & 2))
