"""PNG (cover art) analysis for probing: size, pixel format and pixel aspect ratio from the
IHDR, tRNS and pHYs chunks (ISO/IEC 15948 11.2.2, 11.3.2.1, 11.3.5.3), as libavcodec's png
decoder sets them; its init sets the full colour range."""
from __future__ import annotations

from ...errors import InvalidData
from ...model import Rational

SIGNATURE = b"\x89PNG\r\n\x1a\n"
GRAY, RGB, PALETTE, GRAY_ALPHA, RGB_ALPHA = 0, 2, 3, 4, 6
_CHANNELS = {GRAY: 1, RGB: 3, PALETTE: 1, GRAY_ALPHA: 2, RGB_ALPHA: 4}
_TRNS = {"rgb24": "rgba", "rgb48be": "rgba64be", "gray": "ya8", "gray16be": "ya16be"}


def _pix_fmt(depth: int, ctype: int, trns: bool) -> str:
    bpp = depth * _CHANNELS.get(ctype, 0)
    low = depth in (2, 4, 8)
    if low and ctype == RGB:
        fmt = "rgb24"
    elif low and ctype == RGB_ALPHA:
        fmt = "rgba"
    elif low and ctype == GRAY:
        fmt = "gray"
    elif depth == 16 and ctype == GRAY:
        fmt = "gray16be"
    elif depth == 16 and ctype == RGB:
        fmt = "rgb48be"
    elif depth == 16 and ctype == RGB_ALPHA:
        fmt = "rgba64be"
    elif bpp in (1, 2, 4, 8) and ctype == PALETTE:
        fmt = "pal8"
    elif depth == 1 and bpp == 1:
        fmt = "monob"
    elif depth == 8 and ctype == GRAY_ALPHA:
        fmt = "ya8"
    elif depth == 16 and ctype == GRAY_ALPHA:
        fmt = "ya16be"
    else:
        raise InvalidData("Bit depth %d color type %d" % (depth, ctype))
    if trns and ctype != PALETTE:
        if fmt not in _TRNS:
            raise InvalidData("bit depth and color type with TRNS")
        fmt = _TRNS[fmt]
    return fmt


def parse_png(data: bytes) -> tuple[int, int, str, tuple[int, int] | None]:
    """(width, height, pix_fmt, pHYs ratio or None) of a PNG image."""
    if not data.startswith(SIGNATURE):
        raise InvalidData("not a PNG")
    pos = len(SIGNATURE)
    ihdr = None
    trns = False
    phys = None
    while pos + 8 <= len(data):
        length = int.from_bytes(data[pos:pos + 4], "big")
        ctype = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        if len(body) < length:
            break
        if ctype == b"IHDR":
            if length != 13:
                raise InvalidData("bad IHDR")
            w, h = int.from_bytes(body[:4], "big"), int.from_bytes(body[4:8], "big")
            depth, color = body[8], body[9]
            if depth not in (1, 2, 4, 8, 16) or body[10] or not w or not h:
                raise InvalidData("invalid IHDR")
            ihdr = (w, h, depth, color)
        elif ctype == b"pHYs" and length >= 8:
            num, den = int.from_bytes(body[:4], "big"), int.from_bytes(body[4:8], "big")
            phys = (num, den) if num < 1 << 31 and den < 1 << 31 else (0, 1)
        elif ctype == b"tRNS":
            trns = True
        elif ctype in (b"IDAT", b"IEND"):
            break
        pos += 12 + length
    if ihdr is None:
        raise InvalidData("IDAT without IHDR")
    w, h, depth, color = ihdr
    return w, h, _pix_fmt(depth, color, trns), phys


def analyze(stream, packets, log) -> None:
    par = stream.codecpar
    par.color_range = "pc"               # the decoder's init
    for pkt in packets:
        try:
            w, h, fmt, phys = parse_png(pkt.data)
        except InvalidData:
            continue
        par.width, par.height, par.format = w, h, fmt
        if phys is not None:
            par.sample_aspect_ratio = Rational(*phys)
        break
    par.coded_width, par.coded_height = par.width, par.height
    par.refs = 1
