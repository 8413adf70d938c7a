"""The program inside the frozen bundle: runs ffprobe, ffmpeg or cine, as the launcher
(packaging/launcher.c) says in CINE_PROG.

CINE_DIST_MODULES=<file> (for tests/packaging/test_dist.py) writes the names of the modules
loaded at exit to <file>, one a line.
"""
import os
import sys


def _write_modules(path: str) -> None:
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(sorted(sys.modules)) + "\n")


def main() -> None:
    program = os.environ.pop("CINE_PROG", "cine")
    modules_file = os.environ.pop("CINE_DIST_MODULES", "")
    if modules_file:
        import atexit
        atexit.register(_write_modules, modules_file)
    from cine.compat import cli
    entry = {"ffprobe": cli.ffprobe_main, "ffmpeg": cli.ffmpeg_main}.get(program, cli.cine_main)
    entry()


main()
