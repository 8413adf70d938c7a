"""The -show_entries grammar and section marking of ffprobe 5.1.9 (fftools/ffprobe.c
opt_show_entries, match_section, mark_section_show_entries, check_section_show_entries).

    SECTION[=ENTRY[,ENTRY...]][:SECTION[=...]...]

Section and entry names are av_get_token tokens (quotes and backslash escapes, trimmed). A
name matches every section whose name or unique name equals it ('tags' matches all the tag
sections, 'stream' both stream and program_stream). A bare name shows all entries of the section
and, recursively, of its children; a name with a list shows only those entries of that section.

Marks live in ProbeOptions.entries, keyed by SECTION_KEY (unique name, else name):
  key absent        nothing of that section's own entries is shown
  key -> None       all entries (show_all_entries)
  key -> {names}    those entries, lower-cased (av_dict_get compares case-insensitively)
"""
from __future__ import annotations

from .ffprobe.sections import _TABLE, print_sections


class _Sec:
    """A view of a compat/ffprobe/sections.py Section under the names this module uses."""
    __slots__ = ("key", "name", "unique_name", "children")

    def __init__(self, s):
        self.key, self.name, self.unique_name, self.children = s.id, s.name, s.unique_name, s.children


# the sections in SectionID order (the order match_section scans them in), keyed by section id
SECTIONS: tuple[_Sec, ...] = tuple(_Sec(s) for s in _TABLE)
BY_KEY: dict[str, _Sec] = {s.key: s for s in SECTIONS}

Entries = dict  # dict[str, set[str] | None]


class EntriesError(ValueError):
    """-show_entries could not be parsed; .message is the line the reference logs."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


from .avstring import WHITESPACES, get_token  # noqa: F401 (re-exported)


def mark(entries: Entries, key: str, show_all: bool, names: set[str] | None) -> None:
    """mark_section_show_entries: show_all marks the section and all its descendants; a list
    is added to the section's entries (accumulating) and clears its show-all state."""
    if show_all:
        entries[key] = None
        for child in BY_KEY[key].children:
            mark(entries, child, True, None)
    else:
        cur = entries.get(key)
        merged = set(cur) if cur else set()
        merged.update(n.lower() for n in names or ())
        if merged:
            entries[key] = merged
        else:
            entries.pop(key, None)


def match_section(entries: Entries, name: str, show_all: bool, names: set[str] | None,
                  debug=None) -> int:
    count = 0
    for sec in SECTIONS:
        if name == sec.name or (sec.unique_name is not None and name == sec.unique_name):
            if debug:
                debug("'%s' matches section with unique name '%s'\n"
                      % (name, sec.unique_name or sec.name))
            count += 1
            mark(entries, sec.key, show_all, names)
    return count


def parse_show_entries(arg: str, entries: Entries, opt: str = "show_entries",
                       verbose=None, debug=None) -> None:
    """Apply one -show_entries argument to `entries` (in place, like the reference, marks made
    before an error stay). Raises EntriesError with the reference's message."""
    pos = 0
    n = len(arg)
    while pos < n:
        section_name, pos = get_token(arg, pos, "=:")
        names: set[str] | None = None
        show_all = False
        if pos < n and arg[pos] == "=":
            pos += 1
            names = set()
            while pos < n and arg[pos] != ":":
                entry, pos = get_token(arg, pos, ",:")
                if verbose:
                    verbose("Adding '%s' to the entries to show in section '%s'\n"
                            % (entry, section_name))
                names.add(entry)
                if pos < n and arg[pos] == ",":
                    pos += 1
        else:
            show_all = True
        if not match_section(entries, section_name, show_all, names, debug):
            raise EntriesError("No match for section '%s'\n" % section_name)
        if pos < n:
            pos += 1


def shows_section(entries: Entries, key: str) -> bool:
    """check_section_show_entries: the section or one of its descendants shows something."""
    if key in entries:
        return True
    return any(shows_section(entries, child) for child in BY_KEY[key].children)


def shows_entry(entries: Entries, key: str, entry: str) -> bool:
    """Whether `entry` of section `key` is printed (case-insensitive, like av_dict_get)."""
    if key not in entries:
        return False
    sel = entries[key]
    return sel is None or entry.lower() in sel


def sections_listing() -> str:
    """The stdout text of `ffprobe -sections`."""
    return print_sections()
