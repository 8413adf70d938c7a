"""avio_size() where libavformat calls it.

For the file and pipe sources the size is a plain fact (`source.size`). A protocol can do
work when asked (cache: over a pipe reads ahead to the end, logs that its inner protocol
cannot seek, and counts the reads), so the engine asks through these functions at the places
FFmpeg 5.1.9 calls avio_size, and only there: the demuxers' headers (mov, mp3, ID3v1, APE,
ogg, matroska, avi, wav), the timings of find_stream_info and ffprobe's "size".
"""
from __future__ import annotations


def avio_size(source) -> int | None:
    """avio_size(pb): the size, None when it cannot be known."""
    call = getattr(source, "avio_size", None)
    if call is None:
        return source.size
    size = call()
    return size if size >= 0 else None


def ctx_avio_size(ctx) -> int | None:
    """avio_size(ic->pb) for a format context: ctx.size, refreshed by asking the input's
    protocol when it reacts to the question (open_input records that input as ctx's pb)."""
    source = ctx.__dict__.get("pb")
    if source is not None:
        ctx.size = avio_size(source)
    return ctx.size


def attach(ctx, source) -> None:
    """Record the input whose protocol must be asked (the others need no asking)."""
    if hasattr(source, "avio_size"):
        ctx.__dict__["pb"] = source


def rewind(source, probe: bytes) -> None:
    """The end of av_probe_input_buffer2: the input goes back to its start (an AVIOContext
    keeps the probe bytes in front of its buffer rather than seeking)."""
    back = getattr(source, "rewind_with_probe_data", None)
    if back is not None:
        back(probe)
    else:
        source.seek(0)
