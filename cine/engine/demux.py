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

    def __init__(self, ctx: FormatContext, demuxer, source: Source, log: Logger | None = None):
        self.ctx = ctx
        self.demuxer = demuxer
        self.source = source
        self.log = log
        self._frames = None
        self.index = None           # engine/seek.GenericIndex of AVFMT_GENERIC_INDEX formats
        self.discarded: set[int] = set()
        # codec_info_nb_frames > 0: the streams find_stream_info read packets of
        buf = getattr(demuxer, "packet_buffer", None)
        self.info_streams = {p.stream_index for p in buf or ()}
        # avformat_queue_attached_pictures queues these again after every seek
        from .model import Packet
        self.attached_pics = [Packet(p.stream_index, p.data, None, None, 0, p.pos, p.flags)
                              for p in buf or () if 0 <= p.stream_index < len(ctx.streams)
                              and "attached_pic" in ctx.streams[p.stream_index].disposition]
        self.requeued = []
        from collections import deque
        self._parsed = deque()      # frames a parser cut beyond the first of a packet
        self._prefinished = 0
        self._pending_prefinish = bool(buf) and not getattr(demuxer, "finished_packets", False)

    def prefinish(self) -> None:
        """Finish what find_stream_info buffered, in order, as libavformat did while reading
        it (done on the first packet read or seek, so plain probes pay nothing)."""
        if not self._pending_prefinish:
            return
        self._pending_prefinish = False
        buf = getattr(self.demuxer, "packet_buffer", None)
        if not buf:
            return
        from collections import deque
        done = deque()
        while buf:
            done.extend(self._finish_all(buf.popleft(), True))
        buf.extend(done)
        self._prefinished = len(done)

    def _finish(self, pkt, buffered: bool):
        got = self._finish_all(pkt, buffered)
        if len(got) > 1:
            self._parsed.extend(got[1:])
        return got[0] if got else None

    def _finish_all(self, pkt, buffered: bool) -> list:
        """The packets av_read_frame makes of one demuxer packet (a parser may cut it into
        several frames, or hold it back); pkt None: the end of the input."""
        if self._frames is None:
            from .readframe import FrameReader
            self._frames = FrameReader(self.ctx)
            self._frames.split = bool(getattr(self.demuxer, "parser_split", False))
            if self.log is not None:
                self._frames.log = self.log.log
                self._frames.sink = self.log.sink
        got = self._frames.flush_parsers() if pkt is None else self._frames.finish_all(pkt, buffered)
        if got and getattr(self.demuxer, "generic_index", False):
            index = self.index
            if index is None:
                from .seek import GenericIndex
                index = self.index = GenericIndex()
            for p in got:
                index.add(p)
        return got

    def _corrupt_warning(self, pkt) -> None:
        """ff_read_packet's warning for a packet the demuxer flagged corrupt (the MPEG-TS and
        ADTS demuxers log it themselves, where their parsers see the packet)."""
        if self.log is None or self.ctx.format_name in ("mpegts", "aac") \
                or getattr(self.demuxer, "logs_corrupt", False):
            return
        self.log.warning("Packet corrupt (stream = %d, dts = %s)"
                         % (pkt.stream_index, "NOPTS" if pkt.dts is None else pkt.dts))
        self.log.warning(".\n")

    def read_packet(self):
        """The next packet in av_read_frame order: first those find_stream_info buffered
        (demuxer.packet_buffer), then the demuxer's, with the timestamps, durations, flags
        and side data av_read_frame fills in (engine/readframe.py). None at the end."""
        if self._pending_prefinish:
            self.prefinish()
        demuxer = self.demuxer
        parsed = self._parsed
        while True:
            if parsed:
                return parsed.popleft()
            if self.requeued:
                pkt = self.requeued.pop(0)
                if getattr(demuxer, "finished_packets", False):
                    return pkt
                return self._finish(pkt, False)
            buf = getattr(demuxer, "packet_buffer", None)
            if buf:
                pkt = buf.popleft()
                if self._prefinished:
                    self._prefinished -= 1
                    return pkt
            else:
                pkt = demuxer.read_packet()
                if pkt is not None and pkt.flags & 0x0002:          # AV_PKT_FLAG_CORRUPT
                    self._corrupt_warning(pkt)
            if pkt is None and self._frames is not None and self._frames.parsers:
                parsed.extend(self._finish_all(None, False))
                if parsed:
                    continue
            if pkt is None or getattr(demuxer, "finished_packets", False):
                return pkt
            if getattr(demuxer, "flushing", False) and self._frames is not None \
                    and self._frames.parsers:
                # the demuxer gives out what its video parsers held at the end: the audio
                # parsers of the streams before it are flushed first
                early = self._frames.flush_parsers(pkt.stream_index)
                if early:
                    parsed.extend(early)
                    self.requeued.insert(0, pkt)
                    continue
            got = self._finish_all(pkt, False)
            if got:                 # none: a parser swallowed it (an empty packet)
                if len(got) > 1:
                    parsed.extend(got[1:])
                return got[0]

    def discard(self, stream_index: int) -> None:
        """AVStream.discard = AVDISCARD_ALL: the demuxer skips the stream's packets (mov reads
        no data for them) and seeking never picks it as the default stream."""
        self.discarded.add(stream_index)
        st = self.ctx.streams[stream_index]
        if hasattr(st.priv, "discard_all"):
            st.priv.discard_all = True

    def seek(self, ts: int) -> int:
        """avformat_seek_file(ctx, -1, -INT64_MAX, ts, INT64_MAX, 0), ts in microseconds:
        0 or a negative AVERROR (engine/seek.py)."""
        from .seek import seek_file
        self.prefinish()
        return seek_file(self, ts)

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
    from .io.sizecall import attach
    attach(ctx, source)         # a protocol asked for the size where libavformat asks (cache:)
    try:
        if format_name:
            entry = by_name(format_name)
            if entry is None:
                raise InvalidData("unknown format")
            score = 0       # FFmpeg 5.1.9: init_input returns 0 for a forced format
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
    return Input(ctx, demuxer, source, Logger(ctx.format_name, sink))
