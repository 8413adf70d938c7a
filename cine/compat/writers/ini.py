"""The `ini` writer of ffprobe 5.1.9: `[streams.stream.0]` groups of escaped key=value
lines. Option hierarchical/h."""
from __future__ import annotations

from ..ffprobe.sections import ARRAY, WRAPPER
from .base import DISPLAY_OPTIONAL_FIELDS, PUT_PACKETS_AND_FRAMES_IN_SAME_CHAPTER, Writer

_SIMPLE = {"\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape(src: str) -> str:
    out = []
    for c in src:
        rep = _SIMPLE.get(c)
        if rep is not None:
            out.append(rep)
            continue
        if c in "\\#=:":
            out.append("\\")
        if ord(c) < 32:
            out.append("\\x00%02x" % ord(c))
        else:
            out.append(c)
    return "".join(out)


class IniWriter(Writer):
    name = "ini"
    flags = DISPLAY_OPTIONAL_FIELDS | PUT_PACKETS_AND_FRAMES_IN_SAME_CHAPTER
    OPTIONS = {"hierarchical": ("hierarchical", "bool"), "h": ("hierarchical", "bool")}
    DEFAULTS = {"hierarchical": 1}

    def print_section_header(self) -> None:
        lvl, sec, parent = self.level, self.cur, self.parent
        self.pbuf[lvl] = ""
        if parent is None:
            self.put("# ffprobe output\n\n")
            return
        if self.nb_item[lvl - 1]:
            self.put("\n")
        buf = self.pbuf[lvl - 1]
        if self.hierarchical or not sec.flags & (ARRAY | WRAPPER):
            buf += ("." if buf else "") + sec.name
            if parent.flags & ARRAY:
                n = (self.nb_section_packet_frame if parent.id == "packets_and_frames"
                     else self.nb_item[lvl - 1])
                buf += ".%d" % n
        self.pbuf[lvl] = buf
        if not sec.flags & (ARRAY | WRAPPER):
            self.put("[%s]\n" % buf)

    def print_string(self, key: str, value: str) -> None:
        self.put("%s=%s\n" % (escape(key), escape(value)))

    def print_integer(self, key: str, value: int) -> None:
        self.put("%s=%d\n" % (key, value))
