"""ISO BMFF box walking (ISO/IEC 14496-12 clause 4.2): 32/64-bit sizes, size 0 = to the end,
a depth cap, and an AVIOContext-like reader over a header box held in memory.

Reads past the end of the held bytes return zeros and set `eof`, the way avio_rXX behave at
the end of a file, so table readers can stop on `eof` exactly where the reference stops. A
root box held from a seekable file carries a FileTail: reads that run past the box go on into
the bytes that follow it, as the reference's reads do (they stop only at the end of the file).
"""
from __future__ import annotations

import struct

from ...errors import InvalidData, LimitExceeded
from ...limits import MAX_BOX_DEPTH

_U16 = struct.Struct(">H")
_U32 = struct.Struct(">I")
_U64 = struct.Struct(">Q")
INT64_MAX = (1 << 63) - 1
# at most this many bytes past a root box are read into memory for overreads (a sample table
# whose count runs far past its box)
MAX_OVERREAD = 64 << 20
# FFmpeg 5.1.9 avio_seek: a forward skip up to the short-seek threshold (32 KiB) past the buffered
# data reads up to the target (hitting EOF past the end of the file); a longer one seeks
AVIO_SHORT_SKIP = 32768


def tag(s: str) -> int:
    """MKTAG: a FourCC as the little-endian integer FFmpeg compares."""
    b = s.encode("latin-1")
    return b[0] | b[1] << 8 | b[2] << 16 | b[3] << 24


def fourcc_str(t: int) -> str:
    """av_fourcc2str: printable characters kept, others as [N]."""
    out = []
    for i in range(4):
        c = (t >> (8 * i)) & 0xFF
        ch = chr(c)
        if ch.isalnum() or ch in " .-_":
            out.append(ch)
        else:
            out.append("[%d]" % c)
    return "".join(out)


class FileTail:
    """The file bytes after a root box held in memory, fetched when a read runs past the box
    (FFmpeg 5.1.9: avio goes on reading through box ends, up to the end of the file)."""

    __slots__ = ("source", "start", "left")

    def __init__(self, source, start: int, size: int):
        self.source = source
        self.start = start
        self.left = max(0, min(size - start, MAX_OVERREAD))

    def take(self, n: int) -> bytes:
        n = min(n, self.left)
        if n <= 0:
            return b""
        src = self.source
        here = src.tell()
        src.seek(self.start)
        data = src.read(n)
        src.seek(here)
        self.start += len(data)
        self.left = self.left - len(data) if data else 0
        return data


class Bio:
    """Byte reader over `buf` whose positions are absolute file offsets (base + index)."""

    __slots__ = ("buf", "base", "pos", "end", "eof", "tail", "in_file")

    def __init__(self, buf: bytes, base: int = 0, tail: FileTail | None = None):
        self.buf = buf
        self.base = base
        self.pos = 0
        self.end = len(buf)
        self.eof = False
        self.tail = tail
        self.in_file = tail is not None       # a root box of a seekable file

    def _grow(self, need: int) -> bool:
        """Append at least `need` file bytes after the held ones (fewer at the end of the
        file); False when there are none."""
        tail = self.tail
        if tail is None:
            return False
        data = tail.take(max(need, self.end, 4096))      # doubling: linear in the overread
        if not data:
            self.tail = None
            return False
        self.buf = bytes(self.buf[:self.end]) + data
        self.end = len(self.buf)
        return True

    # -- position ---------------------------------------------------------
    def tell(self) -> int:
        return self.base + self.pos

    def seek(self, abs_pos: int) -> bool:
        p = abs_pos - self.base
        if p > self.end and self.tail is not None:
            self._grow(p - self.end)
        if p < 0 or p > self.end:
            return False
        self.pos = p
        self.eof = False
        return True

    def skip(self, n: int) -> None:
        if n < 0:
            self.seek(self.tell() + n)
            return
        p = self.pos + n
        if p > self.end and self.tail is not None:
            self._grow(p - self.end)
        if p > self.end:
            if self.in_file and p - self.end > AVIO_SHORT_SKIP:
                self.pos = p                  # a seek past the end of the file: no EOF yet
                return
            p = self.end
            self.eof = True
        self.pos = p

    @property
    def remaining(self) -> int:
        """The bytes a read from here can still get (the file's after a root box's end)."""
        tail = self.tail
        return max(0, self.end - self.pos) + (tail.left if tail is not None else 0)

    def feof(self) -> bool:
        return self.eof

    # -- reads ------------------------------------------------------------
    def read(self, n: int) -> bytes:
        """avio_read: up to n bytes (fewer at the end, setting eof)."""
        if n <= 0:
            return b""
        p = self.pos
        avail = self.end - p
        if n > avail and self.tail is not None:
            self._grow(n - avail)
            avail = self.end - p
        if n > avail:
            n = max(avail, 0)
            self.eof = True
        self.pos = p + n
        return bytes(self.buf[p:p + n])

    def r8(self) -> int:
        p = self.pos
        if p >= self.end and not (self.tail is not None and self._grow(1)):
            self.eof = True
            return 0
        self.pos = p + 1
        return self.buf[p]

    def rb16(self) -> int:
        p = self.pos
        if p + 2 > self.end:
            return self._partial(2)
        self.pos = p + 2
        return _U16.unpack_from(self.buf, p)[0]

    def rb24(self) -> int:
        p = self.pos
        if p + 3 > self.end:
            return self._partial(3)
        self.pos = p + 3
        b = self.buf
        return b[p] << 16 | b[p + 1] << 8 | b[p + 2]

    def rb32(self) -> int:
        p = self.pos
        if p + 4 > self.end:
            return self._partial(4)
        self.pos = p + 4
        return _U32.unpack_from(self.buf, p)[0]

    def rb64(self) -> int:
        p = self.pos
        if p + 8 > self.end:
            return self._partial(8)
        self.pos = p + 8
        return _U64.unpack_from(self.buf, p)[0]

    def rl32(self) -> int:
        v = self.rb32()
        return ((v & 0xFF) << 24) | ((v >> 8 & 0xFF) << 16) | ((v >> 16 & 0xFF) << 8) | (v >> 24)

    def rl16(self) -> int:
        v = self.rb16()
        return ((v & 0xFF) << 8) | (v >> 8)

    def _partial(self, n: int) -> int:
        if self.tail is not None:
            self._grow(self.pos + n - self.end)
        v = 0
        for _ in range(n):
            v = (v << 8) | self.r8()
        return v

    def sub(self, size: int) -> "Bio":
        """A reader over the next `size` bytes (clamped); this reader moves past them."""
        p = self.pos
        if size > self.end - p and self.tail is not None:
            self._grow(size - (self.end - p))
        size = max(0, min(size, self.end - p))
        b = Bio(memoryview(self.buf)[p:p + size], self.base + p)
        self.pos = p + size
        return b


def s32(v: int) -> int:
    return v - (1 << 32) if v & 0x80000000 else v


def s16(v: int) -> int:
    return v - (1 << 16) if v & 0x8000 else v


def s64(v: int) -> int:
    return v - (1 << 64) if v & (1 << 63) else v


def check_depth(depth: int) -> None:
    if depth > MAX_BOX_DEPTH:
        raise LimitExceeded("boxes nested deeper than %d" % MAX_BOX_DEPTH)


def iter_boxes(pb: Bio, size: int):
    """Yield (type, payload_size, start) for the child boxes in the next `size` bytes, with
    the reference's header rules (size 1 = 64-bit, size 0 = to the end); the caller must
    leave pb at start + payload_size (walk() does it)."""
    total = 0
    while total <= size - 8:
        a_size = pb.rb32()
        a_type = pb.rl32()
        if pb.eof:
            return
        total += 8
        if a_size == 1 and total + 8 <= size:
            a_size = s64(pb.rb64()) - 8
            total += 8
        if a_size == 0:
            a_size = size - total + 8
        a_size -= 8
        if a_size < 0:
            return
        a_size = min(a_size, size - total)
        start = pb.tell()
        yield a_type, a_size, start
        pb.seek(start + a_size)
        total += a_size


def walk(pb: Bio, size: int, depth: int = 0):
    """Flat list of (type, payload Bio) children of a box payload; a utility for simple
    containers that need no reference-specific control flow."""
    check_depth(depth)
    out = []
    for t, s, start in iter_boxes(pb, size):
        pb.seek(start)
        out.append((t, pb.sub(s)))
    return out


def require(cond: bool, what: str) -> None:
    if not cond:
        raise InvalidData(what)
