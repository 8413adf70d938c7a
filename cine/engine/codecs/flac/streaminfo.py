"""FLAC STREAMINFO metadata block (FLAC format specification, METADATA_BLOCK_STREAMINFO):
block sizes, frame sizes, rate, channels, bits per sample, total samples and MD5.
"""
from __future__ import annotations

from ...record import Record
from ...bitstream.bitreader import BitReader
from ...errors import InvalidData

STREAMINFO_SIZE = 34
MIN_BLOCKSIZE = 16


class StreamInfo(Record):
    min_blocksize: int
    max_blocksize: int
    min_framesize: int
    max_framesize: int
    sample_rate: int
    channels: int
    bits_per_sample: int
    total_samples: int
    md5: bytes

    def __init__(self, min_blocksize, max_blocksize, min_framesize, max_framesize, sample_rate,
                 channels, bits_per_sample, total_samples, md5):
        self.min_blocksize = min_blocksize
        self.max_blocksize = max_blocksize
        self.min_framesize = min_framesize
        self.max_framesize = max_framesize
        self.sample_rate = sample_rate
        self.channels = channels
        self.bits_per_sample = bits_per_sample
        self.total_samples = total_samples
        self.md5 = md5


def locate(extradata: bytes) -> tuple[bytes, list[str]]:
    """The 34 STREAMINFO bytes inside codec extradata (bare, or after "fLaC" + block
    header), with the reference's log lines; raises InvalidData when too small."""
    logs: list[str] = []
    if not extradata or len(extradata) < STREAMINFO_SIZE:
        raise InvalidData("extradata NULL or too small.\n")
    if extradata[:4] != b"fLaC":
        if len(extradata) != STREAMINFO_SIZE:
            # FFmpeg 5.1.9 prints the difference with the sign reversed.
            logs.append("extradata contains %d bytes too many.\n"
                        % (STREAMINFO_SIZE - len(extradata)))
        return bytes(extradata[:STREAMINFO_SIZE]), logs
    if len(extradata) < 8 + STREAMINFO_SIZE:
        raise InvalidData("extradata too small.\n")
    return bytes(extradata[8:8 + STREAMINFO_SIZE]), logs


def parse(block: bytes) -> StreamInfo:
    """Parse 34 STREAMINFO bytes; raises InvalidData like the reference's checks."""
    if len(block) < STREAMINFO_SIZE:
        raise InvalidData("short STREAMINFO")
    br = BitReader(bytes(block[:STREAMINFO_SIZE]))
    min_bs, max_bs = br.u(16), br.u(16)
    if max_bs < MIN_BLOCKSIZE:
        raise InvalidData("invalid max blocksize: %d\n" % max_bs)
    min_fs, max_fs = br.u(24), br.u(24)
    rate = br.u(20)
    channels = br.u(3) + 1
    bps = br.u(5) + 1
    if bps < 4:
        raise InvalidData("invalid bps: %d\n" % bps)
    total = br.u(36)
    return StreamInfo(min_bs, max_bs, min_fs, max_fs, rate, channels, bps, total,
                      bytes(block[18:34]))
