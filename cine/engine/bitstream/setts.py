"""setts: set packet timestamps from expressions (FFmpeg 5.1.9 libavcodec/setts_bsf.c
behaviour).

Options: ts (PTS and DTS, default "TS"), pts, dts (each instead of ts for its timestamp),
duration (default "DURATION") and time_base (the output time base; 0 keeps the input's).
The expressions come compiled by the caller (the engine has no expression parser of its
own): each option is an Expr with the text, the callable taking VAR_NAMES' values in order,
and the lines the parse logged (a failed parse has no callable; creating the filter then
fails as av_bsf_init does, after logging them).

The filter holds one packet back: the NEXT_* variables are the following packet's (a blank
packet's at the end: no timestamps, duration 0), so a packet leaves when the next arrives
and the last one at the flush. Values are doubles; a result is rounded with llrint, and a
result outside int64 (NOPTS included) means "no timestamp".
"""
from __future__ import annotations

import errno

from ..errors import CineError
from ..log import Logger
from ..model import Packet
from .bsf import Bsf

VAR_NAMES = ("N", "TS", "POS", "PREV_INPTS", "PREV_INDTS", "PREV_INDURATION", "PREV_OUTPTS",
             "PREV_OUTDTS", "PREV_OUTDURATION", "NEXT_PTS", "NEXT_DTS", "NEXT_DURATION", "PTS",
             "DTS", "DURATION", "STARTPTS", "STARTDTS", "TB", "TB_OUT", "SR", "NOPTS")
(N, TS, POS, PREV_INPTS, PREV_INDTS, PREV_INDUR, PREV_OUTPTS, PREV_OUTDTS, PREV_OUTDUR,
 NEXT_PTS, NEXT_DTS, NEXT_DUR, PTS, DTS, DURATION, STARTPTS, STARTDTS, TB, TB_OUT, SR,
 NOPTS) = range(len(VAR_NAMES))

NOPTS_VALUE = -(1 << 63)
_NOPTS_F = float(NOPTS_VALUE)
# the order setts_init parses its expressions in
PARSE_ORDER = ("ts", "duration", "pts", "dts")


class Expr:
    """An expression option as the caller compiled it."""

    __slots__ = ("text", "fn", "lines")

    def __init__(self, text: str, fn=None, lines=()):
        self.text = text
        self.fn = fn            # f(*values) -> float; None: the text did not parse
        self.lines = tuple(lines)   # (level, message) the parse logged


def _ts(v) -> float:
    return _NOPTS_F if v is None else float(v)


def _llrint(x: float) -> int | None:
    """llrint of an expression's value as a timestamp: None (AV_NOPTS_VALUE) for NaN and
    values outside int64 (x86 gives INT64_MIN), and for INT64_MIN itself."""
    if x != x or not -9.223372036854775808e18 <= x < 9.223372036854775808e18:
        return None
    r = round(x)
    return None if r == NOPTS_VALUE else r


def _llrint_dur(x: float) -> int:
    if x != x or not -9.223372036854775808e18 <= x < 9.223372036854775808e18:
        return NOPTS_VALUE
    return round(x)


class _Blank:
    """An empty AVPacket's fields."""
    pts = dts = None
    duration = 0


class _Times:
    """A packet's timestamps as they were when it left (av_packet_ref: the muxing layer may
    change the packet itself afterwards)."""
    __slots__ = ("pts", "dts", "duration")

    def __init__(self, pts, dts, duration):
        self.pts, self.dts, self.duration = pts, dts, duration


class SetTs(Bsf):
    name = "setts"

    def __init__(self, stream, log: Logger, options: dict | None = None):
        super().__init__(stream, log)
        o = options or {}
        exprs = {"ts": o.get("ts") or Expr("TS"), "duration": o.get("duration") or Expr("DURATION"),
                 "pts": o.get("pts"), "dts": o.get("dts")}
        for key in PARSE_ORDER:
            e = exprs[key]
            if e is None:
                continue
            for level, line in e.lines:
                Logger((log.component, "Eval"), log.sink).log(level, line)
            if e.fn is None:
                log.error("Error while parsing %s expression '%s'\n" % (key, e.text))
                raise CineError(code=-errno.EINVAL)
        for key in ("ts", "duration"):
            if exprs[key].fn is None:       # (the defaults, when the caller gave none)
                raise CineError(code=-errno.EINVAL)
        self.ts, self.duration = exprs["ts"].fn, exprs["duration"].fn
        self.pts = exprs["pts"].fn if exprs["pts"] is not None else None
        self.dts = exprs["dts"].fn if exprs["dts"] is not None else None
        tb_in = stream.time_base
        tb = o.get("time_base")
        # av_bsf_init: time_base_out starts as time_base_in; the option replaces it
        self.time_base_out = tb if tb is not None and tb.num > 0 and tb.den > 0 else None
        out = self.time_base_out or tb_in
        v = [0.0] * len(VAR_NAMES)
        v[STARTPTS] = v[STARTDTS] = v[NOPTS] = _NOPTS_F
        v[TB] = tb_in.num / tb_in.den if tb_in.den else 0.0
        v[TB_OUT] = out.num / out.den if out.den else 0.0
        v[SR] = float(stream.codecpar.sample_rate or 0)
        self.v = v
        self.n = 0
        self.cur = None             # the packet held back
        self.prev_in = _Blank
        self.prev_out = _Blank

    def filter(self, pkt: Packet) -> list[Packet]:
        if self.cur is None:
            self.cur = pkt
            return []
        return [self._step(pkt)]

    def flush(self) -> list[Packet]:
        if self.cur is None:
            return []
        return [self._step(_Blank)]

    def _step(self, nxt) -> Packet:
        cur, v = self.cur, self.v
        if v[STARTPTS] == _NOPTS_F:
            v[STARTPTS] = _ts(cur.pts)
        if v[STARTDTS] == _NOPTS_F:
            v[STARTDTS] = _ts(cur.dts)
        v[N] = float(self.n)
        self.n += 1
        v[TS] = _ts(cur.dts)
        v[POS] = float(-1 if cur.pos is None else cur.pos)
        v[PTS] = _ts(cur.pts)
        v[DTS] = _ts(cur.dts)
        v[DURATION] = float(cur.duration or 0)
        for (p, d, u), pk in (((PREV_INPTS, PREV_INDTS, PREV_INDUR), self.prev_in),
                              ((PREV_OUTPTS, PREV_OUTDTS, PREV_OUTDUR), self.prev_out),
                              ((NEXT_PTS, NEXT_DTS, NEXT_DUR), nxt)):
            v[p], v[d], v[u] = _ts(pk.pts), _ts(pk.dts), float(pk.duration or 0)
        new_ts = _llrint(self.ts(*v))
        new_duration = _llrint_dur(self.duration(*v))
        if self.pts is not None:
            v[TS] = _ts(cur.pts)
            new_pts = _llrint(self.pts(*v))
        else:
            new_pts = new_ts
        if self.dts is not None:
            v[TS] = _ts(cur.dts)
            new_dts = _llrint(self.dts(*v))
        else:
            new_dts = new_ts
        out = Packet(cur.stream_index, cur.data, new_pts, new_dts, new_duration, cur.pos,
                     cur.flags, list(cur.side_data))
        self.prev_in = _Times(cur.pts, cur.dts, cur.duration)
        self.prev_out = _Times(new_pts, new_dts, new_duration)
        self.cur = None if nxt is _Blank else nxt
        return out
