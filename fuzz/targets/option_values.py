"""Fuzz target: the first byte picks an option-value grammar (av_strtod and parse_number_or_die,
avopt's numbers and flags, durations of -ss/-t, -loglevel, strtol, writer option strings,
-disposition flags, -metadata specifiers, ffprobe's value_string); the rest is the value. Only
the reference's exit (ExitProgram) or CineError may end it."""
from fuzz.targets._args import CLEAN, captured, value_parser

SEEDS = ["fuzz/seeds/option_values"]
DICT = "values.dict"


def TestOneInput(data: bytes) -> None:
    if not data:
        return
    with captured():
        try:
            value_parser(data[0])(data[1:])
        except CLEAN:
            pass
