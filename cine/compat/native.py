"""The native face: `cine probe FILE [--full]` and `cine --version`."""
from __future__ import annotations

import sys

USAGE = """usage: cine probe [--full] FILE
       cine ffprobe ARGS...   (same as the ffprobe command)
       cine ffmpeg ARGS...    (same as the ffmpeg command)
       cine --version
"""


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help", "help"):
        sys.stdout.write(USAGE)
        return 0 if argv else 1
    if argv[0] in ("--version", "-version"):
        from .. import __version__
        sys.stdout.write("cine %s\n" % __version__)
        return 0
    if argv[0] == "probe":
        return _probe(argv[1:])
    sys.stderr.write("cine: unknown command '%s'\n%s" % (argv[0], USAGE))
    return 1


def _probe(args: list[str]) -> int:
    full = False
    files = []
    for a in args:
        if a == "--full":
            full = True
        elif a in ("-h", "--help"):
            sys.stdout.write(USAGE)
            return 0
        else:
            files.append(a)
    if len(files) != 1:
        sys.stderr.write(USAGE)
        return 1
    url = files[0]
    if full:
        from .ffprobe.run import main as ffprobe
        return ffprobe(["-hide_banner", "-v", "error", "-of", "json", "-show_format", "-show_streams", url])
    import orjson

    from ..api import ProbeResult
    from ..engine.demux import open_input
    from ..engine.errors import CineError
    try:
        inp = open_input(url)
    except CineError as exc:
        sys.stderr.write("%s: %s\n" % (url, exc.message))
        return 1
    try:
        summary = ProbeResult(inp.ctx).summary()
    finally:
        inp.close()
    sys.stdout.buffer.write(orjson.dumps(summary) + b"\n")
    return 0
