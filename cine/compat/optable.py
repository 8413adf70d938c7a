"""Declarative option tables and the fftools parser core (fftools/cmdutils.c parse_options,
parse_option, write_option, locate_option, parse_number_or_die).

An OptionDef names an option, its flags (FFmpeg's OPT_* bits), what it writes (a field of the
options value for BOOL/INT/STRING options, or a callback) and its help line. parse_options walks
argv the way the reference does: '-opt value', booleans taking no value and '-noopt' negation,
'name:spec' matching 'name', '--' ending option processing, everything else positional, and
names the table lacks handed to a fallback (ffprobe's AVOption passthrough).
"""
from __future__ import annotations

import math
from collections import namedtuple
from collections.abc import Callable

from . import log as _log

# OptionDef flags, FFmpeg's OPT_* values (fftools/cmdutils.h)
HAS_ARG = 0x0001
OPT_BOOL = 0x0002
OPT_EXPERT = 0x0004
OPT_STRING = 0x0008
OPT_INT = 0x0080
OPT_FLOAT = 0x0100
OPT_INT64 = 0x0400
OPT_EXIT = 0x0800
OPT_INPUT = 0x40000
OPT_DOUBLE = 0x20000

INT_MIN, INT_MAX = -(1 << 31), (1 << 31) - 1
INT64_MIN, INT64_MAX = -(1 << 63), (1 << 63) - 1

EINVAL = -22

# callback(ctx, opt, arg) -> int: < 0 is an AVERROR (reported as "Failed to set value...")
Callback = Callable[[object, str, "str | None"], int]


class ExitProgram(SystemExit):
    """exit_program(code): the reference ends the process here (compat/cli.py returns code)."""


OptionDef = namedtuple("OptionDef", (
    "name", "flags",
    "target",                           # field name (BOOL/INT/STRING) or callback (or None)
    "help", "argname"), defaults=("", None))


def find_option(table: tuple[OptionDef, ...], name: str) -> OptionDef | None:
    """The first entry whose name is `name` or a prefix of it ending at ':' ('of:x' finds 'of')."""
    for po in table:
        if name == po.name or (name.startswith(po.name) and name[len(po.name)] == ":"):
            return po
    return None


def locate_option(argv: list[str], table: tuple[OptionDef, ...], optname: str) -> int:
    """Index in argv (argv[0] is the program) of the first use of optname, else 0; skips the
    argument of options taking one and of unknown options, and knows '-no' forms."""
    i = 1
    while i < len(argv):
        cur = argv[i]
        if not cur.startswith("-"):
            i += 1
            continue
        cur = cur[1:]
        po = find_option(table, cur)
        if po is None and cur.startswith("no"):
            po = find_option(table, cur[2:])
        if (po is None and cur == optname) or (po is not None and po.name == optname):
            return i
        if po is None or po.flags & HAS_ARG:
            i += 1
        i += 1
    return 0


def av_strtod(text: str) -> tuple[float, str]:
    """(value, unparsed tail) with av_strtod's hex, dB, SI-prefix and 'B' suffix rules (the
    expression language's reader, cine/compat/expr/strtod.py; C strtod also skips leading
    blanks, which an option value may have)."""
    if text.isascii() and text.isdigit():
        return float(text), ""  # (the common case, without `re`'s start-up cost)
    from .expr.strtod import av_strtod as read_number
    start = 0
    if not (text[:1] == "0" and text[1:2] in ("x", "X")):
        start = len(text) - len(text.lstrip(" \t\n\v\f\r"))
    value, end = read_number(text, start)
    if end == start:            # nothing read: C's endptr is the string itself
        return 0.0, text
    return value, text[end:]


def parse_number_or_die(context: str, numstr: str, kind: int, lo: float, hi: float) -> float:
    value, tail = av_strtod(numstr)
    if tail:
        msg = "Expected number for %s but found: %s\n" % (context, numstr)
    elif value < lo or value > hi:      # (a NaN is in range: no comparison holds)
        msg = "The value for %s was %s which is not within %f - %f\n" % (context, numstr, lo, hi)
    elif kind == OPT_INT64 and (math.isnan(value) or int(value) != value):
        msg = "Expected int64 for %s but found %s\n" % (context, numstr)
    elif kind == OPT_INT and (math.isnan(value) or int(value) != value):
        msg = "Expected int for %s but found %s\n" % (context, numstr)
    else:
        return value
    _log.log(_log.FATAL, msg)
    raise ExitProgram(1)


def _strerror(code: int) -> str:
    from ..engine.errors import strerror
    return strerror(code)


def write_option(ctx, po: OptionDef, opt: str, arg: str | None) -> int:
    if po.flags & OPT_STRING:
        setattr(ctx, po.target, arg)
    elif po.flags & (OPT_BOOL | OPT_INT):
        value = int(parse_number_or_die(opt, arg, OPT_INT64, INT_MIN, INT_MAX))
        setattr(ctx, po.target, bool(value) if po.flags & OPT_BOOL else value)
    elif po.flags & OPT_INT64:
        setattr(ctx, po.target, int(parse_number_or_die(opt, arg, OPT_INT64, INT64_MIN, INT64_MAX)))
    elif callable(po.target):
        ret = po.target(ctx, opt, arg)
        if ret is not None and ret < 0:
            _log.log(_log.ERROR, "Failed to set value '%s' for option '%s': %s\n"
                     % (arg, opt, _strerror(ret)))
            return ret
    if po.flags & OPT_EXIT:
        raise ExitProgram(0)
    return 0


def parse_option(ctx, opt: str, arg: str | None, table: tuple[OptionDef, ...],
                 fallback: OptionDef | None = None) -> int:
    """One option (without its '-'): returns how many following arguments it consumed, or a
    negative AVERROR after printing the reference's message."""
    po = find_option(table, opt)
    if po is None and opt.startswith("no"):
        # '-nofoo' sets a boolean foo to 0; FFmpeg 5.1.9: for a non-boolean foo it acts as '-foo'
        po = find_option(table, opt[2:])
        if po is not None and po.flags & OPT_BOOL:
            arg = "0"
    elif po is not None and po.flags & OPT_BOOL:
        arg = "1"
    if po is None:
        po = fallback
    if po is None:
        _log.log(_log.ERROR, "Unrecognized option '%s'\n" % opt)
        return EINVAL
    if po.flags & HAS_ARG and arg is None:
        _log.log(_log.ERROR, "Missing argument for option '%s'\n" % opt)
        return EINVAL
    ret = write_option(ctx, po, opt, arg)
    if ret < 0:
        return ret
    return 1 if po.flags & HAS_ARG else 0


def parse_options(ctx, argv: list[str], table: tuple[OptionDef, ...],
                  positional: Callable[[object, str], None] | None,
                  fallback: OptionDef | None = None) -> None:
    """parse_options over argv (argv[0] is the program name); exits 1 on the first error."""
    handle = True
    i = 1
    while i < len(argv):
        opt = argv[i]
        i += 1
        if handle and len(opt) > 1 and opt[0] == "-":
            if opt == "--":
                handle = False
                continue
            ret = parse_option(ctx, opt[1:], argv[i] if i < len(argv) else None, table, fallback)
            if ret < 0:
                raise ExitProgram(1)
            i += ret
        elif positional is not None:
            positional(ctx, opt)


def show_help_options(table: tuple[OptionDef, ...], msg: str, req_flags: int = 0,
                      rej_flags: int = 0, alt_flags: int = 0) -> str:
    """The 'Main options:' listing of -h, as text."""
    out = []
    first = True
    for po in table:
        if ((po.flags & req_flags) != req_flags or (alt_flags and not po.flags & alt_flags)
                or po.flags & rej_flags):
            continue
        if first:
            out.append("%s\n" % msg)
            first = False
        name = po.name + (" " + po.argname if po.argname else "")
        out.append("-%-17s  %s\n" % (name[:127], po.help))
    out.append("\n")
    return "".join(out)
