"""The bit reader of the SBR payload, with the reference's checked reader's behaviour past the
end of the packet: reads there give zero bits (the packet's zero padding) and the position
stops 8 bits past the end, so the bit counts the payload's length check compares match the
reference's even when damaged data reads too far. Never raises."""
from __future__ import annotations

PADDING = 64                # bytes of zeros after the packet (AV_INPUT_BUFFER_PADDING_SIZE)


class SbrReader:
    __slots__ = ("data", "pos", "size", "end")

    def __init__(self, data: bytes, pos: int) -> None:
        self.data = bytes(data) + bytes(PADDING)
        self.size = 8 * len(data)
        self.end = self.size + 8
        self.pos = min(pos, self.end)

    @property
    def bits_left(self) -> int:
        return self.size - self.pos

    def u(self, n: int) -> int:
        """n bits (n <= 32) as an unsigned integer."""
        if n <= 0:
            return 0
        pos = self.pos
        stop = pos + n
        first = pos >> 3
        last = (stop + 7) >> 3
        v = int.from_bytes(self.data[first:last], "big") >> ((last << 3) - stop)
        self.pos = stop if stop < self.end else self.end
        return v & ((1 << n) - 1)

    def show(self, n: int) -> int:
        pos = self.pos
        v = self.u(n)
        self.pos = pos
        return v

    def skip(self, n: int) -> None:
        if n > 0:
            pos = self.pos + n
            self.pos = pos if pos < self.end else self.end
