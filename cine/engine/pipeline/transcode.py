"""The decode -> filter -> encode -> mux run of FFmpeg 5.1.9's ffmpeg tool for video streams:
the input side (reading, timestamp offsets, -stream_loop) is the stream-copy run's (copy.py's
Remux); each packet of a decoded stream goes to its decoder, every frame through the output
stream's filter chain, then do_video_out's frame-rate logic (vsync.py) before the encoder,
and the packets to the muxing layer. An output is set up when each of its streams has had
its first filtered frame (or at the end), as the reference initialises its encoders lazily.

Per output stream the StreamMap carries: codec (the encoder), options["filters"] (the chain:
[(name, options)]), options["pix_fmt"], options["qscale"], options["vsync"] ("auto", "cfr",
"vfr", "passthrough"), options["user_filters"] (whether -vf was given),
options["codec_bitexact"] (the encoder's AV_CODEC_FLAG_BITEXACT: -bitexact, -flags
+bitexact); per input
InputSpec.options["skip_frame"].
"""
from __future__ import annotations

import copy as _copy

from ..codecs import decoders as _decoders
from ..codecs import encoders as _encoders
from ..errors import AVERROR_INVALIDDATA, CineError, Unsupported, strerror
from ..log import FATAL
from ..filters import autorotate as _autorotate
from ..filters.graph import FilterChain
from ..filters.link import Link
from ..model import (AV_TIME_BASE, AV_TIME_BASE_Q, PKT_FLAG_DISCARD, PKT_FLAG_KEY, Packet,
                     Rational, Stream)
from ..timebase import rescale_q
from . import outputs_setup as _setup
from .audio_out import AudioTranscode
from .copy import Remux
from .copy_state import OutputFile, OutputStream
from .encode_setup import encoder_parameters, guess_frame_rate
from .frame_threads import FrameThreadDelay
from .vsync import VideoSync


class Transcode(AudioTranscode, Remux):
    """Run a Job whose output streams are all encoded (video here, audio in AudioTranscode)."""

    fast_copy = False

    def __init__(self, job, inputs, sink=None):
        super().__init__(job, inputs, sink)
        self.decoders: dict = {}        # (file, stream) -> decoder
        self.on_header = None

    # -- set-up -----------------------------------------------------------------------------
    def init_outputs(self, on_header=None):
        self.on_header = on_header
        try:
            for oi, spec in enumerate(self.job.outputs):
                from ..formats import muxers as _muxers
                entry = _muxers.guess_entry(spec.format_name, spec.url)
                if entry is None:
                    raise CineError("Unable to find a suitable output format", code=-22)
                of = OutputFile(oi, spec, entry)
                self.outputs.append(of)
                for smap in spec.streams:
                    self._new_encoded_stream(of, smap)
                _setup._metadata(self, of)
                _setup._dispositions(self, of)
                _setup._chapters(self, of)
            _setup._discard_unused(self)
        except CineError:
            raise
        except (ArithmeticError, LookupError, ValueError, TypeError, AttributeError) as exc:
            from .copy import _internal
            raise _internal(exc) from None
        return [of.ctx for of in self.outputs]

    def _new_encoded_stream(self, of: OutputFile, smap) -> None:
        f = self.files[smap.file_index]
        ist = f.streams[smap.stream_index]
        src = ist.st
        if smap.codec == "copy":
            raise Unsupported("cine: output stream #%d:%d is copied while others are encoded: "
                              "cine does not mix stream copy and encoding in one run yet"
                              % (of.index, len(of.streams)))
        if src.codecpar.codec_type == "audio":
            ist.used = True
            self._new_audio_stream(of, smap, f, ist)
            return
        if src.codecpar.codec_type != "video":
            raise Unsupported("cine: output stream #%d:%d (%s) would need an encoder: cine "
                              "encodes video and audio only; add -sn/-dn or map the video and "
                              "audio streams only"
                              % (of.index, len(of.streams), src.codecpar.codec_type))
        ist.used = True
        key = (f.index, src.index)
        if key not in self.decoders:
            self.decoders[key] = self._open_decoder(f, src)
        st = Stream(index=len(of.ctx.streams))
        st.codecpar.codec_type = "video"
        st.codecpar.codec_name = smap.codec
        ost = OutputStream(of, len(of.streams), smap, ist, st)
        ost.extradata_size = 0
        opts = smap.options
        out_fmts, ost.fmt_warning = self._out_formats(smap)
        ost.chain = FilterChain(opts.get("filters") or [], out_fmts, self.log,
                                _autorotate.input_matrix(src, f.spec.options),
                                opts.get("sws_method"))
        ost.chain.colorspace = src.codecpar.color_space
        ost.sync = VideoSync(opts.get("vsync", "auto"), of.entry, f, self.job.copy_ts,
                             bool(opts.get("user_filters")))
        ost.encoder = None
        ost.quality = None
        ost.trim_first = None
        of.ctx.streams.append(st)
        of.streams.append(ost)
        self.ost_all.append(ost)

    def _out_formats(self, smap):
        """The formats the encoder is given: -pix_fmt (choose_pix_fmt: a format the encoder
        does not take is replaced by its closest one, with the reference's warning, logged
        when the chain is configured), else any of the encoder's."""
        from ..filters.graph import best_format
        supported = _encoders.ENCODERS[smap.codec].pix_fmts
        want = smap.options.get("pix_fmt")
        if not want:
            return supported, None
        if supported is not None and want not in supported:
            best = best_format(want, supported)
            return (best,), ("Incompatible pixel format '%s' for codec '%s', auto-selecting "
                             "format '%s'\n" % (want, smap.codec, best))
        return (want,), None

    def _open_decoder(self, f, st):
        from ..log import Logger
        name = st.codecpar.codec_name
        skip = f.spec.options.get("skip_frame")
        dec = _decoders.open_decoder(st.codecpar, st.time_base, Logger(name, self.sink), skip)
        if dec is None:
            raise Unsupported("cine: no decoder for %s (input stream #%d:%d): cine decodes "
                              "%s only" % (name, f.index, st.index,
                                           ", ".join(sorted(_decoders.DECODERS))))
        dec = FrameThreadDelay(dec, name, f.spec.options.get("threads"))
        return _Decoder(dec, skip == "nokey" and name == "rawvideo")

    # -- decoding ---------------------------------------------------------------------------
    def _process_packet(self, ist, pkt: Packet, dts_us=None) -> None:
        st = ist.st
        if st.codecpar.codec_type == "audio":
            self._process_audio_packet(ist, pkt, dts_us)
            return
        if not ist.saw_first_ts:
            ist.saw_first_ts = True
            ist.next_pts = 0 if pkt.pts is None else rescale_q(pkt.pts, st.time_base,
                                                               AV_TIME_BASE_Q)
            ist.planner = self._make_planner(ist)
            afr = st.avg_frame_rate
            ist.dts = (int(-st.codecpar.video_delay * AV_TIME_BASE / (afr.num / afr.den))
                       if afr.num and afr.den else 0)
        dec = self.decoders[(ist.file.index, st.index)]
        pkt = _copy.copy(pkt)
        pkt.dts = self._decoder_dts(ist, dec, pkt)
        if dec.skip_nokey and not pkt.flags & PKT_FLAG_KEY:
            return
        if pkt.flags & PKT_FLAG_DISCARD and pkt.pts is not None:
            _note_discarded(ist, pkt.pts)
        if self._input_trimmed(ist, pkt.pts):
            # its frame would be trimmed: not decoded (the graph is still set up at the end)
            self._note_time(ist, pkt.pts, pkt.duration)
            ist.trimmed = True
            self._decode(ist, dec, pkt, False)
            return
        if ist.planner is None:
            self._decode(ist, dec, pkt)
            return
        for p, wanted in ist.planner.push(pkt):
            self._decode(ist, dec, p, wanted)

    def _decoder_dts(self, ist, dec, pkt):
        """process_input_packet's dts clock for a decoded video stream (pkt None: one decode
        call at the end): the packet's dts when it has one, else the previous one plus the
        packet's duration, or the decoder's frame duration (AVCodecContext.framerate, frame
        pictures) at the end. The reference hands the decoder this dts in place of the
        packet's (its frames' pkt_dts), in the stream's time base (None: unknown)."""
        st = ist.st
        if ist.next_dts is None:
            ist.next_dts = ist.dts
        if pkt is not None and pkt.dts is not None:
            ist.next_dts = rescale_q(pkt.dts, st.time_base, AV_TIME_BASE_Q)
        ist.dts = ist.next_dts
        if pkt is not None and pkt.duration:
            step = rescale_q(pkt.duration, st.time_base, AV_TIME_BASE_Q)
        else:
            rate = getattr(dec.dec, "framerate", None)
            step = AV_TIME_BASE * rate[1] // rate[0] if rate else 0
        if ist.dts is None:
            return None
        ist.next_dts = ist.dts + step if step else None
        return rescale_q(ist.dts, AV_TIME_BASE_Q, st.time_base)

    def _decode(self, ist, dec, pkt, wanted: bool = True) -> None:
        try:
            frames = dec.decode(pkt.data, pkt.pts, pkt.dts, pkt.duration) if wanted else \
                dec.dec.skipped(pkt)    # (frame threading: its turn in the threads' queue)
        except Unsupported as exc:
            # a picture cine cannot decode (P/B pictures, a profile it lacks): the frames
            # decoded before it go on; the run then ends unless no output wants more frames
            # of this stream (-frames reached: the reference stops reading there)
            for fr in getattr(exc, "frames", ()):
                self._frame_decoded(ist, fr)
            if not any(not o.finished and o.frame_number < o.max_frames
                       for o in self._osts_of(ist)):
                return
            self.log.error("cine: cannot decode stream #%d:%d: %s\n"
                           % (ist.file.index, ist.st.index, exc.detail or exc.message))
            raise _Logged(exc.code or -38) from None
        except CineError as exc:
            self._decode_error(ist, exc)
            return
        for fr in frames:
            self._frame_decoded(ist, fr)

    def _make_planner(self, ist):
        """A PreSelect when this stream feeds one encoded stream whose chain starts with a
        select (which then leaves the chain)."""
        from .planner import PreSelect, can_plan
        osts = self._osts_of(ist)
        if len(osts) != 1:
            return None
        ost = osts[0]
        specs = self._resolve_specs(ost)
        st = ist.st
        if not can_plan(specs, st.codecpar.codec_name, st):
            return None
        par = st.codecpar
        planner = PreSelect(specs[0][1], self._stream_link(ist), par.codec_name,
                            self.decoders[(ist.file.index, st.index)], par.video_delay,
                            self.log)
        ost.chain.specs = specs[1:]
        return planner

    @staticmethod
    def _stream_link(ist) -> Link:
        """The input of a chain as the stream's parameters describe its frames."""
        st = ist.st
        par = st.codecpar
        sar = st.sample_aspect_ratio if st.sample_aspect_ratio.num else par.sample_aspect_ratio
        return Link(par.width, par.height, par.format, st.time_base, guess_frame_rate(st), sar)

    @staticmethod
    def _codecpar_link(ist) -> Link:
        """The input of a chain no frame configured: ifilter_parameters_from_codecpar (the
        codec's sample aspect ratio, not the container's)."""
        st = ist.st
        par = st.codecpar
        return Link(par.width, par.height, par.format, st.time_base, guess_frame_rate(st),
                    par.sample_aspect_ratio)

    def _resolve_specs(self, ost) -> list:
        """The chain's specs, parsing the graph now if the face deferred it."""
        specs = ost.chain.specs
        if callable(specs):
            try:
                specs = ost.chain.specs = specs()
            except CineError as exc:
                self._filter_init_failed(ost, exc)
        return specs

    def _filter_init_failed(self, ost, exc) -> None:
        self.log.error("Error reinitializing filters!\n")
        self.log.error("Failed to inject frame into filter network: %s\n"
                       % strerror(exc.code or -22))
        self.log.error("Error while processing the decoded data for stream #%d:%d\n"
                       % (ost.ist.file.index, ost.ist.st.index))
        raise _Logged(exc.code or -22) from None

    # ffmpeg's decode_error_stat: decode calls that gave a frame, and failed ones
    decoded_frames = 0
    failed_decodes = 0
    MAX_ERROR_RATE = 2 / 3          # -max_error_rate's default

    @property
    def decode_stat(self) -> tuple[int, int]:
        return self.decoded_frames, self.failed_decodes

    def error_rate_exceeded(self) -> bool:
        """Whether more than -max_error_rate of the decode calls failed: the reference then
        exits with 69."""
        ok, failed = self.decode_stat
        return (ok + failed) * self.MAX_ERROR_RATE < failed

    def _decode_error(self, ist, exc: CineError) -> None:
        self.failed_decodes += 1
        self.log.error("Error while decoding stream #%d:%d: %s\n"
                       % (ist.file.index, ist.st.index, strerror(exc.code or -22)))
        if self.job.exit_on_error:
            from .copy import AbortRun
            raise AbortRun(code=exc.code or -22) from None

    def _frame_decoded(self, ist, frame) -> None:
        if _discarded(ist, frame.pts):
            return
        self.decoded_frames += 1
        frame.time_base = ist.st.time_base
        self._note_time(ist, frame.pts, frame.duration)
        if self._input_trimmed(ist, frame.pts):
            return
        for ost in self._osts_of(ist):
            if ost.finished:
                continue
            self._filter_frame(ost, frame)

    def _note_time(self, ist, pts, duration) -> None:
        """ist->pts / next_pts: the last frame's time and where the next one is due."""
        if pts is None:
            return
        st = ist.st
        ts = rescale_q(pts, st.time_base, AV_TIME_BASE_Q)
        ist.pts = ts
        ist.next_pts = ts + (rescale_q(duration, st.time_base, AV_TIME_BASE_Q) if duration else 0)

    def _input_trimmed(self, ist, pts) -> bool:
        """The input -ss / -t (the trim filter starting the reference's graph)."""
        if pts is None:
            return False
        f = ist.file
        ts = rescale_q(pts, ist.st.time_base, AV_TIME_BASE_Q)
        if f.start_time is not None and not self.job.copy_ts and ts < 0:
            return True
        return f.recording_time is not None and ts >= f.recording_time

    def _osts_of(self, ist):
        if ist.osts is None:
            ist.osts = [o for o in self.ost_all if o.ist is ist]
        return ist.osts

    def _filter_frame(self, ost, frame) -> None:
        if ost.chain.outlink is None:
            st = ost.ist.st
            # decode_video: the stream's aspect ratio, when it has one, replaces the frame's
            sar = st.sample_aspect_ratio if st.sample_aspect_ratio.num else Rational(*frame.sar)
            link = Link(frame.width, frame.height, frame.pix_fmt, st.time_base,
                        guess_frame_rate(st), sar)
            self._configure_chain(ost, link)
        self._to_encoder(ost, ost.chain.push(_share(frame)))

    def _configure_chain(self, ost, link) -> None:
        if ost.fmt_warning:
            self.log.warning(ost.fmt_warning)
        try:
            ost.chain.configure(link)
        except CineError as exc:
            if isinstance(exc, Unsupported):
                raise
            self._filter_init_failed(ost, exc)
        for sc in ost.chain.scale_filters:
            if sc.deprecated:
                _warn_deprecated_format(self.sink)

    # -- encoding ---------------------------------------------------------------------------
    def _to_encoder(self, ost, frames) -> None:
        for fr in frames:
            if ost.finished:
                return
            cut = self._trim(ost, fr)
            if cut == "drop":
                continue
            if cut == "eof":
                self._close_output_stream(ost)
                return
            if ost.encoder is None:
                self._init_encoder(ost, fr)
            for pts, picture in ost.sync.frames_for(fr, ost.frame_number, ost.max_frames):
                self._encode(ost, picture, pts)

    def _trim(self, ost, frame) -> str:
        """The output -ss/-t (the trim filter ending the reference's graph): "drop" before
        the start, "eof" once the duration from the first frame passed is reached."""
        of = ost.of
        if frame.pts is None or (of.start_time is None and of.recording_time is None):
            return "pass"
        tb = ost.chain.outlink.time_base
        if of.start_time is not None and frame.pts < rescale_q(of.start_time, AV_TIME_BASE_Q, tb):
            return "drop"
        if ost.trim_first is None:
            ost.trim_first = frame.pts
        if of.recording_time is not None and \
                frame.pts - ost.trim_first >= rescale_q(of.recording_time, AV_TIME_BASE_Q, tb):
            return "eof"
        return "pass"

    def _init_encoder(self, ost, frame) -> None:
        from ..log import Logger
        out = ost.chain.outlink
        qscale = ost.map.options.get("qscale")
        codec_bitexact = bool(ost.map.options.get("codec_bitexact"))
        bitexact = self.job.outputs[ost.of.index].bitexact or codec_bitexact
        rng = "pc" if out.pix_fmt.startswith("yuvj") else \
            (frame.color_range if frame is not None else None)
        if _encoders.encoder_class(ost.map.codec) is None:
            raise Unsupported("cine: the %s encoder is not available" % ost.map.codec)
        rate, fallback = encoder_parameters(ost, out, frame, bitexact)
        ost.st.side_data += _autorotate.encoded_side_data(ost.ist.st.side_data,
                                                          ost.chain.display_matrix is not None)
        if fallback:
            self.log.warning("No information about the input framerate is available. Falling "
                             "back to a default value of 25fps for output stream #%d:%d. Use "
                             "the -r option if you want a different framerate.\n"
                             % (ost.of.index, ost.index))
        par = ost.st.codecpar
        tb = ost.st.time_base
        ost.encoder = _encoders.open_encoder(
            ost.map.codec, out.width, out.height, out.pix_fmt, qscale,
            sar=(out.sar.num, out.sar.den), color_range=rng, bitexact=codec_bitexact,
            time_base=(tb.num, tb.den), color_primaries=par.color_primaries,
            color_trc=par.color_transfer, log=Logger(ost.map.codec, self.sink))
        if out.sar.num and not _encoders.valid_sar(out.width, out.height,
                                                   (out.sar.num, out.sar.den)):
            par.sample_aspect_ratio = Rational(0, 1)    # the stream's own SAR stays
        ost.sync.start(ost.chain, out, rate, ost.st.time_base, ost.of.start_time or 0)
        ost.mux_tb = ost.st.time_base
        # print_report's q: 0 until the first packet, then the encoder's (-1 without stats;
        # mjpeg's rate control: the picture's lambda)
        ost.enc_quality = (int(118 * qscale) / 118.0) if qscale is not None else -1 / 118.0
        of = ost.of
        if all(o.encoder is not None for o in of.streams):
            self._open_output(of)

    def _open_output(self, of) -> None:
        try:
            _setup._open_output(self, of)
        except CineError:
            raise _Logged(-22) from None
        if self.on_header is not None:
            self.on_header(of.index, of.ctx)
        # the muxing queues: packets encoded before the header, each stream's in turn
        queued = getattr(of, "queued", None)
        if queued:
            of.queued = None
            for o in of.streams:
                for pkt in queued.get(o.index, ()):
                    self._of_write_packet(o, pkt)

    def _of_write_packet(self, ost, pkt) -> None:
        """of_write_packet, or the stream's muxing queue while its output waits for the
        encoders of its other streams (their first frames) before writing the header."""
        of = ost.of
        if of.mux is None:
            if getattr(of, "queued", None) is None:
                of.queued = {}
            of.queued.setdefault(ost.index, []).append(pkt)
            return
        super()._of_write_packet(ost, pkt)

    def _encode(self, ost, frame, pts: int) -> None:
        picture = _share(frame)
        picture.pts = pts           # do_video_out: the encoder sees its own time base
        data = ost.encoder.encode(picture)
        rc = getattr(ost.encoder, "rate_control", None)
        ost.quality = rc.last_lambda / 118.0 if rc is not None else ost.enc_quality
        pkt = Packet(ost.index, data, pts, pts, 0, -1, PKT_FLAG_KEY)
        if ost.mux_tb != ost.st.time_base:
            pkt.pts = pkt.dts = rescale_q(pts, ost.mux_tb, ost.st.time_base)
        self._of_write_packet(ost, pkt)

    # -- the end ----------------------------------------------------------------------------
    def _flush_ist(self, ist) -> None:
        if ist.st.codecpar.codec_type == "audio":
            self._flush_audio_ist(ist)
            return
        dec = self.decoders.get((ist.file.index, ist.st.index))
        if dec is None or getattr(ist, "flushed", False):
            return
        ist.flushed = True
        planner = getattr(ist, "planner", None)
        if planner is not None:
            for p, wanted in planner.flush():
                self._decode(ist, dec, p, wanted)
        try:
            frames = dec.flush()
        except CineError as exc:
            self._decode_error(ist, exc)
            frames = []
        # decode_video at the end: one call a frame, each noting its dts; a frame without a
        # timestamp takes the oldest noted one
        noted = []
        for fr in frames:
            noted.append(self._decoder_dts(ist, dec, None) if ist.saw_first_ts else None)
            if fr.pts is None:
                fr.pts = noted.pop(0)
        for fr in frames:
            if not self._need_output():
                break               # (at the end the reference decodes a frame per turn)
            self._frame_decoded(ist, fr)
        eof = None
        if ist.saw_first_ts and ist.next_pts is not None:
            eof = rescale_q(ist.next_pts, AV_TIME_BASE_Q, ist.st.time_base)
        if ist.st.codecpar.format is None and any(
                ost.chain.outlink is None and not ost.finished for ost in self._osts_of(ist)):
            # ifilter_send_eof: a graph no frame configured takes the stream's parameters,
            # and a stream without a pixel format cannot be set up
            self.log.error("Cannot determine format of input stream %d:%d after EOF\n"
                           % (ist.file.index, ist.st.index))
            self.log.log(FATAL, "Error marking filters as finished\n")
            raise _Logged(AVERROR_INVALIDDATA)
        for ost in self._osts_of(ist):
            if ost.chain.outlink is None and not ost.finished:
                if getattr(ist, "trimmed", False) or (planner is not None
                                                     and planner.select.count):
                    # the reference configured its graph with the first decoded frame,
                    # which cine did not decode
                    self._configure_chain(ost, self._stream_link(ist))
                else:
                    # no frame came: ifilter_send_eof gave the graph the stream's codec
                    # parameters, and the next transcode_step configures it with them
                    # (so do_video_out(NULL) below sets the encoder up: no "Finishing
                    # stream" warning)
                    self._configure_chain(ost, self._codecpar_link(ist))
            if ost.chain.outlink is None or ost.finished:
                continue
            self._to_encoder(ost, ost.chain.flush(eof))
            if ost.finished:
                continue
            if ost.encoder is None:
                self._init_encoder(ost, None)       # do_video_out(NULL) sets it up
            for pts, picture in ost.sync.flush(ost.frame_number, ost.max_frames):
                self._encode(ost, picture, pts)

    def _write_trailers(self) -> None:
        self._flush_encoders()
        done = [of for of in self.outputs if of.mux is not None]
        kept, self.outputs = self.outputs, done
        try:
            super()._write_trailers()
        finally:
            self.outputs = kept

    def _flush_encoders(self) -> None:
        """flush_encoders: a stream that never had a frame is set up from its input's
        parameters (configuring its filters if no frame did), so the output still gets
        its header."""
        for ost in self.ost_all:
            if ost.encoder is not None:
                continue
            self.log.warning("Finishing stream %d:%d without any data written to it.\n"
                             % (ost.of.index, ost.index))
            if getattr(ost, "kind", None) == "audio":
                self._flush_audio_encoder(ost)
                continue
            if ost.chain.outlink is None:
                self._configure_chain(ost, self._codecpar_link(ost.ist))
            self._init_encoder(ost, None)

    def _progress(self, final: bool):
        prog = super()._progress(final)
        synced = [o.sync for o in self.ost_all if getattr(o, "kind", None) != "audio"]
        prog.dup_frames = sum(s.duplicated for s in synced)
        prog.drop_frames = sum(s.dropped for s in synced)
        for of, out in zip(self.outputs, prog.outputs):
            for ost, s in zip(of.streams, out.streams):
                s.quality = ost.quality if ost.quality is not None else 0.0
        return prog


def _warn_deprecated_format(sink) -> None:
    """sws_init_context's warning for a yuvj format, once per context it initialises: with
    more than one CPU, one slice context per thread (CPUs + 1), each logging under the
    main one."""
    import os
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    text = "deprecated pixel format used, make sure you did set range correctly\n"
    if cpus <= 1:
        sink("swscaler", 24, text)
        return
    for _ in range(cpus + 1):
        sink(("swscaler", "swscaler"), 24, text)


class _Decoder:
    """A stream's decoder and whether non-key packets are skipped before it (-skip_frame
    nokey for decoders that do not take the option themselves)."""

    def __init__(self, dec, skip_nokey: bool):
        self.dec = dec
        self.skip_nokey = skip_nokey

    def decode(self, data, pts, dts, duration):
        return self.dec.decode(data, pts, dts, duration)

    def flush(self):
        return self.dec.flush()


def _note_discarded(ist, pts: int) -> None:
    """A packet flagged AV_PKT_FLAG_DISCARD (an MP4 edit list's samples before its start)
    goes to the decoder: the picture it starts is still decoded (a reference for the next),
    but ff_decode_frame_props marks its frame AV_FRAME_FLAG_DISCARD, and decode_simple_internal
    then returns no frame. The frame carries its own packet's pts (whenever it comes out,
    reordered or delayed by frame threads), which is how it is recognised here."""
    pending = getattr(ist, "discard_pts", None)
    if pending is None:
        pending = ist.discard_pts = {}
    pending[pts] = pending.get(pts, 0) + 1


def _discarded(ist, pts) -> bool:
    """Whether a decoded frame of `pts` is one a discarded packet started (consumed)."""
    pending = getattr(ist, "discard_pts", None)
    if not pending or pts not in pending:
        return False
    if pending[pts] == 1:
        del pending[pts]
    else:
        pending[pts] -= 1
    return True


class _Logged(CineError):
    """A failure whose lines are logged already."""

    def __init__(self, code: int):
        super().__init__(strerror(code), code=code)
        self.logged = True


def _share(frame):
    """A frame the chain may retime without touching the decoder's (filters set pts)."""
    return _copy.copy(frame)
