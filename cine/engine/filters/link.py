"""What flows between two filters besides frames (AVFilterLink): picture size, pixel format,
time base, frame rate and sample aspect ratio."""
from __future__ import annotations

from ..model import Rational


class Link:
    __slots__ = ("width", "height", "pix_fmt", "time_base", "frame_rate", "sar")

    def __init__(self, width: int, height: int, pix_fmt: str, time_base: Rational,
                 frame_rate: Rational = Rational(0, 1), sar: Rational = Rational(0, 1)):
        self.width = width
        self.height = height
        self.pix_fmt = pix_fmt
        self.time_base = time_base
        self.frame_rate = frame_rate
        self.sar = sar

    def copy(self, **changes) -> "Link":
        new = Link(self.width, self.height, self.pix_fmt, self.time_base, self.frame_rate,
                   self.sar)
        for k, v in changes.items():
            setattr(new, k, v)
        return new

    def __repr__(self) -> str:
        return "Link(%dx%d %s tb=%d/%d fr=%d/%d sar=%d/%d)" % (
            self.width, self.height, self.pix_fmt, self.time_base.num, self.time_base.den,
            self.frame_rate.num, self.frame_rate.den, self.sar.num, self.sar.den)


class FilterError(Exception):
    """A filter refused its configuration or a frame; the lines are already logged.
    (Turned into a CineError by the graph runner.)"""

    def __init__(self, message: str = "", code: int = -22):
        super().__init__(message)
        self.message = message
        self.code = code
