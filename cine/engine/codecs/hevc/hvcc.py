"""HEVCDecoderConfigurationRecord (ISO/IEC 14496-15 8.3.3.1): NAL length size and the parameter
set arrays; Annex B extradata is split at start codes instead."""
from __future__ import annotations

from ...record import FACTORY, Record

from ...errors import InvalidData
from ..h264.avcc import split_annexb


class HvcConfig(Record):
    is_nalff: bool = False
    nal_length_size: int = 4
    nals: list[bytes]

    def __init__(self, is_nalff=False, nal_length_size=4, nals=FACTORY):
        self.is_nalff = is_nalff
        self.nal_length_size = nal_length_size
        self.nals = [] if nals is FACTORY else nals


def parse_hvcc(data: bytes) -> HvcConfig:
    cfg = HvcConfig()
    if len(data) > 3 and (data[0] or data[1] or data[2] > 1):
        # FFmpeg 5.1.9: anything but a start code prefix is taken as hvcC
        cfg.is_nalff = True
        if len(data) < 23:
            raise InvalidData("hvcC too short")
        pos = 22
        num_arrays = data[pos]
        pos += 1
        for _ in range(num_arrays):
            if pos + 3 > len(data):
                raise InvalidData("hvcC truncated")
            count = int.from_bytes(data[pos + 1:pos + 3], "big")
            pos += 3
            for _ in range(count):
                if pos + 2 > len(data):
                    raise InvalidData("hvcC truncated")
                n = int.from_bytes(data[pos:pos + 2], "big")
                pos += 2
                if pos + n > len(data):
                    raise InvalidData("Invalid NAL unit size in extradata.")
                cfg.nals.append(bytes(data[pos:pos + n]))
                pos += n
        cfg.nal_length_size = (data[21] & 3) + 1
    else:
        cfg.nals = split_annexb(data)
    return cfg
