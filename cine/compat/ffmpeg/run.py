"""The ffmpeg face: argv -> a stream-copy Job -> the engine's Remux, with FFmpeg 5.1.9's stderr
(fftools/ffmpeg.c main, transcode; fftools/ffmpeg_opt.c ffmpeg_parse_options, open_input_file,
open_output_file).

Jobs that need a decoder, an encoder or a filter are refused with a message naming what is
missing (exit 1); everything else follows the reference's order of checks and messages.
"""
from __future__ import annotations

import os
import sys
import time

from .. import banner
from .. import log as clog
from .. import signals
from ..optable import ExitProgram, locate_option
from . import options as O
from .cmdline import FileOptions, apply_file_options, split_commandline

PROGRAM = "ffmpeg"
USAGE = ("Hyper fast Audio and Video encoder\n"
         "usage: ffmpeg [options] [[infile options] -i infile]... {[outfile options] outfile}...\n"
         "\n")
_LISTINGS = {"formats", "muxers", "demuxers", "devices", "codecs", "decoders", "encoders", "bsfs",
             "protocols", "filters", "pix_fmts", "layouts", "sample_fmts", "dispositions",
             "colors", "hwaccels", "sources", "sinks", "buildconf", "L"}


# global options whose effect on a stream copy cine does not implement
_UNSUPPORTED_GLOBAL = {"copytb", "dts_delta_threshold", "dts_error_threshold", "timelimit",
                       "sdp_file", "dump", "hex", "debug_ts", "abort_on", "max_error_rate"}


class Globals:
    def __init__(self) -> None:
        self.hide_banner = False
        self.overwrite = False          # -y
        self.no_overwrite = False       # -n
        self.stdin_interaction = True
        self.print_stats = -1
        self.progress = None
        self.copy_ts = False
        self.exit_on_error = False      # -xerror
        self.start_at_zero = False
        self.filter_complex: list[str] = []
        self.stats_period = 0.5
        self.unsupported: list[str] = []
        self.null_note_done = False
        self.discarded: list[set[int]] = []     # per input: streams -vn/-an/-sn/-dn disabled
        self.vsync: str | None = None               # -vsync (every video output stream)
        self.term = None                # signals.Received: the run's signal handling


def main(argv: list[str]) -> int:
    full = [PROGRAM] + list(argv)
    term = signals.Received()
    try:
        return _main(full, term)
    except ExitProgram as exc:
        return exc.code if isinstance(exc.code, int) else 1
    finally:
        # ffmpeg_cleanup: the inputs are closed (cache: logs its statistics), "Exiting
        # normally, received signal N." after a signal, then term_exit's empty av_log
        # flushes a pending "Last message repeated N times"
        from ..input_protocols import close_inputs
        close_inputs()
        term.finish()
        clog.log(clog.QUIET, "")


def _parse_loglevel(full: list[str], g: Globals) -> None:
    idx = locate_option(full, O.TABLE, "loglevel") or locate_option(full, O.TABLE, "v")
    if idx and idx + 1 < len(full):
        _opt_loglevel(full[idx + 1])
    env = os.environ.get("FFREPORT")
    if env is not None or locate_option(full, O.TABLE, "report"):
        if clog.init_report(PROGRAM, env) == 0:
            clog.report_command_line(full)
    if locate_option(full, O.TABLE, "hide_banner"):
        g.hide_banner = True


def _opt_loglevel(arg: str) -> None:
    try:
        level, flags = clog.parse_loglevel_arg(arg, clog.get_level(), clog.get_flags())
    except clog.InvalidLogLevel as exc:
        clog.log(clog.FATAL, 'Invalid loglevel "%s". Possible levels are numbers or:\n' % exc.args[0])
        for name, _ in clog.LEVELS:
            clog.log(clog.FATAL, '"%s"\n' % name)
        raise ExitProgram(1) from None
    clog.set_flags(flags)
    clog.set_level(level)


def _main(full: list[str], term) -> int:
    g = Globals()
    g.term = term
    clog.reset()
    clog.set_flags(clog.SKIP_REPEATED)      # ffmpeg's main sets AV_LOG_SKIP_REPEATED
    _parse_loglevel(full, g)
    banner.print_banner(PROGRAM, full, g, O.TABLE)
    split = split_commandline(full)
    for opt in split.global_opts:
        _apply_global(g, opt)
    term.install(g.stdin_interaction)       # term_init

    from ...engine.demux import open_input
    from ...engine.io import heap
    from .. import input_protocols
    from ...engine.errors import CineError
    from ..dump import dump_format_messages
    def sink(component, level: int, message: str) -> None:
        clog.log(level, message, component or None)     # "" = a context-free av_log
    inputs = []                     # engine Input objects
    in_opts: list[FileOptions] = []
    for n, group in enumerate(split.inputs):
        o = apply_file_options(group, is_output=False)
        url = group.arg
        shown = "pipe:" if url == "-" else url
        if shown.startswith("pipe:") or shown == "/dev/stdin":
            g.stdin_interaction = False
        fmt = o.format
        if fmt is not None:
            from ...engine.formats.registry import by_name as demuxer_by_name
            if demuxer_by_name(fmt) is None:
                clog.log(clog.FATAL, "Unknown input format: '%s'\n" % fmt)
                raise ExitProgram(1)
        if o.unsupported:
            _unsupported("option -%s" % o.unsupported[0])
        for spec, name in o.spec_values("c"):
            if spec in ("v", "a", "s", "d"):        # MATCH_PER_TYPE_OPT: forced decoders
                _find_decoder(name, {"v": "video", "a": "audio", "s": "subtitle", "d": "data"}[spec])
        # long runs: freed index and table memory goes back to the system (engine/io/heap.py)
        heap.for_input_file(url)
        fopts = dict(o.format_opts)
        try:
            source = input_protocols.open_source(url, fopts, sink)
            left = input_protocols.leftover(fopts)
            inp = open_input(url, sink=sink, format_name=fmt, source=source,
                             find_stream_info=not left)
        except CineError as exc:
            # FFmpeg 5.1.9: open_input_file renames "-" to "pipe:" before opening it
            clog.log(clog.ERROR, "%s: %s\n" % (shown, exc.message))
            raise ExitProgram(1) from None
        if left:
            # assert_avoptions, right after avformat_open_input: an input option that nothing
            # took (here a protocol option of a protocol the URL does not use)
            clog.log(clog.FATAL, "Option %s not found.\n" % left[0])
            raise ExitProgram(1)
        heap.for_input_streams(inp.ctx.streams)
        from ..probe_warnings import codec_param_failures
        for lvl, msg in codec_param_failures(inp.ctx):
            clog.log(lvl, msg, inp.ctx.format_name)
        _apply_sseof(o, inp.ctx, url)
        if o.spec_values("c"):
            from .mapping import match_per_stream
            for st in inp.ctx.streams:
                name = match_per_stream(o.spec_values("c"), inp.ctx, st, "c")
                if name is not None:
                    _find_decoder(name, st.codecpar.codec_type)
        # open_input_file seeks (-ss) before add_input_streams and the dump: a seek that
        # reads (mpegts' binary search) updates what the dump shows, e.g. the AAC bit rate
        from ...engine.pipeline.inputs import seek_input
        url_kept, inp.ctx.filename = inp.ctx.filename, shown    # "-" is named pipe:
        try:
            seek_input(inp, o, sink)
        finally:
            inp.ctx.filename = url_kept
        forced = {}
        if o.spec_values("c"):
            # FFmpeg 5.1.9: add_input_streams matches -c once more per stream (choose_decoder),
            # so an ambiguous -c warns a second time
            from .mapping import match_per_stream
            for st in inp.ctx.streams:
                forced[st.index] = match_per_stream(o.spec_values("c"), inp.ctx, st, "c")
        if o.codec_opts:
            from . import codec_opts        # each stream's decoder takes its options
            decoder_opts = [codec_opts.filter_codec_opts(o.codec_opts, inp.ctx, st, codec_opts.decoder(
                st.codecpar.codec_name, forced.get(st.index)), False) for st in inp.ctx.streams]
        _guess_layouts(inp.ctx, n)
        for lvl, text in dump_format_messages(inp.ctx, n, shown, clog.get_level()):
            clog.log(lvl, text)
        if o.codec_opts:        # (with none, every stream takes none and none is unused)
            codec_opts.check_unused(o.codec_opts, decoder_opts, n, shown, output=False)
        inputs.append(inp)
        in_opts.append(o)
        off = {"video": o.video_disable, "audio": o.audio_disable,
               "subtitle": o.subtitle_disable, "data": o.data_disable}
        g.discarded.append({st.index for st in inp.ctx.streams if off.get(st.codecpar.codec_type)})

    if g.filter_complex:
        clog.log(clog.FATAL, "cine: -filter_complex needs decoding, filtering and encoding, "
                             "which cine does not do (it only remuxes with -c copy)\n")
        raise ExitProgram(1)

    outputs = []
    for n, group in enumerate(split.outputs):
        outputs.append(_open_output(g, group, n, inputs, in_opts))

    if not outputs and not inputs:
        clog.log(clog.INFO, USAGE)
        clog.log(clog.WARNING, "Use -h to get full help or, even better, run 'man %s'\n" % PROGRAM)
        raise ExitProgram(1)
    if not outputs:
        clog.log(clog.FATAL, "At least one output file must be specified\n")
        raise ExitProgram(1)
    return _transcode(g, inputs, in_opts, outputs, sink)


def _apply_global(g: Globals, opt) -> None:
    name = opt.po.name
    val = opt.val
    if opt.po.flags & O.OPT_EXIT:
        if name == "version":
            banner.write_stdout(banner.version_text(PROGRAM))
            raise ExitProgram(0)
        if name in ("h", "?", "help", "-help"):
            _show_help(val)
            raise ExitProgram(0)
        if name == "L":
            banner.write_stdout(banner.license_text(PROGRAM))
            raise ExitProgram(0)
        if name == "buildconf":
            banner.write_stdout(banner.buildconf_text())
            raise ExitProgram(0)
        from ..listings import FFMPEG_LISTINGS
        if name in FFMPEG_LISTINGS:
            banner.write_stdout(FFMPEG_LISTINGS[name]())
            raise ExitProgram(0)
        clog.log(clog.ERROR, "cine: -%s is not implemented\n" % name)
        raise ExitProgram(0)
    if name in _UNSUPPORTED_GLOBAL:
        _unsupported("option -%s" % opt.key)
    as_int = None
    if opt.po.flags & O.OPT_BOOL:
        from ..optable import parse_number_or_die, OPT_INT64
        as_int = int(parse_number_or_die(opt.key, val, OPT_INT64, -(1 << 31), (1 << 31) - 1))
    if name == "y":
        g.overwrite = bool(as_int)
    elif name == "n":
        g.no_overwrite = bool(as_int)
    elif name == "stdin":
        g.stdin_interaction = bool(as_int) and g.stdin_interaction
    elif name == "stats":
        g.print_stats = as_int
    elif name == "hide_banner":
        g.hide_banner = bool(as_int)
    elif name == "copyts":
        g.copy_ts = bool(as_int)
    elif name == "xerror":
        g.exit_on_error = bool(as_int)
    elif name == "start_at_zero":
        g.start_at_zero = bool(as_int)
    elif name in ("loglevel", "v"):
        _opt_loglevel(val)
    elif name in ("filter_complex", "lavfi", "filter_complex_script"):
        g.filter_complex.append(val)
    elif name == "progress":
        _open_progress(g, val)
    elif name == "vsync":
        from .transcode_run import vsync_value
        clog.log(clog.WARNING, "-vsync is deprecated. Use -fps_mode\n")
        g.vsync = vsync_value(val)
    elif name == "stats_period":
        from .cmdline import parse_time_or_die
        us = parse_time_or_die(opt.key, val)
        if us <= 0:
            clog.log(clog.ERROR, "stats_period %s must be positive.\n" % val)
            clog.log(clog.ERROR, "Failed to set value '%s' for option '%s': %s\n"
                     % (val, opt.key, "Invalid argument"))
            clog.log(clog.FATAL, "Error parsing global options: ")
            clog.log(clog.FATAL, "Invalid argument\n")
            raise ExitProgram(1)
        g.stats_period = us / 1e6
        clog.log(clog.INFO, "ffmpeg stats and -progress period set to %s.\n" % val)
    # everything else (-threads, -benchmark, -xerror, -vsync...) changes nothing for a copy job


def _open_progress(g: Globals, url: str) -> None:
    if url in ("-", "pipe:", "pipe:1"):
        g.progress = os.fdopen(os.dup(1), "wb")
        return
    path = url[5:] if url.startswith("file:") else url
    try:
        g.progress = open(path, "wb")
    except OSError as exc:
        from ...engine.errors import strerror
        clog.log(clog.ERROR, 'Failed to open progress URL "%s": %s\n'
                 % (url, strerror(-(exc.errno or 5))))
        clog.log(clog.ERROR, "Failed to set value '%s' for option '%s': %s\n"
                 % (url, "progress", strerror(-(exc.errno or 5))))
        clog.log(clog.FATAL, "Error parsing global options: ")
        clog.log(clog.FATAL, "%s\n" % strerror(-(exc.errno or 5)))
        raise ExitProgram(1) from None


def show_help_options(table, msg: str, req_flags: int = 0, rej_flags: int = 0,
                      alt_flags: int = 0) -> str:
    """show_help_options: an empty argname still adds its separating space."""
    out = []
    for po in table:
        if ((po.flags & req_flags) != req_flags or (alt_flags and not po.flags & alt_flags)
                or po.flags & rej_flags):
            continue
        if not out:
            out.append("%s\n" % msg)
        name = po.name + (" " + po.argname if po.argname is not None else "")
        out.append("-%-17s  %s\n" % (name[:127], po.help))
    out.append("\n")
    return "".join(out)


def _show_help(topic: str | None) -> None:
    if topic:
        clog.log(clog.ERROR, "Unknown help option '%s'.\n" % topic) if topic not in ("long", "full") else None
    per_file = O.OPT_SPEC | O.OPT_OFFSET | O.OPT_PERFILE
    adv = topic in ("long", "full")
    out = [USAGE,
           "Getting help:\n"
           "    -h      -- print basic options\n"
           "    -h long -- print more options\n"
           "    -h full -- print all options (including all format and codec specific options, very long)\n"
           "    -h type=name -- print all options for the named decoder/encoder/demuxer/muxer/filter/bsf/protocol\n"
           "    See man %s for detailed description of the options.\n\n" % PROGRAM]
    t = O.TABLE
    out.append(show_help_options(t, "Print help / information / capabilities:", O.OPT_EXIT, 0, 0))
    out.append(show_help_options(t, "Global options (affect whole program instead of just one file):",
                                 0, per_file | O.OPT_EXIT | O.OPT_EXPERT, 0))
    if adv:
        out.append(show_help_options(t, "Advanced global options:", O.OPT_EXPERT, per_file | O.OPT_EXIT, 0))
    out.append(show_help_options(t, "Per-file main options:", 0,
                                 O.OPT_EXPERT | O.OPT_AUDIO | O.OPT_VIDEO | O.OPT_SUBTITLE | O.OPT_EXIT,
                                 per_file))
    if adv:
        out.append(show_help_options(t, "Advanced per-file options:", O.OPT_EXPERT,
                                     O.OPT_AUDIO | O.OPT_VIDEO | O.OPT_SUBTITLE, per_file))
    out.append(show_help_options(t, "Video options:", O.OPT_VIDEO, O.OPT_EXPERT | O.OPT_AUDIO, 0))
    if adv:
        out.append(show_help_options(t, "Advanced Video options:", O.OPT_EXPERT | O.OPT_VIDEO, O.OPT_AUDIO, 0))
    out.append(show_help_options(t, "Audio options:", O.OPT_AUDIO, O.OPT_EXPERT | O.OPT_VIDEO, 0))
    if adv:
        out.append(show_help_options(t, "Advanced Audio options:", O.OPT_EXPERT | O.OPT_AUDIO, O.OPT_VIDEO, 0))
    out.append(show_help_options(t, "Subtitle options:", O.OPT_SUBTITLE, 0, 0))
    out.append("\n")
    banner.write_stdout("".join(out))


def _apply_sseof(o, ctx, filename: str) -> None:
    """open_input_file: -sseof becomes an input -ss counted from the end (format duration)."""
    sseof = o.offset.get("sseof")
    if sseof is None:
        return
    if o.start_time is not None:
        clog.log(clog.WARNING, "Cannot use -ss and -sseof both, using -ss for %s\n" % filename)
        return
    if sseof >= 0:
        clog.log(clog.ERROR, "-sseof value must be negative; aborting\n")
        raise ExitProgram(1)
    if ctx.duration is not None and ctx.duration > 0:
        start = sseof + ctx.duration
        if start < 0:
            clog.log(clog.WARNING, "-sseof value seeks to before start of file %s; ignored\n"
                     % filename)
        else:
            o.start_time = start
    else:
        clog.log(clog.WARNING, "Cannot use -sseof, duration of %s not known\n" % filename)


def _guess_layouts(ctx, file_index: int) -> None:
    """guess_input_channel_layout: an audio stream without a layout gets the default one for
    its channel count (and the input dump then shows it)."""
    from ...engine.chlayout import default_layout
    for st in ctx.streams:
        par = st.codecpar
        if par.codec_type != "audio" or par.channel_layout is not None or not par.channels:
            continue
        name = default_layout(par.channels)
        if name is None:
            continue
        par.channel_layout = name
        clog.log(clog.WARNING, "Guessed Channel Layout for Input Stream #%d.%d : %s\n"
                 % (file_index, st.index, name))


def _unsupported(what: str) -> None:
    clog.log(clog.FATAL, "cine: %s is not supported yet by cine's stream copy\n" % what)
    raise ExitProgram(1)


class _Output:
    def __init__(self, o, url, muxer, octx, streams, tags, chapters):
        self.o = o
        self.url = url
        self.muxer = muxer
        self.octx = octx
        self.streams = streams
        self.tags = tags
        self.chapters = chapters


def _open_output(g: Globals, group, n: int, inputs, in_opts) -> _Output:
    from ...engine.formats import muxers
    from . import mapping
    o = apply_file_options(group, is_output=True)
    ctxs = [inp.ctx for inp in inputs]
    maps = None
    if o.maps:
        maps = []
        for arg in o.maps:
            mapping.parse_map(arg, ctxs, maps, g.discarded)
        if not maps:
            maps = None             # nb_stream_maps == 0: the default selection applies
    if o.stop_time is not None and o.recording_time is not None:
        o.stop_time = None
        clog.log(clog.WARNING, "-t and -to cannot be used together; using -t.\n")
    if o.stop_time is not None and o.recording_time is None:
        start = o.start_time or 0
        if o.stop_time <= start:
            clog.log(clog.ERROR, "-to value smaller than -ss; aborting.\n")
            raise ExitProgram(1)
        o.recording_time = o.stop_time - start
    url = "pipe:" if group.arg == "-" else group.arg
    if o.format:
        entry = muxers.by_name(o.format)
        if entry is None:
            clog.log(clog.ERROR, "Requested output format '%s' is not a suitable output format\n"
                     % o.format, "NULL")
            clog.log(clog.ERROR, "%s: Invalid argument\n" % url)
            raise ExitProgram(1)
    else:
        entry = muxers.guess_entry(None, url)
        if entry is None:
            clog.log(clog.ERROR, "Unable to find a suitable output format for '%s'\n" % url, "NULL")
            clog.log(clog.ERROR, "%s: Invalid argument\n" % url)
            raise ExitProgram(1)
    if o.unsupported:
        _unsupported("option -%s" % o.unsupported[0])
    octx, streams = mapping.build_streams(o, n, ctxs, entry, maps, g.discarded)
    # choose_encoder: the reference's own errors come first, in stream order (it creates
    # every stream before encoding anything), then cine refuses what needs an encoder
    for ost in streams:
        if ost.copy:
            continue
        if ost.codec is None:
            default = _default_codec(entry, url, ost.codec_type)
            if not default:
                clog.log(clog.FATAL, "Automatic encoder selection failed for output stream "
                         "#%d:%d. Default encoder for format %s (codec none) is probably "
                         "disabled. Please choose an encoder manually.\n"
                         % (n, ost.index, entry.name.split(",")[0]))
                clog.log(clog.FATAL, "Error selecting an encoder for stream %d:%d\n"
                         % (n, ost.index))
                raise ExitProgram(1)
            continue
        if not _maybe_encoder(ost.codec):
            clog.log(clog.FATAL, "Unknown encoder '%s'\n" % ost.codec)
            raise ExitProgram(1)
        if _codec_type(ost.codec) not in (None, ost.codec_type):
            clog.log(clog.FATAL, "Invalid encoder type '%s'\n" % ost.codec)
            raise ExitProgram(1)
    if streams or "nostreams" in entry.flags.split(","):
        _check_codec_options(o, n, url, entry, octx, streams)
    null_decodes = False
    if entry.name == "null":
        from . import null_output
        null_decodes = null_output.decodes(streams, inputs, in_opts)
    for ost in streams:
        if ost.copy:
            continue
        default = _default_codec(entry, url, ost.codec_type)
        if ost.codec is None and not default:
            clog.log(clog.FATAL, "Automatic encoder selection failed for output stream #%d:%d. "
                     "Default encoder for format %s (codec none) is probably disabled. Please "
                     "choose an encoder manually.\n" % (n, ost.index, entry.name.split(",")[0]))
            clog.log(clog.FATAL, "Error selecting an encoder for stream %d:%d\n" % (n, ost.index))
            raise ExitProgram(1)
        if ost.codec is None and entry.name == "null" and not null_decodes:
            # FFmpeg 5.1.9 decodes every stream for -f null (wrapped_avframe/pcm_s16le
            # encoders); where cine cannot decode all of it (null_output's rule), the null
            # output reads the packets only and `-v error -i IN -f null -` keeps working as
            # a validity check
            ost.codec = "copy"
            if not g.null_note_done:
                g.null_note_done = True
                clog.log(clog.WARNING, "cine: no decoders: output #%d (null) reads the streams "
                         "without decoding them (as with -c copy)\n" % n)
            continue
        if _cine_encodes(ost, default):
            ost.codec = ost.codec or default
            continue
        if ost.codec is None:
            clog.log(clog.FATAL, "cine: output stream #%d:%d (%s) would be re-encoded with the "
                     "default %s encoder of format %s, which cine does not have (it encodes "
                     "video with %s); add -c copy (or -c:%s copy) to remux it\n"
                     % (n, ost.index, ost.codec_type, default, entry.name.split(",")[0],
                        _cine_encoder_names(), ost.codec_type[0]))
        elif not _maybe_encoder(ost.codec):
            clog.log(clog.FATAL, "Unknown encoder '%s'\n" % ost.codec)
        elif _codec_type(ost.codec) not in (None, ost.codec_type):
            clog.log(clog.FATAL, "Invalid encoder type '%s'\n" % ost.codec)
        else:
            clog.log(clog.FATAL, "cine: encoder '%s' requested for output stream #%d:%d: cine "
                     "encodes video with %s only (or copies streams with -c copy)\n"
                     % (ost.codec, n, ost.index, _cine_encoder_names()))
        raise ExitProgram(1)
    if not streams and "nostreams" not in entry.flags.split(","):
        octx.tags = mapping.Tags()
        clog.log(clog.INFO, "Output #%d, %s, to '%s':\n" % (n, entry.name.split(",")[0], url))
        clog.log(clog.ERROR, "Output file #%d does not contain any stream\n" % n)
        raise ExitProgram(1)
    if not entry.module:
        clog.log(clog.FATAL, "cine: the %s muxer (output #%d, '%s') is not implemented yet\n"
                 % (entry.name.split(",")[0], n, url))
        raise ExitProgram(1)
    for ost in streams:
        if ost.bsf_text:
            from .bsf_parse import BsfParseError, parse_chain
            try:
                ost.bsfs = parse_chain(ost.bsf_text, _bsf_exists)
            except BsfParseError as exc:
                clog.log(clog.ERROR, "Error parsing bitstream filter sequence '%s': %s\n"
                         % (ost.bsf_text, exc.message))
                raise ExitProgram(1) from None
    if "nofile" not in entry.flags.split(","):
        _assert_file_overwrite(g, url, inputs)
        _open_check(url)
    tags, chapters = mapping.apply_metadata(o, ctxs, octx, streams)
    mapping.set_dispositions(ctxs, streams)
    return _Output(o, url, entry, octx, streams, tags, chapters)


def _check_codec_options(o, n: int, url: str, entry, octx, streams) -> None:
    """open_output_file: each stream takes its encoder's options (all of them when it is
    copied), then the options no stream took are checked."""
    if not o.codec_opts:
        return              # (every stream takes none, none is unused)
    from . import codec_opts
    used = []
    for ost in streams:
        name = None if ost.copy else codec_opts.find_encoder(
            ost.codec or _default_codec(entry, url, ost.codec_type))
        used.append(codec_opts.filter_codec_opts(o.codec_opts, octx, octx.streams[ost.index],
                                                 name, True))
    codec_opts.check_unused(o.codec_opts, used, n, url, output=True)


def _default_codec(entry, url: str, kind: str) -> str:
    """av_guess_codec: image2 outputs take the codec of the file extension."""
    if kind == "video" and entry.name in ("image2", "image2pipe"):
        from ...engine.formats.image2 import image2_codec
        codec = image2_codec(url)
        if codec:
            return codec
    return {"video": entry.video_codec, "audio": entry.audio_codec,
            "subtitle": entry.subtitle_codec}.get(kind) or ""


def _cine_encodes(ost, default: str) -> bool:
    """Whether cine's transcoding path takes this stream: video or audio, with an encoder
    cine has (the one named, or the muxer's default)."""
    from ...engine.codecs.encoders import has_audio_encoder, has_encoder
    if ost.codec_type == "audio":
        return has_audio_encoder(ost.codec or default)
    return ost.codec_type == "video" and has_encoder(ost.codec or default)


def _cine_encoder_names() -> str:
    from ...engine.codecs.encoders import ENCODERS, has_encoder
    return ", ".join(n for n in ENCODERS if has_encoder(n))


def _codec_type(name: str) -> str | None:
    from ...engine.codecs import descriptors
    desc = descriptors.get(name)
    return desc.type if desc is not None else None


def _find_decoder(name: str, media_type: str | None) -> None:
    """find_codec_or_die(name, type, decoder): cine decodes nothing, but a name the reference
    would refuse is refused the same way; a valid one changes nothing."""
    from ...engine.codecs import descriptors
    desc = descriptors.get(name)
    if desc is None or not desc.has_decoder:
        if not name.startswith("lib") and not name.endswith(("_cuvid", "_qsv", "_v4l2m2m", "_fixed", "_float")):
            clog.log(clog.FATAL, "Unknown decoder '%s'\n" % name)
            raise ExitProgram(1)
        return
    if media_type is not None and desc.type != media_type:
        clog.log(clog.FATAL, "Invalid decoder type '%s'\n" % name)
        raise ExitProgram(1)


def _bsf_exists(name: str) -> bool:
    try:
        from ...engine.bitstream import bsf
    except ImportError:
        return False
    return bsf.exists(name)


def _maybe_encoder(name: str) -> bool:
    """Whether the reference could know `name` as an encoder: a codec name, or the name of a
    library/hardware encoder (every PCM/ADPCM encoder is named after its codec, so a name
    like pcm_s0le is unknown). Other names get its "Unknown encoder" line."""
    from ...engine.codecs import descriptors
    if descriptors.get(name) is not None:
        return True
    prefixes = ("lib",)
    suffixes = ("_nvenc", "_vaapi", "_qsv", "_v4l2m2m", "_omx", "_amf", "_mf", "_at", "_fixed",
                "_ks", "_aw", "_vulkan", "_videotoolbox")
    return name.startswith(prefixes) or name.endswith(suffixes)


def _file_path(url: str) -> str | None:
    """The path when url names the file protocol (a plain path or file:PATH), else None."""
    if url.startswith("file:"):
        return url[5:]
    head = url.split(":", 1)
    if len(head) == 2 and head[0].isalnum() and len(head[0]) > 1 and "/" not in head[0]:
        return None     # another protocol (pipe:, http:...)
    return url


def _assert_file_overwrite(g: Globals, url: str, inputs) -> None:
    path = _file_path(url)
    if g.overwrite and g.no_overwrite:
        clog._write("Error, both -y and -n supplied. Exiting.\n")
        raise ExitProgram(1)
    if not g.overwrite and path is not None and os.path.exists(path):
        if g.stdin_interaction and not g.no_overwrite:
            clog._write("File '%s' already exists. Overwrite? [y/N] " % url)
            g.term.default_interrupt()      # Ctrl-C at the question ends the program
            if not _read_yesno():
                clog.log(clog.FATAL, "Not overwriting - exiting\n")
                raise ExitProgram(1)
            g.term.install(g.stdin_interaction)
        else:
            clog.log(clog.FATAL, "File '%s' already exists. Exiting.\n" % url)
            raise ExitProgram(1)
    if path is not None:
        for i, inp in enumerate(inputs):
            if inp.ctx.filename == url:
                clog.log(clog.FATAL, "Output %s same as Input #%d - exiting\n" % (url, i))
                clog.log(clog.WARNING, "FFmpeg cannot edit existing files in-place.\n")
                raise ExitProgram(1)


def _open_check(url: str) -> None:
    """avio_open2(WRITE) in open_output_file: the file is created (truncated) now, and a
    failure is reported as "URL: error" before anything else happens. FIFOs and devices are
    left to the engine's own open (opening a FIFO twice would hand its reader an early EOF)."""
    import stat
    path = _file_path(url)
    if path is None:
        return
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
            return
    except OSError:
        pass
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
        os.close(fd)
    except OSError as exc:
        from ...engine.errors import strerror
        clog.log(clog.ERROR, "%s: %s\n" % (url, strerror(-(exc.errno or 5))))
        raise ExitProgram(1) from None


def _read_yesno() -> bool:
    """read_yesno: the answer's first character is y or Y."""
    first = None
    try:
        fd = sys.stdin.fileno()
        while True:
            ch = os.read(fd, 1)
            if not ch or ch == b"\n":
                break
            if first is None:
                first = ch
    except (OSError, ValueError, AttributeError):
        pass
    return first is not None and first.upper() == b"Y"


def _build_job(g: Globals, in_opts, outputs, inputs):
    from ...engine.pipeline.job import InputSpec, Job, OutputSpec, StreamMap
    job = Job(copy_ts=g.copy_ts, start_at_zero=g.start_at_zero,
              overwrite=True)
    job.exit_on_error = g.exit_on_error
    for inp, o in zip(inputs, in_opts):
        job.inputs.append(InputSpec(url=o.arg, format_name=o.format, start_time=o.start_time,
                                    recording_time=o.recording_time, stop_time=o.stop_time,
                                    itsoffset=o.itsoffset, options=dict(o.format_opts),
                                    stream_loop=int(o.offset.get("stream_loop", 0) or 0)))
    for out in outputs:
        o = out.o
        spec = OutputSpec(url=out.url, format_name=out.muxer.name.split(",")[0],
                          start_time=o.start_time, recording_time=o.recording_time,
                          stop_time=None, metadata=out.tags.items(), map_metadata=None,
                          map_chapters=out.chapters if out.chapters >= 0 else None,
                          options=dict(o.format_opts),
                          bitexact=o.bitexact or _fflags_bitexact(o.format_opts.get("fflags")))
        # chapters keep their tags unless -map_metadata named chapters (metadata_chapters_manual)
        spec.map_metadata_explicit = bool(getattr(o, "chapters_manual", False))
        spec.shortest = bool(o.shortest)
        spec.limit_filesize = o.offset.get("fs")
        if "avoid_negative_ts" in o.format_opts:
            job.avoid_negative_ts = o.format_opts["avoid_negative_ts"]
        for ost in out.streams:
            flags = "+".join(f for f in _DISP_ORDER if f in ost.disposition) or "0"
            spec.streams.append(StreamMap(file_index=ost.file_index, stream_index=ost.stream_index,
                                          codec="copy", bsfs=list(ost.bsfs),
                                          metadata=ost.tags.items(), disposition=flags,
                                          tag=ost.tag, max_frames=ost.max_frames))
        job.outputs.append(spec)
    return job


_DISP_ORDER = ("default", "dub", "original", "comment", "lyrics", "karaoke", "forced",
               "hearing_impaired", "visual_impaired", "clean_effects", "attached_pic",
               "timed_thumbnails", "captions", "descriptions", "metadata", "dependent",
               "still_image")


def _transcode(g: Globals, inputs, in_opts, outputs, sink) -> int:
    if any(not ost.copy for out in outputs for ost in out.streams):
        from . import transcode_run
        return transcode_run.run(g, inputs, in_opts, outputs, sink)
    from ...engine.errors import CineError
    from .report import Reporter, output_dump, stream_mapping, throttled_progress
    job = _build_job(g, in_opts, outputs, inputs)
    try:
        from ...engine.pipeline.copy import Remux
    except ImportError:
        clog.log(clog.FATAL, "cine: the remux engine (cine.engine.pipeline.copy) is not "
                             "available in this build\n")
        return 1
    start = time.monotonic()
    level = clog.get_level()

    def dump_output(n, octx) -> None:
        # of_check_init: each output is dumped right after its header
        for lvl, text in output_dump(octx, n, outputs[n].url, level):
            clog.log(lvl, text)

    try:
        remux = Remux(job, inputs, sink)
        remux.init_outputs(dump_output)
    except CineError as exc:
        if type(exc).__name__ == "HeaderError":
            # transcode_init: the engine logged why; the mapping is still dumped
            for line in stream_mapping([out.streams for out in outputs]):
                clog.log(clog.INFO, line)
            clog.log(clog.ERROR, "\n")     # the (empty) error text of transcode_init
        else:
            _engine_error(exc)
        return 1
    for line in stream_mapping([out.streams for out in outputs]):
        clog.log(clog.INFO, line)
    g.term.mark_init_done()
    if g.stdin_interaction:
        clog.log(clog.INFO, "Press [q] to stop, [?] for help\n")
    types = [ost.codec_type for out in outputs for ost in out.streams]
    print_stats = g.print_stats
    rep = Reporter(print_stats, g.progress, types, g.copy_ts)
    on_progress = throttled_progress(rep, g.stats_period, start)

    try:
        summary = remux.run(on_progress, g.stats_period, defer_close=True,
                            stop=g.term.stop_requested)
    except CineError as exc:
        if type(exc).__name__ == "AbortRun":
            # exit_program(1) after transcode_init (-xerror): the engine logged why
            g.term.conversion_failed()
        else:
            _engine_error(exc)
        return 1
    if not remux.stopped:
        clog.log(clog.VERBOSE, "No more output streams to write to, finishing.\n")
    rep.report(summary, True, time.monotonic() - start)
    remux.close_outputs()
    code = getattr(remux, "return_code", 0)
    if code:
        # ffmpeg_cleanup: a failing exit after transcode_init
        g.term.conversion_failed()
    return g.term.exit_code(code)


def _engine_error(exc) -> None:
    """The engine has logged the reference's lines through the sink; anything else it only
    says in the exception becomes one line."""
    if getattr(exc, "logged", False):
        return
    msg = getattr(exc, "message", None) or str(exc)
    if msg:
        clog.log(clog.ERROR, "%s\n" % msg)


def _fflags_bitexact(value: str | None) -> bool:
    """Whether an -fflags value leaves AVFMT_FLAG_BITEXACT set (av_opt flags syntax: a token
    without a sign replaces the flags, +flag adds, -flag removes; default autobsf)."""
    if not value:
        return False
    from ...engine.formats.avopt import flag_tokens
    flags = {"autobsf"}
    for sign, name in flag_tokens(value):
        if sign == "+":
            flags.add(name)
        elif sign == "-":
            flags.discard(name)
        else:
            flags = {name}
    return "bitexact" in flags
