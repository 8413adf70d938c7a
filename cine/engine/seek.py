"""Seeking an opened input by time (FFmpeg 5.1.9 libavformat/seek.c avformat_seek_file ->
av_seek_frame -> seek_frame_internal): the default stream, the demuxer's own read_seek, and
the generic seek over the index built from the key packets read so far (AVFMT_GENERIC_INDEX
formats), which reads forward from the last indexed packet when the target lies beyond it.

Demuxer hooks: read_seek(stream_index, ts, flags) -> 0 / negative AVERROR; generic_index
(class attribute) and reposition(pos) -> bool for the generic seek; seek_cur_dts, a
{stream_index: dts} a read_seek may leave for the packets that follow; read_timestamp(
stream_index, pos, pos_limit) -> (ts or None, frame pos) for ff_seek_frame_binary (flac, ogg),
which a demuxer flagged nobinsearch (AVFMT_NOBINSEARCH: ogg) runs itself from its read_seek
through the seek_binary callable handed to it; set_next_dts(stream_index, dts) for demuxers
that stamp their own packets (avpriv_update_cur_dts reaches them too).
"""
from __future__ import annotations

from bisect import bisect_left

from .model import PKT_FLAG_KEY, Rational
from .timebase import INT64_MAX, rescale, rescale_q

MAX_INDEX_ENTRIES = (1 << 20) // 24     # AVFormatContext.max_index_size / sizeof(AVIndexEntry)
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
        dts = pkt.dts
        if not (pkt.flags & PKT_FLAG_KEY) or dts is None or pkt.pos < 0:
            return
        ts = self.ts.get(pkt.stream_index)
        if ts and dts > ts[-1] and len(ts) < MAX_INDEX_ENTRIES:
            # the usual case, reading on: a new last entry (no reduction due yet)
            ts.append(dts)
            self.pos[pkt.stream_index].append(pkt.pos)
            return
        self.reduce(pkt.stream_index)
        ts = self.ts.setdefault(pkt.stream_index, [])
        pos = self.pos.setdefault(pkt.stream_index, [])
        i = bisect_left(ts, pkt.dts)
        if i < len(ts) and ts[i] == pkt.dts:
            pos[i] = pkt.pos
        else:
            ts.insert(i, pkt.dts)
            pos.insert(i, pkt.pos)

    def reduce(self, stream_index: int) -> None:
        """ff_reduce_index: at max_index_size (1 MiB of 24-byte entries) every other entry
        goes, which keeps the index of a long input bounded."""
        tsl = self.ts.get(stream_index)
        if tsl is not None and len(tsl) >= MAX_INDEX_ENTRIES:
            self.ts[stream_index] = tsl[::2]
            self.pos[stream_index] = self.pos[stream_index][::2]

    def add_entry(self, stream_index: int, ts: int, pos: int, reduce: bool = False) -> None:
        """av_add_index_entry of a key frame: one entry per timestamp, the last pos wins
        (reduce: ff_reduce_index first, as the per-packet callers do)."""
        if reduce:
            self.reduce(stream_index)
        tsl = self.ts.setdefault(stream_index, [])
        posl = self.pos.setdefault(stream_index, [])
        i = bisect_left(tsl, ts)
        if i < len(tsl) and tsl[i] == ts:
            posl[i] = pos
        else:
            tsl.insert(i, ts)
            posl.insert(i, pos)

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
    inp._parsed.clear()
    if inp._frames is not None:
        inp._frames.flush()


def _frames(inp):
    if inp._frames is None:
        from .readframe import FrameReader
        inp._frames = FrameReader(inp.ctx)
        inp._frames.split = bool(getattr(inp.demuxer, "parser_split", False))
        if inp.log is not None:
            inp._frames.log = inp.log.log
            inp._frames.sink = inp.log.sink
    return inp._frames


def _update_cur_dts(inp, ref_index: int, timestamp: int) -> None:
    """avpriv_update_cur_dts: every stream continues from timestamp (in ref's time base)."""
    ref_tb = inp.ctx.streams[ref_index].time_base
    fr = _frames(inp)
    # demuxers that stamp their own packets (the parser-driven raw ones) continue from it too
    own = getattr(inp.demuxer, "set_next_dts", None)
    for i, st in enumerate(inp.ctx.streams):
        dts = rescale_q(timestamp, ref_tb, st.time_base)
        fr.set_cur_dts(i, dts)
        if own is not None:
            own(i, dts)


def _read_seek(inp, idx: int, ts: int, flags: int) -> int:
    read_seek = getattr(inp.demuxer, "read_seek", None)
    if read_seek is None:
        return -1
    if getattr(inp.demuxer, "nobinsearch", False):
        # a read_seek that runs ff_seek_frame_binary itself (ogg_read_seek)
        inp.demuxer.seek_binary = lambda si, t, f: _binary(inp, si, t, f)
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


def _find_last_ts(inp, idx: int):
    """ff_find_last_ts: (ts, pos) of the last frame, probing back from the end in doubling
    steps and then forward frame by frame; None when no timestamp is found."""
    rt = inp.demuxer.read_timestamp
    size = inp.source.size
    if size is None:
        # FFmpeg 5.1.9: avio_size of a pipe is AVERROR(ENOSYS); the probe from position 0
        # up to that negative limit reads nothing but still flushes and seeks back to 0
        size = -38
    step = 1024
    pos_max = size - 1
    while True:
        limit = pos_max
        pos_max = max(0, pos_max - step)
        ts_max, pos_max = rt(idx, pos_max, limit)
        step += step
        if ts_max is not None or not 2 * limit > step:
            break
    if ts_max is None:
        return None
    while True:
        tmp_ts, tmp_pos = rt(idx, pos_max + 1, INT64_MAX)
        if tmp_ts is None or tmp_pos <= pos_max:
            break
        ts_max, pos_max = tmp_ts, tmp_pos
        if tmp_pos >= size:
            break
    return ts_max, pos_max


def _gen_search(inp, idx: int, target: int, pos_min: int, pos_max: int, pos_limit: int,
                ts_min, ts_max, flags: int):
    """ff_gen_search: interpolation, then bisection, then linear steps over the demuxer's
    read_timestamp(stream, pos, pos_limit) -> (ts or None, frame pos). (pos, ts) or None."""
    rt = inp.demuxer.read_timestamp
    if ts_min is None:
        pos_min = inp.ctx.data_offset
        ts_min, pos_min = rt(idx, pos_min, INT64_MAX)
        if ts_min is None:
            return None
    if ts_min >= target:
        return pos_min, ts_min
    if ts_max is None:
        last = _find_last_ts(inp, idx)
        if last is None:
            return None
        ts_max, pos_max = last
        pos_limit = pos_max
    if ts_max <= target:
        return pos_max, ts_max
    if ts_min >= ts_max:
        return None
    no_change = 0
    guard = 0
    while pos_min < pos_limit:
        guard += 1
        if guard > 10000:
            return None
        if no_change == 0:
            keyframe_distance = pos_max - pos_limit
            pos = rescale(target - ts_min, pos_max - pos_min, ts_max - ts_min) \
                + pos_min - keyframe_distance
        elif no_change == 1:
            pos = (pos_min + pos_limit) >> 1
        else:
            pos = pos_min
        if pos <= pos_min:
            pos = pos_min + 1
        elif pos > pos_limit:
            pos = pos_limit
        start_pos = pos
        ts, pos = rt(idx, pos, INT64_MAX)
        no_change = no_change + 1 if pos == pos_max else 0
        if ts is None:
            if inp.log is not None:
                inp.log.error("read_timestamp() failed in the middle\n")
            return None
        if target <= ts:
            pos_limit = start_pos - 1
            pos_max, ts_max = pos, ts
        if target >= ts:
            pos_min, ts_min = pos, ts
    if flags & SEEK_FLAG_BACKWARD:
        return pos_min, ts_min
    return pos_max, ts_max


def _binary(inp, idx: int, target: int, flags: int) -> int:
    """ff_seek_frame_binary: bounds from the index, then ff_gen_search."""
    if hasattr(inp.demuxer, "frame_input"):
        inp.demuxer.frame_input = inp   # a read_timestamp reading with av_read_frame (mpegts)
    pos_min = pos_max = 0
    ts_min = ts_max = None
    pos_limit = -1
    index = inp.index
    entries = index.ts.get(idx) if index is not None else None
    if entries:
        dist = getattr(index, "min_distance", {}).get(idx)
        i = max(index.search(idx, target, flags | SEEK_FLAG_BACKWARD), 0)
        e_pos = index.pos[idx][i]
        if entries[i] <= target or e_pos == (dist[i] if dist else 0):
            pos_min, ts_min = e_pos, entries[i]
        i = index.search(idx, target, flags & ~SEEK_FLAG_BACKWARD)
        if i >= 0:
            pos_max, ts_max = index.pos[idx][i], entries[i]
            pos_limit = pos_max - (dist[i] if dist else 0)
    found = _gen_search(inp, idx, target, pos_min, pos_max, pos_limit, ts_min, ts_max, flags)
    if found is None:
        return -1
    pos, ts = found
    if not inp.demuxer.reposition(pos):
        return -5
    _flush(inp)
    _update_cur_dts(inp, idx, ts)
    return 0


def _seek_frame(inp, ts: int, flags: int) -> int:
    # what find_stream_info read is finished (and indexed) first, as libavformat did
    inp.prefinish()
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
    if getattr(inp.demuxer, "read_timestamp", None) is not None and \
            not getattr(inp.demuxer, "nobinsearch", False):
        _flush(inp)
        return _binary(inp, idx, ts, flags)
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
