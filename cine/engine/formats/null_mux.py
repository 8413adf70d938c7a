"""The null muxer (libavformat/nullenc.c): accepts every packet and writes nothing; used by
`ffmpeg -i IN -f null -` as a validity check."""
from __future__ import annotations

from .base import Muxer


class NullMuxer(Muxer):
    def write_packet(self, pkt) -> None:
        return None
