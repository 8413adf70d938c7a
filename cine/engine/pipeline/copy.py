"""Stream copy (remux) as FFmpeg 5.1.9's ffmpeg tool runs it: output stream set-up
(init_output_stream_streamcopy, metadata and disposition copying of ffmpeg_opt.c), the read
loop (transcode_step/choose_output/process_input with the input timestamp offset and
discontinuity handling), do_streamcopy's -ss/-t/-to rules and timestamp rescaling,
of_write_packet's DTS fixes, then libavformat's muxing layer (muxing.py) and the muxer.

The engine never prints: every message goes to the log sink with the reference's text.
"""
from __future__ import annotations

import copy as _copy
import time as _time

from ..errors import CineError, Unsupported, strerror
from ..log import Logger, Sink
from ..model import (AV_TIME_BASE, AV_TIME_BASE_Q, DISPOSITIONS, PKT_FLAG_KEY, Chapter,
                     FormatContext, Packet, Rational, Stream, Tags)
from ..timebase import ROUND_DOWN, ROUND_UP, reduce, rescale_q
from ..formats import muxers as _muxers
from .job import Job, OutputSpec, StreamMap
from .muxing import MuxContext, codec_get_id, codec_get_tag
from ..bitstream import bsf as _bsf
from ..log import DEBUG, ERROR, WARNING
from ..timing_pts import audio_frame_duration
from .inputs import guess_input_channel_layouts, seek_input  # noqa: F401 (public API)
from .stats import OutputStats, Progress, RemuxSummary, StreamStats  # noqa: F401 (public API)


def _rq(a: int, b: Rational, c: Rational) -> int:
    """rescale_q with the common same-time-base case short-circuited."""
    if b == c:
        return a
    return rescale_q(a, b, c)

INT64_MAX = (1 << 63) - 1
DTS_DELTA_THRESHOLD = 10        # -dts_delta_threshold (seconds)
DTS_ERROR_THRESHOLD = 3600 * 30  # -dts_error_threshold (seconds)
REPORT_INTERVAL = 0.5


class HeaderError(CineError):
    """avformat_write_header failed for an output (its lines are already logged)."""

    def __init__(self, code: int, file_index: int, stream_index: int):
        super().__init__(strerror(code), code=code)
        self.file_index = file_index
        self.stream_index = stream_index




# -- input side ---------------------------------------------------------------------------
class _InputFile:
    def __init__(self, index, spec, inp, job: Job):
        self.index = index
        self.spec = spec
        self.input = inp
        self.ctx: FormatContext = inp.ctx
        ic_start = self.ctx.start_time
        start = spec.start_time
        timestamp = start if start is not None else 0
        if ic_start is not None:
            timestamp += ic_start
        if job.copy_ts:
            base = ic_start if (job.start_at_zero and ic_start is not None) else 0
        else:
            base = timestamp
        self.ts_offset = spec.itsoffset - base
        self.start_time = start
        rec = spec.recording_time
        if spec.stop_time is not None and rec is None:
            rec = spec.stop_time - (start or 0)
        self.recording_time = rec
        self.last_ts = None
        self.eof = False
        self.streams = [_InputStream(self, st) for st in self.ctx.streams]


class _InputStream:
    def __init__(self, f: _InputFile, st: Stream):
        self.file = f
        self.st = st
        self.saw_first_ts = False
        self.dts = self.pts = 0
        self.next_dts = self.next_pts = None
        self.rescale_last = None
        self.wrap_done = False
        self.used = False
        self.nb_packets = 0


# -- output side --------------------------------------------------------------------------
class _OutputStream:
    def __init__(self, of, index, smap: StreamMap, ist: _InputStream, st: Stream):
        self.of = of
        self.index = index
        self.map = smap
        self.ist = ist
        self.st = st
        self.started = False
        self.finished = False
        self.last_mux_dts = None
        self.frame_number = 0
        self.data_size = 0
        self.packets = 0
        self.extradata_size = len(ist.st.codecpar.extradata or b"")
        self.bsfs = []


class _OutputFile:
    def __init__(self, index, spec: OutputSpec, entry):
        self.index = index
        self.spec = spec
        self.entry = entry
        self.ctx = FormatContext(filename=spec.url, format_name=entry.name,
                                 format_long_name=entry.long_name)
        self.streams: list[_OutputStream] = []
        self.mux: MuxContext | None = None
        self.pb = None
        self.start_time = spec.start_time
        rec = spec.recording_time
        if spec.stop_time is not None and rec is None:
            rec = spec.stop_time - (spec.start_time or 0)
        self.recording_time = rec
        if rec is not None:
            # ffmpeg_opt.c: oc->duration = recording_time (matroska writes it early)
            self.ctx.duration = rec
        self.header_written = False


def _dict_copy(dst: Tags, src: Tags, dont_overwrite: bool) -> None:
    for k, v in src.items():
        dst.set(k, v, dont_overwrite=dont_overwrite)


def _apply_disposition(current: set, text: str) -> set:
    """av_opt_eval_flags on the stream's "disposition" flags."""
    import re
    flags = set(current)
    first = True
    for m in re.finditer(r"([+-]?)([^+-]+)", text):
        sign, name = m.group(1), m.group(2)
        if name.isdigit():
            val = {d for i, d in enumerate(DISPOSITIONS) if int(name) >> i & 1}
        else:
            val = {name}
        if sign == "+":
            flags |= val
        elif sign == "-":
            flags -= val
        else:
            flags = set(val) if first else flags | val
        first = False
    return flags


class Remux:
    """Run one Job whose every output stream is `copy`."""

    def __init__(self, job: Job, inputs: list, sink: Sink | None = None):
        self.job = job
        self.sink = sink
        self.log = Logger("", sink)
        self.files = [_InputFile(i, spec, inp, job) for i, (spec, inp) in enumerate(zip(job.inputs, inputs))]
        for f in self.files:
            guess_input_channel_layouts(f.ctx, f.index, None)
            seek_input(f.input, f.spec, sink)
        self.outputs: list[_OutputFile] = []
        self.ost_all: list[_OutputStream] = []
        self._t0 = None

    # -- set-up -----------------------------------------------------------------------------
    def init_outputs(self) -> list[FormatContext]:
        """Open every output and write its header; raises CineError (HeaderError when a
        muxer refused the streams)."""
        try:
            return self._init_outputs()
        except CineError:
            raise
        except (ArithmeticError, LookupError, ValueError, TypeError, AttributeError,
                OSError, RecursionError) as exc:
            raise _internal(exc) from None

    def _init_outputs(self) -> list[FormatContext]:
        for oi, spec in enumerate(self.job.outputs):
            entry = _muxers.guess_entry(spec.format_name, spec.url) if spec.format_name else \
                _muxers.guess_entry(None, spec.url)
            if entry is None:
                raise CineError("Unable to find a suitable output format", code=-22)
            of = _OutputFile(oi, spec, entry)
            self.outputs.append(of)
            for smap in spec.streams:
                if smap.codec != "copy":
                    raise Unsupported("encoding (%s) is not supported" % smap.codec)
                self._new_stream(of, smap)
            self._metadata(of)
            self._dispositions(of)
            self._chapters(of)
        for of in self.outputs:
            self._open(of)
        return [of.ctx for of in self.outputs]

    def _new_stream(self, of: _OutputFile, smap: StreamMap) -> None:
        f = self.files[smap.file_index]
        ist = f.streams[smap.stream_index]
        ist.used = True
        src = ist.st
        par = _copy.deepcopy(src.codecpar)
        par.private = []
        table = _muxer_tags(of.entry)
        tag = 0
        if smap.tag:
            tag = _parse_tag(smap.tag)
        if not tag:
            if (table is None or codec_get_id(table, src.codecpar.codec_tag) == par.codec_name
                    or not codec_get_tag(table, par.codec_name)):
                tag = src.codecpar.codec_tag
        par.codec_tag = tag
        st = Stream(index=len(of.ctx.streams), codecpar=par)
        st.id = 0
        st.avg_frame_rate = src.avg_frame_rate
        st.time_base = reduce(src.time_base.num, src.time_base.den) if src.time_base.den > 0 \
            else Rational(0, 0)
        if src.duration is not None and src.duration > 0 and st.time_base.den:
            st.duration = rescale_q(src.duration, src.time_base, st.time_base)
        st.side_data = [_copy.deepcopy(sd) for sd in src.side_data]
        if par.codec_type == "audio":
            if par.codec_name == "mp3" and par.block_align in (1, 1152, 576):
                par.block_align = 0
            if par.codec_name == "ac3":
                par.block_align = 0
        elif par.codec_type == "video":
            sar = src.sample_aspect_ratio if src.sample_aspect_ratio.num else par.sample_aspect_ratio
            st.sample_aspect_ratio = par.sample_aspect_ratio = sar
            st.r_frame_rate = src.r_frame_rate
        ost = _OutputStream(of, len(of.streams), smap, ist, st)
        of.ctx.streams.append(st)
        of.streams.append(ost)
        self.ost_all.append(ost)

    def _metadata(self, of: _OutputFile) -> None:
        spec = of.spec
        explicit = spec.map_metadata_explicit
        if spec.map_metadata is not None and 0 <= spec.map_metadata < len(self.files):
            src = self.files[spec.map_metadata].ctx.tags
            _dict_copy(of.ctx.tags, src, True)
            if not explicit:
                if of.recording_time is not None:
                    of.ctx.tags.set("duration", None)
                for k in ("creation_time", "company_name", "product_name", "product_version"):
                    of.ctx.tags.set(k, None)
        if spec.map_metadata is not None and not explicit:
            for ost in of.streams:
                _dict_copy(ost.st.tags, ost.ist.st.tags, True)
        for k, v in spec.metadata:
            of.ctx.tags.set(k, v if v else None)
        for ost in of.streams:
            for k, v in ost.map.metadata:
                ost.st.tags.set(k, v if v else None)

    def _dispositions(self, of: _OutputFile) -> None:
        counts: dict = {}
        have_default: dict = {}
        manual = any(o.map.disposition is not None for o in of.streams)
        for o in of.streams:
            t = o.st.codecpar.codec_type
            counts[t] = counts.get(t, 0) + 1
            o.st.disposition = set(o.ist.st.disposition)
            if "default" in o.st.disposition:
                have_default[t] = True
        if manual:
            for o in of.streams:
                if o.map.disposition is not None:
                    o.st.disposition = _apply_disposition(o.st.disposition, o.map.disposition)
        else:
            for o in of.streams:
                t = o.st.codecpar.codec_type
                if counts[t] < 2 or have_default.get(t) or "attached_pic" in o.st.disposition:
                    continue
                o.st.disposition.add("default")
                have_default[t] = True

    def _chapters(self, of: _OutputFile) -> None:
        spec = of.spec
        if spec.map_chapters is None:
            return
        src_index = None
        if spec.map_chapters == 0:
            for f in self.files:
                if f.ctx.chapters:
                    src_index = f.index
                    break
        elif spec.map_chapters < len(self.files):
            src_index = spec.map_chapters
        if src_index is None:
            return
        f = self.files[src_index]
        start = of.start_time or 0
        for ch in f.ctx.chapters:
            ts_off = rescale_q(start - f.ts_offset, AV_TIME_BASE_Q, ch.time_base)
            rt = INT64_MAX if of.recording_time is None else rescale_q(of.recording_time, AV_TIME_BASE_Q, ch.time_base)
            if ch.end < ts_off:
                continue
            if rt != INT64_MAX and ch.start > rt + ts_off:
                break
            tags = Tags(ch.tags.items()) if not spec.map_metadata_explicit else Tags()
            of.ctx.chapters.append(Chapter(id=ch.id, time_base=ch.time_base,
                                           start=max(0, ch.start - ts_off),
                                           end=min(rt, ch.end - ts_off), tags=tags))

    def _open(self, of: _OutputFile) -> None:
        from ..io.sink import open_sink
        entry = of.entry
        if not entry.module:
            raise Unsupported("muxer %s is not implemented" % entry.name)
        cls = _muxers.load_muxer(entry)
        if not entry.has_flag("nofile"):
            of.pb = open_sink(of.spec.url)
        opts = dict(of.spec.options)
        muxer = cls(of.pb, of.ctx, Logger(entry.name, self.sink), opts, of.spec.bitexact)
        muxer.entry = entry
        # -bsf chains given by the user are created before the header (par_out may change)
        for ost in of.streams:
            ost.bsfs = []
            for n in ost.map.bsfs:
                f = _bsf.create(n, ost.st, self.log)
                ost.bsfs.append(f)
                # init_output_bsfs: the stream takes the filter's output parameters
                ex = getattr(f, "par_out_extradata", None)
                if ex is not None:
                    ost.st.codecpar.extradata = ex
        of.mux = MuxContext(of.ctx, entry, muxer, of.pb, Logger(entry.name, self.sink),
                            avoid_negative_ts=opts.get("avoid_negative_ts", self.job.avoid_negative_ts),
                            max_interleave_delta=int(opts.get("max_interleave_delta", 10_000_000)),
                            bitexact=of.spec.bitexact)
        try:
            of.mux.write_header()
        except CineError as exc:
            code = exc.code
            self.log.error("Could not write header for output file #%d (incorrect codec "
                           "parameters ?): %s\n" % (of.index, strerror(code)))
            last = of.streams[-1].index if of.streams else 0
            self.log.error("Error initializing output stream %d:%d -- \n" % (of.index, last))
            if of.pb is not None:
                of.pb.close()
            raise HeaderError(code, of.index, last) from None
        of.header_written = True

    # -- the loop ---------------------------------------------------------------------------
    def run(self, on_progress=None, interval: float = REPORT_INTERVAL) -> RemuxSummary:
        """The packet loop and the trailers; raises CineError on failure."""
        try:
            return self._run(on_progress, interval)
        except CineError:
            raise
        except (ArithmeticError, LookupError, ValueError, TypeError, AttributeError,
                OSError, RecursionError) as exc:
            raise _internal(exc) from None

    def _run(self, on_progress=None, interval: float = REPORT_INTERVAL) -> RemuxSummary:
        self._t0 = _time.monotonic()
        # FFmpeg 5.1.9: the first report comes after the first packet, then one per stats period
        last_report = None
        try:
            while self._need_output():
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
            for of in self.outputs:
                of.mux.write_trailer()
        finally:
            for of in self.outputs:
                if of.pb is not None:
                    try:
                        of.pb.close()
                    except CineError:
                        pass
        summary = self._progress(True)
        if on_progress is not None:
            on_progress(summary)
        return summary

    def _need_output(self) -> bool:
        return any(not o.finished for o in self.ost_all)

    def _choose_output(self):
        best, best_ts = None, None
        for o in self.ost_all:
            ts = (-(1 << 63) if o.last_mux_dts is None
                  else rescale_q(o.last_mux_dts, o.st.time_base, AV_TIME_BASE_Q))
            if not o.finished and (best_ts is None or ts < best_ts):
                best, best_ts = o, ts
        return best

    def _process_input(self, f: _InputFile) -> None:
        from ..errors import AVERROR_EOF
        try:
            pkt = f.input.read_packet()
        except CineError as exc:
            # ffmpeg: a read error other than EOF is printed, then the input counts as ended
            if exc.code != AVERROR_EOF:
                self.log.error("%s: %s\n" % (f.ctx.filename, strerror(exc.code)))
            pkt = None
        if pkt is None:
            for ist in f.streams:
                if ist.used:
                    self._flush_ist(ist)
                for o in self.ost_all:
                    if o.ist is ist:
                        o.finished = True
            f.eof = True
            return
        if pkt.stream_index >= len(f.streams):
            return
        ist = f.streams[pkt.stream_index]
        ist.nb_packets += 1
        if not ist.used:
            return
        if pkt.flags & 0x0002:                          # AV_PKT_FLAG_CORRUPT
            self.log.warning("%s: corrupt input packet in stream %d\n"
                             % (f.ctx.filename, pkt.stream_index))
        st = ist.st
        tb = st.time_base
        ic = f.ctx
        discont = "ts_discont" in _input_flags(ic)
        # wrap correction
        if not ist.wrap_done and ic.start_time is not None:
            bits = _pts_wrap_bits(ic)
            if bits < 64:
                if ist.next_dts is None and f.ts_offset == -ic.start_time and discont:
                    new_start = None
                    for s in ic.streams:
                        if s.start_time is None:
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
        off = _rq(f.ts_offset, AV_TIME_BASE_Q, tb) if f.ts_offset else 0
        if pkt.dts is not None:
            pkt.dts += off
        if pkt.pts is not None:
            pkt.pts += off
        ctype = st.codecpar.codec_type
        pkt_dts = None if pkt.dts is None else rescale_q(pkt.dts, tb, AV_TIME_BASE_Q)
        if (ctype in ("video", "audio") and pkt_dts is not None and ist.next_dts is None
                and not self.job.copy_ts and discont and f.last_ts is not None):
            delta = pkt_dts - f.last_ts
            if abs(delta) > DTS_DELTA_THRESHOLD * AV_TIME_BASE:
                f.ts_offset -= delta
                self.log.debug("Inter stream timestamp discontinuity %d, new offset= %d\n"
                               % (delta, f.ts_offset))
                d = rescale_q(delta, AV_TIME_BASE_Q, tb)
                pkt.dts -= d
                if pkt.pts is not None:
                    pkt.pts -= d
        pkt_dts = None if pkt.dts is None else rescale_q(pkt.dts, tb, AV_TIME_BASE_Q)
        if (ctype in ("video", "audio") and pkt_dts is not None and ist.next_dts is not None
                and not self.job.copy_ts):
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
            else:
                if abs(delta) > DTS_ERROR_THRESHOLD * AV_TIME_BASE:
                    self.log.warning("DTS %d, next:%d st:%d invalid dropping\n"
                                     % (pkt.dts, ist.next_dts, pkt.stream_index))
                    pkt.dts = None
                if pkt.pts is not None:
                    pkt_pts = rescale_q(pkt.pts, tb, AV_TIME_BASE_Q)
                    delta = pkt_pts - ist.next_dts
                    if abs(delta) > DTS_ERROR_THRESHOLD * AV_TIME_BASE:
                        self.log.warning("PTS %d, next:%d invalid dropping st:%d\n"
                                         % (pkt.pts, ist.next_dts, pkt.stream_index))
                        pkt.pts = None
        if pkt.dts is not None:
            f.last_ts = rescale_q(pkt.dts, tb, AV_TIME_BASE_Q)
        self._process_packet(ist, pkt)

    def _process_packet(self, ist: _InputStream, pkt: Packet) -> None:
        """process_input_packet for stream copy: the input stream's dts/pts clock."""
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
            ist.next_dts = ist.dts = rescale_q(pkt.dts, st.time_base, AV_TIME_BASE_Q)
            ist.next_pts = ist.pts = ist.dts
        ist.dts = ist.next_dts
        if par.codec_type == "audio":
            if par.sample_rate:
                ist.next_dts += AV_TIME_BASE * par.frame_size // par.sample_rate
            else:
                ist.next_dts += rescale_q(pkt.duration, st.time_base, AV_TIME_BASE_Q)
        elif par.codec_type == "video":
            if pkt.duration:
                ist.next_dts += rescale_q(pkt.duration, st.time_base, AV_TIME_BASE_Q)
        ist.pts = ist.dts
        ist.next_pts = ist.next_dts
        for o in self.ost_all:
            # check_output_constraints
            if o.ist is not ist or o.finished:
                continue
            if o.of.start_time is not None and ist.pts < o.of.start_time:
                continue
            self._do_streamcopy(ist, o, pkt)

    def _flush_ist(self, ist: _InputStream) -> None:
        for o in self.ost_all:
            if o.ist is ist and o.bsfs:
                for p in _bsf.flush_chain(o.bsfs):
                    self._of_write_packet(o, p)

    def _do_streamcopy(self, ist: _InputStream, ost: _OutputStream, pkt: Packet) -> None:
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
            ost.finished = True
            return
        if f.recording_time is not None:
            st0 = 0
            if self.job.copy_ts:
                st0 += f.start_time if f.start_time is not None else 0
                st0 += 0 if self.job.start_at_zero else (f.ctx.start_time or 0)
            if ist.pts >= f.recording_time + st0:
                ost.finished = True
                return
        opkt = Packet(stream_index=ost.index, data=pkt.data, pts=None, dts=None,
                      duration=0, pos=pkt.pos, flags=pkt.flags, side_data=list(pkt.side_data))
        if pkt.pts is not None:
            opkt.pts = _rq(pkt.pts, in_tb, mux_tb) - ost_tb_start
        par = ost.st.codecpar
        if pkt.dts is None:
            opkt.dts = rescale_q(ist.dts, AV_TIME_BASE_Q, mux_tb)
        elif par.codec_type == "audio":
            ipar = ist.st.codecpar
            duration = audio_frame_duration(ipar, len(pkt.data)) or ipar.frame_size
            last, dts = _rescale_delta(in_tb, pkt.dts, Rational(1, ipar.sample_rate or 1),
                                       duration, ist.rescale_last, mux_tb)
            ist.rescale_last = last
            opkt.dts = dts
            opkt.pts = opkt.dts - ost_tb_start
        else:
            opkt.dts = _rq(pkt.dts, in_tb, mux_tb)
        opkt.dts -= ost_tb_start
        opkt.duration = _rq(pkt.duration, in_tb, mux_tb)
        self._output_packet(ost, opkt)
        ost.started = True

    def _output_packet(self, ost: _OutputStream, pkt: Packet) -> None:
        if ost.bsfs:
            try:
                outs = _bsf.run_chain(ost.bsfs, pkt)
            except CineError:
                self.log.error("Error applying bitstream filters to an output packet for "
                               "stream #%d:%d.\n" % (ost.of.index, ost.index))
                return
            for p in outs:
                self._of_write_packet(ost, p)
        else:
            self._of_write_packet(ost, pkt)

    def _of_write_packet(self, ost: _OutputStream, pkt: Packet) -> None:
        of = ost.of
        st = ost.st
        ctype = st.codecpar.codec_type
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
                    level = WARNING if (mx - pkt.dts > 2 or ctype == "video") else DEBUG
                    of.mux.log.log(level, "Non-monotonous DTS in output stream %d:%d; previous: "
                                   "%d, current: %d; " % (of.index, st.index, ost.last_mux_dts, pkt.dts))
                    of.mux.log.log(level, "changing to %d. This may result in incorrect "
                                   "timestamps in the output file.\n" % mx)
                    if pkt.pts is not None and pkt.pts >= pkt.dts:
                        pkt.pts = max(pkt.pts, mx)
                    pkt.dts = mx
        ost.last_mux_dts = pkt.dts
        ost.data_size += len(pkt.data)
        ost.packets += 1
        pkt.stream_index = ost.index
        try:
            of.mux.interleaved_write(pkt)
        except CineError as exc:
            self.log.log(ERROR, "av_interleaved_write_frame(): %s\n" % strerror(exc.code))
            for o in of.streams:
                o.finished = True
            raise

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
            if of.mux is not None:
                for st, ms in zip(of.ctx.streams, of.mux.ms):
                    end = ms.end_pts()
                    if end is not None:
                        v = rescale_q(end, st.time_base, AV_TIME_BASE_Q)
                        t = v if t is None else max(t, v)
            stats = [StreamStats(o.st.codecpar.codec_type, o.packets, o.frame_number,
                                 o.data_size, o.extradata_size) for o in of.streams]
            outs.append(OutputStats(of.spec.url, size, t, stats))
        return Progress(outs, _time.monotonic() - (self._t0 or _time.monotonic()), final)


def _internal(exc: BaseException) -> CineError:
    """A defect or unexpected input state: reported as AVERROR_BUG, never a traceback."""
    from ..errors import AVERROR_BUG
    if isinstance(exc, OSError):
        from ..errors import from_oserror
        return from_oserror(exc)
    return CineError("%s: %s" % (type(exc).__name__, exc), code=AVERROR_BUG)


def _rescale_delta(in_tb: Rational, in_ts: int, fs_tb: Rational, duration: int,
                   last: int | None, out_tb: Rational) -> tuple[int, int]:
    """av_rescale_delta: returns (new last, rescaled timestamp)."""
    if last is None or not duration or in_tb.num * out_tb.den <= out_tb.num * in_tb.den:
        return rescale_q(in_ts, in_tb, fs_tb) + duration, rescale_q(in_ts, in_tb, out_tb)
    a = rescale_q(2 * in_ts - 1, in_tb, fs_tb, ROUND_DOWN) >> 1
    b = (rescale_q(2 * in_ts + 1, in_tb, fs_tb, ROUND_UP) + 1) >> 1
    if last < 2 * a - b or last > 2 * b - a:
        return rescale_q(in_ts, in_tb, fs_tb) + duration, rescale_q(in_ts, in_tb, out_tb)
    this = min(max(last, a), b)
    return this + duration, rescale_q(this, fs_tb, out_tb)


def _muxer_tags(entry):
    try:
        cls = _muxers.load_muxer(entry)
    except CineError:
        return None
    return getattr(cls, "codec_tags", None)


def _parse_tag(text: str) -> int:
    """-tag: a fourcc, or a number (ffmpeg_opt.c: strtol with base 0, else AV_RL32)."""
    try:
        return int(text, 0)
    except ValueError:
        b = text.encode("latin-1")[:4].ljust(4, b"\0")
        return b[0] | b[1] << 8 | b[2] << 16 | b[3] << 24


def _input_flags(ic: FormatContext) -> set:
    """The demuxer flags ffmpeg's timestamp handling looks at (AVFMT_TS_DISCONT)."""
    names = set(ic.format_name.split(","))
    # FFmpeg 5.1.9: AVFMT_TS_DISCONT is set on mpegts, mpeg-ps, ogg, flv, hls, m4v (raw MPEG-4)
    discont = {"mpegts", "mpeg", "ogg", "flv", "mpegtsraw", "hls", "m4v", "dhav", "ty"}
    return {"ts_discont"} if names & discont else set()


def _pts_wrap_bits(ic: FormatContext) -> int:
    """avpriv_set_pts_info's wrap bits of the input's demuxer (33 for MPEG-TS/PS, else 64)."""
    names = set(ic.format_name.split(","))
    if names & {"mpegts", "mpeg"}:
        return 33
    return 64
