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


class Muxer:
    """The muxer protocol (FFOutputFormat's init/write_header/write_packet/write_trailer).

    `pb` is the output ByteSink (None for "nofile" muxers such as null), `ctx` the output
    FormatContext (streams with codecpar, time_base, tags; global tags), `options` the
    muxer's private options as given (-movflags...). A muxer may set stream time bases in
    init() or write_header(), as avpriv_set_pts_info does. Only CineError may escape.
    """

    # (codec_name, tag) pairs of AVOutputFormat.codec_tag, in lookup order; None = no table
    codec_tags: tuple | None = None

    def __init__(self, pb, ctx: FormatContext, log: Logger, options: dict | None = None,
                 bitexact: bool = False):
        self.pb = pb
        self.ctx = ctx
        self.log = log
        self.options = dict(options or {})
        self.bitexact = bitexact

    def init(self) -> None:
        """AVOutputFormat.init: validate streams (raise CineError after logging)."""

    def auto_bsf(self, stream, pkt: Packet) -> list[str] | None:
        """AVOutputFormat.check_bitstream: the bitstream filters to insert for this stream,
        judged on its first packet; None or [] for none."""
        return None

    def write_header(self) -> None:
        pass

    def write_packet(self, pkt: Packet) -> None:
        raise NotImplementedError

    def write_trailer(self) -> None:
        pass
