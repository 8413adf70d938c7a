"""open_input(): source -> format detection -> read_header -> stream-info completion.

The equivalent of avformat_open_input + avformat_find_stream_info.
"""
from __future__ import annotations

from .errors import CineError, InvalidData
from .formats import detect as _detect
from .formats.registry import by_name, load_demuxer
from .io.source import Source, open_url
from .log import Logger, Sink
from .model import FormatContext


class Input:
    """An opened input: the format context plus its demuxer (for packet reading)."""

    def __init__(self, ctx: FormatContext, demuxer, source: Source):
        self.ctx = ctx
        self.demuxer = demuxer
        self.source = source

    def read_packet(self):
        """The next packet in av_read_frame order: first those find_stream_info buffered
        (demuxer.packet_buffer), then the demuxer's. None at the end."""
        buf = getattr(self.demuxer, "packet_buffer", None)
        if buf:
            return buf.popleft()
        return self.demuxer.read_packet()

    def close(self) -> None:
        self.source.close()


def open_input(url: str, *, sink: Sink | None = None, format_name: str | None = None,
               find_stream_info: bool = True, source: Source | None = None) -> Input:
    """Open url ('x.mp4', 'file:x.mp4', '-', 'pipe:0'), detect and read the header.

    Raises CineError on any failure."""
    if source is None:
        source, _proto = open_url(url)
    ctx = FormatContext(filename=url)
    ctx.size = source.size
    try:
        if format_name:
            entry = by_name(format_name)
            if entry is None:
                raise InvalidData("unknown format")
            score = 100
        else:
            entry, score = _detect.detect(source, url, Logger("", sink))
        ctx.format_name = entry.name
        ctx.format_long_name = entry.long_name
        ctx.probe_score = score
        ctx.show_ids = "show_ids" in entry.flags
        demuxer = load_demuxer(entry)(source, ctx, Logger(entry.name, sink))
        # avformat_open_input reads leading ID3v2 tags for every format before read_header
        from .formats import id3v2 as _id3v2
        id3_tags, id3_extra = _id3v2.read_tags(source, Logger("", sink))
        demuxer.id3_tags = id3_tags
        demuxer.read_header()
        _id3v2.after_header(ctx, demuxer, entry.name, id3_extra, Logger(entry.name, sink))
        if find_stream_info:
            from .streaminfo import find_stream_info
            find_stream_info(ctx, demuxer, Logger(entry.name, sink))
    except CineError:
        source.close()
        raise
    except RecursionError:
        source.close()
        raise InvalidData("nesting too deep") from None
    return Input(ctx, demuxer, source)
