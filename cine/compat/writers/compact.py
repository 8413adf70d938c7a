"""The `compact` and `csv` writers of ffprobe 5.1.9: one line per section, items joined by a
separator. Options item_sep/s, nokey/nk, escape/e (c, csv, none), print_section/p."""
from __future__ import annotations

from ..ffprobe.sections import ARRAY, WRAPPER
from .base import DISPLAY_OPTIONAL_FIELDS, MAX_LEVELS, Writer, WriterError


def c_escape(src: str, sep: str) -> str:
    """C-like escaping of \\b \\f \\n \\r \\\\ and the separator."""
    out = []
    for ch in src:
        if ch == "\b":
            out.append("\\b")
        elif ch == "\f":
            out.append("\\f")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\\":
            out.append("\\\\")
        else:
            if ch == sep:
                out.append("\\")
            out.append(ch)
    return "".join(out)


def csv_escape(src: str, sep: str) -> str:
    """RFC 4180 quoting when the field holds the separator, a quote, CR or LF."""
    quote = any(c in src for c in (sep, '"', "\n", "\r"))
    body = src.replace('"', '""')
    return '"%s"' % body if quote else body


def none_escape(src: str, sep: str) -> str:
    return src


_ESCAPES = {"none": none_escape, "c": c_escape, "csv": csv_escape}


class CompactWriter(Writer):
    name = "compact"
    flags = DISPLAY_OPTIONAL_FIELDS
    OPTIONS = {
        "item_sep": ("item_sep_str", "str"), "s": ("item_sep_str", "str"),
        "nokey": ("nokey", "bool"), "nk": ("nokey", "bool"),
        "escape": ("escape_mode", "str"), "e": ("escape_mode", "str"),
        "print_section": ("print_section", "bool"), "p": ("print_section", "bool"),
    }
    DEFAULTS = {"item_sep_str": "|", "nokey": 0, "escape_mode": "c", "print_section": 1}

    def init(self, context: dict) -> None:
        sep = self.item_sep_str
        if len(sep.encode("utf-8", "surrogateescape")) != 1:
            self._err("Item separator '%s' specified, but must contain a single character\n" % sep)
            raise WriterError()
        self.item_sep = sep
        escape = _ESCAPES.get(self.escape_mode)
        if escape is None:
            self._err("Unknown escape mode '%s'\n" % self.escape_mode)
            raise WriterError()
        self.escape = escape
        self.nested = [False] * MAX_LEVELS
        self.has_nested_elems = [False] * MAX_LEVELS
        self.terminate_line = [False] * MAX_LEVELS

    def print_section_header(self) -> None:
        lvl, sec, parent = self.level, self.cur, self.parent
        self.terminate_line[lvl] = True
        self.has_nested_elems[lvl] = False
        self.pbuf[lvl] = ""
        if (not sec.flags & ARRAY and parent is not None
                and not parent.flags & (WRAPPER | ARRAY)):
            self.nested[lvl] = True
            self.has_nested_elems[lvl - 1] = True
            self.pbuf[lvl] = "%s%s:" % (self.pbuf[lvl - 1], sec.element_name or sec.name)
            self.nb_item[lvl] = self.nb_item[lvl - 1]
        else:
            if parent is not None and self.has_nested_elems[lvl - 1] and sec.flags & ARRAY:
                self.terminate_line[lvl - 1] = False
            if (parent is not None and not parent.flags & (WRAPPER | ARRAY)
                    and lvl and self.nb_item[lvl - 1]):
                self.put(self.item_sep)
            if self.print_section and not sec.flags & (WRAPPER | ARRAY):
                self.put("%s%s" % (sec.name, self.item_sep))

    def print_section_footer(self) -> None:
        lvl = self.level
        if (not self.nested[lvl] and self.terminate_line[lvl]
                and not self.cur.flags & (WRAPPER | ARRAY)):
            self.put("\n")

    def print_string(self, key: str, value: str) -> None:
        if self.nb_item[self.level]:
            self.put(self.item_sep)
        if not self.nokey:
            self.put("%s%s=" % (self.pbuf[self.level], key))
        self.put(self.escape(value, self.item_sep))

    def print_integer(self, key: str, value: int) -> None:
        if self.nb_item[self.level]:
            self.put(self.item_sep)
        if not self.nokey:
            self.put("%s%s=" % (self.pbuf[self.level], key))
        self.put("%d" % value)


class CsvWriter(CompactWriter):
    name = "csv"
    DEFAULTS = {"item_sep_str": ",", "nokey": 1, "escape_mode": "csv", "print_section": 1}
