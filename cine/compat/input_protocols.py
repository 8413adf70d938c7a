"""The input URL's protocol options, as avformat_open_input hands the input's format options
to the protocol it opens (ffurl_open_whitelist): cache: takes read_ahead_limit; an option no
protocol took is left for the faces' checks after the open (ffprobe: "Option X skipped - not
known to demuxer.", a warning; ffmpeg: "Option X not found.", fatal).
"""
from __future__ import annotations

# the protocol options cine knows (the cache protocol's); the rest of the format options are
# AVFormatContext's and the demuxers', which the faces handle as before
PROTOCOL_OPTIONS = ("read_ahead_limit",)


def open_source(url: str, format_opts: dict, sink):
    """The input's source when its protocol takes options (cache:), opened with them (they
    are taken out of `format_opts`); None for the other URLs, which open_input opens.
    Raises CineError as the protocol's open fails."""
    from ..engine.io.cache_protocol import is_cache_url
    if not is_cache_url(url):
        return None
    from ..engine.io.source import open_url
    return open_url(url, format_opts, sink)[0]


def leftover(format_opts: dict) -> list[str]:
    """The protocol options the input's protocols did not take, in the order given."""
    return [k for k in format_opts if k in PROTOCOL_OPTIONS]


def open_then_probe(url: str, sink, format_name, source, on_opened):
    """avformat_open_input, then `on_opened()` (the faces' checks of what the open left),
    then avformat_find_stream_info: the Input, as demux.open_input gives it."""
    from ..engine import demux
    from ..engine.errors import CineError, InvalidData
    from ..engine.log import Logger
    from ..engine.streaminfo import find_stream_info
    inp = demux.open_input(url, sink=sink, format_name=format_name, find_stream_info=False,
                           source=source)
    on_opened()
    ctx = inp.ctx
    try:
        find_stream_info(ctx, inp.demuxer, Logger(ctx.format_name, sink))
    except CineError:
        inp.close()
        raise
    except RecursionError:
        inp.close()
        raise InvalidData("nesting too deep") from None
    return demux.Input(ctx, inp.demuxer, inp.source, Logger(ctx.format_name, sink))


def close_inputs() -> None:
    """ffmpeg_cleanup's avformat_close_input of the inputs whose protocol logs on closing
    (cache:'s statistics); a no-op when there are none."""
    import sys
    mod = sys.modules.get("cine.engine.io.cache_protocol")
    if mod is not None:
        mod.close_all()
