"""Which encoders cine has: encoder name -> (module:Class, the pixel formats it takes in
order of preference (None: any format the pipeline handles), whether it is intra-only).

Contract of an encoder class: `Class(width, height, pix_fmt, qscale)` (qscale: -q:v, or
None; the mjpeg encoder also takes sar, color_range, bitexact, time_base and log, the png
encoder sar, color_primaries and color_trc; open_encoder passes them),
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
    "wrapped_avframe": EncoderEntry("cine.engine.codecs.wrapped_avframe:WrappedAVFrameEncoder",
                                    None),
}


# audio encoders: name -> the sample formats they take (pcm.c's sample_fmts)
AUDIO_ENCODERS: dict[str, tuple[str, ...]] = {
    "pcm_s16le": ("s16",), "pcm_s16be": ("s16",), "pcm_s32le": ("s32",), "pcm_s32be": ("s32",),
    "pcm_s24le": ("s32",), "pcm_s24be": ("s32",), "pcm_u8": ("u8",), "pcm_s8": ("u8",),
    "pcm_f32le": ("flt",), "pcm_f32be": ("flt",), "pcm_f64le": ("dbl",), "pcm_f64be": ("dbl",),
    "pcm_s64le": ("s64",), "pcm_s64be": ("s64",), "pcm_u16le": ("s16",), "pcm_u16be": ("s16",),
    "pcm_alaw": ("s16",), "pcm_mulaw": ("s16",),
}


def has_audio_encoder(name: str | None) -> bool:
    return name in AUDIO_ENCODERS


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


def valid_sar(width: int, height: int, sar) -> bool:
    """av_image_check_sar: a SAR is kept when it is 0/d or n/n, or when the size it scales
    (the height by d/n when n > d, else the width by n/d) does not truncate to 0."""
    num, den = sar
    if den <= 0 or num < 0:
        return False
    if num == 0 or num == den:
        return True
    return (width * num // den if num < den else height * den // num) > 0


def open_encoder(name: str, width: int, height: int, pix_fmt: str, qscale=None, *, sar=(0, 1),
                 color_range: str | None = None, bitexact: bool = False, time_base=(1, 25),
                 color_primaries: str | None = None, color_trc: str | None = None, log=None):
    """The encoder `name` set up like avcodec_open2 does: an invalid SAR is dropped with the
    reference's warning (logged through `log`, the encoder's Logger) before the encoder
    sees it. time_base: the encoder's (mjpeg's rate control, without -q:v, reads the frames'
    pts in it)."""
    cls = encoder_class(name)
    if cls is None:
        return None
    if width > 0 and height > 0 and not valid_sar(width, height, sar):
        if log is not None:
            log.warning("ignoring invalid SAR: %d/%d\n" % (sar[0] & 0xFFFFFFFF,
                                                          sar[1] & 0xFFFFFFFF))
        sar = (0, 1)
    if name == "mjpeg":
        return cls(width, height, pix_fmt, qscale, sar=sar, color_range=color_range or "unknown",
                   bitexact=bitexact, time_base=time_base, log=log)
    if name == "png":
        return cls(width, height, pix_fmt, qscale, sar=sar,
                   color_primaries=color_primaries or "unknown",
                   color_trc=color_trc or "unknown")
    return cls(width, height, pix_fmt, qscale)
