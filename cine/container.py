"""The packet-level Python API: cine.open(path_or_file) -> Container (streams, lazy packets,
keyframes), reading packets the way ffprobe -show_packets does (FFmpeg 5.1.9 fftools/ffprobe.c
read_interval_packets: select streams, discard the rest, seek with avformat_seek_file, then
av_read_frame until the end).

Stream selection strings are ffmpeg stream specifiers (doc/fftools-common-opts.texi).
"""
from __future__ import annotations

import os

from .api import FormatInfo, StreamInfo, _format_info, _stream_info
from .engine.errors import CineError, InvalidData
from .engine.model import PKT_FLAG_DISCARD, PKT_FLAG_KEY


class Packet:
    """One packet as av_read_frame returns it (what ffprobe -show_packets prints).

    pts/dts are ints in the stream's time_base (None: unknown), duration an int (0: unknown);
    the *_time attributes are the same in seconds (None when unknown)."""

    __slots__ = ("stream_index", "pts", "dts", "duration", "time_base", "flags", "pos", "data",
                 "side_data")

    def __init__(self, pkt, time_base):
        self.stream_index: int = pkt.stream_index
        self.pts: int | None = pkt.pts
        self.dts: int | None = pkt.dts
        self.duration: int = pkt.duration or 0
        self.time_base: tuple[int, int] = (time_base.num, time_base.den)
        self.flags: int = pkt.flags
        self.pos: int | None = None if pkt.pos is None or pkt.pos < 0 else pkt.pos
        self.data: bytes = bytes(pkt.data)
        self.side_data = pkt.side_data

    # the stream index under the short name too
    @property
    def index(self) -> int:
        return self.stream_index

    def seconds(self, v: int | None) -> float | None:
        """A timestamp in this packet's time_base, in seconds (None stays None)."""
        num, den = self.time_base
        if v is None or not den:
            return None
        return v * num / den

    @property
    def pts_time(self) -> float | None:
        return self.seconds(self.pts)

    @property
    def dts_time(self) -> float | None:
        return self.seconds(self.dts)

    @property
    def duration_time(self) -> float | None:
        return self.seconds(self.duration) if self.duration else None

    @property
    def time(self) -> float | None:
        """pts_time, else dts_time."""
        t = self.pts_time
        return self.dts_time if t is None else t

    @property
    def key(self) -> bool:
        return bool(self.flags & PKT_FLAG_KEY)

    @property
    def discard(self) -> bool:
        return bool(self.flags & PKT_FLAG_DISCARD)

    @property
    def size(self) -> int:
        return len(self.data)

    def __repr__(self) -> str:
        return ("Packet(stream_index=%d, pts=%r, dts=%r, duration=%d, size=%d, pos=%r, key=%s)"
                % (self.stream_index, self.pts, self.dts, self.duration, self.size, self.pos,
                   self.key))


class NoStream(CineError):
    """A stream specifier that matches no stream of the input."""

    def __init__(self, spec: str):
        super().__init__("Stream specifier '%s' matches no streams." % spec,
                         code=InvalidData.code)
        self.spec = spec

    @property
    def message(self) -> str:
        return str(self)


def _open(target):
    from .engine.demux import open_input
    if isinstance(target, (str, os.PathLike)):
        return open_input(os.fspath(target))
    from .engine.io.source import FileObjectSource
    name = getattr(target, "name", "pipe:")
    source = FileObjectSource(target)
    if not source.seekable:
        # forward-only, read as the reference reads a pipe (stdin): its AVIOContext buffer
        from .engine.io.pipe_reader import open_stream
        source = open_stream(target)
    return open_input(name if isinstance(name, str) else "pipe:", source=source)


class Container:
    """An opened input. Use as a context manager or call close()."""

    def __init__(self, path_or_file):
        self._target = path_or_file
        self._is_path = isinstance(path_or_file, (str, os.PathLike))
        # stdin can be read once only
        self._once = self._is_path and (os.fspath(path_or_file) == "-"
                                        or os.fspath(path_or_file).startswith("pipe:"))
        self._file_start = None
        if not self._is_path:
            try:
                if path_or_file.seekable():
                    self._file_start = path_or_file.tell()
            except (AttributeError, OSError, ValueError):
                self._file_start = None
        self._inp = _open(path_or_file)
        self._fresh = True          # no packet read or seek done on self._inp yet
        self._inputs = []           # inputs of running packets() generators
        self._invalid = set()       # ids of inputs whose shared file object was rewound
        self._closed = False
        self.read_error: CineError | None = None
        ctx = self._inp.ctx
        self.format: FormatInfo = _format_info(ctx)
        self.streams: list[StreamInfo] = [_stream_info(st) for st in ctx.streams]

    # context manager -------------------------------------------------------------------------

    def __enter__(self) -> Container:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Close the input (and end any running packets() iteration)."""
        if self._closed:
            return
        self._closed = True
        for inp in [self._inp] + self._inputs:
            try:
                inp.close()
            except CineError:
                pass
        self._inputs = []

    # stream selection ------------------------------------------------------------------------

    def select(self, spec: str | None) -> list[int]:
        """Indexes of the streams an ffmpeg stream specifier ('v:0', 'a', '1', 'm:language:eng')
        matches. Raises CineError ('Invalid stream specifier: SPEC.') when malformed."""
        if spec is None:
            return list(range(len(self.streams)))
        from .compat.specifiers import select_streams
        return [i for i, ok in enumerate(select_streams(str(spec), self._inp.ctx)) if ok]

    def _stream_one(self, spec) -> int:
        if isinstance(spec, int) and not isinstance(spec, bool):
            spec = str(spec)
        found = self.select(spec)
        if not found:
            raise NoStream(spec)
        return found[0]

    # packets ---------------------------------------------------------------------------------

    def _input_for_read(self):
        if self._closed:
            raise CineError("I/O on a closed container", code=-9)  # EBADF
        if self._fresh:
            self._fresh = False
            return self._inp
        return self._reopen()

    def _reopen(self):
        """A fresh Input on the same target (a file object is rewound: an iteration started
        earlier on it ends)."""
        if self._is_path and not self._once:
            return _open(self._target)
        if self._once or self._file_start is None:
            raise CineError("the input cannot be read twice (not seekable)", code=-29)  # ESPIPE
        for inp in [self._inp] + self._inputs:
            inp.close()
            self._invalid.add(id(inp))
        self._inputs = []
        try:
            self._target.seek(self._file_start)
        except (OSError, ValueError) as exc:
            from .engine.errors import from_oserror
            raise from_oserror(exc) if isinstance(exc, OSError) else CineError(str(exc)) from None
        return _open(self._target)

    def packets(self, stream=None, start: float | None = None):
        """Lazily yield the packets of the selected streams (an ffmpeg stream specifier or a
        stream index; None: every stream) in file order, as ffprobe -show_packets lists them.

        start (seconds): seek first, as ffprobe -read_intervals START does (Input.seek, i.e.
        avformat_seek_file); reading begins where the container's index puts the key packet at
        or before START, and no packet is dropped after the seek. Where cine cannot seek the
        container yet (or it has no index), the packets before the last key packet of the
        default stream at or before START are read and skipped instead. Memory use does not
        grow with the input size: one packet at a time.

        A read error ends the iteration like the end of the input (as ffprobe does); the error is
        kept in self.read_error. Bad specifiers raise CineError at once, seek and reopen errors
        on the first next(). Each call reads the input again from its start (paths are reopened,
        seekable file objects rewound: an iteration still running on the same file object ends
        there); stdin and non-seekable file objects can be read once. close() ends every
        iteration."""
        if isinstance(stream, int) and not isinstance(stream, bool):
            stream = str(stream)
        selected = set(self.select(stream))
        if stream is not None and not selected:
            raise NoStream(stream)
        inp = self._input_for_read()
        if inp is not self._inp:
            self._inputs.append(inp)
        return self._iterate(inp, stream, selected, start)

    @staticmethod
    def _select(inp, stream, selected) -> None:
        # ffprobe -select_streams: the other streams are discarded (AVDISCARD_ALL)
        if stream is not None:
            for i in range(len(inp.ctx.streams)):
                if i not in selected:
                    inp.discard(i)

    def _iterate(self, inp, stream, selected, start):
        opened = [inp]
        try:
            self._select(inp, stream, selected)
            skip = 0
            if start is not None:
                target = int(round(float(start) * 1000000))
                ret = inp.seek(target)
                if ret < 0:
                    skip = self._scan(inp, target, ret)
                    inp = self._reopen()
                    opened.append(inp)
                    self._inputs.append(inp)
                    self._select(inp, stream, selected)
            self.read_error = None
            ctx = inp.ctx
            while True:
                try:
                    pkt = inp.read_packet()
                except CineError as exc:
                    self.read_error = exc
                    return
                if pkt is None or id(inp) in self._invalid or self._closed:
                    return
                if skip:
                    skip -= 1
                    continue
                i = pkt.stream_index
                if not 0 <= i < len(ctx.streams):
                    continue
                if stream is not None and i not in selected:
                    continue
                yield Packet(pkt, ctx.streams[i].time_base)
        finally:
            for one in opened:
                if one is not self._inp:
                    one.close()
                    if one in self._inputs:
                        self._inputs.remove(one)

    def _scan(self, inp, target: int, ret: int) -> int:
        """Seeking where the container gives no way to (no index, no read_seek in cine yet):
        read from the start and count the packets before the last key packet of the default
        stream at or before target (microseconds); the caller reopens and skips them. Raises
        the seek error when the input cannot be read again."""
        if self._once or (not self._is_path and self._file_start is None):
            from .engine.errors import strerror
            raise CineError("Could not seek to position %d: %s" % (target, strerror(ret)),
                            code=ret)
        from .engine.seek import default_stream_index
        ref = default_stream_index(inp)
        if ref < 0:
            return 0
        tb = inp.ctx.streams[ref].time_base
        if not tb.num or not tb.den:
            return 0
        land = 0
        n = 0
        next_ts = 0
        while True:
            try:
                pkt = inp.read_packet()
            except CineError:
                break
            if pkt is None:
                break
            n += 1
            if pkt.stream_index != ref:
                continue
            ts = pkt.dts if pkt.dts is not None else pkt.pts
            if ts is None:
                ts = next_ts
            next_ts = None if ts is None or not pkt.duration else ts + pkt.duration
            if ts is None:
                continue
            if ts * tb.num * 1000000 > target * tb.den:
                break
            if pkt.flags & PKT_FLAG_KEY:
                land = n - 1
        return land

    def keyframe_packets(self, stream="v:0", max: int | None = None):
        """The key packets of one stream (the first the specifier matches), lazily, as
        (packet, ts) pairs: ts is the packet's pts, else its dts, else (streams without
        timestamps, such as raw H.264) the sum of the durations of the packets before it; an
        int in the stream's time_base, None when nothing gives one."""
        idx = self._stream_one(stream)
        if max is not None and max <= 0:
            return
        n = 0
        next_ts = 0                 # where the next packet starts when it carries no timestamp
        for pkt in self.packets(str(idx)):
            ts = pkt.pts if pkt.pts is not None else pkt.dts
            if ts is None:
                ts = next_ts
            next_ts = None if ts is None or not pkt.duration else ts + pkt.duration
            if pkt.key:
                yield pkt, ts
                n += 1
                if max is not None and n >= max:
                    return

    def keyframes(self, stream="v:0", max: int | None = None) -> list[float]:
        """Timestamps in seconds of the key packets of one stream (pts, else dts, else the
        running sum of packet durations for streams that carry no timestamps)."""
        out = []
        for pkt, ts in self.keyframe_packets(stream, max):
            t = pkt.seconds(ts)
            if t is not None:
                out.append(t)
        return out

    def __repr__(self) -> str:
        return "<cine.Container %r %s, %d streams>" % (self.format.filename,
                                                       self.format.format_name, len(self.streams))


def open(path_or_file) -> Container:  # noqa: A001 - the public name is cine.open
    """Open a path (str/PathLike, 'file:', '-', 'pipe:') or a binary file object.

    Raises CineError (str() is FFmpeg's message) on failure."""
    return Container(path_or_file)
