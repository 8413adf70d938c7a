"""avio-style sequential reads over a Source for the AVI demuxer: little-endian integers,
short reads at the end yield zeros and set the eof flag (avio_feof), seeks clear it.
"""
from __future__ import annotations

from ...io.source import Source


class Pb:
    __slots__ = ("src", "eof", "size")

    def __init__(self, source: Source):
        self.src = source
        self.eof = False
        self.size = source.size if getattr(source, "seekable", False) else None

    def read(self, n: int) -> bytes:
        if n <= 0:
            return b""
        # (a declared size costs only the bytes that exist: the source reads in bounded pieces)
        data = self.src.read(n)
        if len(data) < n:
            self.eof = True
        return data

    def u8(self) -> int:
        b = self.read(1)
        return b[0] if b else 0

    def u16(self) -> int:
        return int.from_bytes(self.read(2).ljust(2, b"\0"), "little")

    def u32(self) -> int:
        return int.from_bytes(self.read(4).ljust(4, b"\0"), "little")

    def i32(self) -> int:
        return int.from_bytes(self.read(4).ljust(4, b"\0"), "little", signed=True)

    def u64(self) -> int:
        return int.from_bytes(self.read(8).ljust(8, b"\0"), "little")

    def tell(self) -> int:
        return self.src.tell()

    def seek(self, pos: int) -> bool:
        """avio_seek(SEEK_SET); False when the source cannot go there. A position past the
        end of a sized input reaches eof (FFmpeg 5.1.9: a short seek there reads up to the
        end and fails, a long one succeeds and the next read fails: either way the caller
        sees the end)."""
        if pos < 0:
            return False
        try:
            self.src.seek(pos)
        except Exception:       # noqa: BLE001 - CineError from a pipe that cannot go back
            return False
        self.eof = self.size is not None and pos > self.size
        return True

    def skip(self, n: int) -> bool:
        """avio_skip: a zero skip changes nothing (not even the eof flag)."""
        if n == 0:
            return True
        return self.seek(self.tell() + n)
