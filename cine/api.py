"""The public Python API: cine.probe(path_or_file) -> ProbeResult with typed objects."""
from __future__ import annotations

from dataclasses import dataclass, field

from .engine.model import AV_TIME_BASE, FormatContext, Stream


@dataclass(frozen=True)
class StreamInfo:
    index: int
    codec_type: str | None
    codec_name: str | None
    width: int | None
    height: int | None
    sample_rate: int | None
    channels: int | None
    duration: float | None
    bit_rate: int | None
    tags: dict[str, str] = field(default_factory=dict)
    time_base: str | None = None            # "1/12800" as ffprobe prints it


@dataclass(frozen=True)
class FormatInfo:
    filename: str
    format_name: str
    duration: float | None
    start_time: float | None
    size: int | None
    bit_rate: int | None
    tags: dict[str, str] = field(default_factory=dict)


def _stream_info(st: Stream) -> StreamInfo:
    par = st.codecpar
    dur = None
    if st.duration is not None and st.time_base.den:
        dur = st.duration * st.time_base.num / st.time_base.den
    video = par.codec_type == "video"
    audio = par.codec_type == "audio"
    return StreamInfo(
        index=st.index, codec_type=par.codec_type, codec_name=par.codec_name,
        width=par.width if video else None, height=par.height if video else None,
        sample_rate=par.sample_rate if audio else None, channels=par.channels if audio else None,
        duration=dur, bit_rate=par.bit_rate or None, tags=dict(st.tags.items()),
        time_base="%d/%d" % (st.time_base.num, st.time_base.den),
    )


def _format_info(ctx: FormatContext) -> FormatInfo:
    return FormatInfo(
        filename=ctx.filename, format_name=ctx.format_name,
        duration=None if ctx.duration is None else ctx.duration / AV_TIME_BASE,
        start_time=None if ctx.start_time is None else ctx.start_time / AV_TIME_BASE,
        size=ctx.size, bit_rate=ctx.bit_rate or None, tags=dict(ctx.tags.items()),
    )


class ProbeResult:
    """What ffprobe learns about an input, as typed objects."""

    def __init__(self, ctx: FormatContext):
        self._ctx = ctx
        self.format = _format_info(ctx)
        self.streams = [_stream_info(st) for st in ctx.streams]

    @property
    def duration(self) -> float | None:
        return self.format.duration

    @property
    def video(self) -> StreamInfo | None:
        return next((s for s in self.streams if s.codec_type == "video"), None)

    @property
    def has_audio(self) -> bool:
        return any(s.codec_type == "audio" for s in self.streams)

    def summary(self) -> dict:
        """The `cine probe` answer: duration, first video stream's size, audio presence."""
        v = self.video
        return {"duration": self.duration, "width": v.width if v else None,
                "height": v.height if v else None, "has_audio": self.has_audio}

    def to_ffprobe_json(self) -> str:
        """Exactly what `ffprobe -of json -show_format -show_streams` prints for this input."""
        from .compat.ffprobe.render import render_json
        return render_json(self._ctx)


def probe(path_or_file) -> ProbeResult:
    """Probe a path (str/PathLike, 'file:', '-', 'pipe:') or a binary file object.

    Raises cine.engine.errors.CineError (str() is FFmpeg's message) on failure."""
    import os

    from .engine.demux import open_input
    if isinstance(path_or_file, (str, os.PathLike)):
        inp = open_input(os.fspath(path_or_file))
    else:
        from .engine.io.source import FileObjectSource
        name = getattr(path_or_file, "name", "pipe:")
        source = FileObjectSource(path_or_file)
        if not source.seekable:
            from .engine.io.pipe_reader import open_stream
            source = open_stream(path_or_file)  # read as ffprobe reads a pipe
        inp = open_input(name if isinstance(name, str) else "pipe:", source=source)
    try:
        return ProbeResult(inp.ctx)
    finally:
        inp.close()
