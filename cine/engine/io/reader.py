"""Bounds-checked reader over an in-memory buffer; running past the end raises InvalidData."""
from __future__ import annotations

import struct

from ..errors import InvalidData

_U16BE = struct.Struct(">H")
_U32BE = struct.Struct(">I")
_U64BE = struct.Struct(">Q")
_I16BE = struct.Struct(">h")
_I32BE = struct.Struct(">i")
_I64BE = struct.Struct(">q")
_U16LE = struct.Struct("<H")
_U32LE = struct.Struct("<I")
_U64LE = struct.Struct("<Q")


class ByteReader:
    __slots__ = ("buf", "pos", "end")

    def __init__(self, buf: bytes | memoryview, pos: int = 0, end: int | None = None):
        self.buf = buf
        self.pos = pos
        self.end = len(buf) if end is None else min(end, len(buf))

    @property
    def remaining(self) -> int:
        return self.end - self.pos

    def _need(self, n: int) -> int:
        p = self.pos
        if n < 0 or p + n > self.end:
            raise InvalidData("read past end (%d + %d > %d)" % (p, n, self.end))
        self.pos = p + n
        return p

    def skip(self, n: int) -> None:
        self._need(n)

    def bytes(self, n: int) -> bytes:
        p = self._need(n)
        return bytes(self.buf[p:p + n])

    def rest(self) -> bytes:
        p = self.pos
        self.pos = self.end
        return bytes(self.buf[p:self.end])

    def u8(self) -> int:
        p = self._need(1)
        return self.buf[p]

    def i8(self) -> int:
        v = self.u8()
        return v - 256 if v >= 128 else v

    def u16(self) -> int:
        return _U16BE.unpack_from(self.buf, self._need(2))[0]

    def u24(self) -> int:
        p = self._need(3)
        b = self.buf
        return b[p] << 16 | b[p + 1] << 8 | b[p + 2]

    def u32(self) -> int:
        return _U32BE.unpack_from(self.buf, self._need(4))[0]

    def u64(self) -> int:
        return _U64BE.unpack_from(self.buf, self._need(8))[0]

    def i16(self) -> int:
        return _I16BE.unpack_from(self.buf, self._need(2))[0]

    def i32(self) -> int:
        return _I32BE.unpack_from(self.buf, self._need(4))[0]

    def i64(self) -> int:
        return _I64BE.unpack_from(self.buf, self._need(8))[0]

    def u16le(self) -> int:
        return _U16LE.unpack_from(self.buf, self._need(2))[0]

    def u32le(self) -> int:
        return _U32LE.unpack_from(self.buf, self._need(4))[0]

    def u64le(self) -> int:
        return _U64LE.unpack_from(self.buf, self._need(8))[0]

    def fourcc(self) -> str:
        return self.bytes(4).decode("latin-1")

    def sub(self, n: int) -> "ByteReader":
        """A reader over the next n bytes; this reader moves past them."""
        p = self._need(n)
        return ByteReader(self.buf, p, p + n)
