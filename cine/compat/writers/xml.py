"""The `xml` writer of ffprobe 5.1.9: sections as elements, fields as attributes, tags as
<tag key="" value=""/>. Options fully_qualified/q, xsd_strict/x."""
from __future__ import annotations

from ..ffprobe.sections import ARRAY, VARIABLE_FIELDS, WRAPPER
from .base import PUT_PACKETS_AND_FRAMES_IN_SAME_CHAPTER, Writer, WriterError, c_indent

_QUALIFIED = (' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
              'xmlns:ffprobe="http://www.ffmpeg.org/schema/ffprobe" '
              'xsi:schemaLocation="http://www.ffmpeg.org/schema/ffprobe ffprobe.xsd"')

_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}


def escape(src: str) -> str:
    """av_bprint_escape in XML mode with double quotes escaped."""
    return "".join(_ESCAPES.get(c, c) for c in src)


class XmlWriter(Writer):
    name = "xml"
    flags = PUT_PACKETS_AND_FRAMES_IN_SAME_CHAPTER
    OPTIONS = {
        "fully_qualified": ("fully_qualified", "bool"), "q": ("fully_qualified", "bool"),
        "xsd_strict": ("xsd_strict", "bool"), "x": ("xsd_strict", "bool"),
    }
    DEFAULTS = {"fully_qualified": 0, "xsd_strict": 0}

    def init(self, context: dict) -> None:
        self.within_tag = False
        self.indent_level = 0
        self.xml_utf8 = True
        if self.xsd_strict:
            self.fully_qualified = 1
            for opt, name in (("show_private_data", "private"), ("unit", "unit"),
                              ("prefix", "prefix")):
                if context.get(opt):
                    self._err("XSD-compliant output selected but option '%s' was selected, XML "
                              "output may be non-compliant.\nYou need to disable such option "
                              "with '-no%s'\n" % (name, name))
                    raise WriterError()

    def _indent(self) -> None:
        self.put(c_indent(self.indent_level * 4))

    def print_section_header(self) -> None:
        lvl, sec, parent = self.level, self.cur, self.parent
        if lvl == 0:
            self.put('<?xml version="1.0" encoding="UTF-8"?>\n')
            self.put("<%sffprobe%s>\n" % ("ffprobe:" if self.fully_qualified else "",
                                          _QUALIFIED if self.fully_qualified else ""))
            return
        if self.within_tag:
            self.within_tag = False
            self.put(">\n")
        if sec.flags & VARIABLE_FIELDS:
            self.indent_level += 1
            return
        if parent is not None and parent.flags & WRAPPER and lvl and self.nb_item[lvl - 1]:
            self.put("\n")
        self.indent_level += 1
        self._indent()
        if sec.flags & ARRAY:
            self.put("<%s>\n" % sec.name)
        else:
            self.put("<%s " % sec.name)
            self.within_tag = True

    def print_section_footer(self) -> None:
        sec = self.cur
        if self.level == 0:
            self.put("</%sffprobe>\n" % ("ffprobe:" if self.fully_qualified else ""))
        elif self.within_tag:
            self.within_tag = False
            self.put("/>\n")
            self.indent_level -= 1
        elif sec.flags & VARIABLE_FIELDS:
            self.indent_level -= 1
        else:
            self._indent()
            self.put("</%s>\n" % sec.name)
            self.indent_level -= 1

    def print_string(self, key: str, value: str) -> None:
        sec = self.cur
        if sec.flags & VARIABLE_FIELDS:
            self._indent()
            self.put('<%s key="%s" value="%s"/>\n' % (sec.element_name, escape(key), escape(value)))
        else:
            if self.nb_item[self.level]:
                self.put(" ")
            self.put('%s="%s"' % (key, escape(value)))

    def print_integer(self, key: str, value: int) -> None:
        if self.nb_item[self.level]:
            self.put(" ")
        self.put('%s="%d"' % (key, value))
