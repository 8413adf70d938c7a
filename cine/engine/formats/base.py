"""The demuxer protocol every container implements (FFInputFormat's read_header/read_packet)."""
from __future__ import annotations

from ..io.source import Source
from ..log import Logger
from ..model import FormatContext, Packet


class Demuxer:
    """Subclasses fill ctx.streams/tags/chapters in read_header and yield packets in
    read_packet. Only CineError may escape either method."""

    def __init__(self, source: Source, ctx: FormatContext, log: Logger):
        self.source = source
        self.ctx = ctx
        self.log = log

    def read_header(self) -> None:
        raise NotImplementedError

    def read_packet(self) -> Packet | None:
        """The next packet in file order, or None at the end of the input."""
        raise NotImplementedError
