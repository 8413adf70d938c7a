"""Fuzz target: open arbitrary bytes as a MOV/MP4 input (format forced, so damaged headers reach
the demuxer's box parser) and drain its packets; only CineError may escape."""
from _common import drain

SEEDS = ["fixtures/mp4"]
DICT = "mp4.dict"


def TestOneInput(data: bytes) -> None:
    drain(data, "fuzz.mp4", format_name="mov")
