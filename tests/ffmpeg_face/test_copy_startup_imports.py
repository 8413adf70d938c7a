"""Start-up guard for the stream copy (issue 8): `ffmpeg -i IN -c copy OUT` of an MP4 into
mkv, mp4 and m4a (and -vn -c:a copy) imports nothing a copy does not use: no numpy / numba
(pixel and sample kernels), no decoder, encoder or filter, no expression language, no option
tables when no codec option is given, no fragment/encryption readers for a plain MP4, no probe
module of a format the detection's signature pre-test rules out, and none of the stdlib
modules that are expensive to import (dataclasses, typing, inspect, importlib, copy, weakref,
ctypes: the heap tuning of engine/io/heap.py is for large inputs only).

The module list is taken before anything is imported (the ffprobe test's `json` import pulls
in `re`, which hid it there). `re` is on the list too: the H.264 parser's short start-code
scans use bytes.find (codecs/h264/framing.py consumed_length), only long ones a pattern."""
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURE = os.path.join("fixtures", "mp4", "h264_aac.mp4")

SCRIPT = r"""
import sys
before = set(sys.modules)
from cine.compat.cli import ffmpeg_main
rc = ffmpeg_main(sys.argv[1:])
new = sorted(set(sys.modules) - before)
sys.stdout.write("RC=%d\nMODULES=%s\n" % (rc, " ".join(new)))
"""

# packages / modules (a name also covers its submodules)
FORBIDDEN = (
    "numpy", "numba", "llvmlite", "cffi",
    "dataclasses", "typing", "inspect", "importlib", "copy", "weakref", "ctypes", "json",
    "re", "enum",
    "cine.engine.filters", "cine.compat.expr", "cine.compat.filtergraph", "cine.compat.filteropts",
    "cine.engine.picture", "cine.engine.frame", "cine.engine.jit", "cine.engine.kernels",
    "cine.engine.pipeline.transcode", "cine.engine.pipeline.audio_out",
    "cine.compat.avoptions", "cine.compat.avoptions_codec", "cine.compat.avoptions_private",
    "cine.compat.ffmpeg.codec_opts", "cine.compat.ffmpeg.null_output",
    "cine.compat.ffmpeg.transcode_run",
    "cine.engine.formats.mp4.fragments", "cine.engine.formats.mp4.encryption",
    "cine.engine.formats.ac3raw", "cine.engine.formats.wav", "cine.engine.formats.w64",
    "cine.engine.formats.flac", "cine.engine.formats.avi", "cine.engine.formats.ogg",
    "cine.engine.formats.matroska.probe", "cine.engine.formats.matroska.demux",
)

JOBS = {
    "mkv": ["-c", "copy"],
    "mp4": ["-c", "copy"],
    "m4a": ["-vn", "-c:a", "copy"],
}


def _forbidden(name: str) -> bool:
    if name.endswith(("_jit", ".decoder", ".encoder")) or ".encoders" in name:
        return True
    return any(name == f or name.startswith(f + ".") for f in FORBIDDEN)


@pytest.mark.parametrize("loglevel", ["info", "error"])
@pytest.mark.parametrize("ext", sorted(JOBS))
def test_stream_copy_imports_only_what_it_uses(ext, loglevel, tmp_path):
    if not os.path.exists(os.path.join(ROOT, FIXTURE)):
        pytest.skip(FIXTURE + " missing")
    out = str(tmp_path / ("out." + ext))
    # -S: the interpreter's site (a .pth importing certifi...) must not hide what cine imports
    p = subprocess.run([sys.executable, "-S", "-c", SCRIPT, "-hide_banner", "-nostdin",
                        "-loglevel", loglevel, "-i", FIXTURE, *JOBS[ext], out], cwd=ROOT,
                       capture_output=True, timeout=300)
    text = p.stdout.decode()
    assert "MODULES=" in text, p.stderr.decode(errors="replace")[-2000:]
    assert "RC=0" in text, p.stderr.decode(errors="replace")[-2000:]
    assert os.path.getsize(out) > 0
    mods = text.split("MODULES=", 1)[1].split()
    assert "cine.engine.pipeline.fastcopy" in mods or "cine.engine.pipeline.copy" in mods
    bad = [m for m in mods if _forbidden(m)]
    assert bad == [], f"{ext}: the stream copy imported {bad}"


def test_negated_bool_options_are_no_avoptions():
    """cmdline._negated_bool lets '-no' + a boolean option skip the AVOption lookup
    (opt_default, which comes first in split_commandline): that is only the same when no
    AVOption (codec, format or swscale) has such a name."""
    from cine.compat.ffmpeg import cmdline, options as O
    bools = [po.name for po in O.TABLE if po.flags & O.OPT_BOOL]
    assert "stdin" in bools
    negated = ["no" + name for name in bools]
    assert all(cmdline._negated_bool(opt) for opt in negated)
    clash = [opt for opt in negated if cmdline.is_codec_option(opt)
             or cmdline.is_format_option(opt) or cmdline.is_sws_option(opt)]
    assert clash == []
    # (and the test has teeth: an AVOption starting with "no" is not a negated boolean)
    assert cmdline.is_codec_option("noise_reduction") and not cmdline._negated_bool("noise_reduction")
