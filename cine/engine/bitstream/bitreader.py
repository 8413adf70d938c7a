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
        if n == 0:
            return 0
        if self.pos + n > self.size:
            raise InvalidData("bitstream overread")
        v = 0
        pos = self.pos
        data = self.data
        for _ in range(n):
            v = (v << 1) | ((data[pos >> 3] >> (7 - (pos & 7))) & 1)
            pos += 1
        self.pos = pos
        return v

    def flag(self) -> bool:
        return self.u(1) == 1

    def skip(self, n: int) -> None:
        if self.pos + n > self.size:
            raise InvalidData("bitstream overread")
        self.pos += n

    def ue(self) -> int:
        """ue(v): unsigned Exp-Golomb."""
        zeros = 0
        while self.u(1) == 0:
            zeros += 1
            if zeros > 32:
                raise InvalidData("invalid exp-golomb code")
        return (1 << zeros) - 1 + self.u(zeros)

    def se(self) -> int:
        """se(v): signed Exp-Golomb."""
        k = self.ue()
        return (k + 1) >> 1 if k & 1 else -(k >> 1)

    def byte_align(self) -> None:
        self.pos = (self.pos + 7) & ~7


def unescape_rbsp(nal: bytes) -> bytes:
    """Remove emulation-prevention bytes (00 00 03 -> 00 00), H.264 7.4.1 / H.265 7.4.2."""
    if b"\x00\x00\x03" not in nal:
        return bytes(nal)
    out = bytearray()
    zeros = 0
    for b in nal:
        if zeros >= 2 and b == 3:
            zeros = 0
            continue
        out.append(b)
        zeros = zeros + 1 if b == 0 else 0
    return bytes(out)
