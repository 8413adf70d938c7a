"""Fuzz target: an ffprobe command line (NUL-separated arguments) through the option parser,
the writer options and -select_streams; only the reference's exits (ExitProgram) or CineError
may end it."""
from fuzz.targets._args import CLEAN, argv, captured, ffprobe_parse

SEEDS = ["fuzz/seeds/ffprobe_args"]
DICT = "args.dict"


def TestOneInput(data: bytes) -> None:
    with captured():
        try:
            ffprobe_parse(argv(data))
        except CLEAN:
            pass
