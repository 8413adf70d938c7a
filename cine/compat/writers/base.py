"""The ffprobe writer framework of FFmpeg 5.1.9 (fftools/ffprobe.c, "WRITERS API"): the
4-callback protocol, section/level bookkeeping, entry filtering, optional fields, writer
option parsing (`-of json=c=1`) and UTF-8 string validation.

A writer subclass implements print_section_header, print_section_footer, print_integer and
print_string, and declares its private options; the run loop only calls header(), footer(),
integer() and string() here, which apply the reference's gating before the callbacks.
"""
from __future__ import annotations

from collections.abc import Callable

from ..ffprobe.sections import SECTIONS, Section, Selection

MAX_LEVELS = 10

# writer flags
DISPLAY_OPTIONAL_FIELDS = 1
PUT_PACKETS_AND_FRAMES_IN_SAME_CHAPTER = 2

# writer_print_string flags
PRINT_STRING_OPT = 1
PRINT_STRING_VALIDATE = 2

# -show_optional_fields
OPTIONAL_AUTO, OPTIONAL_NEVER, OPTIONAL_ALWAYS = -1, 0, 1

# string validation modes
SV_FAIL, SV_REPLACE, SV_IGNORE = 0, 1, 2
_SV_CONSTS = {"ignore": SV_IGNORE, "replace": SV_REPLACE, "fail": SV_FAIL}

# av_log levels used here
_ERROR, _WARNING, _DEBUG = 16, 24, 48

LogFn = Callable[[str, int, str], None]    # (component, level, message ending in "\n")

AVERROR_EINVAL = -22
AVERROR_INVALIDDATA = -0x41444E49   # FFERRTAG("I", "N", "D", "A")


class WriterError(Exception):
    """Opening the writer failed; the messages were already logged. code is the AVERROR."""

    def __init__(self, code: int = AVERROR_EINVAL):
        super().__init__(code)
        self.code = code


# --- av_get_token / av_dict_parse_string ------------------------------------------------

from ..avstring import get_token  # noqa: E402


def parse_option_string(args: str) -> list[tuple[str, str]] | None:
    """av_dict_parse_string(args, "=", ":") into an AVDictionary-ordered list, or None on a
    malformed string."""
    from ...engine.model import Tags
    d = Tags()
    pos, n = 0, len(args)
    while pos < n:
        key, pos = get_token(args, pos, "=")
        val = ""
        if key and pos < n and args[pos] == "=":
            pos += 1
            val, pos = get_token(args, pos, ":")
        if not key or not val:
            return None
        d.set(key, val)
        if pos < n:
            pos += 1
    return d.items()


# --- UTF-8 validation (av_utf8_decode) ------------------------------------------------------

_OVERLONG_MIN = (0, 0x80, 0x800, 0x10000, 0x200000, 0x4000000)


def _utf8_next(b: bytes, i: int, xml: bool) -> tuple[int, bool]:
    """Decode one sequence at i like av_utf8_decode; returns (next index, valid)."""
    n = len(b)
    start = i
    code = b[i]
    i += 1
    if (code & 0xC0) == 0x80 or code >= 0xFE:
        return i, False
    top = (code & 0x80) >> 1
    tail = 0
    while code & top:
        tail += 1
        if i >= n:
            return start + 1, False       # incomplete sequence: skip the lead byte only
        t = b[i] - 128
        i += 1
        if t >> 6:
            return start + 1, False
        code = (code << 6) + t
        top <<= 5
    code &= (top << 1) - 1
    if code < _OVERLONG_MIN[tail] or code >= 1 << 31:
        return i, False
    ok = True
    if code > 0x10FFFF:
        ok = False
    if xml and code < 0x20 and code not in (0x9, 0xA, 0xD):
        ok = False
    if 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF):
        ok = False
    return i, ok


def to_bytes(s: str) -> bytes:
    """The bytes a str stands for: surrogate-escaped bytes (how the engine keeps undecodable
    input) come back as themselves; any other lone surrogate is encoded as is."""
    try:
        return s.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        out = bytearray()
        for ch in s:
            o = ord(ch)
            if 0xDC80 <= o <= 0xDCFF:
                out.append(o - 0xDC00)
            else:
                out += ch.encode("utf-8", "surrogatepass")
        return bytes(out)


def from_bytes(b: bytes) -> str:
    return b.decode("utf-8", "surrogateescape")


def _bprint_bytes(b: bytes) -> str:
    return "0X" + "".join("%02X" % x for x in b)


# --- the writer -----------------------------------------------------------------------------

class Writer:
    """Base of every writer. Subclasses set name, flags, OPTIONS and implement the callbacks."""

    name = ""
    flags = 0
    # private options: option name -> (attribute, kind 'bool'|'str'); defaults in DEFAULTS
    OPTIONS: dict[str, tuple[str, str]] = {}
    DEFAULTS: dict[str, object] = {}

    def __init__(self, selection: Selection, log: LogFn | None = None,
                 show_optional_fields: int = OPTIONAL_AUTO):
        self.selection = selection
        self.log = log or (lambda c, l, m: None)
        self.show_optional_fields = show_optional_fields
        self.out: list[str] = []
        self.level = -1
        self.nb_item = [0] * MAX_LEVELS
        self.section: list[Section | None] = [None] * MAX_LEVELS
        self.pbuf = [""] * MAX_LEVELS
        self.nb_section_packet = self.nb_section_frame = self.nb_section_packet_frame = 0
        self.string_validation = SV_REPLACE
        self.string_validation_replacement = "\ufffd"
        self.xml_utf8 = False
        for attr, value in self.DEFAULTS.items():
            setattr(self, attr, value)

    # -- opening ---------------------------------------------------------------------------

    def configure(self, args: str | None, context: dict | None = None) -> None:
        """writer_open: apply `args` (the text after '=' in -of NAME=ARGS) then init()."""
        if args is not None:
            pairs = parse_option_string(args)
            if pairs is None:
                self._err("Failed to parse option string '%s' provided to writer context\n" % args)
                raise WriterError(AVERROR_EINVAL)
            for key, value in pairs:
                if not self._set_option(key, value):
                    self._err("Failed to set option '%s' with value '%s' provided to writer "
                              "context\n" % (key, value))
                    raise WriterError(AVERROR_EINVAL)
        rep = to_bytes(self.string_validation_replacement)
        i = 0
        while i < len(rep):
            j, ok = _utf8_next(rep, i, False)
            if not ok:
                self._err("Invalid UTF8 sequence %s found in string validation replace '%s'\n"
                          % (_bprint_bytes(rep[i:j]), self.string_validation_replacement))
                raise WriterError(-84)
            i = j
        self.init(context or {})

    def _err(self, msg: str) -> None:
        self.log(self.name, _ERROR, msg)

    def _set_option(self, key: str, value: str) -> bool:
        if key in ("string_validation", "sv"):
            return self._set_sv(key, value)
        if key in ("string_validation_replacement", "svr"):
            self.string_validation_replacement = value
            return True
        spec = self.OPTIONS.get(key)
        if spec is None:
            return False
        attr, kind = spec
        if kind == "bool":
            v = parse_bool(value)
            if v is None:
                self._err('Unable to parse option value "%s" as boolean\n' % value)
                return False
            setattr(self, attr, v)
        else:
            setattr(self, attr, value)
        return True

    def _set_sv(self, key: str, value: str) -> bool:
        if value in _SV_CONSTS:
            self.string_validation = _SV_CONSTS[value]
            return True
        import re               # (option values only: `re` is not paid at start-up)
        try:
            num = float(value) if re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", value) \
                else None
        except ValueError:
            num = None
        if num is None:
            self._err("[Eval @ 0x7ffc00000000] Undefined constant or missing '(' in '%s'\n" % value)
            self._err('Unable to parse option value "%s"\n' % value)
            return False
        if num < 0 or num > 2:
            self._err("Value %f for parameter '%s' out of range [0 - 2]\n" % (num, key))
            return False
        self.string_validation = int(num)
        return True

    def init(self, context: dict) -> None:
        """Validate private options (raise WriterError after logging)."""

    # -- framework (writer_print_section_header/footer, writer_print_integer/string) ---------

    @property
    def cur(self) -> Section:
        return self.section[self.level]

    @property
    def parent(self) -> Section | None:
        return self.section[self.level - 1] if self.level > 0 else None

    def header(self, section_id: str) -> None:
        self.level += 1
        if self.level >= MAX_LEVELS:
            raise RuntimeError("section nesting too deep")
        parent_id = self.section[self.level - 1].id if self.level else None
        self.nb_item[self.level] = 0
        self.section[self.level] = SECTIONS[section_id]
        if section_id == "packets_and_frames":
            self.nb_section_packet = self.nb_section_frame = self.nb_section_packet_frame = 0
        elif parent_id == "packets_and_frames":
            self.nb_section_packet_frame = (self.nb_section_packet if section_id == "packet"
                                            else self.nb_section_frame)
        self.print_section_header()

    def footer(self) -> None:
        sid = self.section[self.level].id
        parent_id = self.section[self.level - 1].id if self.level else None
        if parent_id is not None:
            self.nb_item[self.level - 1] += 1
        if parent_id == "packets_and_frames":
            if sid == "packet":
                self.nb_section_packet += 1
            else:
                self.nb_section_frame += 1
        self.print_section_footer()
        self.level -= 1

    def integer(self, key: str, value: int) -> None:
        if self.selection.shows_entry(self.cur.id, key):
            self.print_integer(key, int(value))
            self.nb_item[self.level] += 1

    def string(self, key: str, value: str, flags: int = 0) -> int:
        mode = self.show_optional_fields
        if mode == OPTIONAL_NEVER or (mode == OPTIONAL_AUTO and flags & PRINT_STRING_OPT and
                                      not self.flags & DISPLAY_OPTIONAL_FIELDS):
            return 0
        if not self.selection.shows_entry(self.cur.id, key):
            return 0
        ret = 0
        if flags & PRINT_STRING_VALIDATE:
            k = self.validate(key)
            v = self.validate(value) if k is not None else None
            if k is None or v is None:
                ret = AVERROR_INVALIDDATA
                self._err("Invalid key=value string combination %s=%s in section %s\n"
                          % (key, value, self.cur.unique_name))
            else:
                self.print_string(k, v)
        else:
            self.print_string(key, _cstr(value))
        self.nb_item[self.level] += 1
        return ret

    def validate(self, src: str) -> str | None:
        """validate_string: check UTF-8, replace/ignore/fail as string_validation says."""
        src = _cstr(src)
        raw = to_bytes(src)
        if raw.isascii() and not (self.xml_utf8 and _xml_bad_ctrl(src)):
            return src
        out = bytearray()
        invalid = 0
        i = 0
        rep = to_bytes(self.string_validation_replacement)
        while i < len(raw):
            j, ok = _utf8_next(raw, i, self.xml_utf8)
            if not ok:
                self.log(self.name, _DEBUG, "Invalid UTF-8 sequence %s found in string '%s'\n"
                         % (_bprint_bytes(raw[i:j]), src))
                invalid += 1
                if self.string_validation == SV_FAIL:
                    self._err("Invalid UTF-8 sequence found in string '%s'\n" % src)
                    return None
                if self.string_validation == SV_REPLACE:
                    out += rep
            if ok or self.string_validation == SV_IGNORE:
                out += raw[i:j]
            i = j
        if invalid and self.string_validation == SV_REPLACE:
            self.log(self.name, _WARNING,
                     "%d invalid UTF-8 sequence(s) found in string '%s', replaced with '%s'\n"
                     % (invalid, src, self.string_validation_replacement))
        return from_bytes(bytes(out))

    # -- output ----------------------------------------------------------------------------

    def put(self, text: str) -> None:
        self.out.append(text)

    def getvalue(self) -> bytes:
        return to_bytes("".join(self.out))

    def take(self) -> bytes:
        """What was written since the last take (the output so far goes out in pieces, so
        that a long -show_packets run holds a bounded amount of text)."""
        data = to_bytes("".join(self.out))
        self.out.clear()
        return data

    # -- the 4 callbacks ---------------------------------------------------------------------

    def print_section_header(self) -> None:
        pass

    def print_section_footer(self) -> None:
        pass

    def print_integer(self, key: str, value: int) -> None:
        raise NotImplementedError

    def print_string(self, key: str, value: str) -> None:
        raise NotImplementedError


_XML_BAD_CTRL = "[\x01-\x08\x0b\x0c\x0e-\x1f]"   # compiled on first use (re's cache)


def _xml_bad_ctrl(text: str) -> bool:
    """A control character XML 1.0 cannot hold (the xml writer's replacement rule)."""
    import re                   # (xml output only: `re` is not paid at start-up)
    return re.search(_XML_BAD_CTRL, text) is not None


def _cstr(s: str) -> str:
    """C strings end at the first NUL."""
    i = s.find("\0")
    return s if i < 0 else s[:i]


_TRUE = ("true", "y", "yes", "enable", "enabled", "on")
_FALSE = ("false", "n", "no", "disable", "disabled", "off")


def parse_bool(value: str) -> int | None:
    """set_string_bool for an option with range [0, 1]; None when invalid."""
    if value == "auto":
        return None
    if _match_name(value, _TRUE):
        return 1
    if _match_name(value, _FALSE):
        return 0
    import re                   # (option values only: `re` is not paid at start-up)
    m = re.fullmatch(r"\s*([-+]?\d+)", value)
    if not m:
        return None
    n = int(m.group(1))
    return n if n in (0, 1) else None


def _match_name(name: str, names: tuple[str, ...]) -> bool:
    """av_match_name: case-insensitive whole-name comparison."""
    low = name.lower()
    return any(low == n for n in names)


def c_indent(n: int) -> str:
    """printf("%*c", n, ' '): at least one space."""
    return " " * max(n, 1)
