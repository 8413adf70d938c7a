"""A linear chain of video filters (a -vf graph without branches), configured from the first
frame's properties, with libavfilter's pixel format negotiation reduced to what a chain
needs: filters that do not convert (select, fps, format, null) keep the format, a scale
filter outputs the best format its downstream constraints (format filters, the encoder's
formats) allow, and where an unconverted format is refused a conversion (the automatic
scale filter) is inserted.

specs: [(filter name, options dict)], options already typed (expressions as callables), or
a callable returning them (called when the chain is configured: the face parses the graph
then, as the reference does at its first frame). `display_matrix`: the input stream's display
matrix when the stream is autorotated (autorotate.py): the filters undoing it come first.
"""
from __future__ import annotations

import sys

from .. import picture
from ..errors import CineError
from .link import FilterError

FILTERS = {
    "null": "cine.engine.filters.null:NullFilter",
    "select": "cine.engine.filters.select:SelectFilter",
    "fps": "cine.engine.filters.fps:FpsFilter",
    "format": "cine.engine.filters.format:FormatFilter",
    "scale": "cine.engine.filters.scale:ScaleFilter",
    "transpose": "cine.engine.filters.transpose:TransposeFilter",
    "hflip": "cine.engine.filters.flip:HflipFilter",
    "vflip": "cine.engine.filters.flip:VflipFilter",
}


def filter_class(name: str):
    path = FILTERS.get(name)
    if path is None:
        return None
    mod, _, cls = path.partition(":")
    __import__(mod)
    return getattr(sys.modules[mod], cls)


def best_format(src: str, candidates) -> str:
    """The candidate that loses least from src (avcodec_find_best_pix_fmt_of_list, as far as
    the 8-bit planar formats go): src itself, its full/limited-range twin, a format with the
    same chroma layout, else the first one."""
    if src in candidates:
        return src
    twins = dict(picture.JPEG_TWIN)
    twins.update({v: k for k, v in picture.JPEG_TWIN.items()})
    if twins.get(src) in candidates:
        return twins[src]
    if src in picture.LAYOUTS:
        want = picture.LAYOUTS[src]
        for c in candidates:
            if picture.LAYOUTS.get(c) == want:
                return c
        if src in ("rgb24", "bgr24"):
            for c in candidates:
                if c in ("yuv444p", "yuvj444p", "rgb24", "bgr24"):
                    return c
    return candidates[0]


class FilterChain:
    """Run frames through the chain; `out_formats`: the pixel formats the consumer takes
    (None: any)."""

    def __init__(self, specs, out_formats=None, log=None, display_matrix=None, sws_method=None):
        self.specs = specs
        self.sws_method = sws_method    # the kernel of the automatic conversions (-sws_flags)
        # the input's colour space (ffprobe's name): the matrix of conversions to RGB
        self.colorspace = None
        self.display_matrix = display_matrix
        self.out_formats = tuple(out_formats) if out_formats else None
        self.log = log
        self.filters = []
        self.outlink = None
        self._tbs = []              # each filter's input time base

    def configure(self, inlink):
        """Instantiate and configure every filter (raising CineError after the filter's
        own lines); returns the output link."""
        if callable(self.specs):
            self.specs = self.specs()
        head = []
        if self.display_matrix is not None:
            from .autorotate import rotation_filters
            head = rotation_filters(self.display_matrix, self.log)
        plan = self._plan(inlink.pix_fmt, head)
        link = inlink
        self.filters = []
        self._tbs = []
        for name, opts in plan:
            if name == "scale" and self.colorspace and "colorspace" not in opts:
                opts["colorspace"] = self.colorspace
            cls = filter_class(name)
            f = cls(opts, self.log)
            self._tbs.append(link.time_base)
            try:
                link = f.configure(link)
            except FilterError as exc:
                raise CineError(exc.message, code=exc.code) from None
            self.filters.append(f)
        self.outlink = link
        return link

    def _plan(self, src_fmt: str, head=()) -> list:
        """The specs (after the `head` ones) with each scale's output format decided and
        automatic conversions inserted."""
        plan = [(name, dict(opts)) for name, opts in list(head) + list(self.specs)]
        constraints = []      # per position: the formats a format filter allows
        for name, opts in plan:
            constraints.append(tuple(opts["pix_fmts"]) if name == "format" else None)
        out = []
        fmt = src_fmt
        for i, (name, opts) in enumerate(plan):
            if name == "scale":
                allowed = self._downstream(plan, constraints, i + 1)
                target = opts.get("out_format") or (best_format(fmt, allowed) if allowed else fmt)
                opts["out_format"] = target
                fmt = target
            elif constraints[i] is not None and fmt not in constraints[i]:
                allowed = self._downstream(plan, constraints, i) or constraints[i]
                fmt = best_format(fmt, allowed)
                out.append(("scale", self._auto(fmt)))
            out.append((name, opts))
        if self.out_formats is not None and fmt not in self.out_formats:
            fmt = best_format(fmt, self.out_formats)
            out.append(("scale", self._auto(fmt)))
        return out

    def _auto(self, fmt: str) -> dict:
        opts = {"auto": True, "out_format": fmt}
        if self.sws_method:
            opts["flags"] = self.sws_method
        return opts

    def _downstream(self, plan, constraints, start: int):
        """The formats allowed from position start to the next scale (or the sink)."""
        allowed = None
        for j in range(start, len(plan)):
            if plan[j][0] == "scale":
                return allowed
            if constraints[j] is not None:
                allowed = constraints[j] if allowed is None else \
                    tuple(f for f in allowed if f in constraints[j])
        if self.out_formats is not None:
            allowed = self.out_formats if allowed is None else \
                tuple(f for f in allowed if f in self.out_formats)
        return allowed

    def push(self, frame) -> list:
        return self._run(0, [frame])

    def flush(self, eof_pts) -> list:
        """EOF at eof_pts (input time base): what the filters still hold, in order."""
        out = []
        pending: list = []
        for i, f in enumerate(self.filters):
            frames = []
            for fr in pending:
                frames.extend(f.push(fr))
            frames.extend(f.flush(self._eof_at(i, eof_pts)))
            pending = frames
        out.extend(pending)
        return out

    def _eof_at(self, index: int, eof_pts):
        """The EOF timestamp as filter `index` sees it (in its input time base)."""
        if eof_pts is None:
            return None
        from ..timebase import rescale_q
        tb = self._in_tb(0)
        for i in range(index):
            ntb = self._in_tb(i + 1)
            if ntb != tb:
                eof_pts = rescale_q(eof_pts, tb, ntb)
                tb = ntb
        return eof_pts

    def _in_tb(self, index: int):
        return self._tbs[index]

    @property
    def scale_filters(self) -> list:
        return [f for f in self.filters if type(f).__name__ == "ScaleFilter"]

    def _run(self, start: int, frames: list) -> list:
        for f in self.filters[start:]:
            nxt = []
            for fr in frames:
                nxt.extend(f.push(fr))
            frames = nxt
            if not frames:
                break
        return frames
