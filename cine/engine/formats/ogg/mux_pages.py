"""Ogg page assembly for the muxer (RFC 3533 sections 5-6; FFmpeg 5.1.9 oggenc.c behaviour):
packets cut into 255-byte lacing values, pages closed at 255 segments or by the page size /
page duration rules, pages of all streams held in one list ordered by granule time and written
once their stream has a later page buffered (so that the last one can carry end-of-stream).
"""
from __future__ import annotations

import struct

from ...model import Rational
from ...timebase import rescale_q
from .page import FLAG_BOS, FLAG_CONT, FLAG_EOS, crc

MAX_PAGE_SIZE = 65025          # 255 segments of 255 bytes
AV_TIME_BASE_Q = Rational(1, 1000000)
NOPTS = None
_HDR = struct.Struct("<4sBBQII")


def i64(v: int) -> int:
    """Wrap to a signed 64-bit value as C arithmetic on int64_t does."""
    v &= 0xFFFFFFFFFFFFFFFF
    return v - (1 << 64) if v >= 1 << 63 else v


class Page:
    """One page being filled or waiting in the list (OGGPage)."""

    __slots__ = ("start_granule", "granule", "stream_index", "flags", "segments", "data")

    def __init__(self, stream_index: int):
        self.stream_index = stream_index
        self.start_granule = 0
        self.granule = -1
        self.flags = 0
        self.segments = bytearray()
        self.data = bytearray()

    def copy(self) -> "Page":
        p = Page(self.stream_index)
        p.start_granule = self.start_granule
        p.granule = self.granule
        p.flags = self.flags
        p.segments = bytearray(self.segments)
        p.data = bytearray(self.data)
        return p

    def reset(self) -> None:
        self.granule = -1
        self.flags = 0
        self.segments = bytearray()
        self.data = bytearray()


class StreamState:
    """Per-stream muxer state (OGGStreamContext)."""

    def __init__(self, index: int, codec: str, time_base: Rational):
        self.index = index
        self.codec = codec
        self.time_base = time_base
        self.page_counter = 0
        self.headers: list[bytes] = [b"", b"", b""]
        self.kfgshift = 0
        self.last_kf_pts = 0
        self.vrev = 0
        self.isvp8 = False
        self.page_count = 0          # pages of this stream in the list
        self.page = Page(index)
        self.serial = 0
        self.last_granule = 0

    def granule_to_ts(self, granule: int) -> int:
        if self.kfgshift:
            return (granule >> self.kfgshift) + (granule & ((1 << self.kfgshift) - 1))
        if self.isvp8:
            return granule >> 32
        return granule

    def key_granule(self, granule: int) -> bool:
        return bool((self.kfgshift and not (granule & ((1 << self.kfgshift) - 1)))
                    or (self.isvp8 and not ((granule >> 3) & 0x07FFFFFF)))


class PageWriter:
    """The page list shared by all streams of one output, and the page writer."""

    def __init__(self, pb, streams: list[StreamState], pref_size: int, pref_duration: int):
        self.pb = pb
        self.streams = streams
        self.pref_size = pref_size
        self.pref_duration = pref_duration
        self.pages: list[Page] = []

    def _us(self, os: StreamState, ts: int) -> int:
        return rescale_q(ts, os.time_base, AV_TIME_BASE_Q)

    def _later(self, nxt: Page, page: Page) -> bool:
        """ogg_compare_granule: True when `nxt` lies after `page` in time (never when either
        granule is unset)."""
        if nxt.granule == -1 or page.granule == -1:
            return False
        a = self.streams[nxt.stream_index]
        b = self.streams[page.stream_index]
        return (self._us(a, a.granule_to_ts(nxt.granule))
                > self._us(b, b.granule_to_ts(page.granule)))

    def buffer_page(self, os: StreamState) -> None:
        """Close the stream's current page and insert it before the first listed page that
        comes later in time."""
        page = os.page.copy()
        os.page.start_granule = os.granule_to_ts(os.page.granule)
        os.page_count += 1
        os.page.reset()
        i = 0
        pages = self.pages
        while i < len(pages) and not self._later(pages[i], page):
            i += 1
        pages.insert(i, page)

    def buffer_data(self, os: StreamState, data: bytes, granule: int, header: bool) -> None:
        """ogg_buffer_data: append one packet to the stream's pages."""
        size = len(data)
        total = size // 255 + 1
        flush = False
        # FFmpeg 5.1.9: Theora and VP8 frames after a gap, and keyframes, start a page of
        # their own so that their granule is visible (header packets excepted)
        if (os.codec in ("theora", "vp8") and not header
                and (os.granule_to_ts(granule) > os.granule_to_ts(os.last_granule) + 1
                     or os.key_granule(granule))):
            if os.page.granule != -1:
                self.buffer_page(os)
            flush = True
        # a packet that does not fit the rest of the page starts a new one (no continuation)
        if not header and os.page.data and MAX_PAGE_SIZE - len(os.page.data) < size:
            self.buffer_page(os)
        pos = 0
        i = 0
        while i < total:
            page = os.page
            segs = min(total - i, 255 - len(page.segments))
            if i and not page.segments:
                page.flags |= FLAG_CONT
            n = min(size - pos, segs * 255)
            page.segments += b"\xff" * (segs - 1)
            page.segments.append(n - (segs - 1) * 255)
            page.data += data[pos:pos + n]
            pos += n
            i += segs
            if i == total:
                page.granule = granule
            start = rescale_q(page.start_granule, os.time_base, AV_TIME_BASE_Q) \
                if page.start_granule is not NOPTS else -(1 << 63) + 1
            nxt = self._us(os, os.granule_to_ts(page.granule))
            if len(page.segments) == 255:
                self.buffer_page(os)
            elif not header:
                if ((self.pref_size > 0 and len(page.data) >= self.pref_size)
                        or (self.pref_duration > 0 and nxt - start >= self.pref_duration)):
                    self.buffer_page(os)
        if flush and os.page.granule != -1:
            self.buffer_page(os)

    def write_page(self, page: Page, extra_flags: int) -> None:
        os = self.streams[page.stream_index]
        head = _HDR.pack(b"OggS", 0, page.flags | extra_flags, page.granule & 0xFFFFFFFFFFFFFFFF,
                         os.serial & 0xFFFFFFFF, os.page_counter & 0xFFFFFFFF)
        os.page_counter += 1
        body = head + b"\0\0\0\0" + bytes((len(page.segments),)) + bytes(page.segments)
        c = crc(body + bytes(page.data))
        self.pb.write(body[:22] + c.to_bytes(4, "little") + body[26:])
        self.pb.write(bytes(page.data))
        self.pb.flush_point()
        os.page_count -= 1

    def write_pages(self, flush: int) -> None:
        """ogg_write_pages: flush 0 writes the pages whose stream has a later page waiting,
        1 writes everything marking each stream's last page end-of-stream, 2 writes everything."""
        pages = self.pages
        n = 0
        while n < len(pages):
            page = pages[n]
            os = self.streams[page.stream_index]
            if os.page_count < 2 and not flush:
                break
            self.write_page(page, FLAG_EOS if flush == 1 and os.page_count == 1 else 0)
            n += 1
        del pages[:n]


__all__ = ["FLAG_BOS", "MAX_PAGE_SIZE", "Page", "PageWriter", "StreamState", "i64"]
