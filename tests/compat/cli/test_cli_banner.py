"""Program identification (cine/compat/banner.py): cine names itself in the first lines and keeps
FFmpeg 5.1.9's layout and library version lines, byte for byte where they are not cine's."""
from __future__ import annotations

import platform
import re

import pytest

from cine import __version__
from cine.compat import banner

from _cli_live import real_available, run_cine, run_real

FIRST = "ffprobe version 5.1.9-cine-%s Copyright (c) 2026 the cine developers" % __version__


def test_version_text():
    lines = banner.version_text("ffprobe").splitlines()
    assert lines[0] == FIRST
    assert lines[1] == "built with %s %s" % (platform.python_implementation(), platform.python_version())
    assert lines[2].startswith("configuration: ")
    assert lines[3:] == [
        "libavutil      57. 28.100 / 57. 28.100",
        "libavcodec     59. 37.100 / 59. 37.100",
        "libavformat    59. 27.100 / 59. 27.100",
        "libavdevice    59.  7.100 / 59.  7.100",
        "libavfilter     8. 44.100 /  8. 44.100",
        "libswscale      6.  7.100 /  6.  7.100",
        "libswresample   4.  7.100 /  4.  7.100",
        "libpostproc    56.  6.100 / 56.  6.100",
    ]


def test_banner_is_indented_version():
    b = banner.banner_text("ffprobe").splitlines()
    v = banner.version_text("ffprobe").splitlines()
    assert b[0] == v[0] and all(x == "  " + y for x, y in zip(b[1:], v[1:]))


def test_library_rows():
    rows = banner.library_versions()
    assert [dict(r)["ident"] for r in rows] == ["Lavu57.28.100", "Lavc59.37.100", "Lavf59.27.100",
                                               "Lavd59.7.100", "Lavfi8.44.100", "SwS6.7.100",
                                               "SwR4.7.100", "postproc56.6.100"]
    assert dict(rows[0])["version"] == 3742820
    assert [k for k, _ in rows[0]] == ["name", "major", "minor", "micro", "version", "ident"]
    assert [k for k, _ in banner.program_version()] == ["version", "copyright", "compiler_ident",
                                                        "configuration"]
    assert dict(banner.program_version())["version"] == "5.1.9-cine-" + __version__


live = pytest.mark.skipif(not real_available(), reason="needs /usr/bin/ffprobe 5.1.9")


@live
def test_version_layout_matches_reference(tmp_path):
    mine = run_cine(["-version"], cwd=str(tmp_path))[0].decode().splitlines()
    real = run_real(["-version"], cwd=str(tmp_path))[0].decode().splitlines()
    assert len(mine) == len(real)
    assert mine[0] == FIRST and re.match(r"ffprobe version 5\.1\.9\S* Copyright", real[0])
    assert [l.split(" ", 1)[0] for l in mine[1:3]] == [l.split(" ", 1)[0] for l in real[1:3]]
    assert mine[3:] == real[3:]


@live
def test_banner_on_stderr_matches_reference_layout(tmp_path):
    mine = run_cine(["-foo"], cwd=str(tmp_path))
    real = run_real(["-foo"], cwd=str(tmp_path))
    m, r = mine[1].decode().splitlines(), real[1].decode().splitlines()
    assert m[0] == FIRST
    assert m[1].startswith("  built with ") and m[2].startswith("  configuration: ")
    assert m[3:] == r[3:]
    assert mine[2] == real[2] == 1


@live
@pytest.mark.parametrize("argv", [["-v", "warning", "-foo"], ["-hide_banner", "-foo"],
                                  ["-foo", "-version"], ["-nohide_banner", "-foo"]])
def test_banner_suppressed_like_reference(tmp_path, argv):
    mine = run_cine(argv, cwd=str(tmp_path))
    real = run_real(argv, cwd=str(tmp_path))
    assert (b"version" in mine[1]) == (b"version" in real[1])
