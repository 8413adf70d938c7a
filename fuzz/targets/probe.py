"""Fuzz target: arbitrary bytes opened with no format forced, so every format's probe function,
the ID3v2 skip and the score/retry logic of detection run, then whatever wins is drained;
only CineError may escape."""
from _common import drain

SEEDS = ["fixtures/avi", "fixtures/elementary", "fixtures/errors", "fixtures/mkv",
         "fixtures/mp4", "fixtures/ogg", "fixtures/ts", "fixtures/wav"]


def TestOneInput(data: bytes) -> None:
    drain(data, "fuzz")
