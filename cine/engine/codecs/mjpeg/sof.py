"""JPEG marker segments read when probing (ITU-T T.81 B.2: SOFn frame header; JFIF APP0
density; COM): profile, size, sampling factors and the pixel format libavcodec picks."""
from __future__ import annotations

from ...record import FACTORY, Record
from ...errors import InvalidData

SOF0, SOF1, SOF2, SOF3, SOF48 = 0xC0, 0xC1, 0xC2, 0xC3, 0xF7
APP0, COM, SOS, EOI = 0xE0, 0xFE, 0xDA, 0xD9
_PROFILES = {SOF0: 0xC0, SOF1: 0xC1, SOF2: 0xC2, SOF3: 0xC3, SOF48: 0xF7}


class JpegInfo(Record):
    profile: int = 0
    bits: int = 8
    width: int = 0
    height: int = 0
    components: list[tuple[int, int, int]]  # (id, h, v)
    sar: tuple[int, int] | None = None
    cs_itu601: bool = False
    lossless: bool = False
    ls: bool = False

    def __init__(self, profile=0, bits=8, width=0, height=0, components=FACTORY, sar=None,
                 cs_itu601=False, lossless=False, ls=False):
        self.profile = profile
        self.bits = bits
        self.width = width
        self.height = height
        self.components = [] if components is FACTORY else components
        self.sar = sar
        self.cs_itu601 = cs_itu601
        self.lossless = lossless
        self.ls = ls


def parse_jpeg(data: bytes) -> JpegInfo:
    """Walk the markers up to the first SOFn (inclusive)."""
    info = JpegInfo()
    pos = 0
    n = len(data)
    while pos < n:
        if data[pos] != 0xFF:
            pos += 1
            continue
        while pos < n and data[pos] == 0xFF:
            pos += 1
        if pos >= n:
            break
        marker = data[pos]
        pos += 1
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            continue
        if marker in (EOI, SOS):
            break
        if pos + 2 > n:
            break
        length = int.from_bytes(data[pos:pos + 2], "big")
        seg = data[pos + 2:pos + length]
        if marker == APP0 and seg[:5] == b"JFIF\x00" and len(seg) >= 12:
            num = int.from_bytes(seg[8:10], "big")
            den = int.from_bytes(seg[10:12], "big")
            info.sar = (num, den) if num > 0 and den > 0 else (0, 1)
        elif marker == COM:
            text = seg.split(b"\x00", 1)[0]
            if text == b"CS=ITU601":
                info.cs_itu601 = True
        elif marker in _PROFILES:
            info.profile = _PROFILES[marker]
            info.lossless = marker in (SOF3, SOF48)
            info.ls = marker == SOF48
            _sof(seg, length, info)
            return info
        pos += length
    raise InvalidData("no SOF marker")


def _sof(seg: bytes, length: int, info: JpegInfo) -> None:
    if len(seg) < 6:
        raise InvalidData("truncated SOF")
    info.bits = seg[0]
    if not 1 <= info.bits <= 16:
        raise InvalidData("bits is invalid")
    info.height = int.from_bytes(seg[1:3], "big")
    info.width = int.from_bytes(seg[3:5], "big")
    nb = seg[5]
    if not 0 < nb <= 4 or length != 8 + 3 * nb or len(seg) < 6 + 3 * nb:
        raise InvalidData("decode_sof0: error, len mismatch")
    for i in range(nb):
        cid, hv, q = seg[6 + 3 * i:9 + 3 * i]
        h, v = hv >> 4, hv & 15
        if q >= 4 or not h or not v:
            raise InvalidData("invalid component")
        info.components.append((cid, h, v))
    if not info.width or not info.height:
        raise InvalidData("invalid size")


def pix_fmt(info: JpegInfo) -> tuple[str, bool]:
    """(pix_fmt, range set) following ff_mjpeg_decode_sof's sampling-factor table."""
    comps = info.components
    hc = [c[1] for c in comps] + [0] * (4 - len(comps))
    vc = [c[2] for c in comps] + [0] * (4 - len(comps))
    hmax, vmax = max(hc[:len(comps)]), max(vc[:len(comps)])
    rgb = hmax == 1 and vmax == 1 and info.lossless and len(comps) in (3, 4)
    pid = (hc[0] << 28) | (vc[0] << 24) | (hc[1] << 20) | (vc[1] << 16) | \
        (hc[2] << 12) | (vc[2] << 8) | (hc[3] << 4) | vc[3]
    if not pid & 0xD0D0D0D0:
        pid -= (pid & 0xF0F0F0F0) >> 1
    if not pid & 0x0D0D0D0D:
        pid -= (pid & 0x0F0F0F0F) >> 1
    itu = info.cs_itu601
    b8 = info.bits <= 8
    ids = [c[0] - 1 for c in comps]
    if info.ls:
        if len(comps) == 3:
            return "rgb24", False
        return ("gray" if b8 else "gray16le"), False
    if pid == 0x11111100:
        if rgb:
            return ("bgr24" if info.bits <= 9 else "bgr48le"), False
        if ids[:3] == [ord("R") - 1, ord("G") - 1, ord("B") - 1]:
            return ("gbrp" if b8 else "gbrp16le"), False
        if b8:
            return ("yuv444p" if itu else "yuvj444p"), True
        return "yuv444p16le", True
    if pid == 0x11111111:
        if rgb:
            return ("abgr" if info.bits <= 9 else "rgba64le"), False
        return ("yuva444p" if b8 else "yuva444p16le"), True
    if pid in (0x22111122, 0x22111111):
        return ("yuva420p" if b8 else "yuva420p16le"), True
    if pid in (0x12121100, 0x22122100, 0x21211100, 0x21112100, 0x22211200, 0x22221100,
               0x22112200, 0x11222200, 0x31111100) and b8:
        return ("yuv444p" if itu else "yuvj444p"), True
    if pid in (0x11000000, 0x13000000, 0x14000000, 0x31000000, 0x33000000, 0x34000000,
               0x41000000, 0x43000000, 0x44000000):
        return ("gray" if b8 else "gray16le"), False
    if pid in (0x12111100, 0x14121200, 0x14111100, 0x22211100, 0x22112100) and b8:
        if ids[:3] == [ord("Q"), ord("F"), ord("A")]:
            return "gbrp", False
        return ("yuv440p" if itu else "yuvj440p"), True
    if pid == 0x21111100:
        if ids[:3] == [ord("Q"), ord("F"), ord("A")]:
            if b8:
                return "gbrp", False
        elif b8:
            return ("yuv422p" if itu else "yuvj422p"), True
        else:
            return "yuv422p16le", True
    if pid in (0x22121100, 0x22111200) and b8:
        return ("yuv422p" if itu else "yuvj422p"), True
    if pid in (0x22111100, 0x23111100, 0x42111100, 0x24111100):
        if b8:
            return ("yuv420p" if itu else "yuvj420p"), True
        if pid == 0x22111100:
            return "yuv420p16le", True
    if pid == 0x41111100 and b8:
        return ("yuv411p" if itu else "yuvj411p"), True
    raise InvalidData("Pixel format 0x%x bits:%d" % (pid, info.bits))
