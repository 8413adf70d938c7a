"""The `json` writer of ffprobe 5.1.9 (4-space indentation, or one line per section with
compact/c=1). Optional fields (print_str_opt) are not displayed."""
from __future__ import annotations

from ..ffprobe.sections import ARRAY, WRAPPER
from .base import PUT_PACKETS_AND_FRAMES_IN_SAME_CHAPTER, Writer, c_indent

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r",
            "\t": "\\t"}


def escape(src: str) -> str:
    if '"' not in src and "\\" not in src and src.isprintable():
        return src                  # nothing below 0x20, no quote or backslash
    out = []
    for c in src:
        rep = _ESCAPES.get(c)
        if rep is not None:
            out.append(rep)
        elif ord(c) < 32:
            out.append("\\u00%02x" % ord(c))
        else:
            out.append(c)
    return "".join(out)


class JsonWriter(Writer):
    name = "json"
    flags = PUT_PACKETS_AND_FRAMES_IN_SAME_CHAPTER
    OPTIONS = {"compact": ("compact", "bool"), "c": ("compact", "bool")}
    DEFAULTS = {"compact": 0}

    def init(self, context: dict) -> None:
        self.indent_level = 0
        self.item_sep = ", " if self.compact else ",\n"
        self.item_start_end = " " if self.compact else "\n"

    def _indent(self) -> None:
        self.put(c_indent(self.indent_level * 4))

    def print_section_header(self) -> None:
        lvl, sec, parent = self.level, self.cur, self.parent
        if lvl and self.nb_item[lvl - 1]:
            self.put(",\n")
        if sec.flags & WRAPPER:
            self.put("{\n")
            self.indent_level += 1
            return
        name = escape(sec.name)
        self._indent()
        self.indent_level += 1
        if sec.flags & ARRAY:
            self.put('"%s": [\n' % name)
        elif parent is not None and not parent.flags & ARRAY:
            self.put('"%s": {%s' % (name, self.item_start_end))
        else:
            self.put("{%s" % self.item_start_end)
            # FFmpeg 5.1.9: packets and frames in one array carry their type
            if parent is not None and parent.id == "packets_and_frames":
                if not self.compact:
                    self._indent()
                self.put('"type": "%s"' % sec.name)
                self.nb_item[lvl] += 1

    def print_section_footer(self) -> None:
        sec = self.cur
        if self.level == 0:
            self.indent_level -= 1
            self.put("\n}\n")
        elif sec.flags & ARRAY:
            self.put("\n")
            self.indent_level -= 1
            self._indent()
            self.put("]")
        else:
            self.put(self.item_start_end)
            self.indent_level -= 1
            if not self.compact:
                self._indent()
            self.put("}")

    def _item_start(self) -> None:
        parent = self.parent
        if self.nb_item[self.level] or (parent is not None and parent.id == "packets_and_frames"):
            self.put(self.item_sep)
        if not self.compact:
            self._indent()

    def print_string(self, key: str, value: str) -> None:
        self._item_start()
        self.put('"%s": "%s"' % (escape(key), escape(value)))

    def print_integer(self, key: str, value: int) -> None:
        self._item_start()
        self.put('"%s": %d' % (escape(key), value))
