"""hflip and vflip (libavfilter/vf_hflip.c, vf_vflip.c): every plane mirrored left to right,
or its rows taken bottom up (whole pixels of a packed format; chroma planes of their own
rounded-up size). The picture's size, format and aspect ratio stay."""
from __future__ import annotations

from .. import picture
from ..errors import Unsupported


class _Flip:
    def __init__(self, options: dict, log):
        self.log = log

    def configure(self, inlink):
        if not picture.supported(inlink.pix_fmt):
            raise Unsupported("cine: flipping %s pictures is not supported" % inlink.pix_fmt)
        self.bpps = [bpp for _x, _y, bpp in picture.LAYOUTS[inlink.pix_fmt]]
        return inlink.copy()

    def push(self, frame) -> list:
        import copy
        import numpy as np
        out = copy.copy(frame)
        out.planes = tuple(np.ascontiguousarray(self.flip(p, bpp))
                           for p, bpp in zip(frame.planes, self.bpps))
        return [out]

    def flush(self, eof_pts) -> list:
        return []


class HflipFilter(_Flip):
    @staticmethod
    def flip(plane, bpp: int):
        rows = plane.shape[0]
        return plane.reshape(rows, -1, bpp)[:, ::-1].reshape(rows, plane.shape[1])


class VflipFilter(_Flip):
    @staticmethod
    def flip(plane, bpp: int):
        return plane[::-1]
