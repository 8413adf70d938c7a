"""The steady state of a stream copy from an MP4-family file, in one loop.

copy.py follows FFmpeg 5.1.9 packet by packet through a dozen layers (the mov demuxer,
av_read_frame, process_input, do_streamcopy, of_write_packet, av_interleaved_write_frame, the
muxer), which costs tens of microseconds of Python per packet. Once the run is past its first
packets (what find_stream_info buffered, the first packet of every output stream, the muxers'
timestamp shift), an MP4 input whose remaining samples all pass those layers unchanged apart
from per-stream constants is copied here instead: the samples are taken in
mov_find_next_sample's order straight from the index columns, read through one large window,
given the same fields, interleaved by the same rule (ff_interleave_packet_per_dts) and handed
to the muxer (the MP4 muxer appends them to its sample table without building packets). The
conditions are checked on the index columns before anything is written (fastcopy_lanes.py);
whatever fails them keeps the generic path. At the end the run's records (counters, the
muxers' running timestamps, the interleaving queue) are brought back to where the generic
loop would have left them, and the generic loop finishes the run (flushes and trailers).

The pieces: fastcopy_lanes.py (the input streams and the column checks), this loop (one
sample at a time, in mov's reading order), fastcopy_queue.py (its interleaving queue),
fastcopy_runs.py (one stream into an MP4 track: whole runs of samples), fastcopy_merge.py
(interleaved outputs: merged batches). The muxers' sides are formats/mp4/mux_lean.py and
formats/matroska/mux_lean.py.

CINE_FASTCOPY=0 in the environment turns it off (the differential tests compare both).
"""
from __future__ import annotations

import os
import time as _time

from ..errors import CineError
from ..model import PKT_FLAG_KEY, Packet
from ..timebase import q_factors, rescale_near
from .fastcopy_lanes import NotEligible, build_lanes, key_h264

ENABLED = os.environ.get("CINE_FASTCOPY", "1") != "0"
_MUXERS = {"mp4", "mov", "ipod", "3gp", "3g2", "psp", "f4v", "matroska", "webm", "adts", "null"}
_WINDOW = 1 << 20
_FIRST_CHECK = 8            # packets of the generic loop before the first readiness check
_GIVE_UP = 4096             # ... and after which the run stays on the generic path
TRIM_EVERY = 65536          # samples between two drops of the index entries already read
INT64_MAX = (1 << 63) - 1


class _Out:
    """One output stream fed by a lane, with its per-packet constants and the counters the
    generic layers would have kept (written back by FastCopy._sync)."""

    __slots__ = ("ost", "mux", "ms", "st", "idx", "same", "fb", "fc", "audio", "intra", "fs",
                 "par", "q", "n", "bytes", "last_dts", "sync", "pp_pre", "pp_last", "pp_video",
                 "writer", "strict", "shift", "moff", "use_pts", "pb", "cols", "size_free")

    def __init__(self, ost):
        self.ost = ost
        self.mux = ost.of.mux
        self.idx = ost.index
        self.ms = self.mux.ms[ost.index]
        self.st = ost.st
        self.par = ost.st.codecpar
        in_tb, tb = ost.ist.st.time_base, ost.st.time_base
        self.same = in_tb == tb
        self.fb, self.fc = q_factors(in_tb, tb)
        self.audio = self.par.codec_type == "audio"
        self.intra = self.ms.intra_only
        self.fs = {}                # muxing's audio frame duration by packet size
        # av_get_audio_frame_duration (timing_pts.audio_frame_duration) looks at the packet
        # size only for PCM; for the others any size above 0 gives the same duration
        self.size_free = self.audio and not (self.par.codec_name or "").startswith("pcm_") \
            and self.frame_incr(1) == self.frame_incr(4096)
        self.n = self.bytes = self.sync = 0
        self.last_dts = ost.last_mux_dts
        self.pp_pre = self.pp_last = 0
        self.pp_video = tb.den * tb.num
        self.strict = 0 if "ts_nonstrict" in self.mux.flags else 1
        # the muxer's timestamp shift (avoid_negative_ts), known before the hand-over
        self.shift = self.mux.avoid_status != "disabled"
        self.moff = self.ms.mux_ts_offset
        self.use_pts = self.mux.avoid_use_pts
        self.pb = self.mux.pb
        self.q = None
        self.cols = None            # fastcopy_merge.py: this output's part of a batch

    def frame_incr(self, size: int) -> int:
        """compute_fields' step of the muxer's running pts for an audio packet of `size`
        bytes (time_base.den * the frame's samples), memoised by size."""
        fs = self.fs.get(size)
        if fs is None:
            from ..timing_pts import audio_frame_duration
            fs = self.fs[size] = self.st.time_base.den * audio_frame_duration(self.par, size)
        return fs

    def count_run(self, sizes, sync: int, last_dts: int) -> None:
        """What of_write_packet and compute_fields count for a run of packets given to the
        muxing layer at once (sizes in order; sync: the sum of their durations)."""
        k = len(sizes)
        self.n += k
        self.bytes += sum(sizes)
        self.sync += sync
        self.last_dts = last_dts
        if self.audio:
            if self.size_free and min(sizes) > 0:
                # (the same frame duration whatever the packet size)
                step = self.frame_incr(sizes[0])
                self.pp_pre += self.pp_last + step * (k - 1)
                self.pp_last = step
                return
            fs = self.fs
            for size in set(sizes).difference(fs):
                self.frame_incr(size)
            incr = list(map(fs.__getitem__, sizes))
            self.pp_pre += self.pp_last + sum(incr) - incr[-1]
            self.pp_last = incr[-1]
        else:
            self.pp_pre += self.pp_last + self.pp_video * (k - 1)
            self.pp_last = self.pp_video

    def muxed(self, k: int) -> None:
        """k packets went through the muxer (mux.c write_packet's counts)."""
        self.ms.nb_frames += k
        self.st.nb_frames += k


class FastCopy:
    """Decides whether (and from when) a Remux run can take the fast loop, and runs it."""

    def __init__(self, remux):
        self.remux = remux
        self.count = 0
        self.next_check = _FIRST_CHECK
        self.done = False

    @classmethod
    def for_run(cls, remux):
        """A FastCopy when the run's set-up allows one at all (else None)."""
        if not ENABLED or not _static_ok(remux):
            return None
        return cls(remux)

    def due(self) -> bool:
        self.count += 1
        return self.count >= self.next_check

    def attempt(self, on_progress, interval: float, last_report):
        """Called by the generic loop between packets. Returns (ran, last_report): ran is
        True when the fast loop took the rest of the input; False with self.done set when
        the run stays generic for good."""
        if self.count >= _GIVE_UP:
            self.done = True
            return False, last_report
        if not _ready(self.remux):
            self.next_check = self.count + 16
            return False, last_report
        self.done = True
        try:
            plan = _Plan(self.remux)
        except NotEligible:
            return False, last_report
        return True, plan.run(on_progress, interval, last_report)


def _static_ok(remux) -> bool:
    job = remux.job
    if len(remux.files) != 1 or job.copy_ts or job.exit_on_error:
        return False
    f = remux.files[0]
    if f.loop is not None or f.start_time is not None or f.recording_time is not None \
            or f.discont or f.wrap_bits < 64:
        return False
    from ..formats.mp4.demux import Mp4Demuxer
    from ..io.source import FileSource
    inp = f.input
    if type(inp.demuxer) is not Mp4Demuxer or not isinstance(inp.source, FileSource) \
            or not inp.source.seekable or inp.source.size is None \
            or getattr(inp.demuxer, "generic_index", False):
        return False
    for of in remux.outputs:
        if of.start_time is not None or of.recording_time is not None \
                or of.limit_filesize is not None or of.shortest or of.mux is None:
            return False
        if of.entry.name not in _MUXERS or of.mux.output_ts_offset \
                or "notimestamps" in of.mux.flags:
            return False
        if getattr(of.mux.muxer, "fragment", False):
            return False            # movenc's fragments look at the interleaving queue
    for o in remux.ost_all:
        if o.max_frames != INT64_MAX or o.bsfs or o.ist.file is not f:
            return False
    return True


def _ready(remux) -> bool:
    """Past the run's first packets: nothing buffered before the demuxer, every output
    stream started, every muxer's timestamp shift and bitstream filter check done."""
    inp = remux.files[0].input
    if inp._pending_prefinish or inp._parsed or inp.requeued \
            or getattr(inp.demuxer, "packet_buffer", None):
        return False
    if getattr(inp.demuxer, "_pics", None):
        return False
    for o in remux.ost_all:
        if not o.started or o.last_mux_dts is None or o.finished or o.muxer_finished:
            return False
    for of in remux.outputs:
        mux = of.mux
        if mux.avoid_status == "unknown":
            return False
        for ms in mux.ms:
            if (mux.auto_bsf and not ms.bsf_checked) or ms.bsfs:
                return False
    return True


class _Plan:
    def __init__(self, remux):
        self.remux = remux
        f = self.file = remux.files[0]
        inp = f.input
        self.source = inp.source
        self.demuxer = inp.demuxer
        frames = inp._frames
        self.lanes = build_lanes(self.demuxer, f, frames, self.source.size)
        self.outs = []
        by_ist = {}
        for o in remux.ost_all:
            by_ist.setdefault(id(o.ist), []).append(o)
        for lane in self.lanes:
            if lane.discarded:
                continue
            for ost in by_ist.get(id(lane.ist), ()):
                out = _Out(ost)
                if out.audio and not out.same and out.fb > out.fc:
                    raise NotEligible("audio into a finer time base (av_rescale_delta)")
                lane.outs.append(out)
                self.outs.append(out)
        self.queues = []
        for of in remux.outputs:
            mine = [o for o in self.outs if o.mux is of.mux]
            q = None
            if of.mux.nb_interleaved > 1:
                from .fastcopy_queue import Interleaver
                q = Interleaver(of.mux, mine)
            for o in mine:
                o.q = q
                o.writer = _writer(o)
            if q is not None:
                self.queues.append(q)
        self.frames = frames

    # -- the loop ------------------------------------------------------------------------------
    def run(self, on_progress, interval: float, last_report):
        lanes = self.lanes
        fd = self.source._f.fileno()
        preadv = os.preadv
        # one window, refilled in place (no large allocation per read)
        buf = bytearray(_WINDOW)
        view = memoryview(buf)
        wstart = wend = 0
        nread = 0
        frames = self.frames
        count = 0
        KEY = PKT_FLAG_KEY
        steps = 0
        trim_at = TRIM_EVERY
        skipped = [lane for lane in lanes if lane.discarded]
        active = [lane for lane in lanes if not lane.discarded]
        single = active[0] if len(active) == 1 else None
        runs = None
        if single is not None and len(single.outs) == 1:
            make = getattr(single.outs[0].mux.muxer, "lean_run", None)
            append_run = make(single.outs[0].idx) if make is not None else None
            if append_run is not None:
                from .fastcopy_runs import RunCopier
                runs = RunCopier(self, single, single.outs[0], append_run)
                if not runs.ok:
                    runs = None
        retry_runs = True
        merge = None
        if single is None and active:
            from .fastcopy_merge import MergeCopier
            merge = MergeCopier.for_plan(self, active)
        if single is not None or merge is not None:
            for lane in skipped:
                # never read again: their index entries go now
                lane.cur = lane.n
                if lane.ctts is not None:
                    lane.ci = len(lane.ctts)
                lane.trim()
        # the generic loop's stop (a signal to ffmpeg), asked between batches and every 256
        # samples: the loop ends there and the generic loop takes the run to its end
        stop = self.remux._stop
        try:
            if merge is not None:
                def report():
                    nonlocal last_report
                    merge.trim(TRIM_EVERY)
                    last_report = self._report(on_progress, interval, last_report)
                    return stop is not None and stop()
                try:
                    merge.run(report)
                except CineError as exc:
                    self._write_failed(merge.outs[0], exc)
                    return last_report
            if stop is not None and stop():
                return last_report
            if single is None:
                for lane in lanes:
                    if lane.cur < lane.n:
                        lane.make_us()
            while True:
                steps += 1
                if steps >= trim_at:
                    trim_at += TRIM_EVERY
                    for lane in lanes:
                        lane.trim()
                if runs is not None and retry_runs:
                    try:
                        done = runs.batch()
                    except CineError as exc:
                        self._write_failed(runs.out, exc)
                        break
                    if done:
                        count += done
                        if single.cur >= TRIM_EVERY:
                            single.trim()
                        last_report = self._report(on_progress, interval, last_report)
                        if stop is not None and stop():
                            break
                        continue
                    retry_runs = False      # this sample goes through the loop below
                if single is not None:
                    # one stream read: the others' samples take their turns unread, which
                    # changes nothing that is written (they are set to their end afterwards)
                    lane = single
                    i = lane.cur
                    if i >= lane.n:
                        break
                else:
                    # mov_find_next_sample
                    best = None
                    for lane in lanes:
                        cur = lane.cur
                        if cur >= lane.n:
                            continue
                        pos = lane.pos[cur]
                        dts = lane.us[cur - lane.base]
                        if best is None:
                            best, best_dts, best_pos = lane, dts, pos
                            continue
                        diff = best_dts - dts
                        if diff < 0:
                            diff = -diff
                        if (pos < best_pos) if diff <= 1000000 else (dts < best_dts):
                            best, best_dts, best_pos = lane, dts, pos
                    if best is None:
                        break
                    lane = best
                    i = lane.cur
                    if lane.discarded:
                        lane.cur = i + 1
                        if lane.ctts is not None and lane.ci < len(lane.ctts):
                            lane.ci += 1
                        continue
                lane.cur = i + 1
                pos = lane.pos[i]
                size = lane.size[i]
                if pos < wstart or pos + size > wend:
                    if single is not None:
                        want = _contiguous(lane, i, _WINDOW)
                    else:
                        want = _WINDOW
                        for d in skipped:
                            # the bytes of streams nothing copies are not read: the window
                            # stops where their next sample starts
                            if d.cur < d.n:
                                nxt = d.pos[d.cur]
                                if pos < nxt < pos + want:
                                    want = nxt - pos
                    if size > want:
                        want = size
                    if want > len(buf):
                        buf = bytearray(want)       # (one sample larger than the window)
                        view = memoryview(buf)
                    got = preadv(fd, [view[:want]], pos)
                    nread += got
                    wstart = pos
                    wend = pos + got
                    if got < size:
                        # the file shrank: the generic loop reads this sample again (and
                        # reports it as the reference does)
                        lane.cur = i
                        break
                at = pos - wstart
                data = bytes(view[at:at + size])
                dts = lane.ts[i]
                if lane.ctts is not None:
                    pts = dts + lane.shift + lane.ctts[lane.ci]
                    lane.ci += 1
                    dur = lane.vdur
                else:
                    pts = dts
                    dur = (lane.ts[i + 1] if i + 1 < lane.n else lane.st.duration) - dts
                ief = lane.ief[i]
                flags = KEY if ief & 1 else 0
                sdtp = lane.sdtp
                if sdtp is not None and i < len(sdtp) and ((sdtp[i] >> 2) & 3) == 2:
                    flags |= 0x0010                     # AV_PKT_FLAG_DISPOSABLE
                if lane.key_mode is not None:
                    k = key_h264(lane, data)
                    if k is None:
                        k = KEY if frames._video_key(lane.st, data, False) else 0
                        if lane.ctts is not None:
                            lane.refresh_duration()
                            dur = lane.vdur
                    flags = (flags & ~KEY) | k
                if lane.intra_only:
                    flags |= KEY
                off = lane.off
                dts += off
                pts += off
                lane.nb += 1
                lane.bytes += size
                failed = False
                for o in lane.outs:
                    if o.ost.muxer_finished:
                        continue
                    try:
                        self._copy(o, data, pts, dts, dur, flags, pos)
                    except CineError as exc:
                        self._write_failed(o, exc)
                        failed = True
                if failed:
                    break
                retry_runs = True
                count += 1
                if not count & 255:
                    last_report = self._report(on_progress, interval, last_report)
                    if stop is not None and stop():
                        break
        finally:
            if runs is not None:
                nread += runs.nread
            if merge is not None:
                nread += merge.nread
            self.source.bytes_read += nread
            self._sync()
            self._requeue()
        return last_report

    def _report(self, on_progress, interval: float, last_report):
        """The periodic stats report, when one is due (the records brought up to date
        first); returns the time of the last one."""
        if on_progress is None:
            return last_report
        now = _time.monotonic()
        if last_report is None or now - last_report >= interval:
            self._sync()
            on_progress(self.remux._progress(False))
            return now
        return last_report

    def _write_failed(self, o: _Out, exc) -> None:
        self.remux._write_failed(o.ost, exc.code)

    def _copy(self, o: _Out, data, pts, dts, dur, flags, pos) -> None:
        """do_streamcopy, of_write_packet and av_interleaved_write_frame up to the queue."""
        if not o.same:
            fb, fc = o.fb, o.fc
            h = fc >> 1
            if dts >= 0 and dur >= 0:           # (pts >= dts here)
                pts = (pts * fb + h) // fc
                dts = (dts * fb + h) // fc
                dur = (dur * fb + h) // fc
            else:
                pts = rescale_near(pts, fb, fc)
                dts = rescale_near(dts, fb, fc)
                dur = rescale_near(dur, fb, fc)
        if o.audio:
            pts = dts
            o.pp_pre += o.pp_last
            o.pp_last = o.frame_incr(len(data))
        else:
            o.pp_pre += o.pp_last
            o.pp_last = o.pp_video
        o.sync += dur
        last = o.last_dts
        if dts < last + o.strict:
            dts, pts = self._nonmonotonous(o, dts, pts)
        o.n += 1
        o.bytes += len(data)
        o.last_dts = dts
        if o.intra:
            flags |= PKT_FLAG_KEY
        if dur <= 0:
            p = Packet(o.idx, data, pts, dts, dur, pos, flags)
            o.mux._guess_duration(o.st, p)
            dur = p.duration
        if o.q is None:
            self._emit(o, data, pts, dts, dur, flags, pos)
        else:
            o.q.add(o, (data, pts, dts, dur, flags, pos), self._emit)

    def _nonmonotonous(self, o: _Out, dts, pts):
        """of_write_packet's fix of a dts that does not increase (a one-tick collision after
        rescaling is the usual case: logged at debug level)."""
        from .copy import fix_nonmonotonous
        return fix_nonmonotonous(o.mux.log, o.ost.of.index, o.st.index, o.par.codec_type,
                                 o.last_dts, o.last_dts + o.strict, dts, pts)

    def _emit(self, o: _Out, data, pts, dts, dur, flags, pos) -> None:
        """mux.c write_packet: the muxer's timestamp shift, then the muxer."""
        if o.shift:
            off = o.moff
            if (pts + off < 0) if o.use_pts else (dts + off < 0):
                p = Packet(o.idx, data, pts, dts, dur, pos, flags)
                o.mux._avoid_negative(o.ms, o.st, p)        # (its warning)
                pts, dts = p.pts, p.dts
            else:
                pts += off
                dts += off
        w = o.writer
        if w is None or not w(data, pts, dts, dur, flags):
            o.mux.muxer.write_packet(Packet(o.idx, data, pts, dts, dur, pos, flags))
        o.ms.nb_frames += 1
        o.st.nb_frames += 1
        pb = o.pb
        if pb is not None:
            pb.flush_point()
            if pb.error < 0:
                raise CineError(code=pb.error)

    # -- back to the generic records ------------------------------------------------------------
    def _sync(self) -> None:
        for lane in self.lanes:
            sc = lane.sc
            sc.current_sample = lane.cur
            if lane.ctts is not None:
                sc.ctts_index = lane.ci
            ist = lane.ist
            ist.nb_packets += lane.nb
            ist.data_size += lane.bytes
            lane.nb = lane.bytes = 0
        for o in self.outs:
            if not o.n:
                continue
            ost = o.ost
            ost.frame_number += o.n
            ost.packets += o.n
            ost.data_size += o.bytes
            ost.sync_opts += o.sync
            ost.last_mux_dts = o.last_dts
            ms = o.ms
            ms.cur_dts = ms.end_val = o.last_dts
            pp = ms.priv_pts
            if pp is not None:
                # compute_fields: val restarts from each dts, the fraction runs on
                pp.num = (pp.num + o.pp_pre) % pp.den
                pp.val = o.last_dts
                pp.add(o.pp_last)
            o.n = o.bytes = o.sync = o.pp_pre = o.pp_last = 0

    def _requeue(self) -> None:
        for q in self.queues:
            q.give_back()


def _writer(o: _Out):
    """The muxer's own fast sample writer for this stream, if it has one."""
    make = getattr(o.mux.muxer, "lean_writer", None)
    return make(o.idx) if make is not None else None


def _contiguous(lane, i: int, limit: int) -> int:
    """Bytes from sample i on that the stream's next samples fill without a gap (one chunk
    of it, or more when its chunks follow each other), at most `limit` (at least the sample)."""
    pos, size = lane.pos, lane.size
    end = pos[i] + size[i]
    stop = pos[i] + limit
    j = i + 1
    n = lane.n
    while j < n and pos[j] == end and end + size[j] <= stop:
        end += size[j]
        j += 1
    return end - pos[i]
