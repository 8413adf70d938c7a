"""Movie fragments of the MP4 muxer (FFmpeg 5.1.9 movenc.c behaviour; ISO/IEC 14496-12 8.8):
moof with mfhd, one traf per track (tfhd with defaults taken from the fragment, tfdt, trun
runs split where the data is not contiguous) and the closing mfra/tfra/mfro index."""
from __future__ import annotations

from .mux_boxes import cluster_duration
from .mux_buf import BoxBuf
from .mux_track import MODE_ISM, MOV_SYNC_SAMPLE, MOV_TRACK_CTTS

TFHD_BASE_DATA_OFFSET, TFHD_DEFAULT_DURATION, TFHD_DEFAULT_SIZE, TFHD_DEFAULT_FLAGS = 0x01, 0x08, 0x10, 0x20
TFHD_DURATION_IS_EMPTY, TFHD_DEFAULT_BASE_IS_MOOF = 0x010000, 0x020000
TFHD_STSD_ID = 0x02
TRUN_DATA_OFFSET, TRUN_FIRST_SAMPLE_FLAGS = 0x01, 0x04
TRUN_SAMPLE_DURATION, TRUN_SAMPLE_SIZE, TRUN_SAMPLE_FLAGS, TRUN_SAMPLE_CTS = 0x100, 0x200, 0x400, 0x800
DEPENDS_NO, DEPENDS_YES, IS_NON_SYNC = 0x02000000, 0x01000000, 0x00010000


def sample_flags(s) -> int:
    return DEPENDS_NO if s.flags & MOV_SYNC_SAMPLE else (DEPENDS_YES | IS_NON_SYNC)


def _traf(bb: BoxBuf, mux, trk, moof_pos: int, moof_size: int) -> None:
    from .mux import FLAGS
    p = bb.start("traf")
    n = len(trk.samples)
    flags = TFHD_DEFAULT_SIZE | TFHD_DEFAULT_DURATION | TFHD_BASE_DATA_OFFSET
    flags |= TFHD_DURATION_IS_EMPTY if not n else TFHD_DEFAULT_FLAGS
    if mux.flags & FLAGS["omit_tfhd_offset"]:
        flags &= ~TFHD_BASE_DATA_OFFSET
    if mux.flags & FLAGS["default_base_moof"]:
        flags &= ~TFHD_BASE_DATA_OFFSET
        flags |= TFHD_DEFAULT_BASE_IS_MOOF
    if mux.flags & FLAGS["cmaf"]:
        flags |= TFHD_STSD_ID
    if trk.mode == MODE_ISM:
        # FFmpeg 5.1.9: PIFF players refuse default sizes/durations and a base offset
        flags &= ~(TFHD_DEFAULT_SIZE | TFHD_DEFAULT_DURATION | TFHD_BASE_DATA_OFFSET |
                   TFHD_STSD_ID)
    q = bb.start("tfhd")
    bb.w8(0)
    bb.wb24(flags)
    bb.wb32(trk.track_id)
    if flags & TFHD_BASE_DATA_OFFSET:
        bb.wb64(moof_pos)
    if flags & TFHD_STSD_ID:
        bb.wb32(1)
    # the defaults of the previous fragment stay when this one does not write them
    default_duration = getattr(trk, "default_duration", 0)
    if flags & TFHD_DEFAULT_DURATION:
        default_duration = trk.default_duration = cluster_duration(trk, 0)
        bb.wb32(default_duration)
    default_size = -1
    if flags & TFHD_DEFAULT_SIZE:
        default_size = trk.samples[0].size if n else 1
        bb.wb32(default_size)
    if flags & TFHD_DEFAULT_FLAGS:
        if n > 1:
            dflags = sample_flags(trk.samples[1])
        else:
            dflags = (DEPENDS_YES | IS_NON_SYNC) if trk.par.codec_type == "video" else DEPENDS_NO
        bb.wb32(dflags)
    else:
        dflags = 0
    bb.end(q)
    if mux.mode != MODE_ISM:
        q = bb.start("tfdt")
        bb.w8(1)
        bb.wb24(0)
        bb.wb64(trk.samples[0].dts - trk.start_dts)
        bb.end(q)
    start = 0
    for i in range(1, n):
        prev = trk.samples[i - 1]
        if trk.samples[i].pos != prev.pos + prev.size:
            _trun(bb, mux, trk, moof_size, start, i, default_duration, default_size, dflags)
            start = i
    _trun(bb, mux, trk, moof_size, start, n, default_duration, default_size, dflags)
    if mux.mode == MODE_ISM:
        from .mux_ismv import tfrf_placeholder, tfxd
        tfxd(bb, trk)
        if mux.ism_lookahead:
            tfrf_placeholder(bb, mux, trk, moof_pos)
    bb.end(p)


def _trun(bb, mux, trk, moof_size, first, end, ddur, dsize, dflags) -> None:
    from .mux import FLAGS
    s = trk.samples
    flags = TRUN_DATA_OFFSET
    for i in range(first, end):
        if cluster_duration(trk, i) != ddur:
            flags |= TRUN_SAMPLE_DURATION
        if s[i].size != dsize:
            flags |= TRUN_SAMPLE_SIZE
        if i > first and sample_flags(s[i]) != dflags:
            flags |= TRUN_SAMPLE_FLAGS
    if not flags & TRUN_SAMPLE_FLAGS and s and sample_flags(s[0]) != dflags:
        flags |= TRUN_FIRST_SAMPLE_FLAGS
    if trk.flags & MOV_TRACK_CTTS:
        flags |= TRUN_SAMPLE_CTS
    p = bb.start("trun")
    bb.w8(1 if mux.negative_cts else 0)
    bb.wb24(flags)
    bb.wb32(end - first)
    if (mux.flags & FLAGS["omit_tfhd_offset"] and not mux.flags & FLAGS["default_base_moof"]
            and not mux.first_trun):
        bb.wb32(0)
    else:
        bb.wb32(moof_size + 8 + trk.data_offset + s[first].pos)
    if flags & TRUN_FIRST_SAMPLE_FLAGS:
        bb.wb32(sample_flags(s[first]))
    for i in range(first, end):
        if flags & TRUN_SAMPLE_DURATION:
            bb.wb32(cluster_duration(trk, i))
        if flags & TRUN_SAMPLE_SIZE:
            bb.wb32(s[i].size)
        if flags & TRUN_SAMPLE_FLAGS:
            bb.wb32(sample_flags(s[i]))
        if flags & TRUN_SAMPLE_CTS:
            bb.wb32(s[i].cts)
    mux.first_trun = False
    bb.end(p)


def _moof(mux, moof_pos: int, moof_size: int, tracks: int = -1) -> bytes:
    bb = BoxBuf()
    p = bb.start("moof")
    mux.first_trun = True
    bb.wb32(16)
    bb.write(b"mfhd")
    bb.wb32(0)
    bb.wb32(mux.fragments)
    for i, trk in enumerate(mux.tracks):
        if trk.samples and (tracks < 0 or i == tracks):
            _traf(bb, mux, trk, moof_pos, moof_size)
    bb.end(p)
    return bytes(bb.b)


def write_moof(mux, mdat_size: int, tracks: int = -1) -> None:
    """mov_write_moof_tag: the DASH sidx and the prft in front, records the fragment for the
    mfra index (and a global sidx), then writes the moof."""
    from .mux import FLAGS
    from .mux_sidx import prft, sidx_tags
    F = FLAGS
    moof_size = len(_moof(mux, mux.pb.tell(), 0, tracks))
    if mux.flags & F["dash"] and not mux.flags & (F["global_sidx"] | F["skip_sidx"]):
        mux.pb.write(sidx_tags(mux, tracks, moof_size + 8 + mdat_size))
    if getattr(mux, "write_prft", 0) in (1, 2):
        mux.pb.write(prft(mux, tracks))
    pos = mux.pb.tell()
    if mux.flags & F["global_sidx"] or not mux.flags & F["skip_trailer"] or mux.ism_lookahead:
        for i, trk in enumerate(mux.tracks):
            if not trk.samples or (tracks >= 0 and i != tracks):
                continue
            s0 = trk.samples[0]
            t = s0.dts + s0.cts
            duration = trk.end_pts - t
            # FFmpeg 5.1.9: a negative start was trimmed by an edit list: it counts from 0
            if t < 0:
                duration += t
                t = 0
            trk.frag_info.append([t, pos, moof_size + 8 + mdat_size, duration, 0])
            if mux.ism_lookahead:
                from .mux_ismv import write_tfrf_tags
                write_tfrf_tags(mux, trk)
    mux.pb.write(_moof(mux, pos, moof_size, tracks))


def mfra(mux) -> bytes:
    from .mux import FLAGS
    bb = BoxBuf()
    p = bb.start("mfra")
    if mux.flags & FLAGS["isml"]:
        # an empty mfra tells a publishing point that the stream has ended
        bb.end(p)
        return bytes(bb.b)
    for trk in mux.tracks:
        if not trk.frag_info:
            continue
        q = bb.start("tfra")
        bb.w8(1)
        bb.wb24(0)
        bb.wb32(trk.track_id)
        bb.wb32(0)
        bb.wb32(len(trk.frag_info))
        for t, off, *_rest in trk.frag_info:
            bb.wb64(t)
            bb.wb64(off + trk.data_offset)
            bb.write(b"\1\1\1")
        bb.end(q)
    bb.wb32(16)
    bb.write(b"mfro")
    bb.wb32(0)
    bb.wb32(bb.tell() + 4)
    bb.end(p)
    return bytes(bb.b)
