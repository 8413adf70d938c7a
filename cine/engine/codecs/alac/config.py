"""ALACSpecificConfig (Apple Lossless "alac" magic cookie, as carried in the 36-byte 'alac'
atom the MP4 demuxer stores as extradata): frame length, bit depth, Rice parameters,
channels, maxRun, max frame bytes, average bit rate and sample rate.
"""
from __future__ import annotations

import struct

from ...record import Record
from ...errors import InvalidData

EXTRADATA_SIZE = 36
MAX_CHANNELS = 8
_COOKIE = struct.Struct(">IBBBBBBHIII")


class AlacConfig(Record):
    frame_length: int
    compatible_version: int
    bit_depth: int
    pb: int
    mb: int
    kb: int
    channels: int
    max_run: int
    max_frame_bytes: int
    avg_bit_rate: int
    sample_rate: int

    def __init__(self, frame_length, compatible_version, bit_depth, pb, mb, kb, channels, max_run,
                 max_frame_bytes, avg_bit_rate, sample_rate):
        self.frame_length = frame_length
        self.compatible_version = compatible_version
        self.bit_depth = bit_depth
        self.pb = pb
        self.mb = mb
        self.kb = kb
        self.channels = channels
        self.max_run = max_run
        self.max_frame_bytes = max_frame_bytes
        self.avg_bit_rate = avg_bit_rate
        self.sample_rate = sample_rate


def parse(extradata: bytes) -> AlacConfig:
    """Parse the atom (size, 'alac', version, then the 24-byte cookie)."""
    if len(extradata) < EXTRADATA_SIZE:
        raise InvalidData("extradata is too small\n")
    cfg = AlacConfig(*_COOKIE.unpack_from(bytes(extradata), 12))
    if not cfg.frame_length or cfg.frame_length > 4096 * 4096:
        raise InvalidData("max samples per frame invalid: %d\n" % cfg.frame_length)
    return cfg
