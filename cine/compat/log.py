"""Log levels, -v/-loglevel parsing and av_log_default_callback's rendering (libavutil/log.c,
fftools/opt_common.c opt_loglevel).

The engine reports (component, level, message) to a sink; make_sink() returns one that renders
FFmpeg's stderr lines: "[component @ 0x...] " prefixes only at the start of a line, the optional
"[level] " tag, control characters sanitised to '?', colours on a terminal, and the collapsing of
identical consecutive lines into "    Last message repeated N times".

The logger is process-wide state, as av_log's is: configure() sets it from ProbeOptions.
"""
from __future__ import annotations

import os
import sys

from ..engine.log import DEBUG, ERROR, FATAL, INFO, PANIC, QUIET, TRACE, VERBOSE, WARNING

__all__ = [
    "QUIET", "PANIC", "FATAL", "ERROR", "WARNING", "INFO", "VERBOSE", "DEBUG", "TRACE",
    "LEVELS", "SKIP_REPEATED", "PRINT_LEVEL", "configure", "make_sink", "log", "get_level",
    "set_level", "get_flags", "set_flags", "parse_loglevel_arg", "InvalidLogLevel",
    "flags_to_names", "names_to_flags", "address_of", "reset", "new_context",
]

# the names -loglevel accepts, in the order the reference lists them when one is invalid
LEVELS = (
    ("quiet", QUIET), ("panic", PANIC), ("fatal", FATAL), ("error", ERROR),
    ("warning", WARNING), ("info", INFO), ("verbose", VERBOSE), ("debug", DEBUG),
    ("trace", TRACE),
)
_LEVEL_TAG = {QUIET: "quiet", DEBUG: "debug", TRACE: "trace", VERBOSE: "verbose", INFO: "info",
              WARNING: "warning", ERROR: "error", FATAL: "fatal", PANIC: "panic"}

SKIP_REPEATED = 1      # AV_LOG_SKIP_REPEATED
PRINT_LEVEL = 2        # AV_LOG_PRINT_LEVEL

# class categories (AVClassCategory) for prefix colours
CAT_NA, CAT_DEMUXER, CAT_DECODER = 0, 4, 6

# FFmpeg 5.1.9: colours per level/8 and per 16+category, packed as 256-colour bg << 16 |
# 256-colour fg << 8 | attribute << 4 | 16-colour fg.
_COLOR = {
    0: 52 << 16 | 196 << 8 | 0x41, 1: 208 << 8 | 0x41, 2: 196 << 8 | 0x11, 3: 226 << 8 | 0x03,
    4: 253 << 8 | 0x09, 5: 40 << 8 | 0x02, 6: 34 << 8 | 0x02, 7: 34 << 8 | 0x07,
    16 + 0: 250 << 8 | 0x09, 16 + 1: 219 << 8 | 0x15, 16 + 2: 201 << 8 | 0x05,
    16 + 3: 213 << 8 | 0x15, 16 + 4: 207 << 8 | 0x05, 16 + 5: 51 << 8 | 0x16,
    16 + 6: 39 << 8 | 0x06, 16 + 7: 155 << 8 | 0x12, 16 + 8: 192 << 8 | 0x14,
    16 + 9: 153 << 8 | 0x14, 16 + 10: 147 << 8 | 0x14,
}


class InvalidLogLevel(ValueError):
    """An unparsable -loglevel argument (the caller prints the reference's fatal lines)."""


class _State:
    __slots__ = ("level", "flags", "print_prefix", "prev", "count", "use_color", "categories",
                 "report", "report_level", "report_prefix")

    def __init__(self) -> None:
        self.level = INFO
        self.flags = 0
        self.print_prefix = True
        self.prev = ""
        self.count = 0
        self.use_color: int | None = None
        self.categories: dict[str, int] = {}
        self.report = None                 # -report / FFREPORT file object
        self.report_level = DEBUG
        self.report_prefix = True


_state = _State()


def reset() -> None:
    """Back to av_log's initial state (for tests and repeated in-process runs)."""
    global _state
    if _state.report is not None:
        try:
            _state.report.close()
        except OSError:
            pass
    _state = _State()


def get_level() -> int:
    return _state.level


def set_level(level: int) -> None:
    _state.level = level


def get_flags() -> int:
    return _state.flags


def set_flags(flags: int) -> None:
    _state.flags = flags


def flags_to_names(flags: int) -> set[str]:
    """AV_LOG_* flags → ProbeOptions.log_flags: 'repeat' = show repeats, 'level' = print level."""
    names = set()
    if not flags & SKIP_REPEATED:
        names.add("repeat")
    if flags & PRINT_LEVEL:
        names.add("level")
    return names


def names_to_flags(names: set[str]) -> int:
    flags = 0 if "repeat" in names else SKIP_REPEATED
    if "level" in names:
        flags |= PRINT_LEVEL
    return flags


def parse_loglevel_arg(arg: str, level: int, flags: int) -> tuple[int, int]:
    """opt_loglevel: '[+-]repeat', '[+-]level' prefixes joined by '+', then a level name or
    number. Returns the new (level, flags); raises InvalidLogLevel with the offending text."""
    pos = 0
    count = 0
    cur_flags = flags
    n = len(arg)
    while pos < n:
        token = pos
        cmd = ""
        if arg[token] in "+-":
            cmd = arg[token]
            token += 1
        if not count and not cmd:
            cur_flags = 0          # no relative prefix: build the flags from scratch
        if arg.startswith("repeat", token):
            pos = token + 6
            if cmd == "-":
                cur_flags |= SKIP_REPEATED
            else:
                cur_flags &= ~SKIP_REPEATED
        elif arg.startswith("level", token):
            pos = token + 5
            if cmd == "-":
                cur_flags &= ~PRINT_LEVEL
            else:
                cur_flags |= PRINT_LEVEL
        else:
            break
        count += 1
    rest = arg[pos:]
    if not rest:
        return level, cur_flags
    if rest[0] == "+":
        rest = rest[1:]
    elif not count:
        cur_flags = flags          # a bare level keeps the current flags
    for name, value in LEVELS:
        if name == rest:
            return value, cur_flags
    value = _strtol10(rest)
    if value is None:
        raise InvalidLogLevel(rest)
    return value, cur_flags


def _strtol10(text: str) -> int | None:
    """strtol(text, &tail, 10) that must consume everything; None when a tail remains.
    FFmpeg 5.1.9: an empty remainder parses as 0."""
    s = text.lstrip(" \t\n\v\f\r")
    i = 0
    if s[:1] in ("+", "-"):
        i = 1
    j = i
    while j < len(s) and s[j].isdigit() and s[j] in "0123456789":
        j += 1
    if j == i:
        return 0 if not text else None
    if j != len(s):
        return None
    v = int(s[:j])
    v = max(-(1 << 63), min((1 << 63) - 1, v))
    v &= 0xFFFFFFFF                # the long is stored into an int
    return v - (1 << 32) if v >= 1 << 31 else v


def configure(opts) -> None:
    """Apply ProbeOptions.loglevel and .log_flags to the process logger."""
    _state.level = opts.loglevel
    _state.flags = names_to_flags(opts.log_flags)


def address_of(name: str) -> str:
    """A fixed fake context address per component (goldens normalise '@ 0x[0-9a-f]+')."""
    import zlib  # a shared library: loaded only when an address is printed
    return "0x55%010x" % ((zlib.crc32(name.encode("utf-8", "surrogateescape")) << 6) & 0xFFFFFFFFC0)


def new_context() -> None:
    """The next line comes from a fresh context of a component (its own address in the
    reference, e.g. ffprobe's decoder after find_stream_info's): it never repeats the last."""
    _state.prev = None


def set_category(component: str, category: int) -> None:
    """Colour category of a component's prefix (CAT_DEMUXER, CAT_DECODER...)."""
    _state.categories[component] = category


def _sanitize(text: str) -> str:
    if not text:
        return text
    return "".join("?" if (c < "\x08" or "\x0d" < c < "\x20") else c for c in text)


def _check_color() -> int:
    env = os.environ
    if "AV_LOG_FORCE_NOCOLOR" in env:
        use = 0
    elif "AV_LOG_FORCE_COLOR" in env:
        use = 1
    else:
        term = env.get("TERM")
        try:
            use = 1 if term and os.isatty(2) else 0
        except (OSError, ValueError):
            use = 0
    term = env.get("TERM") or ""
    if "AV_LOG_FORCE_256COLOR" in env or "256color" in term:
        use *= 256
    return use


def _write(data: str) -> None:
    err = sys.stderr
    if err is None:
        return
    buf = getattr(err, "buffer", None)
    try:
        if buf is not None:
            err.flush()
            buf.write(data.encode("utf-8", "surrogateescape"))
            buf.flush()
        else:
            err.write(data)
            err.flush()
    except (OSError, ValueError):
        pass


def _colored(index: int, text: str) -> str:
    if not text:
        return ""
    use = _state.use_color
    if use is None:
        use = _state.use_color = _check_color()
    if index == INFO // 8:
        use = 0
    color = _COLOR.get(index, 0)
    if use == 1:
        return "\033[%d;3%dm%s\033[0m" % ((color >> 4) & 15, color & 15, text)
    if use == 256:
        return "\033[48;5;%dm\033[38;5;%dm%s\033[0m" % ((color >> 16) & 0xFF, (color >> 8) & 0xFF, text)
    return text


def _category(name: str) -> int:
    cat = _state.categories.get(name)
    if cat is not None:
        return cat
    try:
        from ..engine.formats.registry import INPUT_FORMATS
        if any(e.name == name for e in INPUT_FORMATS):
            return CAT_DEMUXER
    except ImportError:
        pass
    return CAT_NA


def _parts(level: int, text: str, component, print_prefix: bool) -> tuple[str, str, str, str | None, str | None]:
    parent = child = None
    if isinstance(component, tuple):
        parent, child = component
    else:
        child = component
    part0 = part1 = part2 = ""
    if print_prefix and child is not None:
        if parent is not None:
            part0 = "[%s @ %s] " % (parent, address_of(parent))
        # "name#n": context n of a component (a decoding thread's own copy of the decoder),
        # printed with the name and an address of its own
        part1 = "[%s @ %s] " % (child.partition("#")[0], address_of(child))
    if print_prefix and level > QUIET and _state.flags & PRINT_LEVEL:
        part2 = "[%s] " % _LEVEL_TAG.get(level, "")
    return part0, part1, part2, parent, child


def log(level: int, text: str, component=None) -> None:
    """av_log(ctx, level, text): component None for context-free messages, a name for
    '[name @ 0x...] ', or a (parent, child) pair for '[parent @ 0x...] [child @ 0x...] '."""
    st = _state
    if st.report is not None:
        _report_line(level, text, component)
    if level > st.level:
        return
    part0, part1, part2, parent, child = _parts(level, text, component, st.print_prefix)
    if part0 or part1 or part2 or text:
        st.print_prefix = text[-1:] in ("\n", "\r")
    line = part0 + part1 + part2 + text
    out = []
    if (st.print_prefix and st.flags & SKIP_REPEATED and line == st.prev and line
            and line[-1] != "\r"):
        st.count += 1
        try:
            tty = os.isatty(2)
        except (OSError, ValueError):
            tty = False
        if tty:
            _write("    Last message repeated %d times\r" % st.count)
        return
    if st.count > 0:
        out.append("    Last message repeated %d times\n" % st.count)
        st.count = 0
    st.prev = line
    if st.use_color is None:
        st.use_color = _check_color()
    if not st.use_color:
        out.append(_sanitize(part0 + part1 + part2 + text))
    else:
        lvl = min(max(level >> 3, 0), 7)
        if part0:
            out.append(_colored(16 + _category(parent), _sanitize(part0)))
        if part1:
            out.append(_colored(16 + _category(child.partition("#")[0]), _sanitize(part1)))
        out.append(_colored(lvl, _sanitize(part2)))
        out.append(_colored(lvl, _sanitize(text)))
    _write("".join(out))


# ---- -report / FFREPORT (fftools/opt_common.c init_report, log_callback_report) ----------

def _report_line(level: int, text: str, component) -> None:
    st = _state
    part0, part1, part2, _, _ = _parts(level, text, component, st.report_prefix)
    if part0 or part1 or part2 or text:
        st.report_prefix = text[-1:] in ("\n", "\r")
    if st.report_level >= level:
        data = (part0 + part1 + part2 + text).encode("utf-8", "surrogateescape")[:1023]
        try:
            st.report.write(data)
            st.report.flush()
        except (OSError, ValueError):
            pass


def _env_pairs(env: str):
    """av_opt_get_key_value(&env, "=", ":"): yields (key, value) or None on a syntax error."""
    from .entries import get_token
    pos, n = 0, len(env)
    while pos < n:
        start = pos
        while pos < n and (env[pos].isalnum() or env[pos] in "-_/."):
            pos += 1
        if pos == start or pos >= n or env[pos] != "=":
            yield None
            return
        key = env[start:pos]
        value, pos = get_token(env, pos + 1, ":")
        if pos < n:
            pos += 1
        yield key, value


def init_report(program: str, env: str | None) -> int:
    """Open the report file (once): '%p-%t.log' unless FFREPORT says file=...; returns 0 or a
    negative errno. Everything logged afterwards up to the report level is copied into it."""
    import time
    st = _state
    if st.report is not None:
        return 0
    tm = time.localtime()
    template = None
    envlevel = False
    count = 0
    for pair in _env_pairs(env or ""):
        if pair is None:
            if count:
                log(ERROR, "Failed to parse FFREPORT environment variable: Invalid argument\n")
            break
        count += 1
        key, value = pair
        if key == "file":
            template = value
        elif key == "level":
            lvl = _strtol10(value) if value else 0
            if lvl is None:
                log(FATAL, "Invalid report file level\n")
                from .optable import ExitProgram
                raise ExitProgram(1)
            st.report_level = lvl
            envlevel = True
        else:
            log(ERROR, "Unknown key '%s' in FFREPORT\n" % key)
    name = []
    tpl = template if template is not None else "%p-%t.log"
    i = 0
    while i < len(tpl):
        c = tpl[i]
        i += 1
        if c != "%":
            name.append(c)
            continue
        if i >= len(tpl):
            break
        c = tpl[i]
        i += 1
        if c == "p":
            name.append(program)
        elif c == "t":
            name.append(time.strftime("%Y%m%d-%H%M%S", tm))
        elif c == "%":
            name.append("%")
    filename = "".join(name)
    if not envlevel:
        st.report_level = max(st.report_level, st.level)
    try:
        st.report = open(filename, "wb")
    except OSError as exc:
        log(ERROR, 'Failed to open report "%s": %s\n' % (filename, exc.strerror))
        return -(exc.errno or 5)
    log(INFO, "%s started on %s\nReport written to \"%s\"\nLog level: %d\n"
        % (program, time.strftime("%Y-%m-%d at %H:%M:%S", tm), filename, st.report_level))
    return 0


def report_command_line(argv: list[str]) -> None:
    """The report's 'Command line:' block, arguments quoted as dump_argument does."""
    st = _state
    if st.report is None:
        return
    out = ["Command line:\n"]
    for i, a in enumerate(argv):
        out.append(_dump_argument(a))
        out.append(" " if i < len(argv) - 1 else "\n")
    try:
        st.report.write("".join(out).encode("utf-8", "surrogateescape"))
        st.report.flush()
    except (OSError, ValueError):
        pass


def _dump_argument(a: str) -> str:
    raw = a.encode("utf-8", "surrogateescape")
    if all(0x2B <= b <= 0x3A or 0x40 <= b <= 0x5A or b == 0x5F or 0x61 <= b <= 0x7A for b in raw):
        return a
    out = ['"']
    for b in raw:
        if b in b'\\"$`':
            out.append("\\" + chr(b))
        elif b < 0x20 or b > 0x7E:
            out.append("\\x%02x" % b)
        else:
            out.append(chr(b))
    out.append('"')
    return "".join(out)


def make_sink():
    """The engine sink: (component, level, message) → rendered stderr output."""
    def sink(component, level: int, message: str) -> None:
        log(level, message, component or None)     # "": a context-free av_log(NULL, ...)
    return sink
