"""Raw video stream analysis for probing: the pixel format libavcodec's rawvideo decoder picks
at init from the codec tag, or from bits_per_coded_sample for QuickTime 'raw ' / AVI streams."""
from __future__ import annotations

from .tags import _RAW_TAGS, AVI_BPS, MOV_BPS


def pixel_format(tag: int, bpcs: int, current: str | None) -> str | None:
    fourcc = (tag & 0xFFFFFFFF).to_bytes(4, "little")
    if fourcc in (b"raw ", b"NO16"):
        return MOV_BPS.get(bpcs)
    if fourcc == b"WRAW":
        return AVI_BPS.get(bpcs)
    if tag and fourcc[:3] != b"BIT":
        return _RAW_TAGS.get(fourcc)
    if current is None and bpcs:
        return AVI_BPS.get(bpcs)
    return current


def analyze(stream, packets, log) -> None:
    par = stream.codecpar
    fmt = pixel_format(par.codec_tag, par.bits_per_coded_sample, par.format)
    if fmt is None:
        return      # the decoder would refuse to open ("Invalid pixel format."): not modelled
    par.format = fmt
    par.coded_width, par.coded_height = par.width, par.height
    par.refs = 1
