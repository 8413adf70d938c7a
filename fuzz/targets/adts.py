"""Fuzz target: arbitrary bytes as raw ADTS AAC (format forced: ADTS headers, the AAC frame
analysis of find_stream_info), every packet drained, seekable or as a pipe (the last byte's low
bit picks); only CineError may escape."""
from _common import drain

SEEDS = ["fixtures/elementary"]
DICT = "adts.dict"


def TestOneInput(data: bytes) -> None:
    drain(data, "fuzz.aac", format_name="aac", seekable=not (data[-1:] and data[-1] & 1))
