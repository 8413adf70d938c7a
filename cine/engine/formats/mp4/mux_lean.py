"""The MP4/MOV muxer's sample append without a packet (pipeline/fastcopy.py): what
mov_write_packet and ff_mov_write_packet do to a sample of a non-fragmented track past its
first sample, straight into the track's sample table. A sample that needs any of the other
cases (a check that warns or fails, an ADTS header, an empty packet) is refused and goes
through write_packet instead."""
from __future__ import annotations

from .mux_track import MOV_DISPOSABLE_SAMPLE, MOV_SYNC_SAMPLE, MOV_TRACK_CTTS

INT_MAX = (1 << 31) - 1
_GENERIC_CODECS = {"ac3", "eac3", "amr_nb", "adpcm_ms", "adpcm_ima_wav", "mov_text", "dnxhd",
                   "truehd"}


def lean_writer(mux, index: int):
    """write(data, pts, dts, duration, flags) -> bool for track `index`, or None when the
    track's state needs write_packet for every sample."""
    from .mux import FLAGS
    if index >= len(mux.tracks) or mux.fragment or mux.negative_cts \
            or mux.flags & FLAGS["frag_discont"] or mux._text_tracks():
        return None
    trk = mux.tracks[index]
    par = trk.par
    name = par.codec_name
    if trk.is_cover or name in _GENERIC_CODECS or getattr(trk, "dts_shift", None) is not None:
        return None
    vos = trk.vos_data
    if not vos:
        return None
    if name == "h264" and vos[0] != 1:
        return None
    if name == "hevc" and (vos[:3] == b"\0\0\1" or vos[:4] == b"\0\0\0\1"):
        return None
    tab = trk.samples
    if not len(tab.pos) or trk.start_dts is None or trk.end_pts is None:
        return None
    pb = mux.pb
    pb_write, pb_tell = pb.write, pb.tell
    col_dts = tab.dts
    a_pos, a_size, a_dts = tab.pos.append, tab.size.append, tab.dts.append
    a_pts, a_cts, a_flags = tab.pts.append, tab.cts.append, tab.flags.append
    a_sic, a_ent, a_chunk = tab.samples_in_chunk.append, tab.entries.append, tab.chunk_num.append
    ss = trk.sample_size
    aac = name == "aac"
    start_dts = trk.start_dts

    def write(data, pts, dts, duration, flags) -> bool:
        size = len(data)
        if not size:
            return False
        ref = col_dts[-1]
        if dts < ref or dts - ref >= INT_MAX or duration < 0 or duration > INT_MAX:
            return False
        cts = pts - dts
        if not -(1 << 31) < cts <= (1 << 31):
            return False
        if ss:
            sic = size // ss
            if sic < 1:
                return False
        else:
            sic = 1
        if aac and size > 2 and data[0] == 0xFF and (data[1] & 0xF0) == 0xF0:
            return False
        pos = pb_tell()
        pb_write(data)
        trk.track_duration = dts - start_dts + duration
        trk.last_sample_is_subtitle_end = False
        if cts:
            trk.flags |= MOV_TRACK_CTTS
        end = pts + duration
        if end > trk.end_pts:
            trk.end_pts = end
        s_flags = 0
        if flags & 1:
            s_flags = MOV_SYNC_SAMPLE
            trk.has_keyframes += 1
        if flags & 0x0010:
            s_flags |= MOV_DISPOSABLE_SAMPLE
            trk.has_disposable += 1
        a_pos(pos)
        a_size(size)
        a_dts(dts)
        a_pts(pts)
        a_cts(cts)
        a_flags(s_flags)
        a_sic(sic)
        a_ent(sic)
        a_chunk(0)
        trk.sample_count += sic
        mux.mdat_size += size
        return True
    return write


def lean_run(mux, index: int):
    """append_run(sizes, dts, pts, durations, flags, payload) -> int for track `index`:
    a run of samples (columns, payload = their bytes in order) appended as write() would
    append them one by one; 0 (nothing done) when one of them needs write_packet. None
    when the track cannot take runs at all."""
    write = lean_writer(mux, index)
    if write is None:
        return None
    import re
    from array import array
    from itertools import accumulate
    from operator import add, sub
    trk = mux.tracks[index]
    tab = trk.samples
    ss = trk.sample_size
    aac = trk.par.codec_name == "aac"
    adts = re.compile(rb"\xff[\xf0-\xff]")
    to_mov_flags = bytes((MOV_SYNC_SAMPLE if v & 1 else 0) | (MOV_DISPOSABLE_SAMPLE if v & 0x10 else 0)
                         for v in range(256))

    def append_run(sizes, dts, pts, durs, flags, payload) -> int:
        k = len(sizes)
        if not k or min(sizes) <= 0 or (ss and min(sizes) < ss):
            return 0
        ref = tab.dts[-1]
        if dts[0] < ref or dts[0] - ref >= INT_MAX or min(durs) < 0 or max(durs) > INT_MAX:
            return 0
        if k > 1 and max(map(sub, dts[1:], dts[:-1])) >= INT_MAX:
            return 0
        cts = array("q", map(sub, pts, dts))
        if min(cts) <= -(1 << 31) or max(cts) > (1 << 31):
            return 0
        offsets = None
        if aac:
            hits = [m.start() for m in adts.finditer(payload)]
            if hits:
                offsets = set(accumulate(sizes, initial=0))
                if any(h in offsets and payload[h + 1:h + 2] for h in hits):
                    return 0            # (an ADTS header: write_packet warns or fails)
        pb = mux.pb
        start = pb.tell()
        pb.write(payload)
        tab.pos.extend(accumulate(sizes[:-1], initial=start))
        tab.size.extend(sizes)
        tab.dts.extend(dts)
        tab.pts.extend(pts)
        tab.cts.extend(cts)
        mflags = flags.translate(to_mov_flags)
        tab.flags.extend(mflags)
        sic = array("I", [1]) * k if not ss else array("I", (s // ss for s in sizes))
        tab.samples_in_chunk.extend(sic)
        tab.entries.extend(sic)
        tab.chunk_num.extend(array("I", [0]) * k)
        trk.track_duration = dts[-1] - trk.start_dts + durs[-1]
        trk.last_sample_is_subtitle_end = False
        if any(cts):
            trk.flags |= MOV_TRACK_CTTS
        end = max(map(add, pts, durs))
        if end > trk.end_pts:
            trk.end_pts = end
        trk.has_keyframes += mflags.count(MOV_SYNC_SAMPLE) + mflags.count(
            MOV_SYNC_SAMPLE | MOV_DISPOSABLE_SAMPLE)
        trk.has_disposable += mflags.count(MOV_DISPOSABLE_SAMPLE) + mflags.count(
            MOV_SYNC_SAMPLE | MOV_DISPOSABLE_SAMPLE)
        trk.sample_count += sum(sic)
        mux.mdat_size += len(payload)
        return k
    return append_run
