"""The `flat` writer of ffprobe 5.1.9: shell-friendly `streams.stream.0.codec_name="h264"`
lines. Options sep_char/s, hierarchical/h."""
from __future__ import annotations

from ..ffprobe.sections import ARRAY, WRAPPER
from .base import DISPLAY_OPTIONAL_FIELDS, PUT_PACKETS_AND_FRAMES_IN_SAME_CHAPTER, Writer, \
    WriterError


def escape_key(src: str) -> str:
    """Every character but ASCII letters and digits becomes '_' (per byte, as in C)."""
    raw = src.encode("utf-8", "surrogateescape")
    return "".join(chr(b) if (48 <= b <= 57 or 65 <= b <= 90 or 97 <= b <= 122) else "_"
                   for b in raw)


_VALUE_ESCAPES = {"\n": "\\n", "\r": "\\r", "\\": "\\\\", '"': '\\"', "`": "\\`", "$": "\\$"}


def escape_value(src: str) -> str:
    return "".join(_VALUE_ESCAPES.get(c, c) for c in src)


class FlatWriter(Writer):
    name = "flat"
    flags = DISPLAY_OPTIONAL_FIELDS | PUT_PACKETS_AND_FRAMES_IN_SAME_CHAPTER
    OPTIONS = {
        "sep_char": ("sep_str", "str"), "s": ("sep_str", "str"),
        "hierarchical": ("hierarchical", "bool"), "h": ("hierarchical", "bool"),
    }
    DEFAULTS = {"sep_str": ".", "hierarchical": 1}

    def init(self, context: dict) -> None:
        if len(self.sep_str.encode("utf-8", "surrogateescape")) != 1:
            self._err("Item separator '%s' specified, but must contain a single character\n"
                      % self.sep_str)
            raise WriterError()

    def print_section_header(self) -> None:
        lvl, sec, parent = self.level, self.cur, self.parent
        self.pbuf[lvl] = ""
        if parent is None:
            return
        buf = self.pbuf[lvl - 1]
        if self.hierarchical or not sec.flags & (ARRAY | WRAPPER):
            buf += sec.name + self.sep_str
            if parent.flags & ARRAY:
                n = (self.nb_section_packet_frame if parent.id == "packets_and_frames"
                     else self.nb_item[lvl - 1])
                buf += "%d%s" % (n, self.sep_str)
        self.pbuf[lvl] = buf

    def print_integer(self, key: str, value: int) -> None:
        self.put("%s%s=%d\n" % (self.pbuf[self.level], key, value))

    def print_string(self, key: str, value: str) -> None:
        self.put('%s%s="%s"\n' % (self.pbuf[self.level], escape_key(key), escape_value(value)))
