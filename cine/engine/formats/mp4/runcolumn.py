"""A compact index column for fragment runs without per-sample fields: such a run costs no
byte of the file per sample, so its positions, timestamps, sizes, flags and composition
offsets are kept as arithmetic segments (first value, step, count) instead of one array slot
per sample; runs with per-sample fields stay arrays among them. It offers what the demuxer
does with an index column: len, reading and writing one entry, inserting a run, setting a
flag bit over a range, and finding the next entry with a flag bit.
"""
from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate

INT64_MIN = -(1 << 63)
INT64_MAX = (1 << 63) - 1


class Segment:
    """count values start, start + step, ...; wrapped to 64 bits the way the reference's
    int64_t arithmetic leaves them when they pass its range."""
    __slots__ = ("start", "step", "count", "wraps")

    def __init__(self, start: int, step: int, count: int):
        self.start = start
        self.step = step
        self.count = count
        last = start + step * (count - 1) if count else start
        self.wraps = min(start, last) < INT64_MIN or max(start, last) > INT64_MAX

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, i: int) -> int:
        v = self.start + self.step * i
        if self.wraps:
            v = ((v - INT64_MIN) & ((1 << 64) - 1)) + INT64_MIN
        return v

    def split(self, at: int):
        """(the first `at` values, the rest), 0 < at < count."""
        return (Segment(self.start, self.step, at),
                Segment(self.start + self.step * at, self.step, self.count - at))


def _split(piece, at: int):
    if isinstance(piece, Segment):
        return piece.split(at)
    return piece[:at], piece[at:]


class RunColumn:
    """An index column as pieces (Segments, arrays or lists) one after another."""
    __slots__ = ("pieces", "starts", "n")

    def __init__(self, pieces=()):
        self.pieces = [p for p in pieces if len(p)]
        self._restart()

    def _restart(self) -> None:
        self.starts = list(accumulate((len(p) for p in self.pieces[:-1]), initial=0)) if self.pieces else []
        self.n = self.starts[-1] + len(self.pieces[-1]) if self.pieces else 0

    def __len__(self) -> int:
        return self.n

    def _locate(self, i: int):
        if i < 0:
            i += self.n
        if not 0 <= i < self.n:
            raise IndexError("index column entry out of range")
        k = bisect_right(self.starts, i) - 1
        return k, i - self.starts[k]

    def __getitem__(self, i: int) -> int:
        k, off = self._locate(i)
        return self.pieces[k][off]

    def __setitem__(self, i: int, value: int) -> None:
        k, off = self._locate(i)
        piece = self.pieces[k]
        if piece[off] == value:
            return
        if not isinstance(piece, Segment):
            piece[off] = value
            return
        new = [Segment(value, 0, 1)]
        if off:
            new.insert(0, Segment(piece.start, piece.step, off))
        if off + 1 < piece.count:
            new.append(Segment(piece[off + 1], piece.step, piece.count - off - 1))
        self.pieces[k:k + 1] = new
        self._restart()

    def _cut(self, i: int) -> int:
        """Split the piece holding entry i so that one starts there; its piece number."""
        if i >= self.n:
            return len(self.pieces)
        k, off = self._locate(i)
        if off:
            self.pieces[k:k + 1] = _split(self.pieces[k], off)
            self._restart()
            k += 1
        return k

    def insert_run(self, at: int, values) -> None:
        """Insert a run's values (a RunColumn, an array or a list) before entry `at`."""
        new = [p for p in (values.pieces if isinstance(values, RunColumn) else [values]) if len(p)]
        if not new:
            return
        if at >= self.n:
            for p in new:
                self.starts.append(self.n)
                self.pieces.append(p)
                self.n += len(p)
            return
        k = self._cut(at)
        self.pieces[k:k] = new
        self._restart()

    def or_range(self, lo: int, hi: int, bit: int) -> None:
        """Set `bit` in entries lo..hi-1 (flag columns: their segments have step 0)."""
        if lo >= hi:
            return
        first = self._cut(lo)
        last = self._cut(hi)
        for k in range(first, last):
            piece = self.pieces[k]
            if isinstance(piece, Segment):
                self.pieces[k] = Segment(piece.start | bit, 0, piece.count)
            else:
                for j in range(len(piece)):
                    piece[j] |= bit

    def find_flag(self, i: int, step: int, bit: int, clear: bool = False) -> int:
        """The first entry from i on (step 1) or back (step -1) with `bit` set (`clear`: not
        set); n or -1 when none (flag columns), segment by segment."""
        while 0 <= i < self.n:
            k, off = self._locate(i)
            piece = self.pieces[k]
            base = self.starts[k]
            if isinstance(piece, Segment):
                if bool(piece.start & bit) != clear:
                    return i
            else:
                for j in range(off, len(piece) if step > 0 else -1, step):
                    if bool(piece[j] & bit) != clear:
                        return base + j
            i = base + len(piece) if step > 0 else base - 1
        return i
