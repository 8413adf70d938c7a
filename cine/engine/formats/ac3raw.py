"""The ac3 and eac3 raw demuxers (ATSC A/52 sync frames, Annex E for E-AC-3): FFmpeg 5.1.9's
ac3/eac3 probe scores (byte-swapped streams and CRC checks included) and the ac3 parser's
framing (an E-AC-3 packet is an independent frame plus its dependent frames).
"""
from __future__ import annotations

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


def _swap16(data: bytes) -> bytes:
    b = bytearray(data[:len(data) & ~1])
    b[0::2], b[1::2] = data[1:len(b):2], data[0:len(b):2]
    return bytes(b)


def _parse(data: bytes):
    try:
        return H.parse(data)
    except InvalidData:
        return None


def _scan(buf: bytes) -> tuple[int, int, str]:
    """ac3_eac3_probe's counting: (first_frames, max_frames, codec)."""
    end = len(buf)
    codec = "ac3"
    max_frames = first_frames = 0
    pos = 0
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
        p2 = pos
        frames = 0
        while p2 < end:
            if buf[p2:p2 + 2] == b"\x01\x10":
                if p2 + 16 > end:
                    break
                p2 += 16
            head = buf[p2:p2 + 8]
            if swapped:
                head = _swap16(head.ljust(8, b"\0"))
            h = _parse(head)
            if h is None or h.frame_size < 2:
                break
            if p2 + h.frame_size > end:
                break
            frame = buf[p2:p2 + h.frame_size]
            if swapped:
                frame = _swap16(frame)
            if crc16_ansi(frame[2:h.frame_size]):
                break
            if h.bsid > 10:
                codec = "eac3"
            p2 += h.frame_size
            frames += 1
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
        self.buf = b""
        self.buf_pos = self.source.tell()
        self.eof = False
        self.data_offset = self.source.tell()

    def _restart(self, pos: int) -> None:
        self.fresh = True
        self.buf = b""
        self.buf_pos = pos
        self.eof = False

    def _fill(self, need: int) -> bool:
        while len(self.buf) < need and not self.eof:
            chunk = self.source.read(CHUNK)
            if not chunk:
                self.eof = True
                break
            self.buf += chunk
        return len(self.buf) >= need

    def _header_at(self, off: int):
        if not self._fill(off + 16):
            if len(self.buf) < off + H.HEADER_SIZE:
                return None
        return _parse(self.buf[off:off + 16])

    def _next_frame(self):
        # sync: drop bytes up to the next valid header
        skip = 0
        while True:
            if not self._fill(skip + H.HEADER_SIZE):
                self.buf = b""
                return None
            if self.buf[skip:skip + 2] == b"\x0b\x77" and self._header_at(skip) is not None:
                break
            nxt = self.buf.find(b"\x0b\x77", skip + 1)
            skip = nxt if nxt >= 0 else max(len(self.buf) - 1, skip + 1)
        h = self._header_at(skip)
        size = skip + h.frame_size
        samples = h.num_blocks * 256
        rate = h.sample_rate
        while h.frame_type != H.FRAME_AC3_CONVERT:
            nh = self._header_at(size)
            if nh is None or nh.frame_type != H.FRAME_DEPENDENT:
                break
            size += nh.frame_size
        self._fill(size)
        data = self.buf[:size]
        pos = self.buf_pos
        self.buf = self.buf[size:]
        self.buf_pos += len(data)
        if self.st.codecpar.codec_name == "ac3" and h.bsid > 10:
            self.st.codecpar.codec_name = "eac3"
        duration = samples * self.st.time_base.den // (rate * self.st.time_base.num) if rate else 0
        fresh = getattr(self, "fresh", False)
        self.fresh = False
        if fresh and self.st.codecpar.codec_name == "eac3" and self._header_at(0) is None:
            # FFmpeg 5.1.9: a parser restarted by a seek on the last frame only flushes it,
            # with no duration, and E-AC-3 has no frame size to fall back on
            return data, pos, None
        return data, pos, duration


class Eac3Demuxer(Ac3Demuxer):
    codec_name = "eac3"
