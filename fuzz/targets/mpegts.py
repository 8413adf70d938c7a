"""Fuzz target: arbitrary bytes as MPEG-TS (format forced, so damaged sync bytes, tables and PES
headers reach the demuxer) drained packet by packet; only CineError may escape."""
from _common import drain

SEEDS = ["fixtures/ts"]


def TestOneInput(data: bytes) -> None:
    drain(data, "fuzz.ts", format_name="mpegts")
