"""Structured log events: the engine reports (component, level, message) to an injected sink.

compat renders them as FFmpeg does ("[mov,mp4,m4a,3gp,3g2,mj2 @ 0x...] message"). The engine
never prints.
"""
from __future__ import annotations

from collections.abc import Callable

# av_log levels
QUIET, PANIC, FATAL, ERROR, WARNING, INFO, VERBOSE, DEBUG, TRACE = -8, 0, 8, 16, 24, 32, 40, 48, 56

Sink = Callable[[str, int, str], None]


def null_sink(component: str, level: int, message: str) -> None:
    return None


class Logger:
    """Bound to one component name (e.g. the demuxer's FFmpeg name)."""

    __slots__ = ("component", "sink")

    def __init__(self, component: str, sink: Sink | None = None):
        self.component = component
        self.sink = sink or null_sink

    def log(self, level: int, message: str) -> None:
        self.sink(self.component, level, message)

    def error(self, message: str) -> None:
        self.sink(self.component, ERROR, message)

    def warning(self, message: str) -> None:
        self.sink(self.component, WARNING, message)

    def info(self, message: str) -> None:
        self.sink(self.component, INFO, message)

    def verbose(self, message: str) -> None:
        self.sink(self.component, VERBOSE, message)

    def debug(self, message: str) -> None:
        self.sink(self.component, DEBUG, message)
