"""Option values the argument fuzzers found or probed (fuzz/targets/option_values.py,
ffmpeg_args.py): cine's exit code and stderr equal FFmpeg 5.1.9's, live against /usr/bin/ffprobe
and /usr/bin/ffmpeg (skipped when they are absent).

Covered: parse_number_or_die (NaN is "in range" and then no int; strtod's hexadecimal after a
blank or sign; ASCII digits only; dB overflow), av_opt flags (movflags, mpegts_flags,
-disposition: NaN, values that are no 32-bit flag set, empty and trailing-sign words, double
signs, av_opt's constants), and -t durations.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SRC = os.path.join(ROOT, "fixtures", "mp4", "aac_mono.m4a")

PROBE = [["-show_log", v, "-show_format", "/nonexistent"] for v in (
    "nan", "-nan", "nan(12)", " 0x10", "-0x10", "0x1p3", "\u0663", "111111dB", "-111111dB",
    "0x" + "F" * 300, "1KiB", "12 ")] + [["-show_optional_fields", "nan", "/nonexistent"]]

FLAGS = [(fmt, opt, v) for v in ("nan", "+nan", "inf", "1e30", "0.5", "-1", "", "+", "default+",
                                 "a++", "++faststart", "+-", "2+1e40", "all", "none+default")
         for fmt, opt in (("mp4", "-movflags"), ("mpegts", "-mpegts_flags"),
                          ("null", "-disposition:a"))]
DURATIONS = ["1e3", "5 ", "99:59", "\u0663", "0x10", ".5", "1.s", "9223372036854775807", "+-1"]

ADDRESS = re.compile(rb" @ 0x[0-9a-f]+\]")


def _run(cmd: list, cwd: str) -> tuple[int, bytes]:
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, stdin=subprocess.DEVNULL, timeout=60,
                       env=dict(os.environ, PYTHONPATH=ROOT))
    return p.returncode, ADDRESS.sub(b" @ X]", p.stderr)


def _both(tool: str, args: list, cwd: str):
    if not os.path.exists("/usr/bin/" + tool):
        pytest.skip("/usr/bin/%s absent" % tool)
    ref = _run(["/usr/bin/" + tool, "-hide_banner"] + args, cwd)
    cine = _run([sys.executable, "-m", "cine", tool, "-hide_banner"] + args, cwd)
    return ref, cine


@pytest.mark.parametrize("args", PROBE, ids=lambda a: repr(a[1]))
def test_parse_number_or_die(args, tmp_path):
    ref, cine = _both("ffprobe", args, str(tmp_path))
    assert cine == ref


@pytest.mark.parametrize("fmt,opt,value", FLAGS, ids=lambda x: repr(x))
def test_flags_values(fmt, opt, value, tmp_path):
    if not os.path.exists(SRC):
        pytest.skip("fixture missing")
    args = ["-nostdin", "-v", "error", "-i", SRC, "-c", "copy", opt, value, "-f", fmt, "-y",
            "out.bin" if fmt != "null" else "-"]
    (rc_ref, err_ref), (rc_cine, err_cine) = _both("ffmpeg", args, str(tmp_path))
    if rc_ref < 0:      # -movflags all: FFmpeg 5.1.9 dies of a signal; cine refuses cleanly
        assert rc_cine == 1 and err_cine
        pytest.skip("the reference is killed by signal %d" % -rc_ref)
    if rc_ref == 0 and rc_cine != 0 and (b"cine:" in err_cine
                                         or b"Not yet implemented" in err_cine):
        pytest.skip("a flag whose feature cine does not implement (%s)" % value)
    assert (rc_cine, err_cine) == (rc_ref, err_ref)


@pytest.mark.parametrize("value", DURATIONS, ids=repr)
def test_durations(value, tmp_path):
    if not os.path.exists(SRC):
        pytest.skip("fixture missing")
    args = ["-nostdin", "-v", "error", "-t", value, "-i", SRC, "-c", "copy", "-f", "null", "-"]
    ref, cine = _both("ffmpeg", args, str(tmp_path))
    assert cine == ref
