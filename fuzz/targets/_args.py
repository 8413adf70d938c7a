"""What the command-line fuzz targets share (ffprobe_args, ffmpeg_args, show_entries,
option_values, ffprobe_run): bytes -> argv, stdout/stderr captured, two demo inputs to match
stream specifiers and -map against, and the parse step of both tools without opening a file
or running a job.

The clean ends of a parse are the reference's: ExitProgram (exit_program(code)) and CineError.
Anything else escaping is a finding. Inside captured(), no fuzz input writes a file where it
asks: -report's log goes into a scratch directory, and the ffmpeg face's output creation,
-progress file and overwrite prompt are stubbed out (everything restored on leaving).
"""
import contextlib
import io
import os
import sys
import tempfile

from cine.compat.optable import ExitProgram
from cine.engine.errors import CineError

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLEAN = (ExitProgram, CineError)
_SCRATCH = []               # the scratch directory, made on the first -report


def argv(data: bytes) -> list:
    """A command line from bytes: NUL separates arguments (no argument can hold one), each
    decoded as Python decodes a POSIX argv (UTF-8, surrogateescape)."""
    return [a.decode("utf-8", "surrogateescape") for a in data.split(b"\0")] if data else []


def text(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


def _report_in_scratch(init_report):
    def wrapped(program, env):
        if not _SCRATCH:
            _SCRATCH.append(tempfile.mkdtemp(prefix="cine-fuzz-args-"))
        cwd = os.getcwd()
        os.chdir(_SCRATCH[0])       # -report's ffprobe-DATE-TIME.log (or FFREPORT's file=) here
        try:
            return init_report(program, env)
        finally:
            os.chdir(cwd)
    return wrapped


@contextlib.contextmanager
def captured():
    """sys.stdout/sys.stderr swapped for text buffers (the log and banner writers fall back to
    .write() when there is no .buffer), FFREPORT unset and the file-writing steps sandboxed;
    yields the stderr buffer."""
    from cine.compat import log as clog
    from cine.compat.ffmpeg import run
    saved = [(sys, "stdout"), (sys, "stderr"), (clog, "init_report"), (run, "_open_check"),
             (run, "_open_progress"), (run, "_read_yesno")]
    saved = [(m, a, getattr(m, a)) for m, a in saved]
    env = os.environ.pop("FFREPORT", None)
    sys.stdout, sys.stderr = io.StringIO(), io.StringIO()
    clog.init_report = _report_in_scratch(clog.init_report)
    run._open_check = lambda url: None                  # would create the output file
    run._open_progress = lambda g, url: None            # would create the -progress file
    run._read_yesno = lambda: False                     # would read stdin
    try:
        yield sys.stderr
    finally:
        for m, a, v in saved:
            setattr(m, a, v)
        if env is not None:
            os.environ["FFREPORT"] = env


_CTXS = []


def contexts() -> list:
    """Demo input contexts: two programs of video+audio (mpegts), video+audio+subtitle (mkv)."""
    if not _CTXS:
        from cine.engine.demux import open_input
        for rel in ("fixtures/ts/two_programs.ts", "fixtures/mkv/subs_srt.mkv"):
            with captured():
                inp = open_input(os.path.join(ROOT, rel), sink=lambda *a: None)
            _CTXS.append(inp.ctx)
            inp.close()
    return _CTXS


class _In:
    """What ffmpeg's _open_output reads of an input: its context."""
    def __init__(self, ctx):
        self.ctx = ctx


def ffprobe_parse(args: list) -> None:
    """ffprobe main() up to opening the input: options, writer name and options, -select_streams."""
    from cine.compat.ffprobe.sections import Selection
    from cine.compat.probe_opts import parse_args
    from cine.compat.specifiers import select_streams
    from cine.compat.writers import base, writer_class
    opts = parse_args(args)
    w = writer_class(opts.print_format)(Selection(opts.entries), None, opts.show_optional_fields)
    try:
        w.configure(opts.writer_args, {"show_private_data": opts.show_private_data,
                                       "unit": opts.unit, "prefix": opts.prefix})
    except base.WriterError:
        return
    if opts.select_streams is not None:
        for ctx in contexts():
            select_streams(opts.select_streams, ctx)


def ffmpeg_parse(args: list) -> None:
    """ffmpeg main() up to its first file operation: -loglevel pre-parse, split_commandline,
    the global options, each input's options (against a demo context) and each output's
    options, -map, muxer choice, stream selection, metadata and dispositions."""
    from cine.compat import log as clog
    from cine.compat.ffmpeg import run
    from cine.compat.ffmpeg.cmdline import apply_file_options, split_commandline
    full = ["ffmpeg"] + args
    g = run.Globals()
    clog.reset()
    clog.set_flags(clog.SKIP_REPEATED)
    run._parse_loglevel(full, g)
    split = split_commandline(full)
    for opt in split.global_opts:
        run._apply_global(g, opt)
    ctxs = contexts()
    inputs, in_opts = [], []
    for n, group in enumerate(split.inputs):
        o = apply_file_options(group, is_output=False)
        ctx = ctxs[n % len(ctxs)]
        run._apply_sseof(o, ctx, group.arg)
        inputs.append(_In(ctx))
        in_opts.append(o)
        off = {"video": o.video_disable, "audio": o.audio_disable,
               "subtitle": o.subtitle_disable, "data": o.data_disable}
        g.discarded.append({st.index for st in ctx.streams if off.get(st.codecpar.codec_type)})
    for n, group in enumerate(split.outputs):
        run._open_output(g, group, n, inputs, in_opts)


def _value_string(data: bytes) -> None:
    import struct
    from cine.compat import units
    head, raw = data[:2].ljust(2, b"\0"), data[2:10].ljust(8, b"\0")
    fmt = units.ValueFormat(*(bool(head[0] >> i & 1) for i in range(4)))
    unit = (units.SECOND, units.HERTZ, units.BYTE, units.BIT_PER_SECOND)[head[1] % 4]
    value = struct.unpack("<d", raw)[0] if unit == units.SECOND else struct.unpack("<q", raw)[0]
    units.value_string(value, unit, fmt)


def _number_or_die(kind: int, lo: float, hi: float):
    from cine.compat.optable import parse_number_or_die
    return lambda data: parse_number_or_die("fuzz", text(data), kind, lo, hi)


def _value_parsers() -> list:
    """The option-value grammars, each fn(bytes) ending normally or with a CLEAN error."""
    from cine.compat import log as clog
    from cine.compat.ffmpeg.cmdline import parse_time_or_die
    from cine.compat.ffmpeg.mapping import _eval_flags, _FlagsError, _parse_meta_type
    from cine.compat.optable import OPT_DOUBLE, OPT_FLOAT, OPT_INT, OPT_INT64, av_strtod
    from cine.compat.specifiers import strtol0
    from cine.compat.writers.base import parse_option_string
    from cine.engine.formats import avopt

    def loglevel(data):
        try:
            clog.parse_loglevel_arg(text(data), clog.INFO, clog.SKIP_REPEATED)
        except clog.InvalidLogLevel:
            pass

    def undefined(word, rest):
        raise ExitProgram(1)

    def disposition(data):
        try:
            _eval_flags(text(data), {"default"})
        except _FlagsError:
            pass

    flags = {"faststart": 1, "frag_keyframe": 2, "empty_moov": 4, "dash": 8, "+": 16}
    return [
        lambda d: av_strtod(text(d)),
        _number_or_die(OPT_INT, -(1 << 31), (1 << 31) - 1),
        _number_or_die(OPT_INT64, -(1 << 63), (1 << 63) - 1),
        _number_or_die(OPT_FLOAT, float("-inf"), float("inf")),
        _number_or_die(OPT_DOUBLE, 0, 100),
        lambda d: avopt.parse_number(text(d)),
        lambda d: avopt.flag_tokens(text(d)),
        lambda d: avopt.parse_flags(text(d), flags, 0, undefined),
        lambda d: parse_time_or_die("fuzz", text(d)),
        loglevel,
        lambda d: clog._strtol10(text(d)),
        lambda d: strtol0(text(d), 0),
        lambda d: parse_option_string(text(d)),
        disposition,
        lambda d: _parse_meta_type(text(d)),
        _value_string,
    ]


_PARSERS = []


def value_parser(selector: int):
    if not _PARSERS:
        _PARSERS.extend(_value_parsers())
    return _PARSERS[selector % len(_PARSERS)]


class InternalError(AssertionError):
    """The program's guard caught an exception that is not the reference's behaviour."""


_SHM = "/dev/shm" if os.path.isdir("/dev/shm") else tempfile.gettempdir()
_RUN_FILE = os.path.join(_SHM, "cine-fuzz-run-%d.bin" % os.getpid())
# the first 50,000 packets: MOV/MP4 fragment runs legitimately list millions from a few bytes
# (fuzz/targets/_common.py MOV_PACKETS)
PROBE_ARGS = ["-v", "quiet", "-of", "json", "-show_format", "-show_streams", "-show_packets",
              "-read_intervals", "%+#50000"]


def ffprobe_run(data: bytes) -> int:
    """The whole ffprobe (cine.compat.cli.ffprobe_main) on the bytes as a file; raises
    InternalError with the traceback when the guard reports an internal error."""
    from cine.compat.cli import ffprobe_main
    with open(_RUN_FILE, "wb") as f:
        f.write(data)
    debug = os.environ.get("CINE_DEBUG")
    os.environ["CINE_DEBUG"] = "1"      # the guard prints the traceback into the capture
    try:
        with captured() as err:
            rc = ffprobe_main(PROBE_ARGS + [_RUN_FILE])
    finally:
        os.unlink(_RUN_FILE)
        if debug is None:
            os.environ.pop("CINE_DEBUG", None)
    if "internal error" in err.getvalue():
        raise InternalError(err.getvalue()[-4000:])
    return rc
