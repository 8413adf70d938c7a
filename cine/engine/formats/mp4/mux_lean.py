"""The MP4/MOV muxer's sample append without a packet (pipeline/fastcopy.py): what
mov_write_packet and ff_mov_write_packet do to a sample of a non-fragmented track past its
first sample, straight into the track's sample table. A sample that needs any of the other
cases (a check that warns or fails, an ADTS header, an empty packet) is refused and goes
through write_packet instead."""
from __future__ import annotations

from array import array
from itertools import accumulate
from operator import add, sub

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
    a_ent = tab.entries.append
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
        a_ent(sic)
        trk.sample_count += sic
        mux.mdat_size += size
        return True
    return write


class TrackRun:
    """A track's side of whole runs of samples: checks on the columns that write() would
    make one sample at a time, and the sample table appends."""

    def __init__(self, mux, index: int):
        self.mux = mux
        trk = self.trk = mux.tracks[index]
        self.tab = trk.samples
        self.ss = trk.sample_size
        self.aac = trk.par.codec_name == "aac"

    def check(self, sizes, dts, pts, durs) -> bool:
        """Whether write() would take every sample of the run (ADTS headers aside); the
        callers' dts never decrease."""
        ss = self.ss
        if not len(sizes) or min(sizes) <= 0 or (ss and min(sizes) < ss):
            return False
        ref = self.tab.dts[-1]
        if dts[0] < ref or dts[0] - ref >= INT_MAX or min(durs) < 0 or max(durs) > INT_MAX:
            return False
        if len(dts) > 1 and dts[-1] - dts[0] >= INT_MAX \
                and max(map(sub, dts[1:], dts[:-1])) >= INT_MAX:
            return False
        if pts is dts:
            return True
        cts = array("q", map(sub, pts, dts))
        return min(cts) > -(1 << 31) and max(cts) <= (1 << 31)

    def append(self, positions, sizes, dts, pts, durs, flags, end=None, cts=None) -> None:
        """The samples' table entries and track summary (their bytes are written); `end`
        (the latest pts + duration) and `cts` (pts - dts) when the caller knows them."""
        trk, tab, ss = self.trk, self.tab, self.ss
        k = len(sizes)
        tab.pos.extend(positions)
        tab.size.extend(sizes)
        tab.dts.extend(dts)
        tab.pts.extend(pts)
        if pts is dts:
            tab.cts.frombytes(bytes(8 * k))         # (no composition offsets)
        else:
            if cts is None:
                cts = array("q", map(sub, pts, dts))
            tab.cts.extend(cts)
            if any(cts):
                trk.flags |= MOV_TRACK_CTTS
        mflags = flags.translate(_TO_MOV_FLAGS)
        tab.flags.extend(mflags)
        if ss:
            sic = array("I", (s // ss for s in sizes))
            tab.entries.extend(sic)
            trk.sample_count += sum(sic)
        else:
            tab.entries.extend(array("I", [1]) * k)
            trk.sample_count += k
        trk.track_duration = dts[-1] - trk.start_dts + durs[-1]
        trk.last_sample_is_subtitle_end = False
        if end is None:
            end = max(map(add, pts, durs))
        if end > trk.end_pts:
            trk.end_pts = end
        both = MOV_SYNC_SAMPLE | MOV_DISPOSABLE_SAMPLE
        trk.has_keyframes += mflags.count(MOV_SYNC_SAMPLE) + mflags.count(both)
        trk.has_disposable += mflags.count(MOV_DISPOSABLE_SAMPLE) + mflags.count(both)
        self.mux.mdat_size += sum(sizes)


def adts_like(payload, sizes, start: int = 0) -> bool:
    """Whether one of the samples (laid out from `start` in payload) begins as an ADTS
    header would (write() warns or fails on those)."""
    starts = list(accumulate(sizes[:-1], initial=start))
    firsts = bytes(map(payload.__getitem__, starts))
    i = firsts.find(0xFF)
    while i >= 0:
        at = starts[i]
        if sizes[i] > 2 and payload[at + 1] & 0xF0 == 0xF0:
            return True
        i = firsts.find(0xFF, i + 1)
    return False


def adts_hits(payload, offsets, sizes) -> int:
    """How many of the samples (at `offsets` in payload) begin as an ADTS header would
    (write() logs "aac bitstream error" for each, past the first sample)."""
    firsts = bytes(map(payload.__getitem__, offsets))
    hits = 0
    i = firsts.find(0xFF)
    while i >= 0:
        if sizes[i] > 2 and payload[offsets[i] + 1] & 0xF0 == 0xF0:
            hits += 1
        i = firsts.find(0xFF, i + 1)
    return hits


def lean_track_run(mux, index: int):
    """The TrackRun of track `index` when its samples can be appended as columns."""
    if lean_writer(mux, index) is None:
        return None
    return TrackRun(mux, index)


def lean_run(mux, index: int):
    """append_run(sizes, dts, pts, durations, flags, payload, end=None) -> int for track
    `index`: a run of samples (columns, payload = their bytes in order) appended as write()
    would append them one by one; 0 (nothing done) when one of them needs write_packet.
    None when the track cannot take runs at all. `end`: the latest pts + duration, when
    the caller knows it."""
    if lean_writer(mux, index) is None:
        return None
    run = TrackRun(mux, index)

    def append_run(sizes, dts, pts, durs, flags, payload, end=None) -> int:
        if not run.check(sizes, dts, pts, durs) or (run.aac and adts_like(payload, sizes)):
            return 0
        pb = mux.pb
        start = pb.tell()
        pb.write(payload)
        run.append(accumulate(sizes[:-1], initial=start), sizes, dts, pts, durs, flags, end)
        return len(sizes)
    return append_run


_TO_MOV_FLAGS = bytes((MOV_SYNC_SAMPLE if v & 1 else 0) | (MOV_DISPOSABLE_SAMPLE if v & 0x10 else 0)
                      for v in range(256))
