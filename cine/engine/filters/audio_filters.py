"""The audio filters of a linear -af chain and of the graph FFmpeg 5.1.9's ffmpeg tool builds
around it: atrim (the input and output -ss/-t of fftools' insert_trim, and the user's),
aresample (libswresample: format, layout and rate conversion; also the converter that
libavfilter inserts where a format is refused), aformat (constraints only), anull, volume.

A filter is configured with its input AudioLink and the constraints its downstream puts on
its output (converters use them to choose), then takes frames: push(frame) -> frames,
flush() -> the frames it still holds at the end. `eof` turns true when the filter will pass
nothing more (atrim past its end): the chain's consumer may stop there.
"""
from __future__ import annotations

import copy

from ..frame import AudioFrame
from ..model import AV_TIME_BASE_Q, Rational
from ..timebase import rescale, rescale_q

NOPTS = None
INT64_MIN = -(1 << 63)     # swr_next_pts(INT64_MIN): the next output pts, nothing new in


class AudioLink:
    """What flows between two audio filters besides frames."""
    __slots__ = ("sample_fmt", "sample_rate", "layout", "channels", "time_base")

    def __init__(self, sample_fmt: str, sample_rate: int, layout: str | None, channels: int,
                 time_base: Rational):
        self.sample_fmt = sample_fmt
        self.sample_rate = sample_rate
        self.layout = layout
        self.channels = channels
        self.time_base = time_base

    def copy(self, **changes) -> "AudioLink":
        new = AudioLink(self.sample_fmt, self.sample_rate, self.layout, self.channels,
                        self.time_base)
        for k, v in changes.items():
            setattr(new, k, v)
        return new

    def __repr__(self) -> str:
        return "AudioLink(%s %d Hz %s/%d tb=%d/%d)" % (
            self.sample_fmt, self.sample_rate, self.layout, self.channels,
            self.time_base.num, self.time_base.den)


class Constraints:
    """What a filter accepts on its input (None: anything): sample formats, rates and
    channel layouts (described strings)."""
    __slots__ = ("formats", "rates", "layouts")

    def __init__(self, formats=None, rates=None, layouts=None):
        self.formats = tuple(formats) if formats else None
        self.rates = tuple(rates) if rates else None
        self.layouts = tuple(layouts) if layouts else None

    def accepts(self, link: AudioLink) -> bool:
        return ((self.formats is None or link.sample_fmt in self.formats)
                and (self.rates is None or link.sample_rate in self.rates)
                and (self.layouts is None or link.layout in self.layouts))

    def merged(self, other: "Constraints") -> "Constraints":
        def both(a, b):
            if a is None:
                return b
            if b is None:
                return a
            return tuple(x for x in a if x in b) or a
        return Constraints(both(self.formats, other.formats), both(self.rates, other.rates),
                           both(self.layouts, other.layouts))


class AudioFilter:
    converts = False                 # chooses its output format from downstream constraints
    meta = True                      # AVFILTER_FLAG_METADATA_ONLY: samples pass untouched
    constraints = Constraints()      # what it accepts on its input
    eof = False

    def configure(self, inlink: AudioLink, want: Constraints) -> AudioLink:
        self.inlink = inlink
        return inlink

    def push(self, frame) -> list:
        return [frame]

    def flush(self) -> list:
        return []


class ANull(AudioFilter):
    pass


class AFormat(AudioFilter):
    """aformat: its input must be one of the listed formats, rates and layouts (the graph
    inserts a converter before it where it is not)."""

    def __init__(self, formats=None, rates=None, layouts=None):
        self.constraints = Constraints(formats, rates, layouts)


class ATrim(AudioFilter):
    """atrim with start/duration in microseconds (fftools' starti/durationi), sample
    exact: frames are cut where the range begins and ends."""

    def __init__(self, start_us=None, duration_us=None):
        self.start_us = start_us
        self.duration_us = duration_us

    def configure(self, inlink, want):
        self.inlink = inlink
        sr = Rational(1, inlink.sample_rate)
        self.start_pts = NOPTS if self.start_us is None else rescale_q(self.start_us, AV_TIME_BASE_Q, sr)
        self.duration_tb = 0 if self.duration_us is None else rescale_q(self.duration_us, AV_TIME_BASE_Q, sr)
        self.first_pts = NOPTS
        self.next_pts = 0
        self.nb_samples = 0
        return inlink

    def push(self, frame) -> list:
        if self.eof:
            return []
        n = frame.nb_samples
        rate = self.inlink.sample_rate
        if frame.pts is not None:
            pts = rescale_q(frame.pts, self.inlink.time_base, Rational(1, rate))
        else:
            pts = self.next_pts
        self.next_pts = (pts if pts is not None else 0) + n
        if self.start_pts is NOPTS:
            start = 0
        else:
            if pts is None or pts + n <= self.start_pts:
                self.nb_samples += n
                return []
            start = min(n, self.start_pts - pts)
        if self.first_pts is NOPTS:
            self.first_pts = pts + start
        if not self.duration_tb:
            end = n
        else:
            if not pts - self.first_pts < self.duration_tb:
                self.eof = True
                self.nb_samples += n
                return []
            end = max(0, self.first_pts + self.duration_tb - pts)
        self.nb_samples += n
        start = max(0, start)
        end = min(n, end)
        if start >= end or not n:
            return []
        if start:
            out = _slice(frame, start, end)
            if out.pts is not None:
                out.pts += rescale_q(start, Rational(1, rate), self.inlink.time_base)
            return [out]
        if end < n:
            return [_slice(frame, 0, end)]
        return [frame]


class Volume(AudioFilter):
    """volume with a constant factor and precision=float (the default): float samples
    multiplied by the factor in single precision."""

    meta = False

    def __init__(self, factor: float):
        self.factor = factor
        self.constraints = Constraints(("flt", "fltp"))

    def push(self, frame) -> list:
        import numpy as np
        out = copy.copy(frame)
        out.data = (frame.data * np.float32(self.factor)).astype(np.float32)
        return [out]


class AResample(AudioFilter):
    """aresample (and the converter the graph inserts): libswresample from the input's
    format, rate and layout to those the downstream wants (the input's where allowed).
    Output pts as aresample computes them: swr_next_pts of the input pts in units of
    1 / (in_rate * out_rate), divided by the input rate with rounding."""
    converts = True
    meta = False

    def __init__(self, out_rate: int | None = None, opts: dict | None = None):
        self.out_rate = out_rate
        self.opts = dict(opts or {})

    def configure(self, inlink, want):
        self.inlink = inlink
        fmt = choose_format(inlink.sample_fmt, want.formats)
        rate = self.out_rate or choose_rate(inlink.sample_rate, want.rates)
        layout = inlink.layout
        channels = inlink.channels
        if want.layouts is not None and layout not in want.layouts:
            from ..chlayout import mask_of, nb_channels
            layout = want.layouts[0]
            mask = mask_of(layout)
            channels = nb_channels(mask) if mask else channels
        out = AudioLink(fmt, rate, layout, channels, Rational(1, rate))
        self.outlink = out
        self.passthrough = (fmt == inlink.sample_fmt and rate == inlink.sample_rate
                            and layout == inlink.layout and channels == inlink.channels)
        if not self.passthrough:
            from .swr import Swr
            self.swr = Swr(inlink.sample_fmt, inlink.sample_rate, inlink.layout,
                           inlink.channels, fmt, rate, layout, channels, self.opts)
        return out

    def push(self, frame) -> list:
        if self.passthrough:
            return [frame]
        ir, orate = self.inlink.sample_rate, self.outlink.sample_rate
        pts = None
        if frame.pts is not None:
            # (the delay is read before the frame goes in, as aresample does)
            tb = self.inlink.time_base
            inpts = rescale(frame.pts, tb.num * orate * ir, tb.den)
            pts = _rounded_div(self.swr.next_pts(inpts), ir)
        data = self.swr.convert(frame.data)
        if data is None or data.shape[1] == 0:
            return []
        return [self._frame(data, pts)]

    def flush(self) -> list:
        if self.passthrough:
            return []
        pts = _rounded_div(self.swr.next_pts(INT64_MIN), self.inlink.sample_rate)
        data = self.swr.flush()
        if data is None or data.shape[1] == 0:
            return []
        return [self._frame(data, pts)]

    def _frame(self, data, pts):
        o = self.outlink
        return AudioFrame(data, o.sample_fmt, o.sample_rate, o.layout, pts=pts,
                          time_base=(o.time_base.num, o.time_base.den))


def _rounded_div(a: int, b: int) -> int:
    """FFmpeg's ROUNDED_DIV: halves away from zero."""
    return (a + b // 2) // b if a >= 0 else -((-a + b // 2) // b)


def choose_format(src: str, allowed) -> str:
    """The sample format a converter outputs: the input's when allowed, else the allowed
    one closest to it (same planarity and sample size first)."""
    if not allowed or src in allowed:
        return src
    planar = src.endswith("p")
    base = src[:-1] if planar else src
    for c in allowed:
        if (c[:-1] if c.endswith("p") else c) == base:
            return c
    for c in allowed:
        if c.endswith("p") == planar:
            return c
    return allowed[0]


def choose_rate(src: int, allowed) -> int:
    """libavfilter's swap_samplerates: the allowed rate nearest the input's."""
    if not allowed or src in allowed:
        return src
    return min(allowed, key=lambda r: abs(r - src))


def _slice(frame, start: int, end: int):
    out = copy.copy(frame)
    out.data = frame.data[:, start:end]
    return out
