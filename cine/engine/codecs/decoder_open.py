"""ffprobe's own decoder opening (FFmpeg 5.1.9 fftools/ffprobe.c open_input_file): after
avformat_find_stream_info, ffprobe opens a fresh decoder on each stream's final parameters.
The decoder's init runs again, so its log lines (e.g. the AAC 7.1 assumption) print a second
time, and an init failure makes ffprobe exit with "Could not open codec for input stream N".
"""
from __future__ import annotations

from ..log import Logger
from ..record import shallow_copy as _copy
from .registry import analyzer


PROBE = "#probe"


def opened_context(component):
    """An analyzer logs as the probing decoder ("<name>#probe", find_stream_info's own
    context); replayed for the decoder ffprobe opens, its lines are that decoder's: the
    plain name."""
    if isinstance(component, str) and component.endswith(PROBE):
        return component[:-len(PROBE)]
    return component


def open_decoder(stream, log) -> bool:
    """Replay the decoder init on a copy of the stream's parameters, logging what the init
    logs; False when the reference's avcodec_open2 would fail. Streams without an analyzer
    are taken to open."""
    fn = analyzer(stream.codecpar.codec_name)
    if fn is None:
        return True
    par = _copy(stream.codecpar)
    par.decoder_open_failed = False
    clone = _copy(stream)
    clone.codecpar = par
    sink = getattr(log, "sink", None)
    if sink is not None:
        def own_context(component, level, message):
            sink(opened_context(component), level, message)
        log = Logger(log.component, own_context)
    try:
        fn(clone, [], log)
    except Exception:                # an analyzer bug must not break probing
        return True
    return not par.decoder_open_failed
