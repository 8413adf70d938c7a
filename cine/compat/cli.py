"""Entry points ffprobe, ffmpeg and cine; the single guard of the program.

Every face runs inside _guard: a CineError that escapes becomes the reference's message line
and exit code; anything else is a bug and is reported as one line, never a traceback.

A face that owns its process (a console script, python -m cine) starts with SIGINT and SIGPIPE
as a C program has them (signals.py): ffprobe and ffmpeg die by them as the reference does,
until ffmpeg installs its own handlers.
"""
from __future__ import annotations

import os
import sys

# cine never calls BLAS: numpy's OpenBLAS would start a thread per core at import that spins
# for a while (CPU time the run does not need); one thread unless the user says otherwise
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def _guard(program: str, fn) -> int:
    try:
        rc = fn()
    except KeyboardInterrupt:
        rc = 255
    except BrokenPipeError:
        # like the reference killed by SIGPIPE, without noise
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except OSError:
            pass
        rc = 1
    except SystemExit as exc:
        rc = exc.code if isinstance(exc.code, int) else 1
    except MemoryError:
        sys.stderr.write("Cannot allocate memory\n")
        rc = 1
    except BaseException as exc:  # noqa: BLE001 - the one place that must catch everything
        from ..engine.errors import CineError
        if isinstance(exc, CineError):
            sys.stderr.write("%s\n" % exc.message)
        else:
            sys.stderr.write("%s: internal error (%s); please report this input\n"
                             % (program, type(exc).__name__))
            if os.environ.get("CINE_DEBUG"):
                import traceback
                traceback.print_exc()
        rc = 1
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        pass
    except OSError:
        pass
    return rc if isinstance(rc, int) else 0


def _c_signals() -> None:
    from . import signals
    signals.restore_defaults()


def ffprobe_main(argv: list[str] | None = None, whole_process: bool = False) -> int:
    args = sys.argv[1:] if argv is None else argv
    if argv is None or whole_process:
        _c_signals()

    def run() -> int:
        from .ffprobe.run import main
        return main(args)

    rc = _guard("ffprobe", run)
    if argv is None:
        sys.exit(rc)
    return rc


def ffmpeg_main(argv: list[str] | None = None, whole_process: bool = False) -> int:
    args = sys.argv[1:] if argv is None else argv
    if argv is None or whole_process:
        _c_signals()
        # imports, option parsing and opening make objects that live until exit: the cyclic
        # collector would only walk them (~2 ms of a small remux); the engine turns it back
        # on when its packet loop starts (pipeline/copy.py _leave_collector)
        import gc
        gc.disable()

    def run() -> int:
        from .ffmpeg.run import main
        return main(args)

    rc = _guard("ffmpeg", run)
    if argv is None:
        sys.exit(rc)
    return rc


def cine_main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] == "ffprobe":
        return ffprobe_main(args[1:]) if argv is not None else ffprobe_main_exit(args[1:])
    if args and args[0] == "ffmpeg":
        return ffmpeg_main(args[1:]) if argv is not None else ffmpeg_main_exit(args[1:])

    def run() -> int:
        from .native import main
        return main(args)

    rc = _guard("cine", run)
    if argv is None:
        sys.exit(rc)
    return rc


def ffprobe_main_exit(args: list[str]) -> int:
    sys.exit(ffprobe_main(args, whole_process=True))


def ffmpeg_main_exit(args: list[str]) -> int:
    sys.exit(ffmpeg_main(args, whole_process=True))
