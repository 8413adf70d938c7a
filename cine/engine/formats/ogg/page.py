"""Ogg page syntax (RFC 3533 section 6): capture-pattern resync, the 27-byte header, lacing
values, and the page CRC (CRC-32, polynomial 0x04C11DB7, unreflected, initial value 0)."""
from __future__ import annotations

import zlib
from dataclasses import dataclass

MAX_PAGE_SIZE = 65307          # 27 + 255 + 255 * 255 (oggdec.c MAX_PAGE_SIZE)
FLAG_CONT, FLAG_BOS, FLAG_EOS = 1, 2, 4

_REV = bytes(int("{:08b}".format(i)[::-1], 2) for i in range(256))


def crc(data: bytes) -> int:
    """The Ogg CRC computed through zlib: bit-reversed input, raw reflected CRC, reversed."""
    raw = zlib.crc32(data.translate(_REV), 0xFFFFFFFF) ^ 0xFFFFFFFF
    return int("{:032b}".format(raw)[::-1], 2)


@dataclass
class PageHeader:
    version: int
    flags: int
    granule: int          # unsigned 64-bit as stored; -1 when all ones
    serial: int
    crc: int
    segments: bytes
    page_pos: int
    start_pos: int        # offset just after "OggS"
