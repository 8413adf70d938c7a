"""-read_intervals parsing (fftools/ffprobe.c parse_read_intervals / parse_read_interval) and
av_parse_time's duration syntax (libavutil/parseutils.c).

    INTERVALS ::= INTERVAL[,INTERVALS]
    INTERVAL  ::= [START|+START_OFFSET][%[END|+END_OFFSET|+#FRAMES]]

Times are durations: [-][HH:]MM:SS[.m...][s|ms|us] or [-]S+[.m...][s|ms|us], in microseconds.
"""
from __future__ import annotations

import errno
import re

from ..engine.record import Record

INT64_MAX = (1 << 63) - 1
INT64_MIN = -(1 << 63)


class ReadInterval(Record):
    id: int
    start: int = 0               # microseconds (AV_TIME_BASE)
    end: int = 0                 # microseconds, or a frame count when duration_frames
    has_start: bool = False
    has_end: bool = False
    start_is_offset: bool = False
    end_is_offset: bool = False
    duration_frames: bool = False

    def __init__(self, id, start=0, end=0, has_start=False, has_end=False, start_is_offset=False,
                 end_is_offset=False, duration_frames=False):
        self.id = id
        self.start = start
        self.end = end
        self.has_start = has_start
        self.has_end = has_end
        self.start_is_offset = start_is_offset
        self.end_is_offset = end_is_offset
        self.duration_frames = duration_frames


class IntervalError(ValueError):
    """Parsing failed; .lines are the error lines the reference logs, .code its AVERROR."""

    def __init__(self, lines: list[str], code: int = -errno.EINVAL):
        super().__init__("".join(lines))
        self.lines = lines
        self.code = code


def _num(s: str, pos: int, lo: int, hi: int, maxlen: int) -> tuple[int, int] | None:
    j = pos
    while j < len(s) and j - pos < maxlen and s[j] in "0123456789":
        j += 1
    if j == pos:
        return None
    v = int(s[pos:j])
    if v < lo or v > hi:
        return None
    return v, j


def _hms(s: str, pos: int, with_hours: bool) -> tuple[int, int] | None:
    """av_small_strptime with '%J:%M:%S' or '%M:%S': (seconds, end) or None."""
    h = 0
    if with_hours:
        r = _num(s, pos, 0, 2147483647, 4)
        if r is None or r[1] >= len(s) or s[r[1]] != ":":
            return None
        h, pos = r[0], r[1] + 1
    r = _num(s, pos, 0, 59, 2)
    if r is None or r[1] >= len(s) or s[r[1]] != ":":
        return None
    m, pos = r[0], r[1] + 1
    r = _num(s, pos, 0, 59, 2)
    if r is None:
        return None
    return h * 3600 + m * 60 + r[0], r[1]


def parse_duration(text: str) -> int:
    """av_parse_time(..., duration=1) → microseconds; raises ValueError (EINVAL/ERANGE)."""
    p = 0
    negative = False
    if text[:1] == "-":
        negative = True
        p = 1
    r = _hms(text, p, True) or _hms(text, p, False)
    if r is not None:
        t, q = r
    else:
        m = re.match(r"[ \t\n\v\f\r]*[+-]?[0-9]+", text[p:])
        if not m:
            raise ValueError("EINVAL")
        t = int(m.group(0))
        if t > INT64_MAX or t < INT64_MIN:
            raise ValueError("ERANGE")
        q = p + m.end()
    micro = 0
    if q < len(text) and text[q] == ".":
        q += 1
        n = 100000
        while n >= 1 and q < len(text) and text[q] in "0123456789":
            micro += n * int(text[q])
            n //= 10
            q += 1
        while q < len(text) and text[q] in "0123456789":
            q += 1
    suffix = 1000000
    if text.startswith("ms", q):
        suffix = 1000
        micro //= 1000
        q += 2
    elif text.startswith("us", q):
        suffix = 1
        micro = 0
        q += 2
    elif text.startswith("s", q):
        q += 1
    if q != len(text):
        raise ValueError("EINVAL")
    if t > INT64_MAX // suffix or t < -(-INT64_MIN // suffix):
        raise ValueError("ERANGE")
    t *= suffix
    if INT64_MAX - micro < t:
        raise ValueError("ERANGE")
    t += micro
    return -t if negative else t


def parse_interval(spec: str, iid: int, warn=None) -> ReadInterval:
    iv = ReadInterval(iid)
    if not spec:
        raise IntervalError(["Invalid empty interval specification\n"])
    first, pct, second = spec.partition("%")
    if first:
        iv.has_start = True
        p = first
        if p[0] == "+":
            iv.start_is_offset = True
            p = p[1:]
        try:
            iv.start = parse_duration(p)
        except ValueError as exc:
            code = -errno.ERANGE if str(exc) == "ERANGE" else -errno.EINVAL
            raise IntervalError(["Invalid interval start specification '%s'\n" % p], code)
    if pct and second:
        iv.has_end = True
        p = second
        if p[0] == "+":
            iv.end_is_offset = True
            p = p[1:]
        if iv.end_is_offset and p[:1] == "#":
            iv.duration_frames = True
            p = p[1:]
            m = re.match(r"[ \t\n\v\f\r]*[+-]?[0-9]+$", p)
            value = int(m.group(0)) if m else None
            if value is None or value < 0:
                # FFmpeg 5.1.9: the error is logged but not returned; parsing goes on
                if warn is not None:
                    warn("Invalid or negative value '%s' for duration number of frames\n" % p)
                iv.end = max(value or 0, 0) if value is not None else _strtoll_prefix(p)
                return iv
            iv.end = min(value, INT64_MAX)
        else:
            try:
                iv.end = parse_duration(p)
            except ValueError as exc:
                code = -errno.ERANGE if str(exc) == "ERANGE" else -errno.EINVAL
                raise IntervalError(["Invalid interval end/duration specification '%s'\n" % p], code)
    return iv


def _strtoll_prefix(p: str) -> int:
    m = re.match(r"[ \t\n\v\f\r]*[+-]?[0-9]+", p)
    return int(m.group(0)) if m else 0


def ts2timestr(us: int) -> str:
    """av_ts2timestr in AV_TIME_BASE_Q: '%.6g' seconds."""
    return "%.6g" % (us / 1000000)


def describe(iv: ReadInterval) -> str:
    """log_read_interval's text (without the newline)."""
    out = "id:%d" % iv.id
    if iv.has_start:
        out += " start:%s%s" % ("+" if iv.start_is_offset else "", ts2timestr(iv.start))
    else:
        out += " start:N/A"
    if iv.has_end:
        out += " end:%s" % ("+" if iv.end_is_offset else "")
        out += ("#%d" % iv.end) if iv.duration_frames else ts2timestr(iv.end)
    else:
        out += " end:N/A"
    return out


def parse_read_intervals(spec: str, warn=None, verbose=None) -> list[ReadInterval]:
    """All intervals; raises IntervalError whose lines include 'Error parsing read interval'."""
    out = []
    for i, part in enumerate(spec.split(",")):
        try:
            iv = parse_interval(part, i, warn)
        except IntervalError as exc:
            exc.lines.append("Error parsing read interval #%d '%s'\n" % (i, part))
            raise
        if verbose is not None:
            verbose("Parsed log interval %s\n" % describe(iv))
        out.append(iv)
    return out
