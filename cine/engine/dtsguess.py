"""Missing-DTS interpolation for demuxers that give only presentation times (Matroska): the
parts of FFmpeg 5.1.9's compute_pkt_fields / update_initial_timestamps (libavformat/demux.c)
that change what ffprobe prints while avformat_find_stream_info reads the first packets.
"""
from __future__ import annotations


class _State:
    __slots__ = ("delay", "buffer", "first_pts", "started")

    def __init__(self, delay: int):
        self.delay = delay
        self.buffer = [None] * (delay + 1)    # pts_buffer; None is AV_NOPTS_VALUE (lowest)
        self.first_pts = None
        self.started = False


def _h264_delay(par) -> int | None:
    """has_b_frames of the decoder after its first SPS when that equals the SPS reorder depth
    (has_decode_delay_been_guessed); None when the delay is not yet known."""
    try:
        from .codecs.h264.avcc import parse_avcc
        from .codecs.h264.sps import parse_sps
        for nal in parse_avcc(par.extradata).nals:
            if nal and nal[0] & 0x1F == 7:
                sps = parse_sps(nal)
                if sps.bitstream_restriction and sps.num_reorder_frames:
                    return sps.num_reorder_frames
                return None
    except Exception:       # noqa: BLE001 - an unreadable SPS means "not guessed"
        return None
    return None


def _key(v):
    return -(1 << 64) if v is None else v


def fill_missing_dts(st, holder, pkt) -> None:
    """Give pkt a dts when the reference would derive one from its pts; `holder` is any
    per-stream object this function may keep its state on."""
    if pkt.dts is not None:
        return
    state = getattr(holder, "_dtsguess", None)
    par = st.codecpar
    if state is None:
        delay = 0
        if par.codec_name == "h264":
            d = _h264_delay(par)
            delay = -1 if d is None else d
        state = _State(max(delay, 0))
        if delay < 0:
            state.delay = -1
        holder._dtsguess = state
    if state.first_pts is None and pkt.pts is not None:
        state.first_pts = pkt.pts
    if pkt.pts is None:
        return
    if state.delay < 0:
        # FFmpeg 5.1.9: delay not guessed before several decoded frames; the first
        # buffered packet's pts still becomes the start time
        if not state.started:
            state.started = True
            pkt.dts = pkt.pts
        return
    if par.codec_name not in ("h264", "hevc") and state.delay == 0:
        pkt.dts = pkt.pts
    else:
        buf = state.buffer
        buf[0] = pkt.pts
        i = 0
        while i < state.delay and _key(buf[i]) > _key(buf[i + 1]):
            buf[i], buf[i + 1] = buf[i + 1], buf[i]
            i += 1
        pkt.dts = buf[0]
        # shift for the next packet: FFmpeg keeps the sorted buffer and overwrites slot 0
    if pkt.dts is not None and not state.started:
        state.started = True
        if st.start_time is None and state.first_pts != pkt.pts:
            st.start_time = state.first_pts
