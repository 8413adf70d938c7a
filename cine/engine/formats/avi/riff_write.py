"""RIFF writing helpers of the AVI muxer (FFmpeg 5.1.9 libavformat/riffenc.c and rawutils.c as
the avi muxer uses them): the BITMAPINFOHEADER of a video stream, the scale/rate/sample size
triple of a stream header, INFO-style string chunks ('strn'), the row re-alignment of
uncompressed RGB frames and the palette a packet carries.

The WAVEFORMATEX of audio streams is the WAV muxer's (wav_mux.put_wav_header).
"""
from __future__ import annotations

import errno
import struct
from math import gcd

from ...audioduration import audio_frame_duration

AVPALETTE_SIZE = 1024
# the largest re-aligned raw frame made from a packet much smaller than it
MAX_RESHUFFLE = 1 << 26
# ff_reshuffle_raw_rgb's return value when the packet ended with a 256-colour palette
CONTAINS_PAL = 2


def put_bmp_header(pb, par, for_asf: bool = False, ignore_extradata: bool = False,
                   rgb_frame_is_flipped: bool = False) -> None:
    """ff_put_bmp_header: the 40-byte BITMAPINFOHEADER, then the extradata (without a trailing
    "BottomUp" marker) or, for palettized formats without extradata, an initial palette."""
    ex = bytes(par.extradata or b"")
    flipped_extradata = len(ex) >= 9 and ex[-9:] == b"BottomUp\0"
    keep_height = flipped_extradata or rgb_frame_is_flipped
    ex_size = len(ex) - 9 * flipped_extradata
    fmt = par.format
    if fmt is None and par.bits_per_coded_sample == 1:
        fmt = "monow"
    pal_avi = not for_asf and fmt in ("pal8", "monow", "monob")
    # palettized formats have at most 8 bits per pixel (the reference asserts it elsewhere);
    # a hostile header claiming more must not make a 2**N-entry palette here
    pal_bits = min(par.bits_per_coded_sample, 8) if par.bits_per_coded_sample > 0 else 0
    bpp = par.bits_per_coded_sample or 24
    msrle = par.codec_name == "msrle"
    height = par.height if (par.codec_tag or keep_height) else -par.height
    colors = (1 << pal_bits) if (pal_avi and not msrle) else 0
    pb.write(struct.pack(
        "<IiiHHIIiiII",
        40 + (0 if (ignore_extradata or pal_avi) else ex_size) & 0xFFFFFFFF,
        _i32(par.width), _i32(height), 1, bpp & 0xFFFF,
        1 if msrle else par.codec_tag & 0xFFFFFFFF,
        ((par.width * par.height * bpp + 7) // 8) & 0xFFFFFFFF,
        0, 0, colors & 0xFFFFFFFF, 0))
    if ignore_extradata:
        return
    if ex:
        pb.write(ex[:ex_size])
        if not for_asf and ex_size & 1:
            pb.w8(0)
    elif pal_avi:
        for i in range(1 << pal_bits):
            white = (i == 0 and fmt == "monow") or (i == 1 and fmt == "monob")
            pb.wl32(0xFFFFFF if white else 0)


def _i32(v: int) -> int:
    v &= 0xFFFFFFFF
    return v - (1 << 32) if v >= 1 << 31 else v


def parse_specific_params(st) -> tuple[int, int, int]:
    """ff_parse_specific_params: (rate, sample size, scale) of a stream header, reduced."""
    par = st.codecpar
    frame = audio_frame_duration(par, 0, decoder_frame_size=False) \
        if par.codec_type == "audio" else 0
    if not frame:
        frame = par.frame_size
    ssize = par.block_align
    if frame and par.sample_rate:
        scale, rate = frame, par.sample_rate
    elif par.codec_type in ("video", "data", "subtitle"):
        scale, rate = st.time_base.num, st.time_base.den
    else:
        scale = par.block_align * 8 if par.block_align else 8
        rate = par.bit_rate if par.bit_rate else 8 * par.sample_rate
    g = gcd(scale, rate)
    if g:
        scale //= g
        rate //= g
    return rate, ssize, scale


def write_info_tag(pb, tag: str, text: str) -> None:
    """ff_riff_write_info_tag: a NUL-terminated string chunk, padded to an even size."""
    data = text.encode("utf-8")
    if not data:
        return
    n = len(data) + 1
    pb.fourcc(tag)
    pb.wl32(n)
    pb.write(data + b"\0")
    if n & 1:
        pb.w8(0)


def reshuffle_raw_rgb(data: bytes, par, expected_stride: int) -> tuple[bytes, int]:
    """ff_reshuffle_raw_rgb: rows of an uncompressed frame copied to `expected_stride` bytes
    each (zero padded). Returns (data, 0) when nothing changes, else (new data, 1), or
    (new data, CONTAINS_PAL) when the input ended with a palette."""
    bpc = par.bits_per_coded_sample if par.bits_per_coded_sample != 15 else 16
    h = par.height
    min_stride = (par.width * bpc + 7) >> 3
    contains_pal = bpc == 8 and len(data) == min_stride * h + AVPALETTE_SIZE
    size = min_stride * h if contains_pal else len(data)
    if h <= 0:
        return data, 0
    stride = size // h
    if len(data) == expected_stride * h or size != stride * h:
        return data, 0
    if expected_stride * h > max(MAX_RESHUFFLE, 4 * len(data)):
        # a frame far larger than the packet: only a hostile header asks for this much zero
        # padding (the reference would allocate it); refuse as an allocation failure
        from ...errors import CineError
        raise CineError(code=-errno.ENOMEM)
    n = min(expected_stride, stride)
    pad = bytes(expected_stride - n)
    out = bytearray()
    for y in range(h):
        out += data[y * stride:y * stride + n]
        out += pad
    return bytes(out), 1 + contains_pal


def packet_palette(pkt, reshuffled: int, log) -> list[int] | None | int:
    """ff_get_packet_palette: the 256 ARGB entries of the packet's palette side data (or of
    the palette a raw frame carried at its end); None when it has none; a negative error
    when the side data has the wrong size."""
    for sd in pkt.side_data or ():
        if sd.type == "Palette":
            raw = bytes(sd.data)
            if len(raw) != AVPALETTE_SIZE:
                log.error("Invalid palette side data\n")
                from ...errors import AVERROR_INVALIDDATA
                return AVERROR_INVALIDDATA
            return list(struct.unpack("<256I", raw))
    if reshuffled == CONTAINS_PAL:
        tail = bytes(pkt.data[-AVPALETTE_SIZE:])
        return list(struct.unpack("<256I", tail))
    return None
