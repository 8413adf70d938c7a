"""The ffprobe section tree of FFmpeg 5.1.9 (fftools/ffprobe.c `sections[]`) and the
per-run selection of what to show (`-show_entries`, `-show_format`...).

SECTIONS is declarative data: every writer reads a section's name, flags, element name and
unique name from here. Selection holds the mutable "entries to show" state that the C code
keeps inside the table; it is built once per run from the options and passed down.
"""
from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterable

WRAPPER = 1           # only contains other sections
ARRAY = 2             # an array of elements of one type
VARIABLE_FIELDS = 4   # variable keys (tags); element_name is mandatory


class Section(namedtuple("Section", (
        "id",                    # our unique identifier (the C enum name, lower case)
        "name",                  # printed name
        "flags", "children", "element_name", "unique_name"), defaults=(0, (), None, None))):
    __slots__ = ()

    @property
    def label(self) -> str:
        return self.unique_name or self.name


def _s(id, name, flags=0, children=(), element_name=None, unique_name=None) -> Section:
    return Section(id, name, flags, tuple(children), element_name, unique_name)


# In the order of the reference's SectionID enumeration.
_TABLE = (
    _s("chapter", "chapter", 0, ["chapter_tags"]),
    _s("chapter_tags", "tags", VARIABLE_FIELDS, (), "tag", "chapter_tags"),
    _s("chapters", "chapters", ARRAY, ["chapter"]),
    _s("error", "error"),
    _s("format", "format", 0, ["format_tags"]),
    _s("format_tags", "tags", VARIABLE_FIELDS, (), "tag", "format_tags"),
    _s("frame", "frame", 0, ["frame_tags", "frame_side_data_list", "logs"]),
    _s("frames", "frames", ARRAY, ["frame", "subtitle"]),
    _s("frame_tags", "tags", VARIABLE_FIELDS, (), "tag", "frame_tags"),
    _s("frame_side_data_list", "side_data_list", ARRAY, ["frame_side_data"], "side_data",
       "frame_side_data_list"),
    _s("frame_side_data", "side_data", 0,
       ["timecodes", "components"], None, "frame_side_data"),
    _s("timecodes", "timecodes", ARRAY, ["timecode"]),
    _s("timecode", "timecode"),
    _s("components", "components", ARRAY, ["component"]),
    _s("component", "component", 0, ["pieces"]),
    _s("pieces", "pieces", ARRAY, ["section"]),
    _s("section", "section"),
    _s("log", "log"),
    _s("logs", "logs", ARRAY, ["log"]),
    _s("library_version", "library_version"),
    _s("library_versions", "library_versions", ARRAY, ["library_version"]),
    _s("packet", "packet", 0, ["packet_tags", "packet_side_data_list"]),
    _s("packet_tags", "tags", VARIABLE_FIELDS, (), "tag", "packet_tags"),
    _s("packets", "packets", ARRAY, ["packet"]),
    _s("packets_and_frames", "packets_and_frames", ARRAY, ["packet"]),
    _s("packet_side_data_list", "side_data_list", ARRAY, ["packet_side_data"], "side_data",
       "packet_side_data_list"),
    _s("packet_side_data", "side_data", 0, (), None, "packet_side_data"),
    _s("pixel_format", "pixel_format", 0, ["pixel_format_flags", "pixel_format_components"]),
    _s("pixel_format_flags", "flags", 0, (), None, "pixel_format_flags"),
    _s("pixel_format_component", "component"),
    _s("pixel_format_components", "components", ARRAY, ["pixel_format_component"], None,
       "pixel_format_components"),
    _s("pixel_formats", "pixel_formats", ARRAY, ["pixel_format"]),
    _s("program_stream_disposition", "disposition", 0, (), None, "program_stream_disposition"),
    _s("program_stream_tags", "tags", VARIABLE_FIELDS, (), "tag", "program_stream_tags"),
    _s("program", "program", 0, ["program_tags", "program_streams"]),
    _s("program_streams", "streams", ARRAY, ["program_stream"], None, "program_streams"),
    _s("program_stream", "stream", 0, ["program_stream_disposition", "program_stream_tags"], None,
       "program_stream"),
    _s("program_tags", "tags", VARIABLE_FIELDS, (), "tag", "program_tags"),
    _s("program_version", "program_version"),
    _s("programs", "programs", ARRAY, ["program"]),
    _s("root", "root", WRAPPER,
       ["chapters", "format", "frames", "programs", "streams", "packets", "error",
        "program_version", "library_versions", "pixel_formats"]),
    _s("stream", "stream", 0, ["stream_disposition", "stream_tags", "stream_side_data_list"]),
    _s("stream_disposition", "disposition", 0, (), None, "stream_disposition"),
    _s("streams", "streams", ARRAY, ["stream"]),
    _s("stream_tags", "tags", VARIABLE_FIELDS, (), "tag", "stream_tags"),
    _s("stream_side_data_list", "side_data_list", ARRAY, ["stream_side_data"], "side_data",
       "stream_side_data_list"),
    _s("stream_side_data", "side_data", 0, (), None, "stream_side_data"),
    _s("subtitle", "subtitle"),
)

SECTIONS: dict[str, Section] = {s.id: s for s in _TABLE}


class Selection:
    """Which sections and entries are shown: the reference's show_all_entries and
    entries_to_show, held as ProbeOptions.entries holds them (compat/entries.py): a dict from
    section id to None (show all entries) or a set of lower-cased entry names; a section
    absent from it shows none of its own entries."""

    def __init__(self, entries: dict | None = None) -> None:
        self.entries: dict[str, set[str] | None] = entries if entries is not None else {}

    def mark(self, section_id: str, show_all: bool, names: Iterable[str] | None = None) -> None:
        """mark_section_show_entries: show_all propagates to every descendant; a list of
        entries is added to those already requested (and clears show_all)."""
        if show_all:
            self.entries[section_id] = None
            for child in SECTIONS[section_id].children:
                self.mark(child, True)
        else:
            merged = set(self.entries.get(section_id) or ())
            merged.update(n.lower() for n in names or ())
            if merged:
                self.entries[section_id] = merged
            else:
                self.entries.pop(section_id, None)

    def match(self, section_name: str, show_all: bool, names: Iterable[str] | None = None) -> int:
        """match_section: mark every section whose name or unique name is section_name;
        returns how many matched (0 means 'No match for section')."""
        names = list(names or ())
        n = 0
        for sec in _TABLE:
            if section_name == sec.name or section_name == sec.unique_name:
                self.mark(sec.id, show_all, names)
                n += 1
        return n

    def shows_entry(self, section_id: str, key: str) -> bool:
        """av_dict_get on entries_to_show compares keys case-insensitively."""
        if section_id not in self.entries:
            return False
        sel = self.entries[section_id]
        return sel is None or key.lower() in sel

    def wanted(self, section_id: str) -> bool:
        """check_section_show_entries: the section or any descendant has something to show."""
        if section_id in self.entries:
            return True
        return any(self.wanted(c) for c in SECTIONS[section_id].children)


def print_sections() -> str:
    """The text of `ffprobe -sections`."""
    out = ["Sections:\n"
           "W.. = Section is a wrapper (contains other sections, no local entries)\n"
           ".A. = Section contains an array of elements of the same type\n"
           "..V = Section may contain a variable number of fields with variable keys\n"
           "FLAGS NAME/UNIQUE_NAME\n"
           "---\n"]

    def walk(sid: str, level: int) -> None:
        s = SECTIONS[sid]
        flags = ("W" if s.flags & WRAPPER else ".") + ("A" if s.flags & ARRAY else ".") + \
                ("V" if s.flags & VARIABLE_FIELDS else ".")
        # FFmpeg 5.1.9: "%*c" with width level*4 prints at least one space even at level 0
        out.append("%s%s  %s%s\n" % (flags, " " * max(level * 4, 1), s.name,
                                     "/" + s.unique_name if s.unique_name else ""))
        for c in s.children:
            walk(c, level + 1)

    walk("root", 0)
    return "".join(out)
