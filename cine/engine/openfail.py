"""Decoders that find_stream_info cannot open (FFmpeg 5.1.9 libavformat/demux.c): a stream
whose parameters are incomplete gets its decoder opened before the first read, again for its
first packet (try_decode_frame) and again at the end of the input; each failed init logs its
message, and the first and last add "Failed to open codec in avformat_find_stream_info".

A failed avcodec_open2 frees the context's options, the channel layout among them, so the
closing "Could not find codec parameters" warning describes the stream with 0 channels.

Only init failures cine reproduces exactly are reported: the AAC decoder refusing its
AudioSpecificConfig (an object type it does not implement, a bad config), the HEVC decoder
refusing an hvcC whose NAL units run past its end.
"""
from __future__ import annotations

from .log import Logger

FAILED = "Failed to open codec in avformat_find_stream_info\n"


def _try_open(st, sink) -> list | None:
    """The messages of one decoder init, or None when it opens (or is not checked)."""
    par = st.codecpar
    if par.codec_name not in ("aac", "hevc") or not par.extradata:
        return None
    from .codecs.decoder_open import open_decoder
    msgs: list = []
    ok = open_decoder(st, Logger("", lambda c, lvl, m: msgs.append((c, lvl, m))))
    return None if ok else msgs


def open_at_start(streams, log, params_missing) -> set[int]:
    """Open the decoder of each stream whose parameters are incomplete; the indexes of those
    that fail (their messages are logged)."""
    failed: set[int] = set()
    sink = getattr(log, "sink", None)
    if sink is None:
        return failed
    for st in streams:
        if params_missing(st.codecpar, False) is None:
            continue
        msgs = _try_open(st, sink)
        if msgs is None:
            continue
        failed.add(st.index)
        for c, lvl, m in msgs:
            sink(c, lvl, m)
        log.warning(FAILED)
    return failed


def open_at_eof(streams, log, failed: set[int]) -> None:
    """find_stream_info reached the end of the input: the decoders that never opened are
    tried once more."""
    sink = getattr(log, "sink", None)
    if sink is None:
        return
    for st in streams:
        if st.index not in failed:
            continue
        msgs = _try_open(st, sink)
        if msgs is None:
            continue
        for c, lvl, m in msgs:
            sink(c, lvl, m)
        log.warning(FAILED)


def retry_open(st, sink) -> int:
    """try_decode_frame opening the decoder again for a packet: its messages (how many),
    without the "Failed to open codec" line."""
    if sink is None:
        return 0
    msgs = _try_open(st, sink) or ()
    for c, lvl, m in msgs:
        sink(c, lvl, m)
    return len(msgs)


def closed_par(par):
    """The codec context as a failed open leaves it: no channel layout."""
    from .record import shallow_copy
    out = shallow_copy(par)
    out.channels = 0
    out.channel_layout = None
    return out
