"""The ffmpeg face for jobs that decode, filter and encode video (fftools/ffmpeg.c transcode
with encoders): the per-stream options (-vf, -q:v, -pix_fmt, -vsync/-fps_mode, input
-skip_frame) in the engine's Job, the "Stream mapping:" block with decoder and encoder
names, "Press [q]...", each "Output #N" dump when its header is written (after the first
frame reached its encoders), the stats lines and the final report."""
from __future__ import annotations

import time

from .. import log as clog
from ..optable import ExitProgram

_VSYNC = {"-1": "auto", "0": "passthrough", "1": "cfr", "2": "vfr", "auto": "auto",
          "passthrough": "passthrough", "cfr": "cfr", "vfr": "vfr", "drop": "drop"}


def vsync_value(text: str) -> str:
    """-vsync / -fps_mode: a name or its number; the reference exits on anything else."""
    v = _VSYNC.get(text.lower())
    if v is None:
        clog.log(clog.FATAL, "Invalid video sync method '%s'\n" % text)
        raise ExitProgram(1)
    return v


def stream_options(o, ost, octx, global_vsync: str | None) -> dict:
    """The engine options of one encoded output stream."""
    from .mapping import match_per_stream
    from .vfilters import build_specs
    if ost.codec_type == "audio":
        from .audio_options import audio_stream_options
        return audio_stream_options(o, ost, octx)
    from .cmdline import sws_args
    from .vfilters import scale_method
    st = octx.streams[ost.index]
    opts = {"user_filters": ost.filters is not None}
    sws = sws_args(o.sws_opts)
    out_scale = _output_scale(o, ost, octx, st)
    if ost.filters is not None:
        chain = deferred_chain(ost.filters, lambda text: build_specs(text, sws))
        opts["filters"] = chain if out_scale is None else (lambda: chain() + [out_scale])
    elif out_scale is not None:
        opts["filters"] = [out_scale]
    if "sws_flags" in o.sws_opts:
        # the graph's automatic conversions are scale filters given the same options
        opts["sws_method"] = scale_method(o.sws_opts["sws_flags"])
    q = match_per_stream(o.spec_values("q"), octx, st)
    if q is not None:
        opts["qscale"] = float(q)
    pix = match_per_stream(o.spec_values("pix_fmt"), octx, st)
    if pix is not None:
        from ...engine import picture
        if not picture.supported(pix):
            clog.log(clog.FATAL, "cine: pixel format %s is not supported\n" % pix)
            raise ExitProgram(1)
        opts["pix_fmt"] = pix
    mode = match_per_stream(o.spec_values("fps_mode"), octx, st)
    opts["vsync"] = vsync_value(mode) if mode is not None else (global_vsync or "auto")
    opts["codec_bitexact"] = o.bitexact or _codec_flags_bitexact(o.codec_opts)
    return opts


def _output_scale(o, ost, octx, st):
    """-s WxH on an output: configure_output_video_filter's scale filter at the end of the
    chain ("scaler_out_F_S", W:H and the output's libswscale options), unless -autoscale 0;
    None without -s."""
    from .mapping import match_per_stream
    size = match_per_stream(o.spec_values("s"), octx, st)
    if size is None:
        return None
    from ..filteropts import parse_video_size
    wh = parse_video_size(size)
    if wh is None:
        clog.log(clog.FATAL, "Invalid frame size: %s.\n" % size)
        raise ExitProgram(1)
    autoscale = match_per_stream(o.spec_values("autoscale"), octx, st)
    if autoscale is not None and autoscale.strip() in ("0", "false"):
        return None
    from .vfilters import output_scale
    return output_scale(wh[0], wh[1], o.sws_opts,
                        "scaler_out_%d_%d" % (getattr(octx, "index", 0) or 0, ost.index))


def deferred_chain(text: str, build):
    """A -vf/-af chain as the engine takes it: a callable that parses it (`build(text)` ->
    (specs, messages), or VFilterError) when the first frame configures the graph, as
    avfilter_graph_parse2 runs then, logging the reference's lines at that moment."""
    def make():
        from ...engine.errors import CineError
        from .vfilters import VFilterError
        try:
            specs, messages = build(text)
        except VFilterError as exc:
            for level, line, component in exc.lines:
                clog.log(level, line, component)
            raise CineError("Invalid argument", code=exc.code) from None
        for level, line, component in messages:
            clog.log(level, line, component)
        return specs
    return make


def _codec_flags_bitexact(codec_opts) -> bool:
    """Whether the encoder's -flags (for video streams) set AV_CODEC_FLAG_BITEXACT (av_opt
    flags syntax; the default is no flag)."""
    from ...engine.formats.avopt import flag_tokens
    value = None
    for key, v in codec_opts.items():
        if key == "flags" or key.startswith("flags:v"):
            value = v
    flags = set()
    for sign, name in flag_tokens(value or ""):
        if sign == "+":
            flags.add(name)
        elif sign == "-":
            flags.discard(name)
        else:
            flags = {name}
    return "bitexact" in flags


def build_job(g, in_opts, outputs):
    from ...engine.pipeline.job import InputSpec, Job, OutputSpec, StreamMap
    from .run import _DISP_ORDER, _fflags_bitexact
    job = Job(copy_ts=g.copy_ts, start_at_zero=g.start_at_zero, overwrite=True)
    job.exit_on_error = g.exit_on_error
    for o in in_opts:
        options = dict(o.format_opts)
        skip = o.codec_opts.get("skip_frame") or o.codec_opts.get("skip_frame:v")
        if skip:
            options["skip_frame"] = skip
        job.inputs.append(InputSpec(url=o.arg, format_name=o.format, start_time=o.start_time,
                                    recording_time=o.recording_time, stop_time=o.stop_time,
                                    itsoffset=o.itsoffset, options=options,
                                    stream_loop=int(o.offset.get("stream_loop", 0) or 0)))
    for out in outputs:
        o = out.o
        spec = OutputSpec(url=out.url, format_name=out.muxer.name.split(",")[0],
                          start_time=o.start_time, recording_time=o.recording_time,
                          metadata=out.tags.items(), map_metadata=None,
                          map_chapters=out.chapters if out.chapters >= 0 else None,
                          options=dict(o.format_opts),
                          bitexact=o.bitexact or _fflags_bitexact(o.format_opts.get("fflags")))
        spec.map_metadata_explicit = bool(getattr(o, "chapters_manual", False))
        for ost in out.streams:
            flags = "+".join(f for f in _DISP_ORDER if f in ost.disposition) or "0"
            spec.streams.append(StreamMap(
                file_index=ost.file_index, stream_index=ost.stream_index, codec=ost.codec,
                metadata=ost.tags.items(), max_frames=ost.max_frames, disposition=flags,
                options=stream_options(o, ost, out.octx, g.vsync)))
        job.outputs.append(spec)
    return job


def _decoder_options(job, in_opts, inputs) -> None:
    """Per input, for the engine: -autorotate / -noautorotate (per stream, on by default) as
    "noautorotate" (the streams where it is off), -reinit_filter 0 as "noreinit" (likewise),
    and the decoders' -threads."""
    from .mapping import match_per_stream
    for spec, o, inp in zip(job.inputs, in_opts, inputs):
        values = o.spec_values("autorotate")
        if values:
            spec.options["noautorotate"] = {
                st.index for st in inp.ctx.streams
                if match_per_stream(values, inp.ctx, st) == "0"}
        values = o.spec_values("reinit_filter")
        if values:
            spec.options["noreinit"] = {
                st.index for st in inp.ctx.streams
                if _int_or_none(match_per_stream(values, inp.ctx, st)) == 0}
        threads = o.codec_opts.get("threads:v", o.codec_opts.get("threads"))
        if threads is not None:
            spec.options["threads"] = threads


def _int_or_none(text):
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


def mapping_lines(outputs, inputs) -> list[str]:
    """transcode_init's "Stream mapping:" with (in (decoder) -> out (encoder)) per stream."""
    out = ["Stream mapping:\n"]
    for oi, o in enumerate(outputs):
        for ost in o.streams:
            src = inputs[ost.file_index].ctx.streams[ost.stream_index].codecpar.codec_name
            out.append("  Stream #%d:%d -> #%d:%d" % (ost.file_index, ost.stream_index, oi,
                                                      ost.index))
            from ...engine.codecs.decoders import DECODER_NAMES
            out.append(" (%s (%s) -> %s (native))" % (src, DECODER_NAMES.get(src, "native"),
                                                       ost.codec))
            out.append("\n")
    return out


def run(g, inputs, in_opts, outputs, sink) -> int:
    from ...engine.errors import CineError
    from ...engine.pipeline.transcode import Transcode
    from .report import Reporter, output_dump, throttled_progress
    job = build_job(g, in_opts, outputs)
    _decoder_options(job, in_opts, inputs)
    level = clog.get_level()
    start = time.monotonic()

    def on_header(n, octx) -> None:
        for lvl, text in output_dump(octx, n, outputs[n].url, level):
            clog.log(lvl, text)

    missing = _missing_decoder(inputs, outputs)
    if missing is not None:
        # transcode_init: the stream mapping is dumped, then init_input_stream's error
        for line in mapping_lines(outputs, inputs):
            clog.log(clog.INFO, line)
        clog.log(clog.ERROR, "Decoder (codec %s) not found for input stream #%d:%d\n" % missing)
        return 1

    def scaler_sink(component, lvl, message) -> None:
        if isinstance(component, tuple):
            clog.new_context()      # each swscale slice context has its own address
        sink(component, lvl, message)

    try:
        tr = Transcode(job, inputs, scaler_sink)
        tr.init_outputs(on_header)
    except CineError as exc:
        _error(exc)
        return 1
    for line in mapping_lines(outputs, inputs):
        clog.log(clog.INFO, line)
    g.term.mark_init_done()
    if g.stdin_interaction:
        clog.log(clog.INFO, "Press [q] to stop, [?] for help\n")
    types = [ost.codec_type for out in outputs for ost in out.streams]
    rep = Reporter(g.print_stats, g.progress, types, g.copy_ts)
    on_progress = throttled_progress(rep, g.stats_period, start)

    try:
        summary = tr.run(on_progress, g.stats_period, defer_close=True,
                         stop=g.term.stop_requested)
    except CineError as exc:
        _error(exc)
        if getattr(exc, "logged", False) or type(exc).__name__ == "AbortRun":
            g.term.conversion_failed()
        return 1
    if not tr.stopped:
        clog.log(clog.VERBOSE, "No more output streams to write to, finishing.\n")
    rep.report(summary, True, time.monotonic() - start)
    tr.close_outputs()
    if not tr.return_code and tr.error_rate_exceeded():
        tr.return_code = 69         # (main's check of decode_error_stat)
        g.term.conversion_failed()
        return 69
    if tr.return_code:
        g.term.conversion_failed()
    return g.term.exit_code(tr.return_code)


def _missing_decoder(inputs, outputs):
    """(codec, file, stream) of the first decoded input stream cine has no decoder for."""
    from ...engine.codecs.decoders import decoder_class
    for out in outputs:
        for ost in out.streams:
            if ost.copy:
                continue
            st = inputs[ost.file_index].ctx.streams[ost.stream_index]
            if decoder_class(st.codecpar.codec_name) is None:
                return (st.codecpar.codec_name or "none", ost.file_index, ost.stream_index)
    return None


def _error(exc) -> None:
    if getattr(exc, "logged", False):
        return
    msg = getattr(exc, "detail", None) or getattr(exc, "message", None) or str(exc)
    if msg:
        clog.log(clog.ERROR, "%s\n" % msg)
