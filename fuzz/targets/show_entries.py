"""Fuzz target: first byte 'e' -show_entries (compat/entries.py), 's' a stream specifier against
demo inputs (compat/specifiers.py), else -read_intervals (compat/intervals.py); only each
parser's own error (carrying the reference's message) may end it."""
from cine.compat.entries import EntriesError, parse_show_entries
from cine.compat.intervals import IntervalError, describe, parse_read_intervals
from cine.compat.specifiers import InvalidSpecifier, select_streams
from fuzz.targets._args import contexts, text
SEEDS, DICT = ["fuzz/seeds/show_entries"], "entries.dict"


def TestOneInput(data: bytes) -> None:
    kind, value = data[:1], text(data[1:])
    try:
        if kind == b"e":
            return parse_show_entries(value, {})
        if kind == b"s":
            return [select_streams(value, ctx) for ctx in contexts()]
        [describe(iv) for iv in parse_read_intervals(value, warn=len)]
    except (EntriesError, InvalidSpecifier, IntervalError):
        pass
