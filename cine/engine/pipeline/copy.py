"""The stream-copy (remux) run of FFmpeg 5.1.9's ffmpeg tool: Remux, its read loop
(transcode_step/choose_output/process_input with the input timestamp offset and
discontinuity handling), do_streamcopy's -ss/-t/-to rules and timestamp rescaling,
of_write_packet's DTS fixes, then libavformat's muxing layer (muxing.py) and the muxer.
The output set-up is outputs_setup.py, the run's state records copy_state.py.

The engine never prints: every message goes to the log sink with the reference's text.
"""
from __future__ import annotations

import errno as _errno
import gc as _gc
import time as _time

from ..errors import AVERROR_EOF, CineError, strerror
from ..log import Logger, Sink
from ..model import AV_TIME_BASE, AV_TIME_BASE_Q, PKT_FLAG_KEY, FormatContext, Packet, Rational
from ..timebase import q_factors, rescale_delta, rescale_near, rescale_q
from .job import Job
from .stream_loop import seek_to_start, shift_packet
from ..bitstream import bsf as _bsf
from ..log import DEBUG, ERROR, FATAL, WARNING
from ..timing_pts import audio_frame_duration
from . import fastcopy as _fastcopy
from . import outputs_setup as _setup
from .first_packet import add_stream_side_data
from .copy_state import INT64_MAX, InputFile, InputStream, OutputFile, OutputStream
from .outputs_setup import HeaderError
from .inputs import guess_input_channel_layouts, seek_input  # noqa: F401 (public API)
from .stats import InputStats, OutputStats, Progress, RemuxSummary, StreamStats  # noqa: F401 (public API)


def _rq(a: int, b: Rational, c: Rational) -> int:
    """rescale_q with the common same-time-base case short-circuited."""
    if b == c:
        return a
    return rescale_q(a, b, c)


__all__ = ["AbortRun", "HeaderError", "Remux", "InputStats", "OutputStats", "Progress",
           "RemuxSummary", "StreamStats", "guess_input_channel_layouts", "seek_input"]

DTS_DELTA_THRESHOLD = 10        # -dts_delta_threshold (seconds)
DTS_ERROR_THRESHOLD = 3600 * 30  # -dts_error_threshold (seconds)
REPORT_INTERVAL = 0.5


class AbortRun(CineError):
    """exit_program(1) in the middle of the run (-xerror): the reason is logged, the outputs
    are closed without their trailers."""


class Remux:
    """Run one Job whose every output stream is `copy`."""

    fast_copy = True            # the packet loop may hand over to fastcopy.py

    def __init__(self, job: Job, inputs: list, sink: Sink | None = None):
        self.job = job
        self.sink = sink
        self.log = Logger("", sink)
        self.files = [InputFile(i, spec, inp, job) for i, (spec, inp) in enumerate(zip(job.inputs, inputs))]
        for f in self.files:
            guess_input_channel_layouts(f.ctx, f.index, None)
            seek_input(f.input, f.spec, sink)
        self.outputs: list[OutputFile] = []
        self.ost_all: list[OutputStream] = []
        self.return_code = 0            # ffmpeg's main_return_code
        self._t0 = None
        self._stop = None               # run(stop=): the loop's `while (!received_sigterm)`
        self.stopped = False            # the loop ended because stop() said so

    # -- set-up -----------------------------------------------------------------------------
    def init_outputs(self, on_header=None) -> list[FormatContext]:
        """Open every output and write its header; raises CineError (HeaderError when a
        muxer refused the streams). on_header(index, ctx) runs after each header (ffmpeg
        dumps "Output #N" there, before the next output is set up)."""
        try:
            return _setup.init_outputs(self, on_header)
        except CineError:
            raise
        except (ArithmeticError, LookupError, ValueError, TypeError, AttributeError,
                OSError, RecursionError) as exc:
            raise _internal(exc) from None

    # -- the loop ---------------------------------------------------------------------------
    def run(self, on_progress=None, interval: float = REPORT_INTERVAL,
            defer_close: bool = False, stop=None) -> RemuxSummary:
        """The packet loop and the trailers; raises CineError on failure. A failed packet
        write or trailer is logged as the reference logs it and leaves `return_code` 1
        (ffmpeg's main_return_code). With defer_close the outputs stay open until
        close_outputs() (ffmpeg closes them after its final report). stop() (optional) is
        asked between packets: once it answers true no more input is read, and the run
        finishes as at the end of its inputs (decoders and encoders flushed, trailers)."""
        self._stop = stop
        _leave_collector(True)
        try:
            summary = self._run(on_progress, interval)
        except CineError:
            self.close_outputs(quiet=True)
            raise
        except (ArithmeticError, LookupError, ValueError, TypeError, AttributeError,
                OSError, RecursionError) as exc:
            self.close_outputs(quiet=True)
            raise _internal(exc) from None
        except MemoryError:
            # an allocation failed (AVERROR(ENOMEM)): its message, then exit_program(1)
            self.close_outputs(quiet=True)
            self.log.error("%s\n" % strerror(-_errno.ENOMEM))
            raise AbortRun(code=-_errno.ENOMEM) from None
        finally:
            _leave_collector(False)
        if not defer_close:
            self.close_outputs()
        return summary

    def close_outputs(self, quiet: bool = False) -> None:
        """avio_closep of every output file: "Error closing file URL: error" on failure."""
        for of in self.outputs:
            if of.pb is None or of.pb.closed:
                continue
            try:
                err = of.pb.close()
            except CineError as exc:
                err = exc.code
            if err and not quiet:
                self.log.error("Error closing file %s: %s\n" % (of.spec.url, strerror(err)))
                if self.job.exit_on_error:
                    self.return_code = 1

    def _write_trailers(self) -> None:
        """of_write_trailer for each output: an error is logged and the run goes on."""
        for of in self.outputs:
            try:
                of.mux.write_trailer()
            except CineError as exc:
                self.log.error("Error writing trailer of %s: %s\n" % (of.spec.url, strerror(exc.code)))
                if self.job.exit_on_error:
                    raise AbortRun(code=exc.code) from None

    def _run(self, on_progress=None, interval: float = REPORT_INTERVAL) -> RemuxSummary:
        self._t0 = _time.monotonic()
        self._limits = any(o.max_frames != INT64_MAX or o.of.limit_filesize is not None
                           for o in self.ost_all)
        # FFmpeg 5.1.9: the first report comes after the first packet, then one per stats period
        last_report = None
        fast = _fastcopy.FastCopy.for_run(self) if self.fast_copy else None
        stop = self._stop
        if fast is None and not self._limits and len(self.ost_all) == 1:
            last_report = self._single_loop(on_progress, interval, last_report)
        while not self.stopped:
            if stop is not None and stop():
                self.stopped = True
                break
            if not self._need_output():
                break
            if fast is not None and fast.due():
                ran, last_report = fast.attempt(on_progress, interval, last_report)
                if ran or fast.done:
                    fast = None
                if ran:
                    continue
            ost = self._choose_output()
            if ost is None:
                break
            f = ost.ist.file
            if f.eof:
                break
            self._process_input(f)
            if on_progress is not None:
                now = _time.monotonic()
                if last_report is None or now - last_report >= interval:
                    last_report = now
                    on_progress(self._progress(False))
        for f in self.files:
            if not f.eof:
                for ist in f.streams:
                    if ist.used:
                        self._flush_ist(ist)
        # term_exit()'s empty av_log: a pending "Last message repeated" is flushed first
        self.log.log(-8, "")
        self._write_trailers()
        summary = self._progress(True)
        if on_progress is not None:
            on_progress(summary)
        return summary

    def _single_loop(self, on_progress, interval: float, last_report):
        """The loop of _run for one output stream without -frames/-fs limits (every decode
        to a single file): _need_output and _choose_output then only ask whether that
        stream is finished, and its input is the one to read. Returns when the stream is
        finished, its input ended or stop() said so (self.stopped); _run's loop then sees
        the same state and ends as it would have."""
        ost = self.ost_all[0]
        f = ost.ist.file
        stop = self._stop
        lane = self._packet_lane()
        process = self._process_input if lane is None else lane.process
        monotonic = _time.monotonic
        while True:
            if stop is not None and stop():
                self.stopped = True
                break
            if ost.finished or f.eof:
                break
            process(f)
            if on_progress is not None:
                now = monotonic()
                if last_report is None or now - last_report >= interval:
                    last_report = now
                    on_progress(self._progress(False))
        if lane is not None:
            lane.finish()
        return last_report

    def _packet_lane(self):
        """A shorter path for the packets of a _single_loop run (an object whose process(f)
        stands for _process_input and whose finish() processes what it holds back), or
        None: stream copy has none."""
        return None

    def _need_output(self) -> bool:
        if not self._limits:
            for o in self.ost_all:
                if not o.finished:
                    return True
            return False
        for o in self.ost_all:
            of = o.of
            if o.finished or (of.limit_filesize is not None and of.pb is not None
                              and of.pb.tell() >= of.limit_filesize):
                continue
            if o.frame_number >= o.max_frames:
                # -frames reached on one stream closes every stream of its file
                for o2 in of.streams:
                    self._close_output_stream(o2)
                continue
            return True
        return False

    def _close_output_stream(self, ost: OutputStream) -> None:
        """close_output_stream (ENCODER_FINISHED): -shortest cuts the file's recording time
        at this stream's end."""
        ost.finished = True
        self._shortest_cut(ost)

    def _finish_output_stream(self, ost: OutputStream) -> None:
        """finish_output_stream (the input ended): ENCODER_FINISHED | MUXER_FINISHED."""
        ost.finished = True
        ost.muxer_finished = True
        self._shortest_cut(ost)

    def _shortest_cut(self, ost: OutputStream) -> None:
        of = ost.of
        if of.shortest:
            end = rescale_q(ost.sync_opts, ost.st.time_base, AV_TIME_BASE_Q)
            of.recording_time = end if of.recording_time is None else min(of.recording_time, end)

    def _choose_output(self):
        best, best_ts = None, None
        for o in self.ost_all:
            if o.finished:
                continue
            d = o.last_mux_dts
            if d is None:
                ts = -(1 << 63)
            else:
                memo = o.mux_us         # (last_mux_dts, the same in AV_TIME_BASE_Q)
                if memo is not None and memo[0] == d:
                    ts = memo[1]
                else:
                    ts = rescale_q(d, o.st.time_base, AV_TIME_BASE_Q)
                    o.mux_us = (d, ts)
            if best_ts is None or ts < best_ts:
                best, best_ts = o, ts
        return best

    def _loop_restart(self, f: InputFile):
        """-stream_loop at the end of an input: flush, seek to the start, read on."""
        from ..errors import AVERROR_EOF
        for ist in f.streams:
            if ist.used:
                self._flush_ist(ist)
        ret = seek_to_start(f.input, f.loop)
        if ret < 0:
            self.log.warning("Seek to start failed.\n")
            if ret != AVERROR_EOF:
                self.log.error("%s: %s\n" % (f.ctx.filename, strerror(ret)))
            return None
        try:
            return f.input.read_packet()
        except CineError as exc:
            if exc.code != AVERROR_EOF:
                self.log.error("%s: %s\n" % (f.ctx.filename, strerror(exc.code)))
            return None

    def _process_input(self, f: InputFile) -> None:
        pkt = self._next_input_packet(f)
        if pkt is None:
            self._input_ended(f)
        else:
            self._process_read(f, pkt)

    def _next_input_packet(self, f: InputFile):
        """The input's next packet (read errors logged, -stream_loop restarts), or None at
        its end."""
        try:
            pkt = f.input.read_packet()
        except CineError as exc:
            # ffmpeg: a read error other than EOF is printed, then the input counts as ended
            if exc.code != AVERROR_EOF:
                self.log.error("%s: %s\n" % (f.ctx.filename, strerror(exc.code)))
                if self.job.exit_on_error:
                    raise AbortRun(code=exc.code) from None
            pkt = None
        if pkt is None and f.loop is not None and f.loop.remaining:
            pkt = self._loop_restart(f)
        return pkt

    def _input_ended(self, f: InputFile) -> None:
        """process_input at the end of an input: its streams flushed and finished."""
        for ist in f.streams:
            if ist.used:
                self._flush_ist(ist)
            for o in self.ost_all:
                if o.ist is ist:
                    self._finish_output_stream(o)
        f.eof = True

    def _process_read(self, f: InputFile, pkt: Packet) -> None:
        """process_input for a packet read: its stream's counts, the timestamp corrections
        and checks, then the stream's packet processing."""
        streams = f.streams
        if pkt.stream_index >= len(streams):
            return
        ist = streams[pkt.stream_index]
        ist.nb_packets += 1
        ist.data_size += len(pkt.data)
        if not ist.used:
            return
        if pkt.flags & 0x0002:                          # AV_PKT_FLAG_CORRUPT
            xerror = self.job.exit_on_error
            self.log.log(FATAL if xerror else WARNING, "%s: corrupt input packet in stream %d\n"
                         % (f.ctx.filename, pkt.stream_index))
            if xerror:
                raise AbortRun(code=-22)
        st = ist.st
        tb = st.time_base
        discont = f.discont
        # wrap correction
        if not ist.wrap_done and f.wrap_bits < 64 and f.ctx.start_time is not None:
            self._wrap_correction(f, ist, pkt, tb, discont)
        if ist.nb_packets == 1 and st.side_data:
            add_stream_side_data(pkt, st.side_data)
        if f.ts_offset:
            off = ist.off
            if off is None or off[0] != f.ts_offset:
                off = ist.off = (f.ts_offset, _rq(f.ts_offset, AV_TIME_BASE_Q, tb))
            off = off[1]
            if pkt.dts is not None:
                pkt.dts += off
            if pkt.pts is not None:
                pkt.pts += off
        ctype = st.codecpar.codec_type
        us_b, us_c = ist.us_b, ist.us_c
        # pkt_dts: pkt.dts in AV_TIME_BASE_Q, kept up to date with pkt.dts below
        pkt_dts = None if pkt.dts is None else rescale_near(pkt.dts, us_b, us_c)
        # (process_input's checks of audio and video timestamps, without -copyts)
        checked = (ctype == "audio" or ctype == "video") and not self.job.copy_ts
        if checked and pkt_dts is not None and ist.next_dts is None and discont \
                and f.last_ts is not None:
            delta = pkt_dts - f.last_ts
            if abs(delta) > DTS_DELTA_THRESHOLD * AV_TIME_BASE:
                f.ts_offset -= delta
                self.log.debug("Inter stream timestamp discontinuity %d, new offset= %d\n"
                               % (delta, f.ts_offset))
                d = rescale_q(delta, AV_TIME_BASE_Q, tb)
                pkt.dts -= d
                if pkt.pts is not None:
                    pkt.pts -= d
                pkt_dts = rescale_near(pkt.dts, us_b, us_c)
        if f.loop is not None:
            shift_packet(f.loop, st.index, tb, pkt)
            pkt_dts = None if pkt.dts is None else rescale_near(pkt.dts, us_b, us_c)
        if checked and pkt_dts is not None and ist.next_dts is not None:
            delta = pkt_dts - ist.next_dts
            if discont:
                if (abs(delta) > DTS_DELTA_THRESHOLD * AV_TIME_BASE
                        or pkt_dts + AV_TIME_BASE // 10 < max(ist.pts, ist.dts)):
                    f.ts_offset -= delta
                    self.log.debug("timestamp discontinuity for stream #%d:%d (id=%d, type=%s): "
                                   "%d, new offset= %d\n" % (f.index, st.index, st.id, ctype,
                                                             delta, f.ts_offset))
                    d = rescale_q(delta, AV_TIME_BASE_Q, tb)
                    pkt.dts -= d
                    if pkt.pts is not None:
                        pkt.pts -= d
                    pkt_dts = rescale_near(pkt.dts, us_b, us_c)
            else:
                if abs(delta) > DTS_ERROR_THRESHOLD * AV_TIME_BASE:
                    self.log.warning("DTS %d, next:%d st:%d invalid dropping\n"
                                     % (pkt.dts, ist.next_dts, pkt.stream_index))
                    pkt.dts = pkt_dts = None
                if pkt.pts is not None:
                    pkt_pts = rescale_near(pkt.pts, us_b, us_c)
                    delta = pkt_pts - ist.next_dts
                    if abs(delta) > DTS_ERROR_THRESHOLD * AV_TIME_BASE:
                        self.log.warning("PTS %d, next:%d invalid dropping st:%d\n"
                                         % (pkt.pts, ist.next_dts, pkt.stream_index))
                        pkt.pts = None
        if pkt_dts is not None:
            f.last_ts = pkt_dts
        self._process_packet(ist, pkt, pkt_dts)

    def _wrap_correction(self, f: InputFile, ist: InputStream, pkt: Packet, tb: Rational,
                         discont: bool) -> None:
        """process_input's correction of timestamps that wrapped (pts_wrap_bits < 64)."""
        ic = f.ctx
        bits = f.wrap_bits
        if ist.next_dts is None and f.ts_offset == -ic.start_time and discont:
            new_start = None
            for s in ic.streams:
                # streams nothing reads from are AVDISCARD_ALL in the reference
                if s.start_time is None or not f.streams[s.index].used:
                    continue
                v = rescale_q(s.start_time, s.time_base, AV_TIME_BASE_Q)
                new_start = v if new_start is None else min(new_start, v)
            if new_start is not None and new_start > ic.start_time:
                self.log.verbose("Correcting start time by %d\n" % (new_start - ic.start_time))
                f.ts_offset = -new_start
        stime = rescale_q(ic.start_time, AV_TIME_BASE_Q, tb)
        ist.wrap_done = True
        if pkt.dts is not None and pkt.dts > stime + (1 << (bits - 1)):
            pkt.dts -= 1 << bits
            ist.wrap_done = False
        if pkt.pts is not None and pkt.pts > stime + (1 << (bits - 1)):
            pkt.pts -= 1 << bits
            ist.wrap_done = False

    def _process_packet(self, ist: InputStream, pkt: Packet, dts_us: int | None = None) -> None:
        """process_input_packet for stream copy: the input stream's dts/pts clock (dts_us:
        pkt.dts in AV_TIME_BASE_Q when the caller has it)."""
        st = ist.st
        par = st.codecpar
        if not ist.saw_first_ts:
            afr = st.avg_frame_rate
            if afr.num and afr.den:
                ist.dts = int(-par.video_delay * AV_TIME_BASE / (afr.num / afr.den))
            else:
                ist.dts = 0
            ist.pts = 0
            if pkt.pts is not None:
                ist.dts += rescale_q(pkt.pts, st.time_base, AV_TIME_BASE_Q)
                ist.pts = ist.dts
            ist.saw_first_ts = True
        if ist.next_dts is None:
            ist.next_dts = ist.dts
        if ist.next_pts is None:
            ist.next_pts = ist.pts
        if pkt.dts is not None:
            if dts_us is None:
                dts_us = rescale_near(pkt.dts, ist.us_b, ist.us_c)
            ist.next_dts = ist.dts = dts_us
            ist.next_pts = ist.pts = ist.dts
        ist.dts = ist.next_dts
        if par.codec_type == "audio":
            if par.sample_rate:
                ist.next_dts += AV_TIME_BASE * par.frame_size // par.sample_rate
            else:
                ist.next_dts += rescale_near(pkt.duration, ist.us_b, ist.us_c)
        elif par.codec_type == "video":
            if pkt.duration:
                ist.next_dts += rescale_near(pkt.duration, ist.us_b, ist.us_c)
        ist.pts = ist.dts
        ist.next_pts = ist.next_dts
        osts = ist.osts
        if osts is None:
            osts = ist.osts = [o for o in self.ost_all if o.ist is ist]
        for o in osts:
            # check_output_constraints
            if o.muxer_finished:
                continue
            if o.of.start_time is not None and ist.pts < o.of.start_time:
                continue
            self._do_streamcopy(ist, o, pkt)

    def _flush_ist(self, ist: InputStream) -> None:
        for o in self.ost_all:
            if o.ist is ist and o.bsfs and not o.muxer_finished:
                for p in _bsf.flush_chain(o.bsfs):
                    self._of_write_packet(o, p)

    def _do_streamcopy(self, ist: InputStream, ost: OutputStream, pkt: Packet) -> None:
        of = ost.of
        f = ist.file
        start_time = 0 if of.start_time is None else of.start_time
        mux_tb = ost.st.time_base
        ost_tb_start = _rq(start_time, AV_TIME_BASE_Q, mux_tb) if start_time else 0
        in_tb = ist.st.time_base
        opts = ost.map.options
        if (not ost.started and not (pkt.flags & PKT_FLAG_KEY)
                and not int(opts.get("copyinkf", "0") or 0)):
            return
        # -copypriorss defaults to -1: packets before the start are kept
        if not ost.started and not int(opts.get("copypriorss", "-1") or 0):
            comp_start = start_time
            if self.job.copy_ts and f.start_time is not None:
                comp_start = max(start_time, f.start_time + f.ts_offset)
            if pkt.pts is None:
                if ist.pts < comp_start:
                    return
            elif pkt.pts < rescale_q(comp_start, AV_TIME_BASE_Q, in_tb):
                return
        if of.recording_time is not None and ist.pts >= of.recording_time + start_time:
            self._close_output_stream(ost)
            return
        if f.recording_time is not None:
            st0 = 0
            if self.job.copy_ts:
                st0 += f.start_time if f.start_time is not None else 0
                st0 += 0 if self.job.start_at_zero else (f.ctx.start_time or 0)
            if ist.pts >= f.recording_time + st0:
                self._close_output_stream(ost)
                return
        fx = ost.fx
        sr = ist.st.codecpar.sample_rate or 1
        if fx is None or fx[0] != mux_tb or fx[6] != sr:
            # in time base -> muxer time base (fixed once the header is written), and -> the
            # sample rate's for av_rescale_delta
            fx = ost.fx = ((mux_tb, in_tb == mux_tb) + q_factors(in_tb, mux_tb)
                           + q_factors(in_tb, Rational(1, sr)) + (sr,))
        _, same, fb, fc, sb, sc, _ = fx
        opkt = Packet(ost.index, pkt.data, None, None, 0, pkt.pos, pkt.flags,
                      list(pkt.side_data))
        if pkt.pts is not None:
            opkt.pts = (pkt.pts if same else rescale_near(pkt.pts, fb, fc)) - ost_tb_start
        par = ost.st.codecpar
        if pkt.dts is None:
            opkt.dts = rescale_q(ist.dts, AV_TIME_BASE_Q, mux_tb)
        elif par.codec_type == "audio":
            ipar = ist.st.codecpar
            duration = audio_frame_duration(ipar, len(pkt.data)) or ipar.frame_size
            last = ist.rescale_last
            if last is None or not duration or fb <= fc:
                # av_rescale_delta's plain case (the input time base is the finer one)
                ist.rescale_last = rescale_near(pkt.dts, sb, sc) + duration
                opkt.dts = pkt.dts if same else rescale_near(pkt.dts, fb, fc)
            else:
                last, dts = rescale_delta(in_tb, pkt.dts, Rational(1, ipar.sample_rate or 1),
                                           duration, last, mux_tb)
                ist.rescale_last = last
                opkt.dts = dts
            opkt.pts = opkt.dts - ost_tb_start
        else:
            opkt.dts = pkt.dts if same else rescale_near(pkt.dts, fb, fc)
        opkt.dts -= ost_tb_start
        opkt.duration = pkt.duration if same else rescale_near(pkt.duration, fb, fc)
        ost.sync_opts += opkt.duration
        if ost.bsfs:
            self._output_packet(ost, opkt)
        else:
            self._of_write_packet(ost, opkt)
        ost.started = True

    def _output_packet(self, ost: OutputStream, pkt: Packet) -> None:
        if ost.bsfs:
            try:
                outs = _bsf.run_chain(ost.bsfs, pkt)
            except CineError:
                self.log.error("Error applying bitstream filters to an output packet for "
                               "stream #%d:%d.\n" % (ost.of.index, ost.index))
                if self.job.exit_on_error:
                    raise AbortRun(code=-22) from None
                return
            for p in outs:
                self._of_write_packet(ost, p)
        else:
            self._of_write_packet(ost, pkt)

    def _of_write_packet(self, ost: OutputStream, pkt: Packet) -> None:
        of = ost.of
        st = ost.st
        ctype = st.codecpar.codec_type
        if ost.frame_number >= ost.max_frames:
            return                      # -frames: the packets past the limit are dropped
        ost.frame_number += 1
        if "notimestamps" not in of.mux.flags:
            if pkt.dts is not None and pkt.pts is not None and pkt.dts > pkt.pts:
                of.mux.log.warning("Invalid DTS: %d PTS: %d in output stream %d:%d, replacing by "
                                   "guess\n" % (pkt.dts, pkt.pts, of.index, st.index))
                last = (ost.last_mux_dts if ost.last_mux_dts is not None else -(1 << 63)) + 1
                vals = (pkt.pts, pkt.dts, last)
                pkt.pts = pkt.dts = sum(vals) - min(vals) - max(vals)
            if (ctype in ("audio", "video", "subtitle") and pkt.dts is not None
                    and ost.last_mux_dts is not None):
                mx = ost.last_mux_dts + (0 if "ts_nonstrict" in of.mux.flags else 1)
                if pkt.dts < mx:
                    pkt.dts, pkt.pts = fix_nonmonotonous(
                        of.mux.log, of.index, st.index, ctype, ost.last_mux_dts, mx, pkt.dts,
                        pkt.pts, self._abort if self.job.exit_on_error else None)
        ost.last_mux_dts = pkt.dts
        ost.data_size += len(pkt.data)
        ost.packets += 1
        pkt.stream_index = ost.index
        try:
            of.mux.interleaved_write(pkt)
        except CineError as exc:
            self._write_failed(ost, exc.code)

    def _write_failed(self, ost: OutputStream, code: int) -> None:
        """of_write_packet's failure: print_error, main_return_code = 1,
        close_all_output_streams."""
        self.log.log(ERROR, "av_interleaved_write_frame(): %s\n" % strerror(code))
        self.return_code = 1
        ost.muxer_finished = True
        for o in self.ost_all:
            o.finished = True

    def _abort(self) -> None:
        """-xerror on a non-monotonous dts: exit_program(1)."""
        self.log.log(FATAL, "aborting.\n")
        raise AbortRun(code=-22)

    # -- reporting --------------------------------------------------------------------------
    def _progress(self, final: bool) -> Progress:
        outs = []
        for of in self.outputs:
            size = None
            if of.pb is not None:
                size = of.pb.size()
                if size is None or size <= 0:
                    size = of.pb.tell()
            t = None
            ends = [None] * len(of.streams)
            if of.mux is not None:
                for i, (st, ms) in enumerate(zip(of.ctx.streams, of.mux.ms)):
                    end = ms.end_pts()
                    if end is not None:
                        v = rescale_q(end, st.time_base, AV_TIME_BASE_Q)
                        ends[i] = v
                        t = v if t is None else max(t, v)
            stats = [StreamStats(o.st.codecpar.codec_type, o.packets, o.frame_number,
                                 o.data_size, o.extradata_size, end)
                     for o, end in zip(of.streams, ends)]
            outs.append(OutputStats(of.spec.url, size, t, stats))
        prog = Progress(outs, _time.monotonic() - (self._t0 or _time.monotonic()), final)
        if final:
            prog.inputs = [InputStats(f.ctx.filename, [
                StreamStats(ist.st.codecpar.codec_type, ist.nb_packets, 0, ist.data_size)
                for ist in f.streams]) for f in self.files]
        return prog




def _leave_collector(starting: bool) -> None:
    """Move every object alive at the start and at the end of a run out of the cyclic garbage
    collector's reach (gc.freeze). Most of them are numba's once a decoder is open (its type
    registries and the loaded kernels, hundreds of thousands of objects): the collections
    that the packet loop's allocations trigger would walk them again and again (~10% of
    the loop's CPU outside the kernels), and so would each collection of the interpreter's
    exit (~0.2 s of CPU, as long as the reference's whole run on a ten-minute AAC file).
    Frozen objects are still freed by reference counting.

    Only a run that owns its process does this: the command line turns the collector off
    before it parses options (compat/cli.py) and the run finds it off. A run inside a
    longer-lived program (the Python API, the tests) finds it on and leaves it alone:
    freezing there would hide that program's garbage from the collector, and giving it
    back at the next run costs a full collection of the whole process each time."""
    global _froze
    if starting:
        _froze = not _gc.isenabled()
        if not _froze:
            return
    elif not _froze:
        return
    _gc.freeze()
    if starting:
        _gc.enable()


_froze = False


def _internal(exc: BaseException) -> CineError:
    """A defect or unexpected input state: reported as AVERROR_BUG, never a traceback."""
    from ..errors import AVERROR_BUG
    if isinstance(exc, OSError):
        from ..errors import from_oserror
        return from_oserror(exc)
    return CineError("%s: %s" % (type(exc).__name__, exc), code=AVERROR_BUG)


def fix_nonmonotonous(log, of_index: int, st_index: int, ctype: str, last: int, mx: int,
                      dts: int, pts, abort=None):
    """of_write_packet on a dts below mx (the last muxed dts, + 1 unless the muxer allows
    equal ones): logged (debug level for a small audio step back), then the dts becomes mx
    and a pts at or after the dts at least mx. abort (-xerror) is called after the first
    line instead. Returns (dts, pts)."""
    step = (mx - dts + (1 << 63)) % (1 << 64) - (1 << 63)     # (int64_t: wraps)
    level = WARNING if (step > 2 or ctype == "video") else DEBUG
    if abort is not None:
        level = ERROR
    log.log(level, "Non-monotonous DTS in output stream %d:%d; previous: %d, current: %d; "
            % (of_index, st_index, last, dts))
    if abort is not None:
        abort()
    log.log(level, "changing to %d. This may result in incorrect timestamps in the output "
            "file.\n" % mx)
    if pts is not None and pts >= dts:
        pts = max(pts, mx)
    return mx, pts
