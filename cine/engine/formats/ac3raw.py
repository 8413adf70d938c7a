"""The ac3 and eac3 raw demuxers (ATSC A/52 sync frames, Annex E for E-AC-3): FFmpeg 5.1.9's
ac3/eac3 probe scores (byte-swapped streams and CRC checks included) and the ac3 parser's
framing (an E-AC-3 packet is an independent frame plus its dependent frames).
"""
from __future__ import annotations

from array import array

from ..codecs.ac3 import header as H
from ..errors import InvalidData
from ..model import Rational
from .rawframes import RawAudioDemuxer

SCORE_EXTENSION = 50
CHUNK = 1 << 16


def _crc16_table() -> list[int]:
    table = []
    for i in range(256):
        c = i << 8
        for _ in range(8):
            c = ((c << 1) ^ 0x8005) & 0xFFFF if c & 0x8000 else (c << 1) & 0xFFFF
        table.append(c)
    return table


_CRC: list[int] = []        # filled on first use (start-up time)


def crc16_ansi(data: bytes) -> int:
    """av_crc with AV_CRC_16_ANSI (0x8005, MSB first, initial 0)."""
    if not _CRC:
        _CRC.extend(_crc16_table())
    crc = 0
    for b in data:
        crc = ((crc << 8) & 0xFFFF) ^ _CRC[(crc >> 8) ^ b]
    return crc


def _mulmod(a: int, b: int) -> int:
    """a * b modulo the CRC-16 polynomial x^16 + x^15 + x^2 + 1 (carry-less, 16-bit operands)."""
    r = 0
    for i in range(15, -1, -1):
        r = ((r << 1) ^ 0x8005) & 0xFFFF if r & 0x8000 else (r << 1) & 0xFFFF
        if b >> i & 1:
            r ^= a
    return r


_XPOW: list[int] = []       # x^(8 * 2^i) modulo the polynomial


def _shift(reg: int, nbytes: int) -> int:
    """The CRC register after nbytes zero bytes: reg * x^(8 nbytes) mod P."""
    if not _XPOW:
        v = 0x100
        for _ in range(40):
            _XPOW.append(v)
            v = _mulmod(v, v)
    i = 0
    while nbytes and reg:
        if nbytes & 1:
            reg = _mulmod(reg, _XPOW[i])
        nbytes >>= 1
        i += 1
    return reg


class _RangeCrc:
    """CRC-16/ANSI of any byte range of one buffer from prefix register states: each byte is
    fed once, then crc(a..b) = S(b) ^ S(a) * x^(8(b-a)). The probe checks the CRC of a frame at
    every sync word, and hostile input can put sync words every two bytes."""

    def __init__(self, data: bytes):
        if not _CRC:
            _CRC.extend(_crc16_table())
        self.data = data
        self.states = array("H", [0])
        self.direct = 0         # bytes checked frame by frame before the prefix pass pays off

    def crc(self, a: int, b: int) -> int:
        st = self.states
        if len(st) <= b and self.direct + b - a <= len(self.data):
            self.direct += b - a
            return crc16_ansi(self.data[a:b])
        if len(st) <= b:
            reg = st[-1]
            tab = _CRC
            for byte in self.data[len(st) - 1:b]:
                reg = ((reg << 8) & 0xFFFF) ^ tab[(reg >> 8) ^ byte]
                st.append(reg)
        return st[b] ^ _shift(st[a], b - a)


def _swap16(data: bytes) -> bytes:
    b = bytearray(data[:len(data) & ~1])
    b[0::2], b[1::2] = data[1:len(b):2], data[0:len(b):2]
    return bytes(b)


def _parse(data: bytes):
    try:
        return H.parse(data)
    except InvalidData:
        return None


def _step(buf: bytes, p2: int, end: int, swapped: bool, crcs: dict):
    """One frame of ac3_eac3_probe's chain at p2: (next position or None, is E-AC-3)."""
    if buf[p2:p2 + 2] == b"\x01\x10":
        if p2 + 16 > end:
            return None, False
        p2 += 16
    head = buf[p2:p2 + 8]
    if swapped:
        head = _swap16(head.ljust(8, b"\0"))
    h = _parse(head)
    if h is None or h.frame_size < 2 or p2 + h.frame_size > end:
        return None, False
    # the frame's bytes (byte-swapped in pairs from p2 when swapped) live in one of three
    # whole-buffer views, according to swapping and the parity of p2
    key = (p2 & 1) + 1 if swapped else 0
    rc = crcs.get(key)
    if rc is None:
        if not swapped:
            view = buf
        elif key == 1:
            view = _swap16(buf) + buf[len(buf) & ~1:]
        else:
            view = buf[:1] + _swap16(buf[1:]) + (buf[-1:] if len(buf) % 2 == 0 else b"")
        rc = crcs[key] = _RangeCrc(view)
    if rc.crc(p2 + 2, p2 + h.frame_size):
        return None, False
    return p2 + h.frame_size, h.bsid > 10


def _scan(buf: bytes) -> tuple[int, int, str]:
    """ac3_eac3_probe's counting: (first_frames, max_frames, codec)."""
    end = len(buf)
    codec = "ac3"
    max_frames = first_frames = 0
    pos = 0
    chains: tuple[dict, dict] = ({}, {})    # position -> (frames from it, an E-AC-3 frame among them)
    crcs: dict = {}
    while pos < end:
        if pos > 0 and buf[pos:pos + 2] not in (b"\x0b\x77", b"\x77\x0b"):
            a = buf.find(b"\x0b\x77", pos + 1)
            b = buf.find(b"\x77\x0b", pos + 1)
            cands = [x for x in (a, b) if x >= 0]
            if not cands:
                break
            pos = min(cands)
            continue
        swapped = buf[pos:pos + 2] == b"\x77\x0b"
        memo = chains[swapped]
        # the frames after pos: each position's chain is walked once (chains from later sync
        # words merge into it), so the scan stays linear where the reference's is quadratic
        path = []
        p2 = pos
        while p2 < end and p2 not in memo:
            nxt, eac3 = _step(buf, p2, end, swapped, crcs)
            if nxt is None:
                memo[p2] = (0, False)
                break
            path.append((p2, eac3))
            p2 = nxt
        frames, eac3_after = memo.get(p2, (0, False))
        for q, eac3 in reversed(path):
            frames += 1
            eac3_after = eac3_after or eac3
            memo[q] = (frames, eac3_after)
        if pos in memo:
            frames, eac3_after = memo[pos]
        if eac3_after:
            codec = "eac3"
        max_frames = max(max_frames, frames)
        if pos == 0:
            first_frames = frames
        pos += 1
    return first_frames, max_frames, codec


def _score(buf: bytes, expected: str) -> int:
    first_frames, max_frames, codec = _scan(bytes(buf))
    if codec != expected:
        return 0
    if first_frames >= 7:
        return SCORE_EXTENSION + 1
    if max_frames > 200:
        return SCORE_EXTENSION
    if max_frames >= 4:
        return SCORE_EXTENSION // 2
    if max_frames >= 1:
        return 1
    return 0


def probe_ac3(buf: bytes, filename: str = "") -> int:
    return _score(buf, "ac3")


def probe_eac3(buf: bytes, filename: str = "") -> int:
    return _score(buf, "eac3")


class Ac3Demuxer(RawAudioDemuxer):
    codec_name = "ac3"

    def read_header(self) -> None:
        st = self._new_stream(Rational(1, 90000))
        st.start_time = 0
        self._restart(self.source.tell())
        self.fresh = False
        self.data_offset = self.source.tell()

    def _restart(self, pos: int) -> None:
        self.fresh = True
        self.buf = b""
        self.buf_pos = pos
        self.eof = False
        self.synced = False          # no header found yet: leading bytes are their own packet
        self.last_samples = 0        # the parser's duration: the latest header's samples
        self.parser_codec = None

    def _fill(self, need: int) -> bool:
        parts = [self.buf]
        have = len(self.buf)
        while have < need and not self.eof:
            chunk = self.source.read(CHUNK)
            if not chunk:
                self.eof = True
                break
            parts.append(chunk)
            have += len(chunk)
        if len(parts) > 1:
            self.buf = b"".join(parts)
        return have >= need

    def _sync_at(self, off: int):
        """ac3_sync on the 7 bytes at off: the header when they make one (a byte-swapped
        '770b' sync word is swapped back first), else None."""
        self._fill(off + H.HEADER_SIZE)
        win = self.buf[off:off + H.HEADER_SIZE]
        if len(win) < H.HEADER_SIZE:
            return None
        if win[:2] == b"\x77\x0b":
            win = bytes((win[1], win[0], win[3], win[2], win[5], win[4], win[6]))
        return _parse(win + bytes(17))

    def _find(self, start: int):
        """The first header at or after start (a frame boundary: dependent E-AC-3 frames join
        the frame before them), as (offset, header); (-1, None) when the data ends first."""
        off = start
        while True:
            if not self._fill(off + H.HEADER_SIZE):
                return -1, None
            a = self.buf.find(b"\x0b\x77", off)
            b = self.buf.find(b"\x77\x0b", off)
            cands = [x for x in (a, b) if x >= 0]
            if not cands:
                off = max(off, len(self.buf) - 1)
                if self.eof:
                    return -1, None
                self._fill(len(self.buf) + 1)
                continue
            off = min(cands)
            h = self._sync_at(off)
            if h is None:
                off += 1
                continue
            self.last_samples = h.num_blocks * 256
            # the parser's codec: E-AC-3 once any header says so, else AC-3 from the first
            if h.bsid > 10:
                self.parser_codec = "eac3"
            elif self.__dict__.get("parser_codec") is None:
                self.parser_codec = "ac3"
            if h.frame_type == H.FRAME_DEPENDENT:
                off += h.frame_size
                continue
            return off, h

    def _next_frame(self):
        # FFmpeg 5.1.9 (aac_ac3_parser): a frame ends where the next header is found,
        # searching from the end its own header declares: bytes before the first header
        # are a packet of their own, junk after a frame is glued to it, and whatever is
        # left at the end of the data is flushed as the last packet
        if not self.synced:
            off, h = self._find(0)
            self.synced = True
            if off > 0:
                self.cur = h
                return self._emit(off, h, False)
            if h is None:
                return self._emit(len(self.buf), None, True) if self.buf else None
            self.cur = h
        if not self.buf:
            return None
        off, h = self._find(self.cur.frame_size)
        if h is None:
            return self._emit(len(self.buf), self.cur, True)
        out = self._emit(off, self.cur, False)
        self.cur = h
        return out

    def _emit(self, size: int, h, flushed: bool):
        data = self.buf[:size]
        pos = self.buf_pos
        self.buf = self.buf[size:]
        self.buf_pos += len(data)
        codec = self.__dict__.get("parser_codec")
        if codec is not None:
            self.st.codecpar.codec_name = codec
        rate = h.sample_rate if h is not None else 0
        tb = self.st.time_base
        duration = self.last_samples * tb.den // (rate * tb.num) if rate else 0
        fresh = self.fresh
        self.fresh = False
        if h is None or (fresh and flushed and self.st.codecpar.codec_name == "eac3"):
            # FFmpeg 5.1.9: a parser that found no header gives no duration (a parser
            # restarted by a seek on the last E-AC-3 frame only flushes it, and E-AC-3 has
            # no frame size to fall back on)
            return data, pos, None
        return data, pos, duration


class Eac3Demuxer(Ac3Demuxer):
    codec_name = "eac3"
