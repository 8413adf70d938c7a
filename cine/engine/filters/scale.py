"""scale (libavfilter/vf_scale.c): the output size from the w/h expressions (scale_size.py),
the pixel format negotiated by the chain (graph.py sets `out_format`), and the pixels
resampled the way libswscale does (resample.py). Also the automatic conversion filter the
chain inserts where a format is refused (`auto`: same size, new format).

options: w, h (callables over scale_size.VAR_NAMES, or None for iw/ih), w_text, h_text (the
expressions as written, for messages), context (the filter's name in log lines), flags ("bicubic", "bilinear", "neighbor", "lanczos",
...), force_original_aspect_ratio (0, 1 decrease, 2 increase), force_divisible_by,
out_format, auto, colorspace (the input's matrix for conversions to RGB: a name as ffprobe
prints it, None for BT.601).
"""
from __future__ import annotations

from .. import picture
from ..frame import VideoFrame
from ..timebase import reduce
from .link import FilterError
from .scale_size import SizeError, adjust_dimensions, eval_dimensions

_IW = lambda *v: v[0]      # noqa: E731  ("iw")
_IH = lambda *v: v[2]      # noqa: E731  ("ih")


class ScaleFilter:
    def __init__(self, options: dict, log):
        self.log = log
        self.opts = options
        self.planes = None
        self.rgb = None             # a YUV/gray -> RGB conversion (yuv2rgb.py)
        self.deprecated = False     # a yuvj format on either side (swscale warns)

    def configure(self, inlink):
        o = self.opts
        in_fmt = inlink.pix_fmt
        out_fmt = o.get("out_format") or in_fmt
        if not picture.supported(in_fmt) or not picture.supported(out_fmt):
            self.log.error("cine: scaling from %s to %s is not supported\n" % (in_fmt, out_fmt))
            raise FilterError("Function not implemented", code=-38)
        try:
            w, h = eval_dimensions(o.get("w") or _IW, o.get("h") or _IH, inlink.width,
                                   inlink.height, inlink.sar, picture.chroma_shifts(in_fmt),
                                   picture.chroma_shifts(out_fmt), o.get("w_text", "iw"),
                                   o.get("h_text", "ih"))
        except SizeError as exc:
            self.log.error("Error when evaluating the expression '%s'.\n" % exc.args[0])
            raise FilterError("Invalid argument") from None
        try:
            w, h = adjust_dimensions(w, h, inlink.width, inlink.height,
                                     o.get("force_original_aspect_ratio", 0),
                                     o.get("force_divisible_by", 1))
        except SizeError:
            raise FilterError("Invalid argument") from None
        if w <= 0 or h <= 0 or (w + 128) * (h + 128) >= ((1 << 31) - 1) // 8:
            # av_image_check_size, when the frame pool is set up for the new size
            self.log.sink((o.get("context") or "Parsed_scale_0", "IMGUTILS"), 16,
                          "Picture size %ux%u is invalid\n" % (w & 0xFFFFFFFF, h & 0xFFFFFFFF))
            raise FilterError("Invalid argument")
        self.out_w, self.out_h, self.in_fmt, self.out_fmt = w, h, in_fmt, out_fmt
        self.in_w, self.in_h = inlink.width, inlink.height
        sar = inlink.sar
        if sar.num:
            sar = reduce(h * inlink.width * sar.num, w * inlink.height * sar.den)
        self.out_sar = sar
        self.identity = (w, h, out_fmt) == (inlink.width, inlink.height, in_fmt)
        self.deprecated = not self.identity and (in_fmt in picture.DEPRECATED_JPEG
                                                 or out_fmt in picture.DEPRECATED_JPEG)
        if not self.identity:
            self._make_scalers(o.get("flags") or "bicubic")
        return inlink.copy(width=w, height=h, pix_fmt=out_fmt, sar=sar)

    def _make_scalers(self, method: str) -> None:
        from .resample import PlaneScaler
        rgb = ("rgb24", "bgr24")
        self.chroma_fill = None
        self.rgb = None
        self.swap_rgb = (self.in_fmt in rgb and self.out_fmt in rgb and self.in_fmt != self.out_fmt
                         and (self.in_w, self.in_h) == (self.out_w, self.out_h))
        if self.swap_rgb:
            return
        if self.in_fmt not in rgb and self.out_fmt in rgb:
            from .yuv2rgb import RgbConverter, route
            same = (self.in_w, self.in_h) == (self.out_w, self.out_h)
            if route(self.in_fmt, self.out_fmt, same, self.out_w, self.out_h) is not None:
                self.rgb = RgbConverter(self.in_fmt, self.out_fmt, self.in_w, self.in_h,
                                        self.out_w, self.out_h, method,
                                        self.opts.get("colorspace"))
                return
        if self.in_fmt in rgb or self.out_fmt in rgb:
            self.log.error("cine: converting %s to %s is not supported\n"
                           % (self.in_fmt, self.out_fmt))
            raise FilterError("Function not implemented", code=-38)
        # swscale's ranges: yuvj and gray are full range, the other yuv formats limited
        src_full = self.in_fmt in picture.DEPRECATED_JPEG or self.in_fmt == "gray"
        dst_full = self.out_fmt in picture.DEPRECATED_JPEG or self.out_fmt == "gray"
        conv = None if src_full == dst_full else ("to_jpeg" if dst_full else "from_jpeg")
        self.planes = [PlaneScaler(self.in_w, self.in_h, self.out_w, self.out_h, method,
                                   range_conv=conv)]
        self.chroma_fill = None
        if len(picture.LAYOUTS[self.out_fmt]) == 1:
            return
        dx, dy = picture.chroma_shifts(self.out_fmt)
        ow, oh = -(-self.out_w >> dx), -(-self.out_h >> dy)
        if len(picture.LAYOUTS[self.in_fmt]) == 1:
            self.chroma_fill = (oh, ow)         # gray in: neutral chroma
            return
        from .resample_filter import local_pos
        sx, sy = picture.chroma_shifts(self.in_fmt)
        cw, ch = -(-self.in_w >> sx), -(-self.in_h >> sy)
        chroma = PlaneScaler(cw, ch, ow, oh, method,
                             (local_pos(sx, -513), local_pos(sy, -513)),
                             (local_pos(dx, -513), local_pos(dy, -513)),
                             range_conv=conv, chroma=True, v_shift=dy, luma_h=self.out_h)
        self.planes += [chroma, chroma]

    def push(self, frame) -> list:
        if self.identity:
            return [frame]
        if self.rgb is not None:
            planes = [self.rgb.run(frame.planes, frame.color_range)]
        elif self.swap_rgb:
            # rgb24 <-> bgr24 at the same size: the first and third byte of each pixel swap
            src = frame.planes[0].reshape(frame.height, frame.width, 3)
            planes = [src[:, :, ::-1].reshape(frame.height, frame.width * 3).copy()]
        else:
            planes = [s.run(p) for s, p in zip(self.planes, frame.planes)]
        if self.chroma_fill is not None:
            import numpy as np
            planes += [np.full(self.chroma_fill, 128, dtype=np.uint8) for _ in range(2)]
        # swscale's output range: full for the yuvj formats, gray and RGB, else limited
        full = picture.DEPRECATED_JPEG | {"gray", "rgb24", "bgr24"}
        rng = "pc" if self.out_fmt in full else "tv"
        return [VideoFrame(planes, self.out_w, self.out_h, self.out_fmt, frame.pts,
                           frame.duration, frame.time_base, frame.key, frame.pict_type,
                           (self.out_sar.num, self.out_sar.den), rng, frame.pkt_dts)]

    def flush(self, eof_pts) -> list:
        return []
