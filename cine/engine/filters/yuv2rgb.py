"""YUV (and gray) -> packed RGB the way libswscale of FFmpeg 5.1.9 does it on x86-64, for the
scale filter (scale.py) and the automatic conversions before encoders that want RGB.

The reference takes one of three routes (libswscale/swscale_unscaled.c, yuv2rgb.c,
x86/yuv_2_rgb.asm, output.c, vscale.c):

- gray at the same size: a palette of r = g = b = Y;
- yuv420p / yuv422p (and their yuvj twins) at the same size with an even output height: the
  SIMD converter of whole planes (yuv2rgb_jit.simd_convert, constants from
  yuv2rgb_coeffs.simd_coeffs);
- everything else (scaling, odd heights): the scaler. The horizontal pass gives 15-bit
  intermediates (resample_jit.hscale, no range conversion: the range is in the constants).
  With chroma at half the output width (the usual case) the vertical pass and the C packed
  writers (output.c: rounding 1 << 18, >> 19; the one- and two-tap shortcuts of vscale.c)
  look the result up in the tables of yuv2rgb_coeffs.table_offsets
  (yuv2rgb_jit.packed_rows). Where the input's chroma is not subsampled horizontally
  (yuv444p, gray) or the output width is odd, the reference forces full chroma
  interpolation: chroma at the output width and the "full" writers' fixed-point matrix
  (yuv2rgb_coeffs.full_coeffs, yuv2rgb_jit.full_rows). On x86 the reference writes bgr24
  from the half-chroma scaler with MMX code of its own rounding, which is not reproduced:
  that combination is refused.

The matrix is BT.601 unless the input's colour space names another; the input range is full
for yuvj formats and gray, limited for the others, unless the frames say otherwise (as
vf_scale passes the frame's color_range on).
"""
from __future__ import annotations

from .. import picture

RGB_OUT = ("rgb24", "bgr24")
SIMD_IN = ("yuv420p", "yuvj420p", "yuv422p", "yuvj422p")
SCALER_IN = ("yuv420p", "yuvj420p", "yuv422p", "yuvj422p", "yuv444p", "yuvj444p", "gray")
FULL_BY_FORMAT = ("yuvj420p", "yuvj422p", "yuvj444p", "gray")


def route(in_fmt: str, out_fmt: str, same_size: bool, out_w: int, out_h: int) -> str | None:
    """"palette", "simd", "scaler", "full", or None where the conversion is not implemented."""
    if out_fmt not in RGB_OUT:
        return None
    if same_size and in_fmt == "gray":
        return "palette"
    if same_size and in_fmt in SIMD_IN and not out_h & 1:
        return "simd"
    if in_fmt in SCALER_IN:
        # chroma not subsampled horizontally, or an odd output width: the reference forces
        # full chroma interpolation
        if picture.chroma_shifts(in_fmt)[0] == 0 or out_w & 1:
            return "full"
        # bgr24 from the half-chroma writers is MMX code on x86: not reproduced
        return "scaler" if out_fmt == "rgb24" else None
    return None


class RgbConverter:
    def __init__(self, in_fmt, out_fmt, in_w, in_h, out_w, out_h, method="bicubic",
                 colorspace=None):
        self.in_fmt, self.out_fmt = in_fmt, out_fmt
        self.out_w, self.out_h = out_w, out_h
        self.colorspace = colorspace
        self.order = 0 if out_fmt == "rgb24" else 1
        self.route = route(in_fmt, out_fmt, (in_w, in_h) == (out_w, out_h), out_w, out_h)
        if self.route is None:
            raise ValueError("unsupported conversion")
        self._consts = {}
        if self.route in ("scaler", "full"):
            self._make_filters(in_w, in_h, method)

    def _make_filters(self, in_w, in_h, method):
        from .resample import PlaneScaler
        from .resample_filter import local_pos
        self.luma = PlaneScaler(in_w, in_h, self.out_w, self.out_h, method)
        cw_out = self.out_w if self.route == "full" else -(-self.out_w >> 1)
        if self.in_fmt == "gray":
            self.chroma = None
            self.chroma_w = cw_out
            return
        sx, sy = picture.chroma_shifts(self.in_fmt)
        cw, ch = -(-in_w >> sx), -(-in_h >> sy)
        self.chroma = PlaneScaler(cw, ch, cw_out, self.out_h, method,
                                  (local_pos(sx, -513), local_pos(sy, -513)),
                                  (local_pos(1 if self.route == "scaler" else 0, -513),
                                   local_pos(0, -513)))

    def _full(self, color_range) -> bool:
        if color_range in ("pc", "tv"):
            return color_range == "pc"
        return self.in_fmt in FULL_BY_FORMAT

    def run(self, planes, color_range=None):
        import numpy as np
        out = np.empty((self.out_h, self.out_w * 3), dtype=np.uint8)
        if self.route == "palette":
            src = planes[0][:self.out_h, :self.out_w]
            out.reshape(self.out_h, self.out_w, 3)[:] = src[:, :, None]
            return out
        full = self._full(color_range)
        planes = [p if p.flags.c_contiguous else np.ascontiguousarray(p) for p in planes]
        from . import yuv2rgb_jit as K
        if self.route == "simd":
            co = self._consts.get(("simd", full))
            if co is None:
                from .yuv2rgb_coeffs import simd_coeffs
                co = np.array(simd_coeffs(self.colorspace, full), dtype=np.int64)
                self._consts[("simd", full)] = co
            vshift = 1 if picture.chroma_shifts(self.in_fmt)[1] else 0
            if K.simd_convert(planes[0], planes[1], planes[2], vshift, co, self.order,
                              out) < 0:
                raise ValueError("yuv2rgb: plane sizes out of range")
            return out
        if self.route == "full":
            co = self._consts.get(("full", full))
            if co is None:
                from .yuv2rgb_coeffs import full_coeffs
                co = np.array(full_coeffs(self.colorspace, full), dtype=np.int64)
                self._consts[("full", full)] = co
        else:
            co = self._consts.get(("tables", full))
            if co is None:
                from .yuv2rgb_coeffs import table_offsets
                co = table_offsets(self.colorspace, full)
                self._consts[("tables", full)] = co
        from . import resample_jit as R
        lum = self._hpass(R, self.luma, planes[0])
        if self.chroma is None:
            chu = np.full((1, self.chroma_w), 128 << 7, dtype=np.int32)
            chv = chu
            cpos = np.zeros(self.out_h, dtype=np.int32)
            ccoef = np.full((self.out_h, 1), 4096, dtype=np.int32)
        else:
            chu = self._hpass(R, self.chroma, planes[1])
            chv = self._hpass(R, self.chroma, planes[2])
            cpos, ccoef = self.chroma.vpos, self.chroma.vcoef
        if self.route == "full":
            status = K.full_rows(lum, chu, chv, self.luma.vpos, self.luma.vcoef, cpos, ccoef,
                                 co, self.order, out)
        else:
            from .yuv2rgb_coeffs import TABLE_ORIGIN
            ytab, rv, gu, gv, bu = co
            status = K.packed_rows(lum, chu, chv, self.luma.vpos, self.luma.vcoef, cpos, ccoef,
                                   ytab, rv, gu, gv, bu, TABLE_ORIGIN, self.order, out)
        if status < 0:
            raise ValueError("yuv2rgb: filter out of range")
        return out

    @staticmethod
    def _hpass(R, scaler, plane):
        import numpy as np
        if not (plane.flags.c_contiguous and plane.flags.writeable):
            plane = plane.copy()
        tmp = np.empty((plane.shape[0], len(scaler.hpos)), dtype=np.int32)
        if R.hscale(plane, scaler.hpos, scaler.hcoef, R.RANGE_NONE, 0, tmp) < 0:
            raise ValueError("yuv2rgb: filter out of range")
        return tmp
