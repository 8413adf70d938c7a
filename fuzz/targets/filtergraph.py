"""Fuzz target: the bytes as a -vf filter graph (cine/compat/filtergraph.py); the first byte
picks the stream's media (odd: audio); only FilterGraphError (a CineError) may end it."""
from cine.compat.filtergraph import FilterGraphError, parse_filter_chain
from fuzz.targets._args import text
SEEDS, DICT = ["fuzz/seeds/filtergraph"], "filtergraph.dict"


def TestOneInput(data: bytes) -> None:
    if not data:
        return
    try:
        parse_filter_chain(text(data[1:]), "audio" if data[0] & 1 else "video", "sws_flags=area")
    except FilterGraphError:
        pass
