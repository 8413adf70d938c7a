"""FLAC frame header (FLAC format specification, FRAME_HEADER) as FFmpeg 5.1.9 reads it:
sync code, blocking strategy, block size and sample rate codes (with their 8/16-bit
escapes), channel assignment, sample size, the UTF-8-style coded frame or sample number and
the CRC-8 over the header. A failure raises InvalidData whose detail is the reference's
log line.
"""
from __future__ import annotations

from ...errors import InvalidData
from ...record import Record

MAX_CHANNELS = 8
# a header has at most 16 bytes; the reader looks at this many (the packet then zeros)
HEAD_BYTES = 24
# sample size codes (0: from STREAMINFO; 3 and 7 are refused)
SAMPLE_SIZES = (0, 8, 12, 0, 16, 20, 24, 0)
# sample rate codes 0..11 (0: from STREAMINFO; 12..14 read the rate after the header)
SAMPLE_RATES = (0, 88200, 176400, 192000, 8000, 16000, 22050, 24000, 32000, 44100, 48000,
                96000)


def _block_size(code: int) -> int:
    """Block size codes 1..5 and 8..15 (6 and 7 read the size after the header)."""
    if code == 1:
        return 192
    if 2 <= code <= 5:
        return 576 << (code - 2)
    return 256 << (code - 8)


def _crc8_table() -> tuple[int, ...]:
    """CRC-8, polynomial x^8 + x^2 + x + 1 (0x07), MSB first."""
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = ((crc << 1) ^ 0x07) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
        table.append(crc)
    return tuple(table)


CRC8 = _crc8_table()


def crc8(data) -> int:
    crc = 0
    for b in data:
        crc = CRC8[crc ^ b]
    return crc


class FrameHeader(Record):
    is_var_size: int
    ch_mode: int        # 0 independent, 1 left/side, 2 right/side, 3 mid/side
    channels: int
    bps: int            # 0: from STREAMINFO
    number: int         # frame number (fixed block size) or first sample (variable)
    blocksize: int
    sample_rate: int    # 0: from STREAMINFO
    size_bits: int      # where the subframes start

    def __init__(self, is_var_size, ch_mode, channels, bps, number, blocksize, sample_rate,
                 size_bits):
        self.is_var_size = is_var_size
        self.ch_mode = ch_mode
        self.channels = channels
        self.bps = bps
        self.number = number
        self.blocksize = blocksize
        self.sample_rate = sample_rate
        self.size_bits = size_bits


class _Bits:
    """The reference's checked reader over a zero-padded packet: zeros past the end, the
    position held 8 bits past it."""

    def __init__(self, data: bytes, size: int):
        self.value = int.from_bytes(data[:HEAD_BYTES], "big")
        self.total = HEAD_BYTES * 8
        self.end8 = min(size * 8 + 8, self.total - 32)
        self.pos = 0

    def u(self, n: int) -> int:
        v = (self.value >> (self.total - self.pos - n)) & ((1 << n) - 1) if n else 0
        self.pos = min(self.pos + n, self.end8)
        return v


def _utf8_number(br: _Bits) -> int:
    """GET_UTF8: -1 for an invalid leading or continuation byte."""
    val = br.u(8)
    top = (val & 128) >> 1
    if (val & 0xC0) == 0x80 or val >= 0xFE:
        return -1
    while val & top:
        tmp = (br.u(8) - 128) & 0xFFFFFFFF
        if tmp >> 6:
            return -1
        val = (val << 6) + tmp
        top = (top << 5) & 0xFFFFFFFF
    return val & ((((top << 1) & 0xFFFFFFFF) - 1) & 0xFFFFFFFF)


def parse(data: bytes, size: int) -> FrameHeader:
    """The header at the start of `data` (the packet followed by at least HEAD_BYTES zero
    bytes; `size` the packet's own length)."""
    br = _Bits(data, size)
    if br.u(15) != 0x7FFC:
        raise InvalidData("invalid sync code\n")
    is_var_size = br.u(1)
    bs_code = br.u(4)
    sr_code = br.u(4)
    ch_mode = br.u(4)
    if ch_mode < MAX_CHANNELS:
        channels, ch_mode = ch_mode + 1, 0
    elif ch_mode < MAX_CHANNELS + 3:
        channels, ch_mode = 2, ch_mode - MAX_CHANNELS + 1
    else:
        raise InvalidData("invalid channel mode: %d\n" % ch_mode)
    bps_code = br.u(3)
    if bps_code in (3, 7):
        raise InvalidData("invalid sample size code (%d)\n" % bps_code)
    if br.u(1):
        raise InvalidData("broken stream, invalid padding\n")
    number = _utf8_number(br)
    if number < 0:
        raise InvalidData("sample/frame number invalid; utf8 fscked\n")
    if bs_code == 0:
        raise InvalidData("reserved blocksize code: 0\n")
    if bs_code == 6:
        blocksize = br.u(8) + 1
    elif bs_code == 7:
        blocksize = br.u(16) + 1
    else:
        blocksize = _block_size(bs_code)
    if sr_code < 12:
        sample_rate = SAMPLE_RATES[sr_code]
    elif sr_code == 12:
        sample_rate = br.u(8) * 1000
    elif sr_code == 13:
        sample_rate = br.u(16)
    elif sr_code == 14:
        sample_rate = br.u(16) * 10
    else:
        raise InvalidData("illegal sample rate code %d\n" % sr_code)
    br.u(8)
    if crc8(data[:br.pos // 8]):
        raise InvalidData("header crc mismatch\n")
    return FrameHeader(is_var_size, ch_mode, channels, SAMPLE_SIZES[bps_code], number,
                       blocksize, sample_rate, br.pos)
