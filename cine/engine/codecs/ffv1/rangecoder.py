"""FFV1 range decoder and symbol reader (RFC 9043 3.8.1: range coding with the default
state transition table built from factor 0.05 and max state 248)."""
from __future__ import annotations

CONTEXT_SIZE = 32


def _build_states(factor: int, max_p: int) -> tuple[list[int], list[int]]:
    one = 1 << 32
    zero_state, one_state = [0] * 256, [0] * 256
    last_p8 = 0
    p = one // 2
    for _ in range(128):
        p8 = (256 * p + one // 2) >> 32
        if p8 <= last_p8:
            p8 = last_p8 + 1
        if last_p8 and last_p8 < 256 and p8 <= max_p:
            one_state[last_p8] = p8
        p += ((one - p) * factor + one // 2) >> 32
        last_p8 = p8
    for i in range(256 - max_p, max_p + 1):
        if one_state[i]:
            continue
        p = (i * one + 128) >> 8
        p += ((one - p) * factor + one // 2) >> 32
        p8 = (256 * p + one // 2) >> 32
        if p8 <= i:
            p8 = i + 1
        one_state[i] = min(p8, max_p)
    for i in range(1, 255):
        zero_state[i] = 256 - one_state[256 - i]
    return zero_state, one_state


_ZERO, _ONE = _build_states(int(0.05 * (1 << 32)), 256 - 8)


class RangeDecoder:
    def __init__(self, data: bytes, end: int | None = None):
        self.data = data
        self.end = len(data) if end is None else min(end, len(data))
        self.low = int.from_bytes(data[:2].ljust(2, b"\x00"), "big")
        self.pos = 2
        self.range = 0xFF00
        if self.low >= 0xFF00:
            self.low = 0xFF00
            self.end = self.pos
        self.one_state = _ONE
        self.zero_state = _ZERO

    def _refill(self) -> None:
        if self.range < 0x100:
            self.range <<= 8
            self.low <<= 8
            if self.pos < self.end:
                self.low += self.data[self.pos]
                self.pos += 1

    def rac(self, state: list[int], i: int) -> int:
        s = state[i]
        range1 = (self.range * s) >> 8
        self.range -= range1
        if self.low < self.range:
            state[i] = self.zero_state[s]
            self._refill()
            return 0
        self.low -= self.range
        state[i] = self.one_state[s]
        self.range = range1
        self._refill()
        return 1

    def symbol(self, state: list[int], signed: bool = False) -> int:
        if self.rac(state, 0):
            return 0
        e = 0
        while self.rac(state, 1 + min(e, 9)):
            e += 1
            if e > 31:
                raise ValueError("symbol too long")
        a = 1
        for i in range(e - 1, -1, -1):
            a = a + a + self.rac(state, 22 + min(i, 9))
        if signed and self.rac(state, 11 + min(e, 10)):
            return -a
        return a


def new_state() -> list[int]:
    return [128] * CONTEXT_SIZE
