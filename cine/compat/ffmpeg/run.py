"""The ffmpeg face, phase 1: what `ffmpeg` does before it writes anything.

`ffmpeg -version`, the usage text, and `ffmpeg -i IN [-i IN2...]` (the input dump followed by
"At least one output file must be specified", a common way to read a file's duration) behave as
FFmpeg 5.1.9 does. Jobs with outputs (remux, decode, encode) belong to later phases and are
refused with an explicit message rather than a wrong result.
"""
from __future__ import annotations

import sys

from .. import banner
from .. import log as clog

PROGRAM = "ffmpeg"
USAGE = ("Hyper fast Audio and Video encoder\n"
         "usage: ffmpeg [options] [[infile options] -i infile]... {[outfile options] outfile}...\n"
         "\n")
# options ffmpeg accepts that change nothing for an input-only invocation
_NO_ARG = {"hide_banner", "y", "n", "nostdin", "stdin", "nostats", "stats", "benchmark",
           "benchmark_all", "ignore_unknown", "copy_unknown", "report", "debug_ts", "xerror"}
_GLOBAL_WITH_ARG = {"loglevel", "v", "threads", "filter_threads", "max_alloc", "cpuflags",
                    "probesize", "analyzeduration", "fflags", "f"}


class _Opts:
    hide_banner = False
    loglevel = clog.INFO
    log_flags: set[str] = set()


def main(argv: list[str]) -> int:
    opts = _Opts()
    level, flags = clog.INFO, 0
    inputs: list[tuple[str, str | None]] = []
    outputs: list[str] = []
    pending_format: str | None = None
    i = 0
    while i < len(argv):
        a = argv[i]
        i += 1
        if a in ("-v", "-loglevel") and i < len(argv):
            level, flags = clog.parse_loglevel_arg(argv[i], level, flags)
            i += 1
        elif a == "-version":
            banner.write_stdout(banner.version_text(PROGRAM))
            return 0
        elif a == "-i" and i < len(argv):
            inputs.append((argv[i], pending_format))
            pending_format = None
            i += 1
        elif a.startswith("-") and a != "-" and a[1:] in _NO_ARG:
            if a == "-hide_banner":
                opts.hide_banner = True
        elif a == "-f" and i < len(argv):
            pending_format = argv[i]
            i += 1
        elif a.startswith("-") and a != "-" and a[1:] in _GLOBAL_WITH_ARG and i < len(argv):
            i += 1
        elif a.startswith("-") and a != "-":
            outputs.append(a)      # an output option: a job of a later phase
            i += 1
        else:
            outputs.append(a)
    clog.set_level(level)
    clog.set_flags(flags)
    banner.print_banner(PROGRAM, [PROGRAM] + argv, opts)
    if not inputs and not outputs:
        clog.log(clog.INFO, USAGE)
        clog.log(clog.INFO, "Use -h to get full help or, even better, run 'man %s'\n" % PROGRAM)
        return 1
    from ...engine.demux import open_input
    from ...engine.errors import CineError
    from ..dump import dump_format
    sink = clog.make_sink()
    for n, (url, fmt) in enumerate(inputs):
        try:
            inp = open_input(url, sink=sink, format_name=fmt)
        except CineError as exc:
            clog.log(clog.ERROR, "%s: %s\n" % (url, exc.message))
            return 1
        from ..probe_warnings import codec_param_failures
        for lvl, msg in codec_param_failures(inp.ctx):
            clog.log(lvl, msg, inp.ctx.format_name)
        try:
            text = dump_format(inp.ctx, n, "pipe:" if url == "-" else url, clog.get_level())
        finally:
            inp.close()
        if text:
            clog.log(clog.INFO, text)
    if outputs:
        clog.log(clog.FATAL, "cine: ffmpeg jobs with outputs (remux, decode, encode) are not "
                             "supported yet\n")
        return 1
    clog.log(clog.FATAL, "At least one output file must be specified\n")
    return 1
