"""MSB-first bit reader with Exp-Golomb codes (ITU-T H.264 clause 9.1); overruns raise InvalidData."""
from __future__ import annotations

from ..errors import InvalidData


class BitReader:
    __slots__ = ("data", "pos", "size")

    def __init__(self, data: bytes, start_bit: int = 0):
        self.data = data
        self.pos = start_bit
        self.size = len(data) * 8

    @property
    def bits_left(self) -> int:
        return self.size - self.pos

    def u(self, n: int) -> int:
        """Read n bits as an unsigned integer."""
        pos = self.pos
        end = pos + n
        if n <= 0:
            if n and end > self.size:
                raise InvalidData("bitstream overread")
            return 0
        if end > self.size:
            raise InvalidData("bitstream overread")
        self.pos = end
        if n == 1:
            return (self.data[pos >> 3] >> (7 - (pos & 7))) & 1
        last = (end + 7) >> 3
        v = int.from_bytes(self.data[pos >> 3:last], "big") >> ((last << 3) - end)
        return v & ((1 << n) - 1)

    def flag(self) -> bool:
        pos = self.pos
        if pos >= self.size:
            raise InvalidData("bitstream overread")
        self.pos = pos + 1
        return (self.data[pos >> 3] >> (7 - (pos & 7))) & 1 == 1

    def skip(self, n: int) -> None:
        if self.pos + n > self.size:
            raise InvalidData("bitstream overread")
        self.pos += n

    def ue(self) -> int:
        """ue(v): unsigned Exp-Golomb."""
        pos = self.pos
        size = self.size
        data = self.data
        zeros = 0
        while True:
            if pos >= size:
                self.pos = pos
                raise InvalidData("bitstream overread")
            if (data[pos >> 3] >> (7 - (pos & 7))) & 1:
                break
            pos += 1
            zeros += 1
            if zeros > 32:
                self.pos = pos
                raise InvalidData("invalid exp-golomb code")
        self.pos = pos + 1
        return (1 << zeros) - 1 + self.u(zeros)

    def se(self) -> int:
        """se(v): signed Exp-Golomb."""
        k = self.ue()
        return (k + 1) >> 1 if k & 1 else -(k >> 1)

    def byte_align(self) -> None:
        self.pos = (self.pos + 7) & ~7


def unescape_rbsp(nal: bytes) -> bytes:
    """Remove emulation-prevention bytes (00 00 03 -> 00 00), H.264 7.4.1 / H.265 7.4.2."""
    # dropping each 03 that follows two zeros (the zero count restarting after a dropped
    # byte) is exactly a left-to-right, non-overlapping replacement
    return bytes(nal).replace(b"\x00\x00\x03", b"\x00\x00")
