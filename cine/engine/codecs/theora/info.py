"""Theora stream facts after avformat_find_stream_info (FFmpeg 5.1.9 vp3.c theora decoder
init): the identification header (Theora I specification section 6.2) inside the extradata
gives the coded and visible size, pixel format, aspect ratio and colour space; chroma samples
are centred (section 4.4).
"""
from __future__ import annotations

from ...bitstream.bitreader import BitReader
from ...log import Logger
from ...timebase import reduce

PIX_FMTS = ("yuv420p", None, "yuv422p", "yuv444p")
FIRST_HEADER_SIZE = 42


def split_headers(extradata: bytes) -> list[bytes] | None:
    """avpriv_split_xiph_headers: 16-bit length-prefixed or Xiph-laced headers; None when
    the extradata is corrupt."""
    ext = bytes(extradata)
    out: list[bytes] = []
    if len(ext) >= 6 and ext[0] == 0 and ext[1] == FIRST_HEADER_SIZE:
        p = 0
        for _ in range(3):
            if p + 2 > len(ext):
                return None
            n = ext[p] << 8 | ext[p + 1]
            p += 2
            if n > len(ext) - p:
                return None
            out.append(ext[p:p + n])
            p += n
        return out
    if len(ext) >= 3 and ext[0] == 2:
        p = 1
        sizes = []
        for _ in range(2):
            n = 0
            while p < len(ext) and ext[p] == 0xFF:
                n += 255
                p += 1
            if p >= len(ext):
                return None
            n += ext[p]
            p += 1
            sizes.append(n)
        sizes.append(len(ext) - p - sum(sizes))
        if sizes[2] < 0:
            return None
        for n in sizes:
            out.append(ext[p:p + n])
            p += n
        return out
    return None


def _identification(par, br: BitReader, total: int, log: Logger) -> int:
    """theora_decode_header: the bitstream version, 0 when the decoder refuses the header."""
    if total - 56 < 206:
        return 0
    version = br.u(24)
    if not version:
        version = 1
    width = vis_w = br.u(16) << 4
    height = vis_h = br.u(16) << 4
    off_x = off_y = 0
    if version >= 0x030200:
        vis_w, vis_h = br.u(24), br.u(24)
        off_x, off_y = br.u(8), br.u(8)
    if (vis_w <= 0 or vis_h <= 0 or (vis_w + 128) * (vis_h + 128) >= 0x7FFFFFFF // 8
            or vis_w + off_x > width or vis_h + off_y > height
            or vis_w + 512 < width or vis_h + 512 < height or vis_w < 18):
        log.error("Invalid frame dimensions - w:%d h:%d x:%d y:%d (%dx%d).\n"
                  % (vis_w, vis_h, off_x, off_y, width, height))
        return 0
    fps_num, fps_den = br.u(32), br.u(32)
    if fps_num and fps_den and (fps_num >= 1 << 31 or fps_den >= 1 << 31):
        log.error("Invalid framerate\n")
        return 0
    an, ad = br.u(24), br.u(24)
    if an and ad:
        par.sample_aspect_ratio = reduce(an, ad, 1 << 30)
    if version < 0x030200:
        br.skip(5)
    colorspace = br.u(8)
    br.skip(24 + 6)
    if version >= 0x030200:
        br.skip(5)
        fmt = PIX_FMTS[br.u(2)]
        if fmt is None:
            log.error("Invalid pixel format\n")
            return 0
        br.skip(3)
    else:
        fmt = "yuv420p"
    par.format = fmt
    par.coded_width, par.coded_height = width, height
    par.width, par.height = vis_w, vis_h
    if colorspace == 1:
        par.color_primaries = "bt470m"
    elif colorspace == 2:
        par.color_primaries = "bt470bg"
    if colorspace in (1, 2):
        par.color_space = "bt470bg"
        par.color_transfer = "bt709"
    return version


def analyze(stream, packets, log) -> None:
    par = stream.codecpar
    tlog = Logger("theora", getattr(log, "sink", None))
    # FFmpeg 5.1.9: init sets yuv420p before it looks at the headers
    par.format = "yuv420p"
    if not par.extradata:
        tlog.error("Missing extradata!\n")
        par.decoder_open_failed = True
        return
    headers = split_headers(par.extradata)
    if headers is None:
        tlog.error("Corrupt extradata\n")
        par.decoder_open_failed = True
        return
    version = 1
    for h in headers:
        if not h:
            continue
        br = BitReader(h + bytes(64))
        total = len(h) * 8
        ptype = br.u(8)
        if not ptype & 0x80:
            tlog.error("Invalid extradata!\n")
        br.skip(48)
        if ptype == 0x80:
            version = _identification(par, br, total, tlog)
            if not version:
                par.decoder_open_failed = True
                return
            left = total - br.pos
            if left >= 8:
                tlog.warning("%d bits left in packet %X\n" % (left, ptype))
            if version < 0x030200:
                break
        elif ptype not in (0x81, 0x82):
            tlog.error("Unknown Theora config packet: %d\n" % (ptype & ~0x80))
        if version < 0x030200:
            break
    par.chroma_location = "center"
