"""Fragment flushing and the fragmented trailer of the MP4 muxer (FFmpeg 5.1.9 movenc.c
mov_flush_fragment / mov_write_trailer): the first flush writes the moov and one mdat (unless
the moov went out empty in the header), later ones a moof + mdat for all tracks or, with
separate_moof (and in ISMV), one pair per track; the trailer inserts a global sidx
(-movflags global_sidx) and writes the mfra index (ISO/IEC 14496-12 8.8, 8.16.3).
"""
from __future__ import annotations

from .mux_boxes import cluster_duration, write_moov


def _fill_end_times(mux) -> None:
    """Tracks whose last duration is not known from the packet that triggered the flush
    take it from their next queued packet."""
    mc = mux.mux_ctx
    for i, trk in enumerate(mux.tracks):
        if trk.end_reliable:
            continue
        p = mc.peek(i) if i < len(mux.ctx.streams) else None
        if p is None:
            continue
        off = mc.ts_offset(i)
        pts = p.pts + off if p.pts is not None else None
        dts = p.dts + off
        if trk.dts_shift is not None:
            dts += trk.dts_shift
        if trk.start_dts is not None:
            trk.track_duration = dts - trk.start_dts
        # FFmpeg 5.1.9 also sets end_pts for a track with no sample yet
        trk.end_pts = pts if pts is not None else dts


def interleave_track(mux, trk, force: bool) -> None:
    """-frag_interleave N (mov_flush_fragment_interleaving): a track's pending samples move
    to the shared fragment buffer every N samples, so that tracks alternate in the mdat."""
    done = getattr(trk, "entries_flushed", 0)
    if not force and len(trk.samples) - done < mux.frag_interleave:
        return
    if not trk.mdat_buf:
        return
    offset = len(mux.mdat_buf)
    mux.mdat_buf += trk.mdat_buf
    trk.mdat_buf = bytearray()
    for i in range(done, len(trk.samples)):
        trk.samples[i].pos += offset
    trk.entries_flushed = len(trk.samples)


def _estimate_last_durations(mux) -> None:
    for trk in mux.tracks:
        n = len(trk.samples)
        if n <= 1 or cluster_duration(trk, n - 1) != 0:
            continue
        d = cluster_duration(trk, n - 2)
        trk.track_duration += d
        trk.end_pts += d
        if not mux.missing_duration_warned:
            mux.log.warning("Estimating the duration of the last packet in a fragment, "
                            "consider setting the duration field in AVPacket instead.\n")
            mux.missing_duration_warned = True


def flush_fragment(mux, force: bool) -> None:
    """mov_auto_flush_fragment: with delay_moov the first flush writes only the moov, so a
    second one follows at once."""
    from .mux import FLAGS
    had_moov = mux.moov_written
    _flush(mux, force)
    if not had_moov and mux.flags & FLAGS["delay_moov"]:
        _flush(mux, force)


def _hidden_moov(mux) -> bytes:
    """The moov of empty_moov/delay_moov: tracks show no sample even where some are
    buffered already."""
    hidden = [(t, t.samples) for t in mux.tracks if t.samples]
    for t, _ in hidden:
        t.samples = type(t.samples)()
    try:
        return write_moov(mux)
    finally:
        for t, samples in hidden:
            t.samples = samples


def _flush(mux, force: bool) -> None:
    from .mux import FLAGS
    from .mux_frag import write_moof
    _fill_end_times(mux)
    _estimate_last_durations(mux)
    pb = mux.pb
    if not mux.moov_written:
        if any(not t.samples and not t.is_cover for t in mux.tracks) and not force:
            return
        pos = pb.tell()
        delay = mux.flags & FLAGS["delay_moov"]
        moov = _hidden_moov if mux.flags & FLAGS["empty_moov"] else write_moov
        size = len(moov(mux))
        for trk in mux.tracks:
            trk.data_offset = pos + size + 8
        pb.flush_point()
        if delay:
            mux._write_ftyp()
        pb.write(moov(mux))
        if delay:
            if mux.flags & FLAGS["global_sidx"]:
                mux.reserved_header_pos = pb.tell()
            pb.flush_point()
            mux.moov_written = True
            return
        pb.wb32(len(mux.mdat_buf) + 8)
        pb.fourcc("mdat")
        pb.write(bytes(mux.mdat_buf))
        mux.mdat_buf = bytearray()
        if mux.flags & FLAGS["global_sidx"]:
            mux.reserved_header_pos = pb.tell()
        mux.moov_written = True
        mux.mdat_size = 0
        for trk in mux.tracks:
            trk.samples.clear()
            trk.end_reliable = False
        pb.flush_point()
        return
    separate = bool(mux.flags & FLAGS["separate_moof"])
    mdat_size = 0
    first = -1
    if mux.frag_interleave:
        for trk in mux.tracks:
            interleave_track(mux, trk, True)
        if not mux.mdat_buf:
            return
        mdat_size = len(mux.mdat_buf)
    for i, trk in enumerate(mux.tracks):
        trk.data_offset = 0 if (separate or mux.frag_interleave) else mdat_size
        if not trk.samples:
            continue
        mdat_size += len(trk.mdat_buf)
        if first < 0:
            first = i
    if not mdat_size:
        return
    for i, trk in enumerate(mux.tracks):
        if separate:
            if not trk.samples:
                continue
            mdat_size = len(trk.mdat_buf)
            write, tracks = True, i
        else:
            write, tracks = i == first, -1
        if write:
            pb.flush_point()
            write_moof(mux, mdat_size, tracks)
            mux.fragments += 1
            pb.wb32(mdat_size + 8)
            pb.fourcc("mdat")
        trk.samples.clear()
        trk.entries_flushed = 0
        trk.end_reliable = False
        if mux.frag_interleave:
            if mux.mdat_buf:
                pb.write(bytes(mux.mdat_buf))
                mux.mdat_buf = bytearray()
        elif trk.mdat_buf:
            pb.write(bytes(trk.mdat_buf))
            trk.mdat_buf = bytearray()
    mux.mdat_size = 0
    pb.flush_point()


def fragmented_trailer(mux) -> None:
    from .mux import FLAGS
    from .mux_frag import mfra
    from .mux_sidx import sidx_tags
    pb = mux.pb
    flush_fragment(mux, True)
    for trk in mux.tracks:
        trk.data_offset = 0
    if mux.flags & FLAGS["global_sidx"]:
        mux.log.info("Starting second pass: inserting sidx atoms\n")
        size = len(sidx_tags(mux, -1, 0))
        for trk in mux.tracks:
            trk.data_offset += size
        if pb.seekable:
            end = pb.tell()
            pb.shift_data(mux.reserved_header_pos, end, size)
            end = pb.tell()
            pb.seek(mux.reserved_header_pos)
            pb.write(sidx_tags(mux, -1, 0))
            pb.seek(end)
        # FFmpeg 5.1.9 on a pipe: nothing to shift, the seeks fail and the sidx boxes written
        # into the output buffer are overwritten by what follows (the offsets still count them)
    if not mux.flags & FLAGS["skip_trailer"]:
        pb.write(mfra(mux))
