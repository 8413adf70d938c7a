"""Which encoders cine has: encoder name -> (module:Class, the pixel formats it takes in
order of preference (None: any format the pipeline handles), whether it is intra-only).

Contract of an encoder class: `Class(width, height, pix_fmt, qscale)` (qscale: -q:v, or
None; the mjpeg encoder also takes sar, color_range and bitexact, the png encoder sar),
`encode(frame) -> bytes`
for one VideoFrame (one packet per frame, no delay).
"""
from __future__ import annotations

import sys
from collections import namedtuple

EncoderEntry = namedtuple("EncoderEntry", "path pix_fmts")

ENCODERS: dict[str, EncoderEntry] = {
    "rawvideo": EncoderEntry("cine.engine.codecs.rawvideo.encoder:RawVideoEncoder", None),
    "mjpeg": EncoderEntry("cine.engine.codecs.mjpeg.encoder:MjpegEncoder",
                          ("yuvj420p", "yuvj422p", "yuvj444p")),
    "png": EncoderEntry("cine.engine.codecs.png.encoder:PngEncoder",
                        ("rgb24", "gray")),
}


def has_encoder(name: str | None) -> bool:
    return name in ENCODERS and encoder_class(name) is not None


def encoder_class(name: str):
    entry = ENCODERS.get(name)
    if entry is None:
        return None
    mod, _, cls = entry.path.partition(":")
    try:
        __import__(mod)
    except ImportError:
        return None
    return getattr(sys.modules[mod], cls, None)


def open_encoder(name: str, width: int, height: int, pix_fmt: str, qscale=None, sar=(0, 1),
                 color_range: str | None = None, bitexact: bool = False):
    cls = encoder_class(name)
    if cls is None:
        return None
    if name == "mjpeg":
        return cls(width, height, pix_fmt, qscale, sar=sar, color_range=color_range or "unknown",
                   bitexact=bitexact)
    if name == "png":
        return cls(width, height, pix_fmt, qscale, sar=sar)
    return cls(width, height, pix_fmt, qscale)
