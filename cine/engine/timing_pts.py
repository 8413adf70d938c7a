"""estimate_timings_from_pts (FFmpeg 5.1.9 libavformat/demux.c): stream durations of
mpeg/mpegts inputs from the last presentation timestamps near the end of a seekable file,
reading 250000 << retry bytes back from the end, up to 6 retries ("from_pts")."""
from __future__ import annotations

from .codecs.bits_per_sample import exact_bits_per_sample

from .errors import CineError
from .io.sizecall import ctx_avio_size
from .timings import estimate_timings, fill_all_stream_timings, update_stream_timings
from .timebase import ROUND_DOWN, rescale_rnd
from .model import PKT_FLAG_CORRUPT

DURATION_MAX_READ_SIZE = 250000
DURATION_MAX_RETRY = 6


def _frame_duration(st, pkt) -> int:
    """compute_frame_duration without a parser, rescaled to the stream time base."""
    par = st.codecpar
    tb = st.time_base
    num = den = 0
    if par.codec_type == "video":
        if st.r_frame_rate.num:
            num, den = st.r_frame_rate.den, st.r_frame_rate.num
        elif tb.num * 1000 > tb.den:
            num, den = tb.num, tb.den
    elif par.codec_type == "audio":
        n = audio_frame_duration(par, len(pkt.data))
        if n > 0 and par.sample_rate > 0:
            num, den = n, par.sample_rate
    if num and den:
        return rescale_rnd(1, num * tb.den, den * tb.num, ROUND_DOWN)
    return 0


FIXED_DURATION = {"mp1": 384, "mp2": 1152, "ac3": 1536, "amr_nb": 160, "gsm": 160,
                  "amr_wb": 320, "gsm_ms": 320, "adpcm_ima_qt": 64}
# FFmpeg 5.1.9: decoders that leave avctx->frame_size at 0 after find_stream_info
NO_DECODER_FRAME_SIZE = {"eac3", "opus"}


def audio_frame_duration(par, frame_bytes: int) -> int:
    """av_get_audio_frame_duration for the codecs transport streams carry."""
    name = par.codec_name or ""
    if name.startswith("pcm_") and par.channels and frame_bytes:
        bps = exact_bits_per_sample(name)
        if bps > 0:
            return frame_bytes * 8 // (bps * par.channels)
    if name in FIXED_DURATION:
        return FIXED_DURATION[name]
    if name == "pcm_bluray":
        from .audioduration import audio_frame_duration as from_header
        return from_header(par, frame_bytes)
    if name == "mp3" and par.sample_rate > 0:
        return 576 if par.sample_rate <= 24000 else 1152
    if name in NO_DECODER_FRAME_SIZE:
        return 0
    if par.frame_size > 1 and frame_bytes:
        return par.frame_size
    return 0


def _first_dts(st):
    inf = st.__dict__.get("_fsi")
    return None if inf is None else inf.first_dts


def estimate_timings_from_pts(ctx, demuxer, log, read_raw, restart,
                              final_update: bool = True) -> None:
    """read_raw() -> next demuxer packet without parser work (None at the end);
    restart(pos) repositions the demuxer. Falls back to estimate_timings when the input
    is not a seekable file of known size. final_update=False leaves estimate_timings' last
    update_stream_timings to the caller, for after its seek back (as the reference orders
    them; the size it asks is then asked from there)."""
    if not ctx_avio_size(ctx) or not getattr(demuxer.source, "seekable", True):
        estimate_timings(ctx, log, size_asked=True)
        return
    for st in ctx.streams:
        if st.start_time is None and _first_dts(st) is None and st.codecpar.codec_type is not None:
            log.warning("start time for stream %d is not set in estimate_timings_from_pts\n" % st.index)
    last_duration = {}
    found = False
    retry = 0
    filesize = ctx_avio_size(ctx)
    while True:
        is_end = found
        offset = max(filesize - (DURATION_MAX_READ_SIZE << retry), 0)
        restart(offset)
        read_size = 0
        while read_size < DURATION_MAX_READ_SIZE << max(retry - 1, 0):
            try:
                pkt = read_raw()
            except CineError:
                pkt = None
            if pkt is None:
                break
            read_size += len(pkt.data)
            st = ctx.streams[pkt.stream_index]
            if pkt.flags & PKT_FLAG_CORRUPT:
                log.warning("Packet corrupt (stream = %d, dts = %s)"
                            % (pkt.stream_index, "NOPTS" if pkt.dts is None else pkt.dts))
                log.warning(".\n")
            first = st.start_time if st.start_time is not None else _first_dts(st)
            if pkt.pts is not None and first is not None:
                dur = pkt.duration or _frame_duration(st, pkt)
                duration = pkt.pts + dur - first
                found = True
                if duration > 0:
                    ld = last_duration.get(st.index, 0)
                    if (st.duration is None or ld <= 0 or
                            (st.duration < duration and abs(duration - ld) < 60 * st.time_base.den // st.time_base.num)):
                        st.duration = duration
                    last_duration[st.index] = duration
        if not is_end:
            is_end = all(st.duration is not None for st in ctx.streams
                         if st.codecpar.codec_type in ("video", "audio"))
        retry += 1
        if is_end or not offset or retry > DURATION_MAX_RETRY:
            break
    for st in ctx.streams:
        if st.duration is None and st.codecpar.codec_type in ("video", "audio"):
            if st.start_time is not None or _first_dts(st) is not None:
                log.warning("stream %d : no PTS found at end of file, duration not set\n" % st.index)
            else:
                log.warning("stream %d : no TS found at start of file, duration not set\n" % st.index)
    fill_all_stream_timings(ctx)
    ctx.duration_estimation_method = "from_pts"
    if final_update:
        update_stream_timings(ctx)
