"""The packets avformat_find_stream_info decodes (FFmpeg 5.1.9 try_decode_frame), for the
decoders whose log lines cine reproduces there without decoding (codecs/*/scan.py).

The analysis opens its own decoder context (single-threaded: find_stream_info sets
"threads" to 1), so its lines carry an address of their own (the "#analysis" context) and
never fold into the run's. A decoder with AV_CODEC_CAP_CHANNEL_CONF (FLAC, ALAC) decodes a
stream's first packet even when its init gave every parameter; later packets are decoded
only while has_codec_parameters still fails.
"""
from __future__ import annotations

from ..log import Logger


def _complete(par) -> bool:
    """has_codec_parameters of an audio stream after the decoder's init."""
    return bool(par.format and par.sample_rate and par.channels)


def replay_analysis_decode(par, packets, log, make_scan) -> None:
    """Log what the analysis' decoding of `packets` logs: make_scan(logger) gives a fresh
    scanner (scan_packet(data)) in the state the decoder's init left. A lone first packet's
    lines are kept on it (each trial of find_stream_info replays them)."""
    sink = getattr(log, "sink", None)
    if not packets or sink is None:
        return
    name = (par.codec_name or "") + "#analysis"
    first = packets[0]
    count = 1 if _complete(par) else len(packets)
    msgs = first.__dict__.get("_analysis_log") if count == 1 else None
    if msgs is None or msgs[0] != name:
        lines: list = []
        scan = make_scan(Logger(name, lambda c, lvl, m: lines.append((c, lvl, m))))
        for pkt in packets[:count]:
            scan.scan_packet(bytes(pkt.data))
        msgs = (name, lines)
        if count == 1:
            first.__dict__["_analysis_log"] = msgs
    for c, lvl, m in msgs[1]:
        sink(c, lvl, m)
