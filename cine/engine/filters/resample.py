"""Resizing and range conversion of 8-bit planes the way libswscale does it on x86-64
(libswscale/hscale.c, swscale.c, output.c and x86/yuv2yuvX.asm of FFmpeg 5.1.9): a
horizontal pass to 15-bit intermediates with 14-bit coefficients, the optional limited <->
full range conversion of those intermediates, and a vertical pass with 12-bit coefficients:
the MMX/SSE3 filter (per-tap products truncated to 16 bits, a rounding term of
(64 + 8 * (taps - 1)) >> 4, then >> 3) for the rows computed before the last two luma
rows, the exact C filter (offset 64 << 12, >> 19) for those and whenever the vertical
filter has one tap.
The passes are kernels (resample_jit.py).""" 
from __future__ import annotations

from .resample_filter import make_filter

# filter alignment of the x86 build (MMX horizontal 4, vertical 2)
H_ALIGN, V_ALIGN = 4, 2


class PlaneScaler:
    """One plane: src (rows, cols) -> dst (rows, cols)."""

    def __init__(self, src_w, src_h, dst_w, dst_h, method, src_pos=(128, 128),
                 dst_pos=(128, 128), range_conv=None, chroma=False, v_shift=0, luma_h=None):
        import numpy as np
        hp, hc = make_filter(src_w, dst_w, 1 << 14, H_ALIGN, method, src_pos[0], dst_pos[0])
        vp, vc = make_filter(src_h, dst_h, 1 << 12, V_ALIGN, method, src_pos[1], dst_pos[1])
        self.hpos = np.array(hp, dtype=np.int32)
        self.hcoef = np.array(hc, dtype=np.int32)
        self.vpos = np.array(vp, dtype=np.int32)
        self.vcoef = np.array(vc, dtype=np.int32)
        self.range_conv = range_conv        # None, "to_jpeg", "from_jpeg"
        self.chroma = chroma
        self.src_w = src_w
        # rows at or after the one computed with luma row dst_h - 2 use the C filter
        luma_h = dst_h if luma_h is None else luma_h
        self.c_from = -(-max(luma_h - 2, 0) >> v_shift)

    def run(self, plane):
        import numpy as np
        from . import resample_jit as K
        rows = plane.shape[0]
        tmp = np.empty((rows, len(self.hpos)), dtype=np.int32)
        mode = {None: K.RANGE_NONE, "to_jpeg": K.RANGE_TO_JPEG,
                "from_jpeg": K.RANGE_FROM_JPEG}[self.range_conv]
        if not (plane.flags.c_contiguous and plane.flags.writeable):
            plane = plane.copy()
        if K.hscale(plane, self.hpos, self.hcoef, mode,
                    1 if self.chroma else 0, tmp) < 0:
            raise ValueError("scaler filter out of range")
        out = np.empty((len(self.vpos), tmp.shape[1]), dtype=np.uint8)
        if K.vscale(tmp, self.vpos, self.vcoef, self.c_from, out) < 0:
            raise ValueError("scaler filter out of range")
        return out
