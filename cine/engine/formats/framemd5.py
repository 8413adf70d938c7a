"""The per-frame checksum muxers of FFmpeg 5.1.9: framemd5 (libavformat/hashenc.c, format
version 2: an MD5 per packet and per side data block) and framecrc (framecrcenc.c: an
Adler-32 started at 0 per packet), each after the stream header lines of framehash.c."""
from __future__ import annotations

import hashlib
import zlib

from .base import Muxer

LIBAVFORMAT_IDENT = "Lavf59.27.100"


def _stream_lines(ctx, bitexact: bool) -> str:
    """ff_framehash_write_header."""
    out = []
    if ctx.streams and not bitexact:
        out.append("#software: %s\n" % LIBAVFORMAT_IDENT)
    for i, st in enumerate(ctx.streams):
        par = st.codecpar
        out.append("#tb %d: %d/%d\n" % (i, st.time_base.num, st.time_base.den))
        out.append("#media_type %d: %s\n" % (i, par.codec_type or "unknown"))
        out.append("#codec_id %d: %s\n" % (i, par.codec_name or "none"))
        if par.codec_type == "audio":
            out.append("#sample_rate %d: %d\n" % (i, par.sample_rate))
            out.append("#channel_layout_name %d: %s\n" % (i, par.channel_layout or ""))
        elif par.codec_type == "video":
            sar = getattr(st, "sample_aspect_ratio", None)
            out.append("#dimensions %d: %dx%d\n" % (i, par.width, par.height))
            out.append("#sar %d: %d/%d\n" % (i, sar.num if sar else 0, sar.den if sar else 1))
    return "".join(out)


def _times(pkt) -> str:
    return "%d, %10d, %10d, %8d, %8d, " % (pkt.stream_index, _ts(pkt.dts), _ts(pkt.pts),
                                          pkt.duration, len(pkt.data))


def _ts(value) -> int:
    return -(1 << 63) if value is None else value     # AV_NOPTS_VALUE as %PRId64 prints it


class FrameMd5Muxer(Muxer):
    def write_header(self) -> None:
        out = ["#format: frame checksums\n#version: 2\n#hash: MD5\n"]
        for i, st in enumerate(self.ctx.streams):
            ex = st.codecpar.extradata
            if ex:
                out.append("#extradata %d, %31d, %s\n" % (i, len(ex), hashlib.md5(ex).hexdigest()))
        out.append(_stream_lines(self.ctx, self.bitexact))
        out.append("#stream#, dts,        pts, duration,     size, hash\n")
        self.pb.write("".join(out).encode())

    def write_packet(self, pkt) -> None:
        line = _times(pkt) + hashlib.md5(pkt.data).hexdigest()
        if pkt.side_data:
            line += ", S=%d" % len(pkt.side_data)
            for sd in pkt.side_data:
                line += ", %8d, %s" % (len(sd.data), hashlib.md5(sd.data).hexdigest())
        self.pb.write((line + "\n").encode())


class FrameCrcMuxer(Muxer):
    def write_header(self) -> None:
        out = []
        for i, st in enumerate(self.ctx.streams):
            ex = st.codecpar.extradata
            if ex:
                out.append("#extradata %d: %8d, 0x%08x\n" % (i, len(ex), zlib.adler32(ex, 0)))
        out.append(_stream_lines(self.ctx, self.bitexact))
        self.pb.write("".join(out).encode())

    def write_packet(self, pkt) -> None:
        line = _times(pkt) + "0x%08x" % zlib.adler32(pkt.data, 0)
        if pkt.flags != 1:
            line += ", F=0x%X" % pkt.flags
        if pkt.side_data:
            line += ", S=%d" % len(pkt.side_data)
            for sd in pkt.side_data:
                line += ", %8d" % len(sd.data)
        self.pb.write((line + "\n").encode())
