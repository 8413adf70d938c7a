"""Movie fragments (ISO/IEC 14496-12 clause 8.8: mvex/trex, moof/traf/tfhd/tfdt/trun) and the
segment index (clause 8.16.3 sidx), with FFmpeg 5.1.9's fragment index: samples of each trun
are inserted into the track's sample index in moof order.
"""
from __future__ import annotations

from array import array

from ...errors import EndOfFile, InvalidData, Unsupported
from ...model import Rational
from ...timebase import rescale, rescale_q
from .boxes import Bio, s32, s64
from .context import FragItem
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


def _insert(arr: array, pos: int, values) -> None:
    arr[pos:pos] = array(arr.typecode, values)


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
    if entries == 0:
        return
    per = 4 * bin(flags & (TRUN_SAMPLE_DURATION | TRUN_SAMPLE_SIZE | TRUN_SAMPLE_FLAGS | TRUN_SAMPLE_CTS)).count("1")
    if per:
        avail = pb.remaining // per
        short = entries > avail
        readable = min(entries, avail)
    else:
        short = False
        readable = entries
        if entries > 1 << 24:
            raise InvalidData("trun entries")
    if sc.ctts_per_sample is None:
        sc.ctts_per_sample = array("i", [0]) * n_entries
    if si is not None:
        si.index_entry = index_pos
    prev_dts = sc.ie_ts[index_pos - 1] if index_pos > 0 else None
    is_audio = st.codecpar.codec_type == "audio"
    new_pos, new_ts, new_size, new_flags, new_dist, new_ctts = [], [], [], [], [], []
    distance = 0
    count = readable + (1 if short else 0)
    for i in range(count):
        if i >= readable:
            pb.read(pb.remaining)
            pb.eof = True
            break
        sample_size = frag.size
        sample_flags = frag.flags if i else first_flags
        sample_duration = frag.duration
        cts = 0
        if flags & TRUN_SAMPLE_DURATION:
            sample_duration = pb.rb32()
        if flags & TRUN_SAMPLE_SIZE:
            sample_size = pb.rb32()
        if flags & TRUN_SAMPLE_FLAGS:
            sample_flags = pb.rb32()
        if flags & TRUN_SAMPLE_CTS:
            cts = s32(pb.rb32())
        update_dts_shift(c, sc, cts)
        keyframe = True if is_audio else not (sample_flags & (FRAG_SAMPLE_FLAG_IS_NON_SYNC | FRAG_SAMPLE_FLAG_DEPENDS_YES))
        fl = 0
        if keyframe:
            distance = 0
            fl |= INDEX_KEYFRAME
        if prev_dts is not None and prev_dts >= dts:
            fl |= INDEX_DISCARD
        new_pos.append(offset)
        new_ts.append(dts)
        new_size.append(sample_size)
        new_flags.append(fl)
        new_dist.append(distance)
        new_ctts.append(cts)
        distance += 1
        if dts + sample_duration > INT64_MAX:
            raise InvalidData("trun dts overflow")
        if not sample_size:
            _commit(sc, index_pos, new_pos, new_ts, new_size, new_flags, new_dist, new_ctts)
            raise InvalidData("trun zero sample size")
        dts += sample_duration
        offset += sample_size
        sc.data_size += sample_size
        sc.duration_for_fps += sample_duration
        sc.nb_frames_for_fps += 1
    added = len(new_pos)
    _commit(sc, index_pos, new_pos, new_ts, new_size, new_flags, new_dist, new_ctts)
    if si is not None:
        si.next_trun_dts = dts + sc.time_offset
    end = index_pos + added
    prev = sc.ie_ts[end - 1] if end > 0 else None
    for i in range(end, len(sc.ie_ts)):
        if prev is not None and prev < sc.ie_ts[i]:
            break
        if prev is None:
            break
        sc.ie_flags[i] |= INDEX_DISCARD
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


def _commit(sc, pos, new_pos, new_ts, new_size, new_flags, new_dist, new_ctts) -> None:
    if pos < sc.current_sample:
        sc.current_sample += len(new_pos)
    _insert(sc.ie_pos, pos, new_pos)
    _insert(sc.ie_ts, pos, new_ts)
    _insert(sc.ie_size, pos, new_size)
    _insert(sc.ie_flags, pos, new_flags)
    _insert(sc.ie_dist, pos, new_dist)
    _insert(sc.ctts_per_sample, pos, new_ctts)


def read_sidx(c, pb: Bio, t: int, size: int) -> None:
    stream_size = c.file_size
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
