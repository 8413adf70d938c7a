"""Fuzz target: the whole ffprobe (-of json -show_format -show_streams -show_packets) on the
bytes as a file; an "internal error" from the program's guard is a finding."""
from fuzz.targets._args import ffprobe_run

SEEDS = ["fixtures/avi", "fixtures/elementary", "fixtures/errors", "fixtures/mkv",
         "fixtures/mp4", "fixtures/ogg", "fixtures/ts", "fixtures/wav"]


def TestOneInput(data: bytes) -> None:
    ffprobe_run(data)
