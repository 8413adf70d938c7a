"""transpose (libavfilter/vf_transpose.c): the picture mirrored about its main diagonal, with
the rows of the source and/or of the result reversed by the direction (0 cclock_flip: plain
transpose, 1 clock, 2 cclock, 3 clock_flip). Every plane is permuted on its own, so a 4:2:0
picture of odd size keeps its rounded-up chroma planes, transposed; the sample aspect ratio
is inverted. `passthrough` (1 landscape, 2 portrait) leaves pictures already of that shape
alone; a direction above 3 is the deprecated spelling of landscape passthrough.

options: dir (0..7), passthrough (0..), context (the instance name in log lines).
"""
from __future__ import annotations

from .. import picture
from ..errors import Unsupported
from ..frame import VideoFrame
from ..log import VERBOSE, WARNING
from ..timebase import reduce

PASSTHROUGH_NONE, PASSTHROUGH_LANDSCAPE, PASSTHROUGH_PORTRAIT = 0, 1, 2


def transpose_plane(plane, bpp: int, direction: int):
    """One plane (rows, columns * bpp) transposed in `direction` (0..3)."""
    import numpy as np
    rows = plane.shape[0]
    src = plane.reshape(rows, plane.shape[1] // bpp, bpp)
    if direction & 1:               # clockwise: the source's rows taken bottom up
        src = src[::-1]
    out = src.transpose(1, 0, 2)
    if direction & 2:               # the result's rows written bottom up
        out = out[::-1]
    return np.ascontiguousarray(out).reshape(out.shape[0], out.shape[1] * bpp)


class TransposeFilter:
    def __init__(self, options: dict, log):
        self.log = log
        self.dir = int(options.get("dir", 0))
        self.passthrough = int(options.get("passthrough", PASSTHROUGH_NONE))
        self.context = options.get("context") or "transpose"

    def configure(self, inlink):
        if self.dir & 4:
            self.log.sink(self.context, WARNING, "dir values greater than 3 are deprecated, use "
                                                 "the passthrough option instead\n")
            self.dir &= 3
            self.passthrough = PASSTHROUGH_LANDSCAPE
        w, h = inlink.width, inlink.height
        if (w >= h and self.passthrough == PASSTHROUGH_LANDSCAPE) or \
                (w <= h and self.passthrough == PASSTHROUGH_PORTRAIT):
            self.log.sink(self.context, VERBOSE,
                          "w:%d h:%d -> w:%d h:%d (passthrough mode)\n" % (w, h, w, h))
            self.identity = True
            return inlink.copy()
        self.identity = False
        self.passthrough = PASSTHROUGH_NONE
        fmt = inlink.pix_fmt
        xs, ys = picture.chroma_shifts(fmt) if picture.supported(fmt) else (0, 1)
        if not picture.supported(fmt) or xs != ys:
            # the reference's transpose takes no format whose chroma is subsampled unevenly
            # (libavfilter converts first): cine does not make that conversion
            raise Unsupported("cine: transposing %s pictures is not supported" % fmt)
        self.bpps = [bpp for _x, _y, bpp in picture.LAYOUTS[fmt]]
        sar = inlink.sar
        if sar.num:
            sar = reduce(sar.den, sar.num)
        self.log.sink(self.context, VERBOSE,
                      "w:%d h:%d dir:%d -> w:%d h:%d rotation:%s vflip:%d\n"
                      % (w, h, self.dir, h, w,
                         "clockwise" if self.dir in (1, 3) else "counterclockwise",
                         self.dir in (0, 3)))
        return inlink.copy(width=h, height=w, sar=sar)

    def push(self, frame) -> list:
        if self.identity:
            return [frame]
        planes = [transpose_plane(p, bpp, self.dir) for p, bpp in zip(frame.planes, self.bpps)]
        num, den = frame.sar
        sar = (den, num) if num else frame.sar
        return [VideoFrame(planes, frame.height, frame.width, frame.pix_fmt, frame.pts,
                           frame.duration, frame.time_base, frame.key, frame.pict_type, sar,
                           frame.color_range, frame.pkt_dts)]

    def flush(self, eof_pts) -> list:
        return []
