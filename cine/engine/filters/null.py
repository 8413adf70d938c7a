"""null: frames pass unchanged."""
from __future__ import annotations


class NullFilter:
    def __init__(self, options: dict, log):
        self.log = log

    def configure(self, inlink):
        return inlink.copy()

    def push(self, frame) -> list:
        return [frame]

    def flush(self, eof_pts) -> list:
        return []
