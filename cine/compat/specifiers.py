"""Stream specifiers as FFmpeg 5.1.9 matches them (libavformat/avformat.c
match_stream_specifier / avformat_match_stream_specifier; doc/fftools-common-opts.texi).

    [v|a|s|d|t|V][:...]   media type (V: video that is not an attached picture)
    p:PROGRAM_ID[:...]    streams of that program
    INDEX                 the INDEX-th stream among those matching what precedes it
    #ID | i:ID            stream id (container-level id)
    m:KEY[:VALUE]         metadata tag present (and equal)
    u                     usable: codec known, and for audio/video the basic parameters set
    (empty)               every stream

Numbers are read like strtol(..., 0): '0x10' is hex and '010' octal. A malformed specifier is
an error (EINVAL), reported by the reference as "Invalid stream specifier: SPEC." on the format
context.
"""
from __future__ import annotations

import errno

from ..engine.errors import CineError
from ..engine.model import FormatContext, Program, Stream

_TYPES = {"v": "video", "a": "audio", "s": "subtitle", "d": "data", "t": "attachment", "V": "video"}


class InvalidSpecifier(CineError):
    """A malformed stream specifier (AVERROR(EINVAL))."""
    code = -errno.EINVAL

    def __init__(self, spec: str):
        super().__init__("Invalid stream specifier: %s." % spec)
        self.spec = spec

    @property
    def log_line(self) -> str:
        return "Invalid stream specifier: %s.\n" % self.spec


def strtol0(text: str, pos: int) -> tuple[int, int]:
    """strtol(text + pos, &end, 0) → (value as a C int, end position; == pos if nothing read)."""
    n = len(text)
    i = pos
    while i < n and text[i] in " \t\n\v\f\r":
        i += 1
    neg = False
    if i < n and text[i] in "+-":
        neg = text[i] == "-"
        i += 1
    base = 10
    if i < n and text[i] == "0":
        if i + 1 < n and text[i + 1] in "xX" and i + 2 < n and text[i + 2] in "0123456789abcdefABCDEF":
            base = 16
            i += 2
        else:
            base = 8
    digits = "0123456789abcdef"[:base]
    j = i
    while j < n and text[j].lower() in digits and text[j] != "":
        j += 1
    if j == i:
        return 0, pos
    value = int(text[i:j], base)
    if neg:
        value = -value
    value = max(-(1 << 63), min((1 << 63) - 1, value))       # long saturates
    value &= 0xFFFFFFFF                                       # then truncates to int
    if value >= 1 << 31:
        value -= 1 << 32
    return value, j


def _usable(st: Stream) -> bool:
    par = st.codecpar
    kind = par.codec_type
    if kind == "audio":
        val = bool(par.sample_rate and par.channels)
        if par.format is None:
            return False
    elif kind == "video":
        val = bool(par.width and par.height)
        if par.format is None:
            return False
    elif kind is None:
        val = False
    else:
        val = True
    return par.codec_name is not None and val


def _match(ctx: FormatContext, st: Stream, spec: str) -> tuple[bool, int | None, Program | None]:
    """match_stream_specifier: (matches so far, position of a trailing index or None, the
    program that matched). Raises InvalidSpecifier."""
    match = True
    prog = None
    pos = 0
    n = len(spec)
    while pos < n:
        c = spec[pos]
        if "0" <= c <= "9":
            return match, pos, prog
        if c in _TYPES:
            pos += 1
            if pos < n:
                if spec[pos] != ":":
                    raise InvalidSpecifier(spec)
                pos += 1
            if st.codecpar.codec_type != _TYPES[c]:
                match = False
            if c == "V" and "attached_pic" in st.disposition:
                match = False
        elif c == "p" and spec[pos + 1:pos + 2] == ":":
            pos += 2
            prog_id, end = strtol0(spec, pos)
            if end == pos:
                raise InvalidSpecifier(spec)
            if end < n:
                if spec[end] != ":":
                    raise InvalidSpecifier(spec)
                end += 1
            pos = end
            found = False
            if match:
                for p in ctx.programs:
                    if p.id != prog_id:
                        continue
                    if st.index in p.stream_indexes:
                        found = True
                        prog = p
                        break
            if not found:
                match = False
        elif c == "#" or (c == "i" and spec[pos + 1:pos + 2] == ":"):
            pos += 2 if c == "i" else 1
            sid, end = strtol0(spec, pos)
            if end == pos or end != n:
                raise InvalidSpecifier(spec)
            return match and sid == st.id, None, prog
        elif c == "m" and spec[pos + 1:pos + 2] == ":":
            if not match:
                return False, None, prog
            rest = spec[pos + 2:]
            key, sep, value = rest.partition(":")
            tag = st.tags.get(key)
            if tag is None:
                return False, None, prog
            return (not sep or tag == value), None, prog
        elif c == "u" and pos + 1 == n:
            return match and _usable(st), None, prog
        else:
            raise InvalidSpecifier(spec)
    return match, None, prog


def match_stream(spec: str, ctx: FormatContext, stream: Stream) -> bool:
    """avformat_match_stream_specifier: whether `stream` of `ctx` matches `spec`.
    Raises InvalidSpecifier for a malformed specifier."""
    match, index_pos, prog = _match(ctx, stream, spec)
    if index_pos is None:
        return match
    index, end = strtol0(spec, index_pos)
    if end != len(spec):
        raise InvalidSpecifier(spec)
    if index_pos == 0:
        return index == stream.index
    if prog is not None:
        candidates = [ctx.streams[i] for i in prog.stream_indexes if 0 <= i < len(ctx.streams)]
    else:
        candidates = ctx.streams
    if index < 0:
        return False
    for cand in candidates:
        ok, _, _ = _match(ctx, cand, spec)
        if ok:
            if index == 0:
                return cand is stream
            index -= 1
    return False


def select_streams(spec: str | None, ctx: FormatContext, sink=None) -> list[bool]:
    """ffprobe's stream selection: one flag per stream (all True without a specifier). On a
    malformed specifier logs the reference's error line on the format context (through `sink`,
    an engine log sink) and raises InvalidSpecifier."""
    if spec is None:
        return [True] * len(ctx.streams)
    out = []
    for st in ctx.streams:
        try:
            out.append(match_stream(spec, ctx, st))
        except InvalidSpecifier as exc:
            if sink is not None:
                sink(ctx.format_name or "NULL", 16, exc.log_line)
            raise
    return out
