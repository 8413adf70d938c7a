"""Fuzz target: an ffmpeg command line (NUL-separated arguments) through split_commandline, the
global, input and output options, -map and stream selection against demo inputs, without
opening a file; only the reference's exits (ExitProgram) or CineError may end it."""
from fuzz.targets._args import CLEAN, argv, captured, ffmpeg_parse

SEEDS = ["fuzz/seeds/ffmpeg_args"]
DICT = "args.dict"


def TestOneInput(data: bytes) -> None:
    with captured():
        try:
            ffmpeg_parse(argv(data))
        except CLEAN:
            pass
