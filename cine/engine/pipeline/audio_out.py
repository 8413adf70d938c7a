"""The audio half of the decode -> filter -> encode -> mux run (FFmpeg 5.1.9 fftools/ffmpeg.c
decode_audio, the audio filter graph of ffmpeg_filter.c, do_audio_out): packets to the
stream's decoder (with decode.c's sample skipping), each frame's pts carried to 1/sample_rate
with av_rescale_delta, the chain (input trim, the user's -af, the aformat of the encoder's
formats and -sample_fmt/-ar/-ac, the output trim), then the PCM encoder and the muxer.

Per output stream the StreamMap's options carry: "afilters" (the -af chain specs, or a
callable returning them), "sample_rate" (-ar), "channels" (-ac), "sample_fmt"
(-sample_fmt). Transcode mixes this class in.
"""
from __future__ import annotations

import copy as _copy

from ..chlayout import describe_unspec
from ..errors import CineError, Unsupported
from ..filters.audio_filters import AudioLink
from ..model import AV_TIME_BASE, AV_TIME_BASE_Q, PKT_FLAG_KEY, Packet, Rational, Stream
from ..timebase import rescale_delta, rescale_q
from .copy_state import OutputStream
from .encode_setup import LIBAVCODEC_IDENT

INT64_MAX = (1 << 63) - 1


class AudioTranscode:
    """Audio output streams of a Transcode."""

    def _new_audio_stream(self, of, smap, f, ist) -> None:
        from ..codecs import encoders as _encoders
        from ..filters.audio_chain import AudioChain
        from ..filters.audio_filters import AFormat
        src = ist.st
        if smap.codec not in _encoders.AUDIO_ENCODERS:
            raise Unsupported("cine: the %s encoder is not available (cine encodes audio with "
                              "%s)" % (smap.codec, ", ".join(sorted(_encoders.AUDIO_ENCODERS))))
        key = (f.index, src.index)
        if key not in self.decoders:
            self.decoders[key] = self._open_audio_decoder(f, src)
        st = Stream(index=len(of.ctx.streams))
        st.codecpar.codec_type = "audio"
        st.codecpar.codec_name = smap.codec
        ost = OutputStream(of, len(of.streams), smap, ist, st)
        ost.extradata_size = 0
        ost.kind = "audio"
        opts = smap.options
        ost.user_afilters = opts.get("afilters")
        if ost.user_afilters is not None and not callable(ost.user_afilters):
            # (kept unconfigured: a graph configured again starts from fresh filters)
            ost.user_afilters_pristine = _copy.deepcopy(list(ost.user_afilters))
        layouts = None
        if opts.get("channels"):
            from ..chlayout import default_layout
            n = int(opts["channels"])
            layouts = (default_layout(n) or describe_unspec(n),)
        fmt = opts.get("sample_fmt")
        formats = (fmt,) if fmt else _encoders.AUDIO_ENCODERS[smap.codec]
        rate = opts.get("sample_rate")
        ost.aformat = AFormat(formats, (int(rate),) if rate else None, layouts)
        ost.trims = self._output_trims(of)
        ost.chain = AudioChain(self._input_trims(f), self.log)
        ost.encoder = None
        ost.quality = None
        ost.sync_opts = 0
        of.ctx.streams.append(st)
        of.streams.append(ost)
        self.ost_all.append(ost)

    def _input_trims(self, f) -> list:
        """configure_input_audio_filter's trim: from 0 (the seek point) for -ss."""
        from ..filters.audio_filters import ATrim
        spec = f.spec
        if spec.start_time is None and spec.recording_time is None:
            return []
        start = None if spec.start_time is None else (0 if not self.job.copy_ts else None)
        return [ATrim(start, spec.recording_time)]

    @staticmethod
    def _output_trims(of) -> list:
        from ..filters.audio_filters import ATrim
        if of.start_time is None and of.recording_time is None:
            return []
        return [ATrim(of.start_time, of.recording_time)]

    def _open_audio_decoder(self, f, st):
        from ..codecs import decoders as _decoders
        from ..codecs.audio_skip import SkippingDecoder
        from ..log import Logger
        from .frame_threads import FrameThreadDelay
        name = st.codecpar.codec_name
        log = Logger(_decoders.decoder_name(name), self.sink)
        dec = _decoders.open_decoder(st.codecpar, st.time_base, log)
        if dec is None:
            raise Unsupported("cine: no decoder for %s (input stream #%d:%d)"
                              % (name, f.index, st.index))
        dec = SkippingDecoder(dec, st.time_base, st.codecpar.sample_rate)
        threaded = FrameThreadDelay(dec, name, f.spec.options.get("threads"), log)
        # (frame threads: the packets' results and lines come later; else the decoder)
        return threaded if threaded.delay > 0 else dec

    def _packet_lane(self):
        from .audio_lane import AudioLane
        return AudioLane.for_run(self)

    # -- decoding ---------------------------------------------------------------------------
    def _process_audio_packet(self, ist, pkt, dts_us=None) -> None:
        """process_input_packet for a decoded audio stream (dts_us: pkt.dts in
        AV_TIME_BASE_Q when the caller has it)."""
        st = ist.st
        if not ist.saw_first_ts:
            ist.saw_first_ts = True
            ist.dts = 0
            ist.pts = 0
            ist.prev_pkt_pts = None
            ist.rescale_last_in = None
        if pkt.dts is not None:
            if dts_us is None:
                dts_us = rescale_q(pkt.dts, st.time_base, AV_TIME_BASE_Q)
            ist.next_dts = ist.dts = ist.next_pts = ist.pts = dts_us
        else:
            if ist.next_dts is None:
                ist.next_dts = ist.dts
            if ist.next_pts is None:
                ist.next_pts = ist.pts
            ist.pts, ist.dts = ist.next_pts, ist.next_dts
        self._decode_audio_packet(ist, pkt)

    def _decode_audio_packet(self, ist, pkt) -> None:
        """The packet to the decoder (its clocks set), its frames to the filters."""
        st = ist.st
        dec = self.decoders[(ist.file.index, st.index)]
        if not pkt.data:
            # avcodec_send_packet refuses an empty packet that is not a flush: EINVAL
            self._decode_error(ist, CineError("Invalid argument", code=-22))
            return
        try:
            frames = dec.decode(pkt.data, pkt.pts, pkt.dts, pkt.duration, pkt.side_data)
        except Unsupported as exc:
            self.log.error("cine: cannot decode stream #%d:%d: %s\n"
                           % (ist.file.index, st.index, exc.detail or exc.message))
            from .transcode import _Logged
            raise _Logged(exc.code or -38) from None
        except CineError as exc:
            self._decode_error(ist, exc)
            return
        if dec.pending is not None:
            # the packet's frames went to the filters, then the decoder failed on the rest
            # of it (ffmpeg.c's process_input_packet logs that before reap_filters writes
            # anything of those frames, an output's header included)
            exc, dec.pending = dec.pending, None
            self._decode_error(ist, exc)
        for fr in frames:
            self._audio_decoded(ist, fr, pkt)
            pkt = None

    def _audio_decoded(self, ist, frame, pkt) -> None:
        """decode_audio after the decoder: the clocks, then the frame's pts in 1/sample_rate.
        pkt None: a later frame of the same packet, or one the decoder gives at the end
        (each a decode call of its own in the reference, which starts from the clocks)."""
        self.decoded_frames += 1
        if pkt is None:
            ist.pts, ist.dts = ist.next_pts, ist.next_dts
        rate = frame.sample_rate
        n = frame.data.shape[1]
        step = AV_TIME_BASE * n // rate
        ist.next_pts += step
        ist.next_dts += step
        pts = frame.pts
        if pts is not None:
            tb = ist.st.time_base
        elif pkt is not None and pkt.pts is not None:
            pts = frame.pts = pkt.pts
            tb = ist.st.time_base
        else:
            pts = frame.pts = ist.dts
            tb = AV_TIME_BASE_Q
        frame.pts = _sample_pts(ist, tb, pts, pkt, rate, n)
        frame.time_base = (1, rate)
        self._audio_frame_out(ist, frame)

    def _audio_frame_out(self, ist, frame) -> None:
        """A decoded frame (its pts in 1/sample_rate) to the stream's FrameBatch or, when
        there is none or the batch is ready, to the filters of its output streams."""
        batch = getattr(ist, "abatch", False)
        if batch is False:
            batch = self._batch_of(ist)
        # (an output's first frame goes alone: see _batch_of)
        if batch is not None and (batch.count or ist.osts[0].encoder is not None):
            if not batch.add(frame):
                return
            frame = batch.take()
        for ost in self._osts_of(ist):
            if not ost.finished:
                self._audio_filter(ost, frame)

    def _batch_of(self, ist):
        """The stream's FrameBatch (ist.abatch), where batching cannot change what the run
        writes or logs: one output stream alone in a file whose bytes do not depend on where
        packets end (raw PCM, WAV, null: not framemd5 and kin), no -frames, no -t/-to on
        either side; None elsewhere. The output's first frame goes alone, as its header is
        written with it (_audio_decoded)."""
        osts = self._osts_of(ist)
        ost = osts[0] if len(osts) == 1 else None
        ok = (ost is not None and len(ost.of.streams) == 1 and ost.max_frames == INT64_MAX
              and ost.of.entry.module.rpartition(":")[2] in _SAMPLE_STREAM_MUXERS
              and ost.of.recording_time is None and ost.of.start_time is None
              and ist.file.recording_time is None)
        batch = ist.abatch = FrameBatch() if ok else None
        return batch

    def _flush_batch(self, ist) -> None:
        batch = getattr(ist, "abatch", None)
        if batch:
            frame = batch.take()
            if frame is not None:
                for ost in self._osts_of(ist):
                    if not ost.finished:
                        self._audio_filter(ost, frame)

    def _audio_filter(self, ost, frame) -> None:
        chain = ost.chain
        if chain.outlink is None:
            self._configure_audio_chain(ost, _frame_link(frame))
        elif _changed(chain.inlink, frame):
            if ost.ist.st.index in ost.ist.file.spec.options.get("noreinit", ()):
                self._param_change_refused(ost, frame)
            self._reconfigure_audio_chain(ost, frame)
            chain = ost.chain
        if ost.encoder is None:
            # reap_filters sets an audio encoder up as soon as its graph is configured,
            # before any frame comes out of it
            self._init_audio_encoder(ost)
        if len(ost.ist.osts) > 1:
            frame = _copy.copy(frame)       # (filters retime the frame they are given)
        self._audio_to_encoder(ost, chain.push(frame))

    # -- encoding ---------------------------------------------------------------------------
    def _audio_to_encoder(self, ost, frames) -> None:
        rec = ost.of.recording_time
        for fr in frames:
            if ost.finished:
                return
            if rec is not None and ost.encoder is not None and \
                    ost.sync_opts * 1000000 >= rec * ost.chain.outlink.sample_rate:
                # do_audio_out's check_recording_time: the samples written reach the output's
                # -t (what the output trim ensures, but for a trim a rebuilt graph restarted)
                self._close_output_stream(ost)
                return
            if ost.encoder is None:
                self._init_audio_encoder(ost)
            if fr.pts is not None and ost.of.start_time:
                # reap_filters: the pts in the encoder's time base (the chain's own), less
                # the output's start time
                tb = ost.chain.outlink.time_base
                fr.pts -= rescale_q(ost.of.start_time, AV_TIME_BASE_Q, tb)
            self._audio_encode(ost, fr)
        if ost.chain.eof and not ost.finished:
            self._close_output_stream(ost)

    def _init_audio_encoder(self, ost) -> None:
        from ..codecs.pcm_codec import PcmEncoder
        from ..chlayout import mask_of
        out = ost.chain.outlink
        ost.encoder = PcmEncoder(ost.map.codec)
        st = ost.st
        par = st.codecpar
        par.codec_type = "audio"
        par.codec_name = ost.map.codec
        par.format = out.sample_fmt
        par.sample_rate = out.sample_rate
        par.channels = out.channels
        par.channel_layout = out.layout if mask_of(out.layout) else None
        bits = ost.encoder.bits_per_sample
        par.bits_per_coded_sample = bits
        if ost.chain.is_meta:
            # init_output_stream_encode: a graph of metadata-only filters passes the
            # decoder's sample depth on
            from ..samplefmt import bytes_per_sample
            src = ost.ist.st.codecpar
            dec_bits = getattr(src, "dec_bits_per_raw_sample", None)
            if dec_bits is None:
                dec_bits = src.bits_per_raw_sample
            par.bits_per_raw_sample = min(dec_bits or 0, 8 * bytes_per_sample(out.sample_fmt))
        par.bit_rate = bits * out.channels * out.sample_rate
        par.frame_size = 0
        st.time_base = Rational(1, out.sample_rate)
        # init_output_stream: the input stream's side data (replay gain...) goes along
        from ..filters.autorotate import encoded_side_data
        st.side_data += encoded_side_data(ost.ist.st.side_data, False)
        bitexact = self.job.outputs[ost.of.index].bitexact or bool(ost.map.options.get("codec_bitexact"))
        st.tags.set("encoder", ("Lavc " if bitexact else LIBAVCODEC_IDENT + " ") + ost.map.codec)
        ost.mux_tb = st.time_base
        ost.enc_quality = -1 / 118.0
        ost.quality = None
        of = ost.of
        if all(o.encoder is not None for o in of.streams):
            self._open_output(of)

    def _audio_encode(self, ost, frame) -> None:
        """do_audio_out: a frame without pts continues the previous one."""
        if frame.pts is None:
            frame.pts = ost.sync_opts
        ost.sync_opts = frame.pts + frame.nb_samples
        data = ost.encoder.encode(frame)
        pts = frame.pts
        pkt = Packet(ost.index, data, pts, pts, frame.nb_samples, -1, PKT_FLAG_KEY)
        if ost.mux_tb != ost.st.time_base:
            pkt.pts = pkt.dts = rescale_q(pts, ost.mux_tb, ost.st.time_base)
            pkt.duration = rescale_q(frame.nb_samples, ost.mux_tb, ost.st.time_base)
        self._of_write_packet(ost, pkt)

    # -- the end ----------------------------------------------------------------------------
    def _flush_audio_ist(self, ist) -> None:
        dec = self.decoders.get((ist.file.index, ist.st.index))
        if dec is None or getattr(ist, "flushed", False):
            return
        ist.flushed = True
        if hasattr(dec, "flush_results"):
            # frame threads: what each one held, a decode call each (a failed one logs)
            for res in dec.flush_results():
                if res.error is not None:
                    self._decode_error(ist, res.error)
                    continue
                self._audio_flushed(ist, res.frames)
                if res.pending is not None:
                    self._decode_error(ist, res.pending)
        else:
            try:
                frames = dec.flush()
            except CineError as exc:
                self._decode_error(ist, exc)
                frames = []
            self._audio_flushed(ist, frames)
        self._flush_batch(ist)
        for ost in self._osts_of(ist):
            if ost.chain.outlink is None and not ost.finished and ist.st.codecpar.format:
                # no frame came (every packet failed): ifilter_send_eof gives the graph the
                # stream's codec parameters, and the next transcode_step configures it and
                # sets the encoder up (the output's header: no "Finishing stream" warning)
                self._flush_audio_encoder(ost)
            if ost.chain.outlink is None or ost.finished:
                continue
            self._audio_to_encoder(ost, ost.chain.flush())

    def _audio_flushed(self, ist, frames) -> None:
        for fr in frames:
            if ist.saw_first_ts:
                self._audio_decoded(ist, fr, None)

    def _configure_audio_chain(self, ost, link) -> None:
        """The stream's graph as fftools builds it (input trim, the user's -af, aformat,
        output trim), configured for its input `link`."""
        specs = ost.user_afilters
        if callable(specs):
            try:
                specs = specs()
            except CineError as exc:
                self._filter_init_failed(ost, exc)
        ost.chain.filters += list(specs or []) + [ost.aformat] + ost.trims
        try:
            ost.chain.configure(link)
        except CineError as exc:
            if isinstance(exc, Unsupported):
                raise
            self._filter_init_failed(ost, exc)

    def _param_change_refused(self, ost, frame) -> None:
        """-reinit_filter 0: the frame goes to the graph as it is, whose buffer source
        refuses it (CHECK_AUDIO_PARAM_CHANGE), and the run fails."""
        from ..chlayout import mask_of
        from ..log import Logger
        from .transcode import _Logged
        ist, link = ost.ist, ost.chain.inlink
        graph = sum(1 for o in self.ost_all[:self.ost_all.index(ost)]
                    if getattr(o, "chain", None) is not None)
        log = Logger("graph_%d_in_%d_%d" % (graph, ist.file.index, ist.st.index),
                     self.log.sink)
        pts = "NOPTS" if frame.pts is None else "%.6g" % (frame.pts / link.sample_rate)
        log.info("filter context - fmt: %s r: %d layout: %X ch: %d, incoming frame - fmt: %s "
                 "r: %d layout: %X ch: %d pts_time: %s\n"
                 % (link.sample_fmt, link.sample_rate, mask_of(link.layout) or 0,
                    link.channels, frame.sample_fmt, frame.sample_rate,
                    mask_of(frame.layout) or 0, frame.channels, pts))
        log.warning("Changing audio frame properties on the fly is not supported.\n")
        self.log.error("Error while filtering: Invalid argument\n")
        self.log.error("Failed to inject frame into filter network: Invalid argument\n")
        self.log.error("Error while processing the decoded data for stream #%d:%d\n"
                       % (ist.file.index, ist.st.index))
        raise _Logged(-22)

    def _reconfigure_audio_chain(self, ost, frame) -> None:
        """ifilter_send_frame on a frame whose format, rate or layout differs from the
        graph's input: the graph is built again for it (what the old one held inside, a
        resampler's delay, is dropped with it, as the reference frees the graph), its output
        held to what the first configuration chose (configure_filtergraph pins the sink's
        format, rate and layout for later reconfigurations); the encoder stays as it is."""
        from ..filters.audio_chain import AudioChain
        from ..filters.audio_filters import AFormat
        out = ost.chain.outlink
        ost.aformat = AFormat((out.sample_fmt,), (out.sample_rate,), (out.layout,))
        ost.trims = self._output_trims(ost.of)
        ost.chain = AudioChain(self._input_trims(ost.ist.file), self.log)
        pristine = getattr(ost, "user_afilters_pristine", None)
        if pristine is not None:
            ost.user_afilters = _copy.deepcopy(pristine)
        self._configure_audio_chain(ost, _frame_link(frame))

    def _flush_audio_encoder(self, ost) -> None:
        """A stream that never had a frame: its graph is set up from the input's parameters
        so the output still gets its header."""
        if ost.chain.outlink is None:
            par = ost.ist.st.codecpar
            rate = par.sample_rate or 44100
            self._configure_audio_chain(ost, AudioLink(
                par.format or "s16", rate, par.channel_layout or describe_unspec(par.channels),
                par.channels, Rational(1, rate)))
        self._init_audio_encoder(ost)


# 1/sample_rate by sample rate (Rational is immutable; a few rates kept)
_SAMPLE_TIME_BASES: dict = {}

# muxers that write a packet's bytes and nothing per packet: frames may be batched for them
_SAMPLE_STREAM_MUXERS = frozenset(("PcmMuxer", "WavMuxer", "NullMuxer"))


def _frame_link(frame) -> AudioLink:
    """The graph input a decoded frame asks for (its buffer source's parameters)."""
    return AudioLink(frame.sample_fmt, frame.sample_rate,
                     frame.layout or describe_unspec(frame.channels), frame.channels,
                     Rational(1, frame.sample_rate))


def _changed(link, frame) -> bool:
    """ifilter_send_frame's need_reinit: another sample format, rate or channel layout."""
    return (link.sample_fmt != frame.sample_fmt or link.sample_rate != frame.sample_rate
            or link.channels != frame.channels
            or link.layout != (frame.layout or describe_unspec(frame.channels)))


def _sample_pts(ist, tb, pts, pkt, rate: int, n: int):
    """decode_audio's pts of a frame of n samples in 1/rate (av_rescale_delta from tb, the
    packet's time base or AV_TIME_BASE_Q), with the stream's rescale state: forgotten
    after a gap between packets longer than the packet's duration."""
    if pkt is not None:
        if (pkt.duration and ist.prev_pkt_pts is not None and pkt.pts is not None
                and pkt.pts - ist.prev_pkt_pts > pkt.duration):
            ist.rescale_last_in = None
        ist.prev_pkt_pts = pkt.pts
    fs = _SAMPLE_TIME_BASES.get(rate)
    if fs is None:
        fs = Rational(1, rate)
        if len(_SAMPLE_TIME_BASES) < 64:
            _SAMPLE_TIME_BASES[rate] = fs
    if pts is not None:
        if tb == fs and rate > 0 and -INT64_MAX <= pts <= INT64_MAX:
            # the stream counts in samples already: av_rescale_delta keeps the pts
            ist.rescale_last_in = pts + n
        else:
            ist.rescale_last_in, pts = rescale_delta(tb, pts, fs, n, ist.rescale_last_in, fs)
    return pts


class FrameBatch:
    """Decoded frames gathered into one before the filters (the per-frame cost of filtering,
    encoding and muxing is Python's): contiguous frames of one format, up to BATCH samples.
    Outputs are the same bytes whatever the frame sizes (resampling, trimming and PCM
    encoding are sample-exact streams). add() returns True when a batch is ready to take()."""
    BATCH = 16384
    count = 0

    def __init__(self) -> None:
        self.frames: list = []
        self.count = 0
        self.ready = None

    def add(self, frame) -> bool:
        frames = self.frames
        n = frame.data.shape[1]
        if frames:
            last = frames[-1]
            shape = last.data.shape
            if (frame.pts is None or last.pts is None
                    or frame.pts != last.pts + shape[1]
                    or frame.sample_fmt != last.sample_fmt
                    or frame.sample_rate != last.sample_rate or frame.layout != last.layout
                    or frame.data.shape[0] != shape[0]):
                self.ready = self._merge()
                self.frames, self.count = [frame], n
                return True
        frames.append(frame)
        self.count += n
        if self.count >= self.BATCH:
            self.ready = self._merge()
            self.frames, self.count = [], 0
            return True
        return False

    def take(self):
        """The batch made ready by add() (or, at the end, what is gathered)."""
        if self.ready is not None:
            out, self.ready = self.ready, None
            return out
        out = self._merge() if self.frames else None
        self.frames, self.count = [], 0
        return out

    def _merge(self):
        frames = self.frames
        if len(frames) == 1:
            return frames[0]
        import numpy as np
        out = _copy.copy(frames[0])
        out.data = np.concatenate([f.data for f in frames], axis=1)
        return out
