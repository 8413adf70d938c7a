"""AVCDecoderConfigurationRecord (ISO/IEC 14496-15 5.3.3.1) and NAL unit splitting of
length-prefixed (AVCC) and Annex B byte streams; shared with HEVC's hvcC samples."""
from __future__ import annotations

from ...record import FACTORY, Record
from ...errors import InvalidData


class AvcConfig(Record):
    is_avc: bool = False
    nal_length_size: int = 0
    nals: list[bytes]   # SPS then PPS NAL units, in order

    def __init__(self, is_avc=False, nal_length_size=0, nals=FACTORY):
        self.is_avc = is_avc
        self.nal_length_size = nal_length_size
        self.nals = [] if nals is FACTORY else nals


def parse_avcc(data: bytes) -> AvcConfig:
    """Parse extradata the way the H.264 decoder does: avcC when it starts with 1, else Annex B."""
    cfg = AvcConfig()
    if not data:
        return cfg
    if data[0] != 1:
        cfg.nals = split_annexb(data)
        return cfg
    if len(data) < 7:
        raise InvalidData("avcC %d too short" % len(data))
    cfg.is_avc = True
    pos = 6
    count = data[5] & 0x1F
    for kind in (0, 1):
        if kind:
            if pos >= len(data):
                raise InvalidData("avcC truncated")
            count = data[pos]
            pos += 1
        for _ in range(count):
            if pos + 2 > len(data):
                raise InvalidData("avcC truncated")
            n = int.from_bytes(data[pos:pos + 2], "big")
            if pos + 2 + n > len(data):
                raise InvalidData("avcC truncated")
            cfg.nals.append(bytes(data[pos + 2:pos + 2 + n]))
            pos += 2 + n
    cfg.nal_length_size = (data[4] & 3) + 1
    return cfg


def split_length_prefixed(data: bytes, length_size: int) -> list[bytes]:
    """Split a sample of length-prefixed NAL units; InvalidData on a size past the end."""
    out = []
    pos = 0
    n = len(data)
    while pos + length_size <= n:
        size = int.from_bytes(data[pos:pos + length_size], "big")
        pos += length_size
        if size > n - pos or size <= 0:
            raise InvalidData("Invalid NAL unit size (%d > %d)." % (size, n - pos))
        out.append(bytes(data[pos:pos + size]))
        pos += size
    return out


def split_annexb(data: bytes) -> list[bytes]:
    """Split an Annex B byte stream at 00 00 01 start codes (trailing zeros dropped)."""
    out = []
    starts = []
    i = data.find(b"\x00\x00\x01")
    while i >= 0:
        starts.append(i + 3)
        i = data.find(b"\x00\x00\x01", i + 3)
    for k, s in enumerate(starts):
        e = starts[k + 1] - 3 if k + 1 < len(starts) else len(data)
        nal = bytes(data[s:e]).rstrip(b"\x00")
        if nal:
            out.append(nal)
    return out
