"""Fuzz target: arbitrary bytes as a WAV/RF64 input (format forced, so damaged RIFF headers reach
the demuxer), every packet drained, seekable or as a pipe (the last byte's low bit picks); only
CineError may escape."""
from _common import drain

SEEDS = ["fixtures/wav"]
DICT = "riff.dict"


def TestOneInput(data: bytes) -> None:
    drain(data, "fuzz.wav", format_name="wav", seekable=not (data[-1:] and data[-1] & 1))
