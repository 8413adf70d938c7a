"""Seeking in the MP4/MOV sample index (FFmpeg 5.1.9 mov_read_seek with the default
seek_streams_individually: each stream goes to the key sample at or before the target, audio
streams get their priming "skip samples" back) and av_index_search_timestamp."""
from __future__ import annotations

from ...timebase import rescale_q
from .runcolumn import RunColumn

SEEK_FLAG_BACKWARD = 1
SEEK_FLAG_ANY = 4
_KEY, _DISCARD = 1, 2


def index_search_timestamp(ts: list, flags_arr, wanted: int, flags: int) -> int:
    """ff_index_search_timestamp over parallel timestamp/flag arrays: an index or -1."""
    n = len(ts)
    a, b = -1, n
    if n and ts[n - 1] < wanted:
        a = n - 1
    while b - a > 1:
        m = (a + b) >> 1
        if isinstance(flags_arr, RunColumn) and flags_arr[m] & _DISCARD:
            # the loop below, segment by segment: to the next entry kept, b at most
            m = min(flags_arr.find_flag(m, 1, _DISCARD, clear=True), b, n - 1)
            if m == b and ts[m] >= wanted:
                m = b - 1
        while (flags_arr[m] & _DISCARD) and m < b and m < n - 1:
            m += 1
            if m == b and ts[m] >= wanted:
                m = b - 1
                break
        t = ts[m]
        if t >= wanted:
            b = m
        if t <= wanted:
            a = m
    m = a if flags & SEEK_FLAG_BACKWARD else b
    if not flags & SEEK_FLAG_ANY:
        step = -1 if flags & SEEK_FLAG_BACKWARD else 1
        if isinstance(flags_arr, RunColumn):
            m = flags_arr.find_flag(m, step, _KEY)
        while 0 <= m < n and not (flags_arr[m] & _KEY):
            m += step
    return -1 if m == n else m


def _seek_stream(st, timestamp: int, flags: int) -> int:
    sc = st.priv
    timestamp -= sc.min_corrected_pts + sc.dts_shift
    sample = index_search_timestamp(sc.ie_ts, sc.ie_flags, timestamp, flags)
    if sample < 0 and len(sc.ie_ts) and timestamp < sc.ie_ts[0]:
        sample = 0
    if sample < 0:
        return -1
    sc.current_sample = sample
    sc.ctts_index = sample
    return sample


def _skip_samples(st, sample: int) -> int:
    sc = st.priv
    par = st.codecpar
    if par.codec_type != "audio" or not par.sample_rate or not len(sc.ie_ts):
        return 0
    off = rescale_q(sc.ie_ts[sample] - sc.ie_ts[0], st.time_base, type(st.time_base)(1, par.sample_rate))
    return max(sc.start_pad - off, 0)


def read_seek(demuxer, stream_index: int, timestamp: int, flags: int) -> int:
    """mov_read_seek: 0, or a negative AVERROR when the stream has no sample to go to."""
    ctx = demuxer.ctx
    if not (0 <= stream_index < len(ctx.streams)):
        return -1094995529
    st = ctx.streams[stream_index]
    if getattr(st.priv, "is_cover", False):
        return -1094995529
    for s in ctx.streams:
        s.priv.skip_samples = 0
    sample = _seek_stream(st, timestamp, flags)
    if sample < 0:
        return -1094995529          # AVERROR_INVALIDDATA
    seek_ts = st.priv.ie_ts[sample]
    st.priv.skip_samples = _skip_samples(st, sample)
    for i, other in enumerate(ctx.streams):
        if i == stream_index or getattr(other.priv, "is_cover", False):
            continue
        ts = rescale_q(seek_ts, st.time_base, other.time_base)
        s = _seek_stream(other, ts, flags)
        if s >= 0:
            other.priv.skip_samples = _skip_samples(other, s)
    return 0
