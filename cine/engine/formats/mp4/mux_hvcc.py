"""HEVCDecoderConfigurationRecord (ISO/IEC 14496-15 8.3.3.1) built from Annex B parameter
sets, as FFmpeg 5.1.9's libavformat/hevc.c ff_isom_write_hvcc does it: profile/tier/level
merged over VPS and SPS, chroma format and bit depths, temporal layers, spatial segmentation
from the VUI and the parallelism type from the PPS; NAL arrays in first-seen type order."""
from __future__ import annotations

from ...errors import InvalidData
from .mux_nal import annexb_to_mp4

VPS, SPS, PPS, SEI_PREFIX, SEI_SUFFIX = 32, 33, 34, 39, 40
MAX_SPATIAL_SEGMENTATION = 4096


class _Bits:
    """GetBitContext-like reader: reads past the end return zeros."""

    def __init__(self, data: bytes):
        self.v = int.from_bytes(data + bytes(16), "big")
        self.n = (len(data) + 16) * 8
        self.pos = 0
        self.size = len(data) * 8

    def u(self, k: int) -> int:
        if k == 0:
            return 0
        p = self.pos
        self.pos += k
        if p + k > self.n:
            return 0
        return (self.v >> (self.n - p - k)) & ((1 << k) - 1)

    def ue(self) -> int:
        zeros = 0
        while zeros < 32 and self.u(1) == 0:
            zeros += 1
        if zeros >= 32:
            return 0xFFFFFFFF
        return (1 << zeros) - 1 + self.u(zeros)

    def se(self) -> int:
        k = self.ue()
        return (k + 1) // 2 if k & 1 else -(k // 2)

    @property
    def left(self) -> int:
        return self.size - self.pos


def extract_rbsp(nal: bytes, header_len: int = 2) -> bytes:
    """ff_nal_unit_extract_rbsp: drop emulation prevention bytes after the header."""
    out = bytearray(nal[:header_len])
    i = min(header_len, len(nal))
    n = len(nal)
    while i + 2 < n:
        if not nal[i] and not nal[i + 1] and nal[i + 2] == 3:
            out += nal[i:i + 2]
            i += 3
        else:
            out.append(nal[i])
            i += 1
    out += nal[i:]
    return bytes(out)


class _Hvcc:
    def __init__(self):
        self.profile_space = self.tier = self.profile_idc = self.level = 0
        self.compat = 0xFFFFFFFF
        self.constraint = 0xFFFFFFFFFFFF
        self.min_seg = MAX_SPATIAL_SEGMENTATION + 1
        self.parallelism = 0
        self.chroma = 0
        self.depth_luma = self.depth_chroma = 0
        self.temporal_layers = 0
        self.id_nested = 0
        self.arrays: list[list] = []     # [completeness, type, [nals]]

    def ptl(self, g: _Bits, max_sub: int) -> None:
        space, tier, idc = g.u(2), g.u(1), g.u(5)
        compat, constraint, level = g.u(32), g.u(48), g.u(8)
        self.profile_space = space
        if self.tier < tier:
            self.level = level
        else:
            self.level = max(self.level, level)
        self.tier = max(self.tier, tier)
        self.profile_idc = max(self.profile_idc, idc)
        self.compat &= compat
        self.constraint &= constraint
        prof, lev = [], []
        for _ in range(max_sub):
            prof.append(g.u(1))
            lev.append(g.u(1))
        if max_sub > 0:
            for _ in range(max_sub, 8):
                g.u(2)
        for i in range(max_sub):
            if prof[i]:
                g.u(32)
                g.u(32)
                g.u(24)
            if lev[i]:
                g.u(8)


def _skip_sub_hrd(g: _Bits, cpb_cnt: int, sub_pic: int) -> None:
    for _ in range(cpb_cnt + 1):
        g.ue()
        g.ue()
        if sub_pic:
            g.ue()
            g.ue()
        g.u(1)


def _skip_hrd(g: _Bits, cprms: int, max_sub: int) -> None:
    sub_pic = nal_hrd = vcl_hrd = 0
    if cprms:
        nal_hrd, vcl_hrd = g.u(1), g.u(1)
        if nal_hrd or vcl_hrd:
            sub_pic = g.u(1)
            if sub_pic:
                g.u(19)
            g.u(8)
            if sub_pic:
                g.u(4)
            g.u(15)
    for _ in range(max_sub + 1):
        cpb_cnt = low_delay = within = 0
        general = g.u(1)
        if not general:
            within = g.u(1)
        if within:
            g.ue()
        else:
            low_delay = g.u(1)
        if not low_delay:
            cpb_cnt = g.ue()
            if cpb_cnt > 31:
                raise InvalidData("cpb_cnt")
        if nal_hrd:
            _skip_sub_hrd(g, cpb_cnt, sub_pic)
        if vcl_hrd:
            _skip_sub_hrd(g, cpb_cnt, sub_pic)


def _vui(g: _Bits, h: _Hvcc, max_sub: int) -> None:
    if g.u(1) and g.u(8) == 255:
        g.u(32)
    if g.u(1):
        g.u(1)
    if g.u(1):
        g.u(4)
        if g.u(1):
            g.u(24)
    if g.u(1):
        g.ue()
        g.ue()
    g.u(3)
    if g.u(1):
        for _ in range(4):
            g.ue()
    if g.u(1):
        g.u(32)
        g.u(32)
        if g.u(1):
            g.ue()
        if g.u(1):
            _skip_hrd(g, 1, max_sub)
    if g.u(1):
        g.u(3)
        h.min_seg = min(h.min_seg, g.ue())
        for _ in range(4):
            g.ue()


def _parse_vps(g: _Bits, h: _Hvcc) -> None:
    g.u(12)
    max_sub = g.u(3)
    h.temporal_layers = max(h.temporal_layers, max_sub + 1)
    g.u(17)
    h.ptl(g, max_sub)


def _parse_rps(g: _Bits, idx: int, num: int, ndp: list) -> None:
    if idx and g.u(1):
        if idx >= num:
            raise InvalidData("rps")
        g.u(1)
        g.ue()
        ndp[idx] = 0
        for _ in range(ndp[idx - 1] + 1):
            used = g.u(1)
            use_delta = 0 if used else g.u(1)
            if used or use_delta:
                ndp[idx] += 1
    else:
        neg, pos = g.ue(), g.ue()
        if (neg + pos) * 2 > g.left:
            raise InvalidData("rps")
        ndp[idx] = neg + pos
        for _ in range(neg + pos):
            g.ue()
            g.u(1)


def _parse_sps(g: _Bits, h: _Hvcc) -> None:
    g.u(4)
    max_sub = g.u(3)
    h.temporal_layers = max(h.temporal_layers, max_sub + 1)
    h.id_nested = g.u(1)
    h.ptl(g, max_sub)
    g.ue()
    h.chroma = g.ue() & 0xFF
    if h.chroma == 3:
        g.u(1)
    g.ue()
    g.ue()
    if g.u(1):
        for _ in range(4):
            g.ue()
    h.depth_luma = g.ue() & 0xFF
    h.depth_chroma = g.ue() & 0xFF
    log2_poc = g.ue()
    i = 0 if g.u(1) else max_sub
    for _ in range(i, max_sub + 1):
        g.ue()
        g.ue()
        g.ue()
    for _ in range(6):
        g.ue()
    if g.u(1) and g.u(1):
        for a in range(4):
            for _ in range(2 if a == 3 else 6):
                if not g.u(1):
                    g.ue()
                else:
                    n = min(64, 1 << (4 + (a << 1)))
                    if a > 1:
                        g.se()
                    for _ in range(n):
                        g.se()
    g.u(1)
    g.u(1)
    if g.u(1):
        g.u(4)
        g.u(4)
        g.ue()
        g.ue()
        g.u(1)
    num_rps = g.ue()
    if num_rps > 64:
        raise InvalidData("rps count")
    ndp = [0] * 65
    for i in range(num_rps):
        _parse_rps(g, i, num_rps, ndp)
    if g.u(1):
        n = g.ue()
        if n > 31:
            raise InvalidData("lt refs")
        for _ in range(n):
            g.u(min(log2_poc + 4, 16))
            g.u(1)
    g.u(1)
    g.u(1)
    if g.u(1):
        _vui(g, h, max_sub)


def _parse_pps(g: _Bits, h: _Hvcc) -> None:
    g.ue()
    g.ue()
    g.u(7)
    g.ue()
    g.ue()
    g.se()
    g.u(2)
    if g.u(1):
        g.ue()
    g.se()
    g.se()
    g.u(4)
    tiles, wpp = g.u(1), g.u(1)
    if wpp and tiles:
        h.parallelism = 0
    elif wpp:
        h.parallelism = 3
    elif tiles:
        h.parallelism = 2
    else:
        h.parallelism = 1


def write_hvcc(data: bytes, completeness: int) -> bytes:
    """ff_isom_write_hvcc; raises InvalidData where the reference fails."""
    if len(data) < 6:
        raise InvalidData("hvcC too short")
    if data[0] == 1:
        return bytes(data)
    if data[:3] != b"\0\0\1" and data[:4] != b"\0\0\0\1":
        raise InvalidData("not Annex B")
    buf = annexb_to_mp4(data)
    h = _Hvcc()
    pos = 0
    end = len(buf)
    while end - pos > 4:
        n = min(int.from_bytes(buf[pos:pos + 4], "big"), end - pos - 4)
        t = (buf[pos + 4] >> 1) & 0x3F
        pos += 4
        nal = buf[pos:pos + n]
        if t in (VPS, SPS, PPS, SEI_PREFIX, SEI_SUFFIX):
            g = _Bits(extract_rbsp(nal))
            g.u(1)
            ntype = g.u(6)
            g.u(9)
            arr = next((a for a in h.arrays if a[1] == ntype), None)
            if arr is None:
                arr = [0, ntype, []]
                h.arrays.append(arr)
            arr[2].append(nal)
            if ntype in (VPS, SPS, PPS):
                arr[0] = completeness
            if ntype == VPS:
                _parse_vps(g, h)
            elif ntype == SPS:
                _parse_sps(g, h)
            elif ntype == PPS:
                _parse_pps(g, h)
        pos += n
    if h.min_seg > MAX_SPATIAL_SEGMENTATION:
        h.min_seg = 0
    if not h.min_seg:
        h.parallelism = 0
    counts = {t: sum(len(a[2]) for a in h.arrays if a[1] == t) for t in (VPS, SPS, PPS)}
    if not (0 < counts[VPS] <= 16 and 0 < counts[SPS] <= 16 and 0 < counts[PPS] <= 64):
        raise InvalidData("missing parameter sets")
    out = bytearray((1, (h.profile_space << 6 | h.tier << 5 | h.profile_idc) & 0xFF))
    out += h.compat.to_bytes(4, "big")
    out += ((h.constraint >> 16) & 0xFFFFFFFF).to_bytes(4, "big")
    out += (h.constraint & 0xFFFF).to_bytes(2, "big")
    out.append(h.level & 0xFF)
    out += ((h.min_seg | 0xF000) & 0xFFFF).to_bytes(2, "big")
    out.append((h.parallelism | 0xFC) & 0xFF)
    out.append((h.chroma | 0xFC) & 0xFF)
    out.append((h.depth_luma | 0xF8) & 0xFF)
    out.append((h.depth_chroma | 0xF8) & 0xFF)
    out += b"\0\0"
    out.append((h.temporal_layers << 3 | h.id_nested << 2 | 3) & 0xFF)
    out.append(len(h.arrays) & 0xFF)
    for comp, t, nals in h.arrays:
        out.append((comp << 7 | (t & 0x3F)) & 0xFF)
        out += len(nals).to_bytes(2, "big")
        for nal in nals:
            out += (len(nal) & 0xFFFF).to_bytes(2, "big") + nal
    return bytes(out)
