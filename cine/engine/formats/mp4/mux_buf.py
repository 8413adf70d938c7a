"""The in-memory box buffer of the MP4/MOV muxer (movenc.c writes boxes through a dynamic
AVIOContext and patches sizes with update_size) and the small shared writers: the
transformation matrix and MPEG-4 descriptor headers (ISO/IEC 14496-1 8.3.3)."""
from __future__ import annotations

import struct


def tagb(t: str) -> bytes:
    return t.encode("latin-1")


class BoxBuf:
    """A growing byte buffer with big-endian writers and box size patching."""

    def __init__(self):
        self.b = bytearray()

    def tell(self) -> int:
        return len(self.b)

    def write(self, data: bytes) -> None:
        self.b += data

    def w8(self, v):
        self.b.append(v & 0xFF)

    def wb16(self, v):
        self.b += struct.pack(">H", v & 0xFFFF)

    def wb24(self, v):
        self.b += struct.pack(">I", v & 0xFFFFFF)[1:]

    def wb32(self, v):
        self.b += struct.pack(">I", v & 0xFFFFFFFF)

    def wl32(self, v):
        self.b += struct.pack("<I", v & 0xFFFFFFFF)

    def wb64(self, v):
        self.b += struct.pack(">Q", v & 0xFFFFFFFFFFFFFFFF)

    def start(self, name: str) -> int:
        pos = len(self.b)
        self.b += b"\0\0\0\0" + tagb(name)
        return pos

    def end(self, pos: int) -> int:
        size = len(self.b) - pos
        self.b[pos:pos + 4] = struct.pack(">I", size & 0xFFFFFFFF)
        return size


def _utf8len(s: str | None) -> int:
    return len(s) if s else 0


def write_matrix(bb: BoxBuf, a, b, c, d, tx, ty) -> None:
    for v in (a << 16, b << 16, 0, c << 16, d << 16, 0, tx << 16, ty << 16, 1 << 30):
        bb.wb32(v)


def put_descr(bb: BoxBuf, tag: int, size: int) -> None:
    bb.w8(tag)
    for i in (3, 2, 1):
        bb.w8((size >> (7 * i)) | 0x80)
    bb.w8(size & 0x7F)
