"""The `default` writer of ffprobe 5.1.9: [SECTION] blocks of key=value lines; nested
sections prefix their keys (TAG:, DISPOSITION:). Options nokey/nk, noprint_wrappers/nw."""
from __future__ import annotations

from ..ffprobe.sections import ARRAY, WRAPPER
from .base import DISPLAY_OPTIONAL_FIELDS, MAX_LEVELS, Writer


class DefaultWriter(Writer):
    name = "default"
    flags = DISPLAY_OPTIONAL_FIELDS
    OPTIONS = {
        "noprint_wrappers": ("noprint_wrappers", "bool"), "nw": ("noprint_wrappers", "bool"),
        "nokey": ("nokey", "bool"), "nk": ("nokey", "bool"),
    }
    DEFAULTS = {"noprint_wrappers": 0, "nokey": 0}

    def init(self, context: dict) -> None:
        self.nested = [False] * MAX_LEVELS

    def print_section_header(self) -> None:
        lvl, sec, parent = self.level, self.cur, self.parent
        self.pbuf[lvl] = ""
        if parent is not None and not parent.flags & (WRAPPER | ARRAY):
            self.nested[lvl] = True
            # FFmpeg 5.1.9: the upcased name is cut to 31 characters (a char[32] buffer)
            self.pbuf[lvl] = "%s%s:" % (self.pbuf[lvl - 1],
                                        (sec.element_name or sec.name).upper()[:31])
        if self.noprint_wrappers or self.nested[lvl]:
            return
        if not sec.flags & (WRAPPER | ARRAY):
            self.put("[%s]\n" % sec.name.upper()[:31])

    def print_section_footer(self) -> None:
        sec = self.cur
        if self.noprint_wrappers or self.nested[self.level]:
            return
        if not sec.flags & (WRAPPER | ARRAY):
            self.put("[/%s]\n" % sec.name.upper()[:31])

    def print_string(self, key: str, value: str) -> None:
        if not self.nokey:
            self.put("%s%s=" % (self.pbuf[self.level], key))
        self.put("%s\n" % value)

    def print_integer(self, key: str, value: int) -> None:
        if not self.nokey:
            self.put("%s%s=" % (self.pbuf[self.level], key))
        self.put("%d\n" % value)
