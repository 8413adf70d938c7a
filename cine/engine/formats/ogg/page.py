"""Ogg page syntax (RFC 3533 section 6): capture-pattern resync, the 27-byte header, lacing
values, and the page CRC (CRC-32, polynomial 0x04C11DB7, unreflected, initial value 0)."""
from __future__ import annotations

from ...record import Record

MAX_PAGE_SIZE = 65307          # 27 + 255 + 255 * 255 (oggdec.c MAX_PAGE_SIZE)
FLAG_CONT, FLAG_BOS, FLAG_EOS = 1, 2, 4

_REV: list[bytes] = []        # the bit-reversal table, built on first use (start-up time)


def crc(data: bytes) -> int:
    """The Ogg CRC computed through zlib: bit-reversed input, raw reflected CRC, reversed."""
    import zlib  # a shared library: loaded only when pages are checked
    if not _REV:
        _REV.append(bytes(int("{:08b}".format(i)[::-1], 2) for i in range(256)))
    raw = zlib.crc32(data.translate(_REV[0]), 0xFFFFFFFF) ^ 0xFFFFFFFF
    return int("{:032b}".format(raw)[::-1], 2)


class PageHeader(Record):
    version: int
    flags: int
    granule: int          # unsigned 64-bit as stored; -1 when all ones
    serial: int
    crc: int
    segments: bytes
    page_pos: int
    start_pos: int        # offset just after "OggS"

    def __init__(self, version, flags, granule, serial, crc, segments, page_pos, start_pos):
        self.version = version
        self.flags = flags
        self.granule = granule
        self.serial = serial
        self.crc = crc
        self.segments = segments
        self.page_pos = page_pos
        self.start_pos = start_pos
