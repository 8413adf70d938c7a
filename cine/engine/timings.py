"""The timings of an input after find_stream_info (FFmpeg 5.1.9 libavformat/demux.c):
update_stream_timings (format start_time, duration and bit_rate from the streams'),
estimate_timings (from the streams' durations, else from the bit rate and the file size)
and the chapters' end times."""
from __future__ import annotations

from .io.sizecall import ctx_avio_size
from .model import AV_TIME_BASE, AV_TIME_BASE_Q
from .timebase import INT64_MAX, INT64_MIN, ROUND_NEAR_INF, ROUND_PASS_MINMAX, rescale, rescale_q


def _frames_read(st) -> int:
    """The packets find_stream_info read for the stream (its per-stream info, while it runs)."""
    inf = st.__dict__.get("_fsi")
    return inf.codec_info_nb_frames if inf is not None else 0


def _has_duration(ctx) -> bool:
    return any(st.duration is not None for st in ctx.streams) or ctx.duration is not None


def update_stream_timings(ctx) -> None:
    start_time = INT64_MAX
    start_text = INT64_MAX
    end_time = INT64_MIN
    end_text = INT64_MIN
    duration = INT64_MIN
    duration_text = INT64_MIN
    for st in ctx.streams:
        is_text = st.codecpar.codec_type in ("subtitle", "data")
        if st.start_time is not None and st.time_base.den:
            st1 = rescale_q(st.start_time, st.time_base, AV_TIME_BASE_Q)
            if is_text:
                start_text = min(start_text, st1)
            else:
                start_time = min(start_time, st1)
            dur = st.duration if st.duration is not None else INT64_MIN
            end1 = rescale_q(dur, st.time_base, AV_TIME_BASE_Q, ROUND_NEAR_INF | ROUND_PASS_MINMAX)
            if end1 != INT64_MIN and (st1 <= INT64_MAX - end1 if end1 > 0 else st1 >= INT64_MIN - end1):
                end1 += st1
                if is_text:
                    end_text = max(end_text, end1)
                else:
                    end_time = max(end_time, end1)
        if st.duration is not None and st.time_base.den:
            d1 = rescale_q(st.duration, st.time_base, AV_TIME_BASE_Q)
            if is_text:
                duration_text = max(duration_text, d1)
            else:
                duration = max(duration, d1)
    if start_time == INT64_MAX or (start_time > start_text and start_time - start_text < AV_TIME_BASE):
        start_time = start_text
    if end_time == INT64_MIN or (end_time < end_text and end_text - end_time < AV_TIME_BASE):
        end_time = end_text
    if duration == INT64_MIN or (duration < duration_text and duration_text - duration < AV_TIME_BASE):
        duration = duration_text
    if start_time != INT64_MAX:
        ctx.start_time = start_time
        if end_time != INT64_MIN and end_time >= start_time and end_time - start_time <= INT64_MAX:
            duration = max(duration, end_time - start_time)
    if duration != INT64_MIN and duration > 0 and ctx.duration is None:
        ctx.duration = duration
    size = ctx_avio_size(ctx)
    if size is not None and size > 0 and ctx.duration is not None and ctx.duration > 0:
        bitrate = size * 8.0 * AV_TIME_BASE / ctx.duration
        if 0 <= bitrate <= INT64_MAX:
            ctx.bit_rate = int(bitrate)


def fill_all_stream_timings(ctx) -> None:
    """The format's timings from the streams', then a stream without a start time takes the
    format's start time and duration."""
    update_stream_timings(ctx)
    for st in ctx.streams:
        if st.start_time is None:
            if ctx.start_time is not None:
                st.start_time = rescale_q(ctx.start_time, AV_TIME_BASE_Q, st.time_base)
            if ctx.duration is not None:
                st.duration = rescale_q(ctx.duration, AV_TIME_BASE_Q, st.time_base)


def estimate_timings(ctx, log=None, size_asked: bool = False) -> None:
    """size_asked: the caller has asked avio_size for the file size already (the mpegts
    path, which falls back here for inputs it cannot seek)."""
    if not size_asked:
        ctx_avio_size(ctx)
    if _has_duration(ctx):
        fill_all_stream_timings(ctx)
        ctx.duration_estimation_method = "from_stream"
    else:
        _from_bit_rate(ctx, log)
        ctx.duration_estimation_method = "from_bitrate"
    update_stream_timings(ctx)


def _from_bit_rate(ctx, log=None) -> None:
    if ctx.bit_rate <= 0:
        total = 0
        for st in ctx.streams:
            br = st.codecpar.bit_rate
            if br > 0:
                if INT64_MAX - br < total:
                    total = 0
                    break
                total += br
            elif st.codecpar.codec_type == "video" and _frames_read(st) > 1:
                total = 0
                break
        ctx.bit_rate = total
    if ctx.duration is None and ctx.bit_rate != 0:
        size = ctx_avio_size(ctx) or 0
        data_offset = getattr(ctx, "data_offset", 0) or 0
        if size > data_offset:
            size -= data_offset
            show_warning = False
            for st in ctx.streams:
                if st.time_base.num <= INT64_MAX // ctx.bit_rate and st.duration is None and st.time_base.num:
                    st.duration = rescale(size, 8 * st.time_base.den, ctx.bit_rate * st.time_base.num)
                    show_warning = True
            if show_warning and log is not None:
                log.warning("Estimating duration from bitrate, this may be inaccurate\n")


def compute_chapters_end(ctx) -> None:
    if not ctx.chapters:
        return
    max_time = 0
    if ctx.duration is not None and ctx.duration > 0 and (ctx.start_time or 0) < INT64_MAX - ctx.duration:
        max_time = ctx.duration + (ctx.start_time or 0)
    from fractions import Fraction
    order = sorted(ctx.chapters, key=lambda ch: (Fraction(ch.start * ch.time_base.num, ch.time_base.den), ch.id))
    for i, ch in enumerate(order):
        if ch.end is None:
            end = rescale_q(max_time, AV_TIME_BASE_Q, ch.time_base) if max_time else INT64_MAX
            if i + 1 < len(order):
                nxt = order[i + 1]
                ns = rescale_q(nxt.start, nxt.time_base, ch.time_base)
                if ch.start < ns < end:
                    end = ns
            ch.end = ch.start if (end == INT64_MAX or end < ch.start) else end
