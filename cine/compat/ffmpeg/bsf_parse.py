"""A -bsf value as av_bsf_list_parse_str reads it (FFmpeg 5.1.9 libavcodec/bsf.c): filters
separated by ',' (av_get_token: quotes and backslash escapes), each "name" or
"name=options"; the options ("key=value" pairs separated by ':', the first one's key may be
left out for the filter's first option) are set with av_opt_set_from_string on the filter's
private class. Filters without one (all cine's but setts) ignore their options.

What can fail here fails as the reference does, with its messages: an empty name (EINVAL), an
unknown filter (AVERROR_BSF_NOT_FOUND), a pair without a key once the shorthand is used up
("No option name near '...'"), an unknown option ("Option 'x' not found"), a bad time_base.
Expressions are compiled here and handed over (engine/bitstream/setts.py Expr); one that does
not parse fails later, at av_bsf_init, as in the reference.
"""
from __future__ import annotations

import errno

from ...engine.errors import AVERROR_BSF_NOT_FOUND, AVERROR_OPTION_NOT_FOUND, CineError
from .. import log as clog
from ..avstring import WHITESPACES, get_token

INT_MAX = (1 << 31) - 1

# the private options of the filters that have some: name -> (option names in AVOption
# order (the first is the shorthand), the class name the option errors are logged under)
PRIVATE = {"setts": (("ts", "pts", "dts", "duration", "time_base"), "setts_bsf")}


class BsfParseError(CineError):
    """The chain does not parse; the reference's messages were logged. code: the AVERROR."""


def parse_chain(text: str, exists) -> list:
    """The BsfSpec of each filter of `text`; exists(name) says whether cine has the filter."""
    from ...engine.bitstream.bsf import BsfSpec
    specs = []
    pos, n = 0, len(text)
    while True:
        token, pos = get_token(text, pos, ",")
        name, options = _strtok_eq(token)
        if name is None:
            raise BsfParseError(code=-errno.EINVAL)
        if not exists(name):
            raise BsfParseError(code=AVERROR_BSF_NOT_FOUND)
        parsed = {}
        if options is not None and name in PRIVATE:
            parsed = _set_from_string(name, options)
        specs.append(BsfSpec(name, parsed))
        if pos >= n or pos + 1 >= n:
            break
        pos += 1
    return specs


def _strtok_eq(text: str):
    """av_strtok(text, "=", &rest): (name, options) with options "" after a lone name."""
    s = text.lstrip("=")
    if not s:
        return None, None
    name, _sep, rest = s.partition("=")
    return name, rest


def _is_key_char(c: str) -> bool:
    return c.isascii() and (c.isalnum() or c in "-_/.")


def _get_key(text: str, pos: int):
    """get_key: a key made of key characters followed by '=' (blanks around it allowed);
    (key, position after '=') or None."""
    n = len(text)
    while pos < n and text[pos] in WHITESPACES:
        pos += 1
    start = pos
    while pos < n and _is_key_char(text[pos]):
        pos += 1
    key = text[start:pos]
    while pos < n and text[pos] in WHITESPACES:
        pos += 1
    if pos >= n or text[pos] != "=":
        return None
    return key, pos + 1


def _set_from_string(name: str, text: str) -> dict:
    """av_opt_set_from_string(priv, text, {first option}, "=", ":")."""
    names, cls = PRIVATE[name]
    shorthand = [names[0]]
    values = {}
    pos, n = 0, len(text)
    while pos < n:
        got = _get_key(text, pos)
        if got is None and not shorthand:
            clog.log(clog.ERROR, "No option name near '%s'\n" % text[pos:], cls)
            raise BsfParseError(code=-errno.EINVAL)
        if got is not None:
            key, pos = got
            shorthand = []
        else:
            key = shorthand.pop(0)
        value, pos = get_token(text, pos, ":")
        if pos < n:
            pos += 1
        if key not in names:
            clog.log(clog.ERROR, "Option '%s' not found\n" % key, cls)
            raise BsfParseError(code=AVERROR_OPTION_NOT_FOUND)
        values[key] = _option_value(key, value, cls)
    return _compiled(values)


def _option_value(key: str, value: str, cls: str):
    if key != "time_base":
        return value
    return _rational(key, value, cls)


def _rational(key: str, text: str, cls: str):
    """An AV_OPT_TYPE_RATIONAL value in [0, INT_MAX] (set_string_number): "num/den" or
    "num:den" first, then the text as an expression (av_d2q of its value, bound 2^24). An
    out-of-range "num/den" is reported twice: by the first try and by the expression."""
    import re
    from ...engine.timebase import d2q
    m = re.fullmatch(r"[ \t\n\r\f\v]*([+-]?\d+)[:/][ \t\n\r\f\v]*([+-]?\d+)", text)
    if m:
        num, den = int(m.group(1)), int(m.group(2))
        if den and 0 <= num / den <= INT_MAX:
            return d2q(num / den, 1 << 24)
        _out_of_range(key, _div(num, den), cls)
    from ..expr import ExprError, compile_expr
    lines = []
    try:
        fn = compile_expr(text, ("default", "max", "min", "none", "all"),
                          log=lambda level, msg: lines.append((level, msg)))
    except ExprError as exc:
        fn = None
        lines.extend((clog.ERROR, line + "\n") for line in exc.lines)
    for level, line in lines:
        clog.log(level, line, (cls, "Eval"))
    if fn is None:
        clog.log(clog.ERROR, 'Unable to parse option value "%s"\n' % text, cls)
        raise BsfParseError(code=-errno.EINVAL)
    d = fn(0.0, float(INT_MAX), 0.0, 0.0, -1.0)
    if d != d or not 0 <= d <= INT_MAX:
        _out_of_range(key, d, cls)
        raise BsfParseError(code=-errno.ERANGE)
    return d2q(d, 1 << 24)


def _div(num: int, den: int) -> float:
    if den:
        return num / den
    return float("nan") if not num else float("inf") if num > 0 else float("-inf")


def _out_of_range(key: str, d: float, cls: str) -> None:
    value = "-nan" if d != d else "%f" % d      # (glibc prints 0.0/0.0 as -nan)
    clog.log(clog.ERROR, "Value %s for parameter '%s' out of range [0 - %g]\n"
             % (value, key, INT_MAX), cls)


def _compiled(values: dict) -> dict:
    """The expression options compiled (what av_bsf_init will parse), the rest as given."""
    from ...engine.bitstream.setts import VAR_NAMES, Expr
    from ..expr import ExprError, compile_expr
    out = {}
    # the string options' defaults (setts: ts "TS", duration "DURATION")
    values = dict({"ts": "TS", "duration": "DURATION"}, **values)
    for key, value in values.items():
        if key == "time_base":
            out[key] = value
            continue
        lines = []
        try:
            fn = compile_expr(value, VAR_NAMES, log=lambda level, msg: lines.append((level, msg)))
        except ExprError as exc:
            fn = None
            lines.extend((16, line + "\n") for line in exc.lines)
        out[key] = Expr(value, fn, lines)
    return out
