"""Missing-DTS interpolation for demuxers that give only presentation times (Matroska): the
parts of FFmpeg 5.1.9's compute_pkt_fields / update_initial_timestamps (libavformat/demux.c)
that change what ffprobe prints while avformat_find_stream_info reads the first packets.

compute_pkt_fields runs before the packet is decoded, so for H.264 the first packet sees a
decoder delay of 0 and later ones the SPS reorder depth; a dts exists once the delay counts
as "guessed" (has_decode_delay_been_guessed) and is then the smallest buffered pts.
"""
from __future__ import annotations

MAX_REORDER_DELAY = 16


class _State:
    __slots__ = ("reorder", "buffer", "first_pts", "started", "count", "hp", "last_ip_pts")

    def __init__(self, reorder: int):
        self.reorder = reorder
        self.buffer = [None] * (MAX_REORDER_DELAY + 1)   # None is AV_NOPTS_VALUE (lowest)
        self.first_pts = None
        self.started = False
        self.count = 0
        self.hp = None              # the MPEG video parser (engine/vidparse.py), when in use
        self.last_ip_pts = None


def _h264_reorder(par) -> int:
    """num_reorder_frames of the first SPS when it has bitstream_restriction, else 0."""
    try:
        from .codecs.h264.avcc import parse_avcc
        from .codecs.h264.sps import parse_sps
        for nal in parse_avcc(par.extradata).nals:
            if nal and nal[0] & 0x1F == 7:
                sps = parse_sps(nal)
                return sps.num_reorder_frames if sps.bitstream_restriction else 0
    except Exception:       # noqa: BLE001 - an unreadable SPS leaves the delay unknown
        return 0
    return 0


def _key(v):
    return -(1 << 64) if v is None else v


def _guessed(delay: int, reorder: int, decoded: int) -> bool:
    if delay and delay == reorder:
        return True
    if delay < 3:
        return decoded >= 7
    if delay < 4:
        return decoded >= 18
    return decoded >= 20


def fill_missing_dts(st, holder, pkt) -> None:
    """Give pkt a dts when the reference would derive one from its pts; `holder` is any
    per-stream object this function may keep its state on."""
    if pkt.dts is not None:
        if (pkt.pts is None and st.codecpar.codec_name not in ("h264", "hevc")
                and st.codecpar.video_delay == 0):
            # presentation not delayed: pts and dts are the same
            pkt.pts = pkt.dts
        return
    state = getattr(holder, "_dtsguess", None)
    par = st.codecpar
    codec = par.codec_name
    if state is None:
        state = _State(_h264_reorder(par) if codec == "h264" else 0)
        holder._dtsguess = state
    k = state.count
    state.count += 1
    if state.first_pts is None and pkt.pts is not None:
        state.first_pts = pkt.pts
    if pkt.pts is None:
        return
    if codec == "h264":
        delay = 0 if k == 0 else state.reorder
        buf = state.buffer
        buf[0] = pkt.pts
        i = 0
        while i < delay and _key(buf[i]) > _key(buf[i + 1]):
            buf[i], buf[i + 1] = buf[i + 1], buf[i]
            i += 1
        if _guessed(delay, state.reorder, max(0, k - state.reorder)):
            pkt.dts = buf[0]
    elif getattr(st.priv, "parse_headers", False) and getattr(st.priv, "demuxer_pts", False):
        # the MPEG video parser of a demuxer giving presentation times (Matroska): with a
        # decoding delay of one, an I/P picture is decoded when the previous one is shown
        from .vidparse import HeaderParser
        if state.hp is None:
            state.hp = HeaderParser(codec, par.extradata)
        hp = state.hp
        hp.start(True)
        pict = hp.parse(pkt.data, par.video_delay)
        if pict == "B":
            hp.saw_b_frame()
        if hp.has_b_frames == 1 and pict != "B":
            pkt.dts = state.last_ip_pts
            state.last_ip_pts = pkt.pts
        else:
            pkt.dts = pkt.pts
        pkt.__dict__["dts_guessed"] = True
    elif codec == "hevc" or par.video_delay == 0:
        pkt.dts = pkt.pts
        # a guess for find_stream_info's own use: av_read_frame computes it again
        # (engine/readframe.py) with the decoder delay and parser it has then
        pkt.__dict__["dts_guessed"] = True
    if pkt.dts is not None and not state.started:
        state.started = True
        if st.start_time is None and state.first_pts != pkt.pts:
            # update_initial_timestamps: the first buffered packet's pts starts the stream
            st.start_time = state.first_pts


def codec_framerate(st):
    """The decoder context's framerate right after avcodec_open2 (HEVC: exported from the
    parameter sets in the extradata, VPS timing else SPS VUI timing), as (num, den) or None."""
    par = st.codecpar
    if par.codec_name != "hevc" or not par.extradata:
        return None
    cached = getattr(st, "_codec_framerate", False)
    if cached is not False:
        return cached
    result = None
    try:
        from .codecs.hevc.hvcc import parse_hvcc
        from .codecs.hevc.vps_sps import parse_sps
        for nal in parse_hvcc(par.extradata).nals:
            if len(nal) > 2 and (nal[0] >> 1) & 0x3F == 33:
                sps = parse_sps(nal)
                if sps.vui_num_units_in_tick and sps.vui_time_scale:
                    from .timebase import reduce
                    den, num = reduce(sps.vui_num_units_in_tick, sps.vui_time_scale, 1 << 30)
                    result = (num, den)
                break
    except Exception:       # noqa: BLE001 - unreadable parameter sets export nothing
        result = None
    st.__dict__["_codec_framerate"] = result
    return result
