"""-stream_loop for stream copy (FFmpeg 5.1.9 fftools/ffmpeg.c process_input's loop branch,
seek_to_start and duration_max): at the end of a looped input the output bitstream filters
are flushed, the input is seeked back to its start time and every later packet is shifted by
the input's running duration (the largest pts span of a stream plus one frame).

Stream copy decodes nothing, so the reference's "audio present" rule (decoded sample counts)
never applies: every stream adds one frame of its average frame rate (or one tick).
"""
from __future__ import annotations

from ..errors import CineError
from ..model import Rational
from ..timebase import rescale_q
from .muxing import compare_ts


class LoopState:
    """InputFile.loop / duration / time_base and the per-stream min/max pts."""

    __slots__ = ("remaining", "duration", "time_base", "min_pts", "max_pts")

    def __init__(self, count: int):
        self.remaining = count          # -1: forever
        self.duration = 0
        self.time_base = Rational(1, 1)
        self.min_pts: dict[int, int] = {}
        self.max_pts: dict[int, int] = {}


def shift_packet(state: LoopState, stream_index: int, tb: Rational, pkt) -> None:
    """Add the looped duration to a packet of a used stream and track its pts span."""
    d = rescale_q(state.duration, state.time_base, tb) if state.duration else 0
    if pkt.pts is not None:
        pkt.pts += d
        mx = state.max_pts.get(stream_index)
        if mx is None or pkt.pts > mx:
            state.max_pts[stream_index] = pkt.pts
        mn = state.min_pts.get(stream_index)
        if mn is None or pkt.pts < mn:
            state.min_pts[stream_index] = pkt.pts
    if pkt.dts is not None:
        pkt.dts += d


def seek_to_start(inp, state: LoopState) -> int:
    """avformat_seek_file(ic, -1, INT64_MIN, start_time, start_time, 0), then the new running
    duration; returns the seek's result (negative: the loop ends here)."""
    from .. import seek as _seek
    ic = inp.ctx
    try:
        ret = _seek._seek_frame(inp, ic.start_time or 0, _seek.SEEK_FLAG_BACKWARD)
    except CineError as exc:
        ret = exc.code or -1
    if ret < 0:
        return ret
    _seek._queue_attached_pictures(inp)
    for st in ic.streams:
        fr = st.avg_frame_rate
        if fr.num and fr.den:
            duration = rescale_q(1, Rational(fr.den, fr.num), st.time_base)
        else:
            duration = 1
        if not state.duration:
            state.time_base = st.time_base
        mx, mn = state.max_pts.get(st.index), state.min_pts.get(st.index)
        if mx is not None and mn is not None and mx > mn:
            duration += mx - mn
        # duration_max
        if not state.duration or compare_ts(state.duration, state.time_base, duration,
                                            st.time_base) < 0:
            state.duration = duration
            state.time_base = st.time_base
    if state.remaining > 0:
        state.remaining -= 1
    return 0
