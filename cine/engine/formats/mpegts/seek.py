"""Seeking in an MPEG-TS input (ISO/IEC 13818-1 2.4.3.2 transport packets; FFmpeg 5.1.9's
mpegts demuxer has no read_seek: av_seek_frame runs ff_seek_frame_binary over its
read_timestamp, mpegts_get_dts).

read_timestamp aligns the asked position on the packet grid of the last sync byte seen,
drops every reading state (ff_read_frame_flush) and reads whole frames with av_read_frame
(engine/demux.py Input.read_packet, handed in by engine/seek.py as demuxer.frame_input)
until one of the stream with a dts at or after the asked position arrives. Every frame
read on the way with a dts is recorded in the generic index as a key frame, which later
seeks start their search from.
"""
from __future__ import annotations

from ...errors import CineError

MAX_PROBE_PACKETS = 2500


def reposition(dm, pos: int) -> bool:
    """avio_seek + the flush of what the demuxer holds for av_read_frame (the raw packets of
    streams still probed, the frames the video parsers hold back, emitted PES packets)."""
    dm.queue.clear()
    for name in ("held", "out", "raw_buffer"):
        buf = dm.__dict__.get(name)
        if buf is not None:
            buf.clear()
    dm.raw_size = 0
    dm.flushing = False
    # the audio parsers start afresh: the aac running-average bit rate restarts from the
    # next header, a fresh mpegaudio parser stops averaging (the stream's bit rate is set),
    # the opus parser detects the TS framing again
    for name in ("_aac_parsers", "_mpa_parsers", "_opus_ts_framing"):
        state = dm.__dict__.get(name)
        if state is not None:
            state.clear()
    for st in dm.ctx.streams:
        # ff_read_frame_flush: a stream still probed gets max_probe_packets again
        st.priv.probe_packets = MAX_PROBE_PACKETS
    try:
        dm.source.seek(pos)
    except CineError:
        return False
    return True


def read_timestamp(dm, stream_index: int, pos: int, pos_limit: int):
    """mpegts_get_dts: (dts, frame position) of the first frame of the stream at or after
    pos, or (None, pos)."""
    inp = getattr(dm, "frame_input", None)
    if inp is None:
        return None, pos
    from ...seek import GenericIndex, _flush
    size = dm.raw_packet_size
    pos47 = dm.pos47_full % size
    at = ((pos + size - 1 - pos47) // size) * size + pos47
    _flush(inp)
    if not reposition(dm, at):
        return None, pos
    if inp.index is None:
        inp.index = GenericIndex()
    while at < pos_limit:
        try:
            pkt = inp.read_packet()
        except CineError:
            return None, pos
        if pkt is None:
            return None, pos
        if pkt.dts is not None and pkt.pos is not None and pkt.pos >= 0:
            inp.index.add_entry(pkt.stream_index, pkt.dts, pkt.pos, reduce=True)
            if pkt.stream_index == stream_index and pkt.pos >= pos:
                return pkt.dts, pkt.pos
        at = pkt.pos if pkt.pos is not None else -1
    return None, pos
