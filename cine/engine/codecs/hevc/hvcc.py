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
    """The decoder's reading of its extradata (hevc_parse.c ff_hevc_decode_extradata): the
    only failure is a NAL unit running past the end, InvalidData whose detail is the line
    the decoder logs; header fields and array headers past the end read as zeros."""
    cfg = HvcConfig()
    if len(data) > 3 and (data[0] or data[1] or data[2] > 1):
        # FFmpeg 5.1.9: anything but a start code prefix is taken as hvcC
        cfg.is_nalff = True
        n = len(data)

        def byte(i: int) -> int:
            return data[i] if i < n else 0

        num_arrays = byte(22)
        pos = 23
        for _ in range(num_arrays):
            count = byte(pos + 1) << 8 | byte(pos + 2)
            pos += 3
            for _ in range(count):
                size = (byte(pos) << 8 | byte(pos + 1) if pos + 2 <= n else 0) + 2
                if n - min(pos, n) < size:
                    raise InvalidData("Invalid NAL unit size in extradata.\n")
                cfg.nals.append(bytes(data[pos + 2:pos + size]))
                pos += size
        cfg.nal_length_size = (byte(21) & 3) + 1
    else:
        cfg.nals = split_annexb(data)
    return cfg
