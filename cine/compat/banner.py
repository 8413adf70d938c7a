"""Program identification: the banner, -version, -buildconf, -L and the data of
-show_program_version / -show_library_versions (fftools/opt_common.c show_banner,
print_program_info, print_all_libs_info, show_version; fftools/ffprobe.c
ffprobe_show_program_version, ffprobe_show_library_versions).

cine keeps the layout and the library version lines of FFmpeg 5.1.9, so tools that parse them
keep working, and says honestly what it is everywhere else: the program version is
5.1.9-cine-<cine version>, the copyright is cine's, "built with" names the Python running it,
and the configuration line describes cine.
"""
from __future__ import annotations

import sys

from .. import __version__ as CINE_VERSION
from . import log as _log

FFMPEG_VERSION = "5.1.9-cine-%s" % CINE_VERSION
COPYRIGHT = "Copyright (c) 2026 the cine developers"
CONFIGURATION = "--cine=%s --license=MIT --pure-python --no-ffmpeg-libraries" % CINE_VERSION

# (name, major, minor, micro, ident prefix): FFmpeg 5.1.9's libraries, in print order
LIBRARIES = (
    ("avutil", 57, 28, 100, "Lavu"),
    ("avcodec", 59, 37, 100, "Lavc"),
    ("avformat", 59, 27, 100, "Lavf"),
    ("avdevice", 59, 7, 100, "Lavd"),
    ("avfilter", 8, 44, 100, "Lavfi"),
    ("swscale", 6, 7, 100, "SwS"),
    ("swresample", 4, 7, 100, "SwR"),
    ("postproc", 56, 6, 100, "postproc"),
)

_INDENT, _SHOW_VERSION, _SHOW_CONFIG, _SHOW_COPYRIGHT = 1, 2, 4, 8


def compiler_ident() -> str:
    """What cine 'was built with': the Python implementation running it."""
    import platform
    return "%s %s" % (platform.python_implementation(), platform.python_version())


def program_info(program: str, flags: int) -> str:
    indent = "  " if flags & _INDENT else ""
    out = "%s version %s" % (program, FFMPEG_VERSION)
    if flags & _SHOW_COPYRIGHT:
        out += " " + COPYRIGHT
    out += "\n%sbuilt with %s\n" % (indent, compiler_ident())
    out += "%sconfiguration: %s\n" % (indent, CONFIGURATION)
    return out


def libs_info(flags: int) -> str:
    """print_all_libs_info: with SHOW_VERSION the 'libavutil      57. 28.100 / 57. 28.100'
    lines; with SHOW_CONFIG nothing (the libraries' configuration matches the program's)."""
    if not flags & _SHOW_VERSION:
        return ""
    indent = "  " if flags & _INDENT else ""
    return "".join("%slib%-11s %2d.%3d.%3d / %2d.%3d.%3d\n" % (indent, name, ma, mi, mc, ma, mi, mc)
                   for name, ma, mi, mc, _ in LIBRARIES)


def banner_text(program: str) -> str:
    return (program_info(program, _INDENT | _SHOW_COPYRIGHT)
            + libs_info(_INDENT | _SHOW_CONFIG) + libs_info(_INDENT | _SHOW_VERSION))


def version_text(program: str) -> str:
    """-version: printed on stdout whatever the log level."""
    return program_info(program, _SHOW_COPYRIGHT) + libs_info(_SHOW_VERSION)


def buildconf_text() -> str:
    """-buildconf: the configuration split at ' --', one option a line."""
    parts = CONFIGURATION.replace(" --", "~--").split("~")
    return "\n  configuration:\n" + "".join("    %s\n" % p for p in parts if p)


def license_text(program: str) -> str:
    return ("%s (cine %s) is free software, released under the MIT license.\n"
            "It contains no FFmpeg code and links no FFmpeg library.\n" % (program, CINE_VERSION))


def print_banner(program: str, argv: list[str], opts, table=None) -> None:
    """show_banner: unless -hide_banner or a -version anywhere on the command line, the
    program, build and library lines at info level on stderr (argv[0] is the program)."""
    if getattr(opts, "hide_banner", False):
        return
    if table is not None:
        from .optable import locate_option
        if locate_option(argv, table, "version"):
            return
    elif any(a == "-version" for a in argv[1:]):
        return
    if _log._state.report is None and _log.INFO > _log.get_level():
        return  # every line would be dropped (and leave the logger's state as it is)
    for line in banner_text(program).splitlines(True):
        _log.log(_log.INFO, line)


def program_version() -> list[tuple[str, str]]:
    """The program_version section's entries, in order."""
    return [
        ("version", FFMPEG_VERSION),
        ("copyright", COPYRIGHT),
        ("compiler_ident", compiler_ident()),
        ("configuration", CONFIGURATION),
    ]


def library_versions() -> list[list[tuple[str, object]]]:
    """One library_version section per library: name, major, minor, micro, version, ident."""
    rows = []
    for name, ma, mi, mc, ident in LIBRARIES:
        rows.append([
            ("name", "lib" + name),
            ("major", ma),
            ("minor", mi),
            ("micro", mc),
            ("version", ma << 16 | mi << 8 | mc),
            ("ident", "%s%d.%d.%d" % (ident, ma, mi, mc)),
        ])
    return rows


def write_stdout(text: str) -> None:
    out = sys.stdout
    buf = getattr(out, "buffer", None)
    if buf is not None:
        out.flush()
        buf.write(text.encode("utf-8", "surrogateescape"))
        buf.flush()
    else:
        out.write(text)
        out.flush()
