"""Movie fragments (ISO/IEC 14496-12 clause 8.8: mvex/trex, moof/traf/tfhd/tfdt/trun) and the
segment index (clause 8.16.3 sidx), with FFmpeg 5.1.9's fragment index: samples of each trun
are inserted into the track's sample index in moof order.
"""
from __future__ import annotations

import errno
import sys
from array import array
from bisect import bisect_left, bisect_right
from itertools import accumulate, repeat

from ...errors import CineError, EndOfFile, InvalidData, Unsupported
from ...model import Rational
from ...timebase import rescale, rescale_q
from .boxes import Bio, s32, s64
from .context import FragItem
from .runcolumn import RunColumn, Segment
from .stbl import update_dts_shift

TFHD_BASE_DATA_OFFSET = 0x01
TFHD_STSD_ID = 0x02
TFHD_DEFAULT_DURATION = 0x08
TFHD_DEFAULT_SIZE = 0x10
TFHD_DEFAULT_FLAGS = 0x20
TFHD_DEFAULT_BASE_IS_MOOF = 0x20000
TRUN_DATA_OFFSET = 0x01
TRUN_FIRST_SAMPLE_FLAGS = 0x04
TRUN_SAMPLE_DURATION = 0x100
TRUN_SAMPLE_SIZE = 0x200
TRUN_SAMPLE_FLAGS = 0x400
TRUN_SAMPLE_CTS = 0x800
FRAG_SAMPLE_FLAG_IS_NON_SYNC = 0x00010000
FRAG_SAMPLE_FLAG_DEPENDS_YES = 0x01000000
INDEX_KEYFRAME = 1
INDEX_DISCARD = 2
INT64_MAX = (1 << 63) - 1
INT_MAX = (1 << 31) - 1
UINT_MAX = (1 << 32) - 1
INDEX_ENTRY_BYTES = 24     # sizeof(AVIndexEntry)
CTTS_ENTRY_BYTES = 8       # sizeof(MOVCtts)
# FFmpeg 5.1.9 reads on after a sample it cannot read (the failed read consumes it at EOF),
# but every reader stops at the error: find_stream_info, then ffprobe's or ffmpeg's own loop
# (each may end on one of them)
UNREADABLE_KEPT = 2
_LITTLE = sys.byteorder == "little"
# per sample: 1 where the is-non-sync or depends-on-others bit is set -> its index flag
_NON_SYNC_TO_KEY = bytes([INDEX_KEYFRAME, 0]) + bytes(254)


def _search_offset(c, offset: int) -> int:
    items = c.frag_items
    if not items or items[-1].moof_offset < offset:
        return len(items)
    a, b = -1, len(items)
    while b - a > 1:
        m = (a + b) >> 1
        mo = items[m].moof_offset
        if mo >= offset:
            b = m
        if mo <= offset:
            a = m
    return b


def update_frag_index(c, offset: int) -> int:
    """The fragment index item of the moof at offset (inserted when new), or -1 when some
    stream has no track id (FFmpeg 5.1.9: an error code its callers store and look up as
    "no item", never a failure of the moof or sidx)."""
    idx = _search_offset(c, offset)
    items = c.frag_items
    if idx < len(items) and items[idx].moof_offset == offset:
        return idx
    for st in c.fc.streams:
        if st.id < 0:
            return -1
    items.insert(idx, FragItem(offset, [st.id for st in c.fc.streams]))
    return idx


def stream_info(c, index: int, track_id: int):
    if index < 0 or index >= len(c.frag_items):
        return None
    for si in c.frag_items[index].stream_info:
        if si.id == track_id:
            return si
    return None


def current_info(c):
    if c.frag_current < 0 or c.frag_current >= len(c.frag_items):
        return None
    item = c.frag_items[c.frag_current]
    if 0 <= item.current < len(item.stream_info):
        return item.stream_info[item.current]
    return None


def read_trex(c, pb: Bio, t: int, size: int) -> None:
    c.fc.duration = None
    pb.r8()
    pb.rb24()
    c.trex.append({"track_id": pb.rb32(), "stsd_id": pb.rb32(), "duration": pb.rb32(),
                   "size": pb.rb32(), "flags": pb.rb32()})


def read_moof(c, pb: Bio, t: int, size: int) -> None:
    c.fragment.found_tfhd = False
    c.fragment.moof_offset = c.fragment.implicit_offset = pb.tell() - 8
    c.frag_current = update_frag_index(c, c.fragment.moof_offset)
    c.read_default(c, pb, t, size)


def read_tfhd(c, pb: Bio, t: int, size: int) -> None:
    frag = c.fragment
    pb.r8()
    flags = pb.rb24()
    track_id = pb.rb32()
    if not track_id:
        raise InvalidData("tfhd track id 0")
    trex = None
    for tx in c.trex:
        if tx["track_id"] == track_id:
            trex = tx
            break
    if trex is None:
        c.log.warning("could not find corresponding trex (id %d)\n" % track_id)
        return
    frag.found_tfhd = True
    frag.track_id = track_id
    if 0 <= c.frag_current < len(c.frag_items):
        item = c.frag_items[c.frag_current]
        item.current = -1
        for i, si in enumerate(item.stream_info):
            if si.id == track_id:
                item.current = i
                break
    if flags & TFHD_BASE_DATA_OFFSET:
        frag.base_data_offset = s64(pb.rb64())
    elif flags & TFHD_DEFAULT_BASE_IS_MOOF:
        frag.base_data_offset = frag.moof_offset
    else:
        frag.base_data_offset = frag.implicit_offset
    frag.stsd_id = pb.rb32() if flags & TFHD_STSD_ID else trex["stsd_id"]
    frag.duration = pb.rb32() if flags & TFHD_DEFAULT_DURATION else trex["duration"]
    frag.size = pb.rb32() if flags & TFHD_DEFAULT_SIZE else trex["size"]
    frag.flags = pb.rb32() if flags & TFHD_DEFAULT_FLAGS else trex["flags"]
    si = current_info(c)
    if si is not None:
        si.next_trun_dts = None


def _track(c, track_id: int):
    for st in c.fc.streams:
        if st.id == track_id:
            return st
    return None


def read_tfdt(c, pb: Bio, t: int, size: int) -> None:
    frag = c.fragment
    st = _track(c, frag.track_id)
    if st is None:
        c.log.warning("could not find corresponding track id %d\n" % frag.track_id)
        return
    sc = st.priv
    if sc.pseudo_stream_id + 1 != frag.stsd_id and sc.pseudo_stream_id != -1:
        return
    version = pb.r8()
    pb.rb24()
    base = s64(pb.rb64()) if version else pb.rb32()
    si = current_info(c)
    if si is not None:
        si.tfdt_dts = base
    sc.track_end = base


def read_trun(c, pb: Bio, t: int, size: int) -> None:
    frag = c.fragment
    if not frag.found_tfhd:
        c.log.error("trun track id unknown, no tfhd was found\n")
        raise InvalidData("trun without tfhd")
    st = _track(c, frag.track_id)
    if st is None:
        c.log.warning("could not find corresponding track id %d\n" % frag.track_id)
        return
    sc = st.priv
    if sc.pseudo_stream_id + 1 != frag.stsd_id and sc.pseudo_stream_id != -1:
        return
    n_entries = len(sc.ie_pos)
    index_pos = n_entries
    next_frag = -1
    for i in range(c.frag_current + 1, len(c.frag_items)):
        si = stream_info(c, i, frag.track_id)
        if si is not None and si.index_entry >= 0:
            next_frag = i
            index_pos = si.index_entry
            break
    pb.r8()
    flags = pb.rb24()
    entries = pb.rb32()
    # the counts the reference checks and allocates by include the entries kept virtual
    ref_entries = n_entries + sc.ie_virtual
    ctts_count = (len(sc.ctts_per_sample) + sc.ie_virtual) if sc.ctts_per_sample is not None else 0
    if entries + ctts_count >= UINT_MAX // CTTS_ENTRY_BYTES:
        raise InvalidData("trun entries")
    data_offset = 0
    first_flags = frag.flags
    if flags & TRUN_DATA_OFFSET:
        data_offset = s32(pb.rb32())
    if flags & TRUN_FIRST_SAMPLE_FLAGS:
        first_flags = pb.rb32()
    si = current_info(c)
    if si is not None:
        if si.next_trun_dts is not None:
            dts = si.next_trun_dts - sc.time_offset
        else:
            has_tfdt = si.tfdt_dts is not None
            has_sidx = si.sidx_pts is not None
            if has_tfdt:
                dts = si.tfdt_dts - sc.time_offset
            elif has_sidx:
                dts = si.sidx_pts - sc.time_offset
            else:
                dts = sc.track_end - sc.time_offset
    else:
        dts = sc.track_end - sc.time_offset
    offset = frag.base_data_offset + data_offset
    if ref_entries + entries >= UINT_MAX // INDEX_ENTRY_BYTES:
        entries = UINT_MAX // INDEX_ENTRY_BYTES - ref_entries
        c.log.error("Failed to add index entry\n")
    if entries == 0:
        return
    if (ref_entries + entries) * INDEX_ENTRY_BYTES > INT_MAX:
        # FFmpeg 5.1.9: av_fast_realloc refuses more than max_alloc_size (INT_MAX) bytes
        raise CineError("trun index of %d entries" % (ref_entries + entries), code=-errno.ENOMEM)
    if sc.ctts_per_sample is None:
        sc.ctts_per_sample = array("i", [0]) * n_entries
    if si is not None:
        si.index_entry = index_pos
    prev_dts = sc.ie_ts[index_pos - 1] if index_pos > 0 else None
    per = 4 * bin(flags & (TRUN_SAMPLE_DURATION | TRUN_SAMPLE_SIZE | TRUN_SAMPLE_FLAGS | TRUN_SAMPLE_CTS)).count("1")
    if per:
        run = _read_samples(c, st, sc, pb, flags, per, entries, first_flags, dts, offset, prev_dts)
    else:
        run = _uniform_samples(c, st, sc, pb.eof, entries, first_flags, dts, offset, prev_dts)
    added = len(run.pos)
    _commit(sc, index_pos, run)
    if run.error is not None:
        raise run.error
    dts, offset = run.dts, run.offset
    if si is not None:
        si.next_trun_dts = dts + sc.time_offset
    end = index_pos + added
    if end > 0:
        # the later entries the run's last dts reaches are discarded too
        prev = sc.ie_ts[end - 1]
        stop, n_entries = end, len(sc.ie_ts)
        while stop < n_entries and sc.ie_ts[stop] <= prev:
            stop += 1
        _discard(sc.ie_flags, end, stop)
    if next_frag >= 0:
        for i in range(next_frag, len(c.frag_items)):
            s2 = stream_info(c, i, frag.track_id)
            if s2 is not None and s2.index_entry >= 0:
                s2.index_entry += added
    if pb.eof:
        c.log.warning("reached eof, corrupted TRUN atom\n")
        raise EndOfFile("trun")
    frag.implicit_offset = offset
    sc.track_end = dts + sc.time_offset
    if st.duration is None or st.duration < sc.track_end:
        st.duration = sc.track_end


class _Run:
    """The index entries one trun adds (columns), where its dts and data offset end, and the
    error that stopped it (raised once what was added is in the index)."""
    __slots__ = ("pos", "ts", "size", "flags", "ctts", "dts", "offset", "error")

    def __init__(self, dts: int, offset: int):
        self.pos = array("q")
        self.ts = array("q")
        self.size = array("I")
        self.flags = array("B")
        self.ctts = array("i")
        self.dts = dts
        self.offset = offset
        self.error = None


def _count_for_fps(sc, n: int, duration: int) -> None:
    """n samples of one duration into the avg_frame_rate sums, each only while neither sum
    would overflow (mov_read_trun's guard)."""
    room = INT_MAX - sc.nb_frames_for_fps
    if duration:
        room = min(room, (INT64_MAX - sc.duration_for_fps) // duration)
    k = max(0, min(n, room))
    sc.nb_frames_for_fps += k
    sc.duration_for_fps += k * duration


def _wrap64(v: int) -> int:
    """A 64-bit two's complement value, as int64_t/uint64_t arithmetic leaves it."""
    return ((v + (1 << 63)) & ((1 << 64) - 1)) - (1 << 63)


def _column_q(start: int, steps, n: int) -> array:
    """n int64 values: start, then start plus each running total of `steps` (an array, or
    one int for every step), wrapping as the reference's 64-bit arithmetic does."""
    try:
        return array("q", _running(start, steps, n))
    except OverflowError:
        return array("q", map(_wrap64, _running(start, steps, n)))


def _running(start: int, steps, n: int):
    if isinstance(steps, int):
        return range(start, start + n * steps, steps) if steps else repeat(start, n)
    return accumulate(steps[:n - 1], initial=start) if n else ()


def _overflow_at(dts: int, durations, duration: int, n: int):
    """The first of n samples whose dts + duration passes INT64_MAX (mov_read_trun fails
    there, its entry written), or None."""
    if durations is None:
        if dts + n * duration <= INT64_MAX:
            return None
        return 0 if dts + duration > INT64_MAX else (INT64_MAX - dts) // duration
    if dts + sum(durations[:n]) <= INT64_MAX:
        return None
    return next(i for i, t in enumerate(accumulate(durations[:n])) if dts + t > INT64_MAX)


def _uniform_samples(c, st, sc, at_eof: bool, n: int, first_flags: int, dts: int, offset: int,
                     prev_dts) -> _Run:
    """A trun without per-sample fields: n samples of the tfhd/trex size, duration and flags,
    each costing no byte of the file. They are all counted (dts, data size, frame rate sums,
    the reference's entry count), but entries stop after the first UNREADABLE_KEPT that
    cannot be read (at or past the end of the file, or before its start), so the index never
    holds the millions such a box may claim for nothing."""
    frag = c.fragment
    run = _Run(dts, offset)
    if at_eof:
        return run              # the reference's loop stops before its first sample
    size, duration = frag.size, frag.duration
    done = n                    # the samples whose entry is made
    error = None
    if not size:
        done, error = 1, InvalidData("trun zero sample size")
    over = _overflow_at(dts, None, duration, done)
    if over is not None:
        done, error = over + 1, InvalidData("trun dts overflow")
    end = c.file_size
    keep = done
    if end >= 0:
        readable = 0
        if 0 <= offset < end:
            readable = (end - offset + size - 1) // size if size else 1
        keep = min(done, readable + UNREADABLE_KEPT)
    sc.ie_virtual += done - keep
    run.pos = RunColumn([Segment(offset, size, keep)])
    run.ts = RunColumn([Segment(dts, duration, keep)])
    run.size = RunColumn([Segment(size, 0, keep)])
    run.ctts = RunColumn([Segment(0, 0, keep)])
    audio = st.codecpar.codec_type == "audio"
    first = INDEX_KEYFRAME if audio else _key(first_flags)
    rest = INDEX_KEYFRAME if audio else _key(frag.flags)
    # the samples up to the dts of the entry before the run are discarded (_mark_overlap)
    gone = 0
    if prev_dts is not None and dts <= prev_dts:
        gone = keep if not duration else min(keep, (prev_dts - dts) // duration + 1)
    run.flags = RunColumn([Segment(first | (INDEX_DISCARD if gone else 0), 0, min(keep, 1)),
                           Segment(rest | INDEX_DISCARD, 0, max(gone - 1, 0)),
                           Segment(rest, 0, keep - max(gone, 1))])
    made = done - 1 if error is not None else done      # the samples counted in full
    sc.data_size += made * size
    _count_for_fps(sc, made, duration)
    run.error = error
    run.dts = dts + made * duration
    run.offset = offset + made * size
    return run


def _read_samples(c, st, sc, pb: Bio, flags: int, per: int, entries: int, first_flags: int,
                  dts: int, offset: int, prev_dts) -> _Run:
    """A trun with per-sample fields (`per` bytes a sample), read as whole columns."""
    frag = c.fragment
    run = _Run(dts, offset)
    readable = min(entries, pb.remaining // per)
    data = pb.read(readable * per)
    raw = array("I")
    raw.frombytes(data)
    if _LITTLE:
        raw.byteswap()
    nf = per // 4
    cols = iter(range(nf))
    durations = raw[next(cols)::nf] if flags & TRUN_SAMPLE_DURATION else None
    sizes = raw[next(cols)::nf] if flags & TRUN_SAMPLE_SIZE else array("I", [frag.size]) * readable
    flag_col = next(cols) if flags & TRUN_SAMPLE_FLAGS else None
    cts = array("i", raw[next(cols)::nf].tobytes()) if flags & TRUN_SAMPLE_CTS else None
    del raw
    # the samples made: up to the first whose dts would overflow or whose size is zero
    # (mov_read_trun stops at such a sample once its entry is written)
    n = readable
    error = None
    if n and 0 in sizes:
        n, error = sizes.index(0) + 1, InvalidData("trun zero sample size")
    over = _overflow_at(dts, durations, frag.duration, n)
    if over is not None:
        n, error = over + 1, InvalidData("trun dts overflow")
    if cts is not None and n and min(cts[:n]) < 0:
        for v in cts[:n]:
            if v < 0:
                update_dts_shift(c, sc, v)
    run.pos = _column_q(offset, sizes, n)
    keep = _kept_entries(run.pos, c.file_size)
    sc.ie_virtual += n - keep
    del run.pos[keep:]
    run.ts = _column_q(dts, durations if durations is not None else frag.duration, keep)
    run.size = sizes[:keep]
    run.ctts = cts[:keep] if cts is not None else array("i", [0]) * keep
    if st.codecpar.codec_type == "audio":
        keys = bytes([INDEX_KEYFRAME]) * keep
    elif flag_col is None:
        keys = (bytes([_key(first_flags)]) + bytes([_key(frag.flags)]) * (keep - 1)) if keep else b""
    else:
        # the two flag bits are the low bits of the first two bytes of each big-endian field
        at = 4 * flag_col
        ones = int.from_bytes(b"\1" * keep, "big")
        bits = (int.from_bytes(data[at:keep * per:per], "big")
                | int.from_bytes(data[at + 1:keep * per:per], "big")) & ones
        keys = bits.to_bytes(keep, "big").translate(_NON_SYNC_TO_KEY)
    run.flags = array("B", keys)
    _mark_overlap(run, prev_dts)
    made = n - 1 if error is not None else n
    sc.data_size += sum(sizes[:made])
    if durations is None:
        _count_for_fps(sc, made, frag.duration)
        run.dts = dts + made * frag.duration
    else:
        _count_durations_for_fps(sc, durations[:made])
        run.dts = dts + sum(durations[:made])
    run.offset = offset + sum(sizes[:made])
    run.error = error
    if error is None and readable < entries:
        pb.read(pb.remaining)
        pb.eof = True
    return run


def _kept_entries(pos: array, end: int) -> int:
    """How many of a run's samples (positions `pos`, increasing unless they wrapped) get an
    index entry: all up to UNREADABLE_KEPT past the first that cannot be read (at or past the
    end of the file, or before its start), as for runs without per-sample fields."""
    n = len(pos)
    if end < 0 or not n:
        return n
    if 0 <= pos[0] and pos[-1] >= pos[0]:
        first_bad = bisect_left(pos, end)
    else:
        first_bad = next((i for i, p in enumerate(pos) if not 0 <= p < end), n)
    return min(n, first_bad + UNREADABLE_KEPT)


def _mark_overlap(run: _Run, prev_dts) -> None:
    """Fragments can overlap in time: the samples of the run up to the dts of the entry
    before it are discarded after decoding (their dts never decrease)."""
    if prev_dts is not None:
        for i in range(bisect_right(run.ts, prev_dts)):
            run.flags[i] |= INDEX_DISCARD


def _key(sample_flags: int) -> int:
    return 0 if sample_flags & (FRAG_SAMPLE_FLAG_IS_NON_SYNC | FRAG_SAMPLE_FLAG_DEPENDS_YES) else INDEX_KEYFRAME


def _count_durations_for_fps(sc, durations) -> None:
    total = sum(durations)
    if (sc.nb_frames_for_fps + len(durations) <= INT_MAX
            and sc.duration_for_fps + total <= INT64_MAX):
        sc.nb_frames_for_fps += len(durations)
        sc.duration_for_fps += total
        return
    for d in durations:
        _count_for_fps(sc, 1, d)


def _discard(flags, lo: int, hi: int) -> None:
    if isinstance(flags, RunColumn):
        flags.or_range(lo, hi, INDEX_DISCARD)
        return
    for i in range(lo, hi):
        flags[i] |= INDEX_DISCARD


def _insert(sc, name: str, pos: int, values) -> None:
    """Insert a run's column into the stream's index column `name`; a column meeting its
    first run kept as segments becomes a RunColumn."""
    col = getattr(sc, name)
    if isinstance(values, RunColumn) and not isinstance(col, RunColumn):
        col = RunColumn([col])
        setattr(sc, name, col)
    if isinstance(col, RunColumn):
        col.insert_run(pos, values)
    elif not isinstance(col, array):
        col[pos:pos] = values.tolist()
    elif col.typecode != values.typecode:
        col[pos:pos] = array(col.typecode, values)
    else:
        col[pos:pos] = values


def _commit(sc, pos: int, run: _Run) -> None:
    if pos < sc.current_sample:
        sc.current_sample += len(run.pos)
    for name, values in (("ie_pos", run.pos), ("ie_ts", run.ts), ("ie_size", run.size),
                         ("ie_flags", run.flags), ("ctts_per_sample", run.ctts)):
        _insert(sc, name, pos, values)


def read_sidx(c, pb: Bio, t: int, size: int) -> None:
    from ...io.sizecall import avio_size
    stream_size = avio_size(c.source)
    stream_size = -1 if stream_size is None else stream_size
    offset = pb.tell() + size
    version = pb.r8()
    if version > 1:
        c.log.warning("sidx version %d is not implemented.\n" % version)
        return
    pb.rb24()
    track_id = pb.rb32()
    st = _track(c, track_id)
    if st is None:
        c.log.warning("could not find corresponding track id %d\n" % s32(track_id))
        return
    sc = st.priv
    ts_den = s32(pb.rb32())
    if ts_den <= 0:
        c.log.error("Invalid sidx timescale 1/%d\n" % ts_den)
        raise InvalidData("sidx timescale")
    if version == 0:
        pts = pb.rb32()
        offadd = pb.rb32()
    else:
        pts = s64(pb.rb64())
        offadd = s64(pb.rb64())
    offset += offadd
    pb.rb16()
    count = pb.rb16()
    if count == 0:
        raise InvalidData("sidx empty")
    for _ in range(count):
        rsize = pb.rb32()
        duration = pb.rb32()
        if rsize & 0x80000000:
            raise Unsupported("sidx reference_type 1")
        pb.rb32()
        timestamp = rescale_q(pts, Rational(1, ts_den), st.time_base)
        idx = update_frag_index(c, offset)
        si = stream_info(c, idx, track_id)
        if si is not None:
            si.sidx_pts = timestamp
        offset += rsize
        pts += duration
    st.duration = sc.track_end = pts
    sc.has_sidx = True
    complete = offset == stream_size
    if not complete and c.seekable and stream_size > 0:
        if not c.have_read_mfra_size:
            here = c.source.tell()
            try:
                c.source.seek(stream_size - 4)
                tail = c.source.read(4)
            finally:
                c.source.seek(here)
            c.mfra_size = int.from_bytes(tail, "big") if len(tail) == 4 else 0
            c.have_read_mfra_size = True
        if offset == stream_size - c.mfra_size:
            complete = True
    if complete:
        ref = None
        for item in c.frag_items:
            for j, si in enumerate(item.stream_info):
                if si.sidx_pts is not None:
                    ref = c.fc.streams[j]
                    break
            if ref is not None:
                break
        if ref is not None:
            for s in c.fc.streams:
                if not s.priv.has_sidx:
                    s.duration = s.priv.track_end = rescale(ref.duration, s.priv.time_scale, ref.priv.time_scale)
        c.frag_complete = True
