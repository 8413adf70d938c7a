"""Fuzz target: arbitrary bytes as raw H.264 and as raw HEVC (Annex B byte streams, formats
forced, so the access-unit cutter, extradata extraction and parsers all run on every input)
drained packet by packet; only CineError may escape."""
from _common import drain

SEEDS = ["fixtures/elementary"]  # its .h264/.hevc files (the rest end fast)


def TestOneInput(data: bytes) -> None:
    drain(data, "fuzz.h264", format_name="h264")
    drain(data, "fuzz.hevc", format_name="hevc")
