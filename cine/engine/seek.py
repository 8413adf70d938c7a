"""Seeking an opened input by time (FFmpeg 5.1.9 libavformat/seek.c avformat_seek_file ->
av_seek_frame -> seek_frame_internal): the default stream, the demuxer's own read_seek, and
the generic seek over the index built from the key packets read so far (AVFMT_GENERIC_INDEX
formats), which reads forward from the last indexed packet when the target lies beyond it.

Demuxer hooks: read_seek(stream_index, ts, flags) -> 0 / negative AVERROR; generic_index
(class attribute) and reposition(pos) -> bool for the generic seek; seek_cur_dts, a
{stream_index: dts} a read_seek may leave for the packets that follow.
"""
from __future__ import annotations

from bisect import bisect_left

from .model import PKT_FLAG_KEY, Rational
from .timebase import INT64_MAX, rescale, rescale_q

SEEK_FLAG_BACKWARD = 1
SEEK_FLAG_ANY = 4
_KEY = 1


class GenericIndex:
    """Per-stream AVIndexEntry lists (timestamp-sorted, one entry per timestamp)."""

    def __init__(self):
        self.ts: dict[int, list[int]] = {}
        self.pos: dict[int, list[int]] = {}

    def add(self, pkt) -> None:
        """What read_frame_internal/av_read_frame record for a key packet with a dts."""
        if not (pkt.flags & PKT_FLAG_KEY) or pkt.dts is None or pkt.pos < 0:
            return
        ts = self.ts.setdefault(pkt.stream_index, [])
        pos = self.pos.setdefault(pkt.stream_index, [])
        i = bisect_left(ts, pkt.dts)
        if i < len(ts) and ts[i] == pkt.dts:
            pos[i] = pkt.pos
        else:
            ts.insert(i, pkt.dts)
            pos.insert(i, pkt.pos)

    def search(self, stream_index: int, wanted: int, flags: int) -> int:
        from .formats.mp4.seek import index_search_timestamp
        ts = self.ts.get(stream_index, [])
        return index_search_timestamp(ts, [_KEY] * len(ts), wanted, flags)


def default_stream_index(inp) -> int:
    """av_find_default_stream_index."""
    best, best_score = -1, -1
    for i, st in enumerate(inp.ctx.streams):
        if "attached_pic" in st.disposition:
            continue
        par = st.codecpar
        score = 0
        if par.codec_type == "video":
            score += 25 + (50 if par.width and par.height else 0)
        if par.codec_type == "audio" and par.sample_rate:
            score += 50
        if i in inp.info_streams:
            score += 12
        if i not in inp.discarded:
            score += 200
        if score > best_score:
            best, best_score = i, score
    return best


def _flush(inp) -> None:
    """ff_read_frame_flush: buffered packets dropped, per-stream reading state reset."""
    buf = getattr(inp.demuxer, "packet_buffer", None)
    if buf:
        buf.clear()
    inp._prefinished = 0
    inp.requeued = []
    if inp._frames is not None:
        inp._frames.flush()


def _frames(inp):
    if inp._frames is None:
        from .readframe import FrameReader
        inp._frames = FrameReader(inp.ctx)
        if inp.log is not None:
            inp._frames.log = inp.log.log
    return inp._frames


def _update_cur_dts(inp, ref_index: int, timestamp: int) -> None:
    """avpriv_update_cur_dts: every stream continues from timestamp (in ref's time base)."""
    ref_tb = inp.ctx.streams[ref_index].time_base
    fr = _frames(inp)
    for i, st in enumerate(inp.ctx.streams):
        fr.set_cur_dts(i, rescale_q(timestamp, ref_tb, st.time_base))


def _read_seek(inp, idx: int, ts: int, flags: int) -> int:
    read_seek = getattr(inp.demuxer, "read_seek", None)
    if read_seek is None:
        return -1
    ret = read_seek(idx, ts, flags)
    updates = getattr(inp.demuxer, "seek_cur_dts", None)
    if updates:
        inp.demuxer.seek_cur_dts = None
        if ret >= 0:
            for si, dts in updates.items():
                _frames(inp).set_cur_dts(si, dts)
    return ret


def _generic(inp, idx: int, ts: int, flags: int) -> int:
    """seek_frame_generic."""
    dm = inp.demuxer
    if inp.index is None:
        inp.index = GenericIndex()
    index = inp.index
    entries = index.ts.get(idx, [])
    i = index.search(idx, ts, flags)
    if i < 0 and entries and ts < entries[0]:
        return -1
    if i < 0 or i == len(entries) - 1:
        if entries:
            if not dm.reposition(index.pos[idx][-1]):
                return -5
            _update_cur_dts(inp, idx, entries[-1])
        elif not dm.reposition(inp.ctx.data_offset):
            return -5
        from .errors import CineError
        while True:
            try:
                pkt = inp.read_packet()
            except CineError:
                break
            if pkt is None:
                break
            if pkt.stream_index == idx and pkt.dts is not None and pkt.dts > ts:
                if pkt.flags & PKT_FLAG_KEY:
                    break
        i = index.search(idx, ts, flags)
    if i < 0:
        return -1
    _flush(inp)
    if _read_seek(inp, idx, ts, flags) >= 0:
        return 0
    if not dm.reposition(index.pos[idx][i]):
        return -5
    _update_cur_dts(inp, idx, index.ts[idx][i])
    return 0


def _seek_frame(inp, ts: int, flags: int) -> int:
    idx = default_stream_index(inp)
    if idx < 0:
        return -1
    tb: Rational = inp.ctx.streams[idx].time_base
    if not tb.num or not tb.den:
        return -1
    ts = rescale(ts, tb.den, 1000000 * tb.num)
    if getattr(inp.demuxer, "read_seek", None) is not None:
        _flush(inp)
        ret = _read_seek(inp, idx, ts, flags)
        if ret >= 0:
            ret = 0
    else:
        ret = -1
    if ret >= 0:
        return 0
    if getattr(inp.demuxer, "generic_index", False):
        _flush(inp)
        return _generic(inp, idx, ts, flags)
    return ret


def seek_file(inp, ts: int) -> int:
    """avformat_seek_file(s, -1, -INT64_MAX, ts, INT64_MAX, 0)."""
    min_ts, max_ts = -INT64_MAX, INT64_MAX
    backward = SEEK_FLAG_BACKWARD if ts - min_ts > max_ts - ts else 0
    ret = _seek_frame(inp, ts, backward)
    if ret >= 0:
        _queue_attached_pictures(inp)
    elif ts != min_ts and ts != max_ts:
        ret = _seek_frame(inp, max_ts if backward else min_ts, backward)
        if ret >= 0:
            _queue_attached_pictures(inp)
            ret = _seek_frame(inp, ts, backward ^ SEEK_FLAG_BACKWARD)
            if ret >= 0:
                _queue_attached_pictures(inp)
    return ret


def _queue_attached_pictures(inp) -> None:
    """avformat_queue_attached_pictures: the cover packets come first again."""
    from .model import Packet
    inp.requeued = [Packet(p.stream_index, p.data, None, None, 0, p.pos, p.flags)
                    for p in inp.attached_pics]
