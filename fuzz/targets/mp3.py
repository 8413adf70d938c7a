"""Fuzz target: arbitrary bytes as MPEG audio (format forced: frame headers, ID3v2/ID3v1/APE tags,
Xing/Info/LAME/VBRI headers), every packet drained, seekable or as a pipe (the last byte's low
bit picks); only CineError may escape."""
from _common import drain

SEEDS = ["fixtures/elementary"]
DICT = "mp3.dict"


def TestOneInput(data: bytes) -> None:
    drain(data, "fuzz.mp3", format_name="mp3", seekable=not (data[-1:] and data[-1] & 1))
