"""FFV1 stream analysis for probing: libavcodec's ffv1 decoder reads the configuration
record from the extradata (versions 2 and 3, RFC 9043 4.2) or the parameters of the first
key frame's header (versions 0 and 1, RFC 9043 4.1) and picks pixel format and
bits_per_raw_sample from colorspace, bit depth, chroma planes/subsampling and alpha."""
from __future__ import annotations

from .rangecoder import RangeDecoder, new_state

_AC_CUSTOM = 2
_YUV = {8: {0x00: "yuv444p", 0x01: "yuv440p", 0x10: "yuv422p", 0x11: "yuv420p",
            0x20: "yuv411p", 0x22: "yuv410p"},
        9: {0x00: "yuv444p9le", 0x10: "yuv422p9le", 0x11: "yuv420p9le"},
        10: {0x00: "yuv444p10le", 0x01: "yuv440p10le", 0x10: "yuv422p10le",
             0x11: "yuv420p10le"},
        12: {0x00: "yuv444p12le", 0x01: "yuv440p12le", 0x10: "yuv422p12le",
             0x11: "yuv420p12le"},
        14: {0x00: "yuv444p14le", 0x10: "yuv422p14le", 0x11: "yuv420p14le"},
        16: {0x00: "yuv444p16le", 0x10: "yuv422p16le", 0x11: "yuv420p16le"}}
_YUVA = {8: {0x00: "yuva444p", 0x10: "yuva422p", 0x11: "yuva420p"},
         9: {0x00: "yuva444p9le", 0x10: "yuva422p9le", 0x11: "yuva420p9le"},
         10: {0x00: "yuva444p10le", 0x10: "yuva422p10le", 0x11: "yuva420p10le"},
         16: {0x00: "yuva444p16le", 0x10: "yuva422p16le", 0x11: "yuva420p16le"}}
_GRAY = {9: "gray9le", 10: "gray10le", 12: "gray12le", 16: "gray16le"}
_RGB = {(9, 0): "gbrp9le", (10, 0): "gbrp10le", (10, 1): "gbrap10le", (12, 0): "gbrp12le",
        (12, 1): "gbrap12le", (14, 0): "gbrp14le", (16, 0): "gbrp16le", (16, 1): "gbrap16le"}


def pixel_format(colorspace, bits, chroma_planes, hs, vs, alpha) -> str | None:
    """The decoder's pixel format, None where it refuses the combination."""
    if colorspace == 0:
        if not alpha and not chroma_planes:
            if bits <= 8:
                return "gray"
            return _GRAY.get(bits, "gray16le" if bits < 16 else None)
        if alpha and not chroma_planes:
            return "ya8" if bits <= 8 else None
        table = (_YUVA if alpha else _YUV).get(8 if bits <= 8 else bits, {})
        return table.get(16 * hs + vs)
    if colorspace == 1:
        if hs or vs:
            return None
        if bits <= 8:
            return "bgra" if alpha else "bgr0"
        return _RGB.get((bits, 1 if alpha else 0))
    return None


def _custom_table(c: RangeDecoder, state) -> bool:
    for i in range(1, 256):
        st = c.symbol(state, True) + c.one_state[i]
        if not 1 <= st <= 255:
            return False
    return True


def parse_config_record(extradata: bytes):
    """(colorspace, bits, chroma_planes, h_shift, v_shift, alpha) of a v2+ record, or None."""
    if len(extradata) < 4:
        return None
    c = RangeDecoder(extradata)
    state = new_state()
    version = c.symbol(state)
    if version < 2:
        return None
    if version > 2:
        c.end = max(c.pos, c.end - 4)
        c.symbol(state)                            # micro version
    if c.symbol(state) == _AC_CUSTOM:
        for i in range(1, 256):
            c.symbol(state, True)
    colorspace = c.symbol(state)
    bits = c.symbol(state)
    chroma_planes = c.rac(state, 0)
    hs, vs = c.symbol(state), c.symbol(state)
    alpha = c.rac(state, 0)
    return colorspace, bits, chroma_planes, hs, vs, alpha


def parse_frame_header(frame: bytes, bits_default: int = 0):
    """The same tuple from a version 0/1 key frame header, or None."""
    if len(frame) < 2:
        return None
    c = RangeDecoder(frame)
    keystate = [128]
    if not c.rac(keystate, 0):
        return None
    state = new_state()
    version = c.symbol(state)
    if version >= 2:
        return None
    if c.symbol(state) == _AC_CUSTOM and not _custom_table(c, state):
        return None
    colorspace = c.symbol(state)
    bits = c.symbol(state) if version > 0 else bits_default
    chroma_planes = c.rac(state, 0)
    hs, vs = c.symbol(state), c.symbol(state)
    alpha = c.rac(state, 0)
    if hs > 4 or vs > 4:
        return None
    return colorspace, bits, chroma_planes, hs, vs, alpha


def analyze(stream, packets, log) -> None:
    par = stream.codecpar
    par.coded_width, par.coded_height = par.width, par.height
    par.refs = 1
    try:
        h = parse_config_record(par.extradata) if par.extradata else None
        if h is None and packets:
            h = parse_frame_header(packets[0].data)
    except ValueError:
        return
    if h is None:
        return
    colorspace, bits, chroma_planes, hs, vs, alpha = h
    fmt = pixel_format(colorspace, bits, chroma_planes, hs, vs, alpha)
    if fmt is None:
        return      # the decoder would refuse the frame: not modelled
    par.format = fmt
    par.bits_per_raw_sample = bits
