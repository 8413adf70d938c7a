"""The native face: `cine probe FILE [--full]`, `cine keyframes FILE [--max N] [--stream SPEC]`
and `cine --version`."""
from __future__ import annotations

import sys

USAGE = """usage: cine probe [--full] FILE
       cine keyframes [--max N] [--stream v:0] FILE
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
    if argv[0] == "keyframes":
        return _keyframes(argv[1:])
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


def _dumps(obj) -> bytes:
    try:
        import orjson
    except ImportError:
        import json
        return json.dumps(obj, separators=(",", ":")).encode()
    return orjson.dumps(obj)


def _keyframes(args: list[str]) -> int:
    """The key packets of one stream as JSON:
    {"stream": 0, "time_base": "1/12800", "keyframes": [{"pts": 0, "time": 0.0, "pos": 48}, ...]}
    (pts, else dts, in time_base units; pos null when unknown)."""
    spec = "v:0"
    limit = None
    files = []
    it = iter(args)
    for a in it:
        if a in ("-h", "--help"):
            sys.stdout.write(USAGE)
            return 0
        if a in ("--max", "--stream") or a.startswith(("--max=", "--stream=")):
            name, eq, val = a.partition("=")
            if not eq:
                val = next(it, None)
                if val is None:
                    sys.stderr.write("cine keyframes: %s needs a value\n%s" % (name, USAGE))
                    return 1
            if name == "--stream":
                spec = val
            else:
                try:
                    limit = int(val)
                except ValueError:
                    limit = -1
                if limit < 0:
                    sys.stderr.write("cine keyframes: invalid --max value '%s'\n" % val)
                    return 1
        elif a.startswith("--") and len(a) > 2:
            sys.stderr.write("cine keyframes: unknown option '%s'\n%s" % (a, USAGE))
            return 1
        else:
            files.append(a)
    if len(files) != 1:
        sys.stderr.write(USAGE)
        return 1
    url = files[0]
    from ..container import Container
    from ..engine.errors import CineError
    try:
        c = Container(url)
    except CineError as exc:
        sys.stderr.write("%s: %s\n" % (url, exc.message))
        return 1
    try:
        try:
            idx = c._stream_one(spec)
            keys = []
            for p, ts in c.keyframe_packets(str(idx), limit):
                keys.append({"pts": ts, "time": p.seconds(ts), "pos": p.pos})
        except CineError as exc:
            # FFmpeg 5.1.9: a malformed specifier is reported as
            # "Invalid stream specifier: SPEC." (the detail, not the errno text)
            sys.stderr.write("%s\n" % (str(exc) or exc.message))
            return 1
        except (RecursionError, MemoryError):
            sys.stderr.write("%s: Invalid data found when processing input\n" % url)
            return 1
        out = {"stream": idx, "time_base": c.streams[idx].time_base, "keyframes": keys}
    finally:
        c.close()
    sys.stdout.buffer.write(_dumps(out) + b"\n")
    return 0
