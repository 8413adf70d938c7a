"""EBML primitives (RFC 8794 sections 4-7): variable-size integers for IDs and sizes, unknown
sizes, typed element values, and an in-memory child iterator with a depth cap.

Two readers share these rules: `read_element_header` works on a Source (the cluster loop),
`iter_children` on bytes already read (header elements).
"""
from __future__ import annotations

import struct

from ...errors import EndOfFile, InvalidData, LimitExceeded
from ...limits import MAX_EBML_DEPTH

UNKNOWN = -1          # an element whose size field is all ones (RFC 8794 6.2)


def vint_length(first: int, max_len: int = 8) -> int:
    """Length in bytes of a VINT from its first byte; 0 when invalid."""
    if not first:
        return 0
    n = 9 - first.bit_length()
    return n if n <= max_len else 0


def parse_id(buf, pos: int) -> tuple[int, int]:
    """An element ID (marker bits kept) at buf[pos]; returns (id, length)."""
    if pos >= len(buf):
        raise InvalidData("EBML ID past end")
    n = vint_length(buf[pos], 4)
    if not n or pos + n > len(buf):
        raise InvalidData("Invalid EBML ID")
    return int.from_bytes(buf[pos:pos + n], "big"), n


def parse_size(buf, pos: int) -> tuple[int, int]:
    """An element data size at buf[pos]; returns (size or UNKNOWN, length)."""
    if pos >= len(buf):
        raise InvalidData("EBML size past end")
    n = vint_length(buf[pos], 8)
    if not n or pos + n > len(buf):
        raise InvalidData("Invalid EBML number")
    raw = int.from_bytes(buf[pos:pos + n], "big") & ((1 << (7 * n)) - 1)
    if raw == (1 << (7 * n)) - 1:
        return UNKNOWN, n
    return raw, n


def parse_vint(buf, pos: int, max_len: int = 8) -> tuple[int, int]:
    """A plain VINT value (block track numbers, EBML lace sizes)."""
    if pos >= len(buf):
        raise InvalidData("EBML number past end")
    n = vint_length(buf[pos], max_len)
    if not n or pos + n > len(buf):
        raise InvalidData("Invalid EBML number")
    return int.from_bytes(buf[pos:pos + n], "big") & ((1 << (7 * n)) - 1), n


def parse_svint(buf, pos: int) -> tuple[int, int]:
    """A signed VINT (EBML lacing deltas): the value minus half its range."""
    v, n = parse_vint(buf, pos)
    # FFmpeg 5.1.9: an all-ones delta is not special here
    return v - ((1 << (7 * n - 1)) - 1), n


def read_element_header(src, max_id_len: int = 4) -> tuple[int, int, int] | None:
    """(id, size, header_length) of the element at the source position; None at end of input."""
    first = src.read(1)
    if not first:
        return None
    n = vint_length(first[0], max_id_len)
    if not n:
        raise InvalidData("Invalid EBML ID")
    rest = src.read(n - 1)
    if len(rest) != n - 1:
        raise EndOfFile()
    eid = int.from_bytes(first + rest, "big")
    b = src.read(1)
    if not b:
        raise EndOfFile()
    m = vint_length(b[0], 8)
    if not m:
        raise InvalidData("Invalid EBML number")
    rest = src.read(m - 1)
    if len(rest) != m - 1:
        raise EndOfFile()
    raw = int.from_bytes(b + rest, "big") & ((1 << (7 * m)) - 1)
    size = UNKNOWN if raw == (1 << (7 * m)) - 1 else raw
    return eid, size, n + m


def iter_children(buf, start: int = 0, end: int | None = None):
    """(id, data_start, data_end) for each child in buf[start:end]; a child running past the
    end is clipped (a truncated file keeps what it holds)."""
    end = len(buf) if end is None else min(end, len(buf))
    pos = start
    while pos < end:
        try:
            eid, n = parse_id(buf, pos)
            size, m = parse_size(buf, pos + n)
        except InvalidData:
            return
        data = pos + n + m
        if size == UNKNOWN or data + size > end:
            size = end - data
        if size < 0:
            return
        yield eid, data, data + size
        pos = data + size


def check_depth(depth: int) -> None:
    if depth > MAX_EBML_DEPTH:
        raise LimitExceeded("EBML nesting deeper than %d" % MAX_EBML_DEPTH)


def uint(buf, s: int, e: int) -> int:
    if e - s > 8:
        raise InvalidData("Invalid uint size")
    return int.from_bytes(buf[s:e], "big")


def sint(buf, s: int, e: int) -> int:
    if e - s > 8:
        raise InvalidData("Invalid sint size")
    return int.from_bytes(buf[s:e], "big", signed=True) if e > s else 0


def float_(buf, s: int, e: int) -> float:
    n = e - s
    if n == 0:
        return 0.0
    if n == 4:
        return struct.unpack(">f", bytes(buf[s:e]))[0]
    if n == 8:
        return struct.unpack(">d", bytes(buf[s:e]))[0]
    raise InvalidData("Invalid float size")


def string(buf, s: int, e: int) -> str:
    """EBML string/UTF-8: the bytes up to the first NUL (FFmpeg 5.1.9 reads them as C strings)."""
    raw = bytes(buf[s:e])
    nul = raw.find(b"\0")
    if nul >= 0:
        raw = raw[:nul]
    return raw.decode("utf-8", "replace")
