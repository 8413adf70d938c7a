"""MSB-first bit writer (FFmpeg's PutBitContext semantics: flush pads the last byte with zeros)."""
from __future__ import annotations


class BitWriter:
    __slots__ = ("_acc", "_n", "_out")

    def __init__(self):
        self._acc = 0
        self._n = 0
        self._out = bytearray()

    def put(self, n: int, value: int) -> None:
        if n <= 0:
            return
        self._acc = (self._acc << n) | (value & ((1 << n) - 1))
        self._n += n
        while self._n >= 8:
            self._n -= 8
            self._out.append((self._acc >> self._n) & 0xFF)
        self._acc &= (1 << self._n) - 1

    @property
    def count(self) -> int:
        """put_bits_count: bits written so far."""
        return len(self._out) * 8 + self._n

    def align(self) -> None:
        """align_put_bits: zero bits up to the next byte boundary."""
        if self._n:
            self.put(8 - self._n, 0)

    def getvalue(self) -> bytes:
        """flush_put_bits: the bytes, the last one zero-padded."""
        out = bytes(self._out)
        if self._n:
            out += bytes(((self._acc << (8 - self._n)) & 0xFF,))
        return out
