"""format (libavfilter/vf_format.c): the chain's pixel format becomes the first listed one
the next filter accepts; the conversion itself is done by an automatic scale filter
(graph.py inserts it), as libavfilter's format negotiation does."""
from __future__ import annotations


class FormatFilter:
    def __init__(self, options: dict, log):
        self.log = log
        self.pix_fmts = tuple(options["pix_fmts"])

    def configure(self, inlink):
        return inlink.copy()

    def push(self, frame) -> list:
        return [frame]

    def flush(self, eof_pts) -> list:
        return []
