"""Ogg logical-stream state (RFC 3533 section 5): the packet buffer, lacing position, granule
of the current page and timestamp bookkeeping, as FFmpeg 5.1.9's struct ogg_stream keeps them,
plus the save/restore snapshots its duration scan uses."""
from __future__ import annotations

from ...record import shallow_copy

NOGRANULE = -0x7FFFFFFFFFFFFFFF - 1   # OGG_NOGRANULE_VALUE
NOPTS = None


class OggStream:
    def __init__(self, serial: int):
        self.serial = serial
        self.buf = bytearray()
        self.bufpos = 0
        self.pstart = 0
        self.psize = 0
        self.pflags = 0
        self.pduration = 0
        self.granule = 0
        self.start_granule = NOGRANULE
        self.lastpts: int | None = 0
        self.lastdts: int | None = 0
        self.sync_pos = 0
        self.page_pos = 0
        self.flags = 0
        self.codec = None             # mapping module
        self.header = -1
        self.nsegs = 0
        self.segp = 0
        self.segments = b""
        self.incomplete = 0
        self.page_end = 0
        self.keyframe_seek = 0
        self.got_start = 0
        self.got_data = 0
        self.nb_header = 0
        self.start_trimming = 0
        self.end_trimming = 0
        self.new_metadata: bytes | None = None   # packed tags for a Metadata Update side data
        self.private = None           # shared between snapshots, as the reference shares it

    def snapshot(self) -> "OggStream":
        c = shallow_copy(self)
        c.buf = bytearray(self.buf[:self.bufpos])
        return c

    def packet(self) -> bytes:
        return bytes(self.buf[self.pstart:self.pstart + self.psize])

    def page_packets(self) -> int:
        return sum(1 for s in self.segments[:self.nsegs] if s < 255)
