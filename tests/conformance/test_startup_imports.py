"""Start-up cost guard: probing a file of each container imports none of the stdlib modules
that are expensive to import and not needed to probe (dataclasses pulls in inspect, ast, dis and
tokenize; typing; importlib; copy; re, which pulls in enum and functools, compiled only for the
rare values that need a pattern; zlib and binascii are shared libraries loaded only when a CRC,
a compressed tag or cover art needs them). See bench/README.md, "Start-up"."""
import json
import subprocess
import sys

import pytest

from _hostile import ROOT

SCRIPT = r"""
import json, os, sys
before = set(sys.modules)
from cine.compat.cli import ffprobe_main
fd = os.dup(1)
os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
rc = ffprobe_main(sys.argv[1:])
sys.stdout.flush()
os.dup2(fd, 1)
print("MODULES=" + json.dumps({"rc": rc, "new": sorted(set(sys.modules) - before)}))
"""

HEAVY = ("dataclasses", "inspect", "typing", "importlib", "copy", "re", "enum", "zlib", "binascii")
CASES = {
    "wav/s16_stereo.wav": HEAVY,
    "elementary/cbr.mp3": HEAVY,
    "elementary/f16.flac": HEAVY,
    "elementary/r30.h264": HEAVY,
    "mkv/vp9_opus.webm": HEAVY,
    "ogg/vorbis_stereo.oga": tuple(m for m in HEAVY if m != "zlib"),   # the page CRC needs it
    "avi/xvid_mp3.avi": HEAVY,
    "mp4/h264_aac.mp4": HEAVY,
    "mkv/h264_aac.mkv": HEAVY,
    "ts/h264_aac.ts": HEAVY,
    "elementary/stereo.aac": HEAVY,
    "elementary/r25.hevc": HEAVY,
}


@pytest.mark.parametrize("rel", sorted(CASES))
def test_probe_skips_expensive_stdlib_imports(rel):
    import os
    path = os.path.join("fixtures", rel)
    if not os.path.exists(os.path.join(ROOT, path)):
        pytest.skip(path + " missing")
    # -S: the interpreter's site (certifi's .pth...) must not hide what cine imports itself
    p = subprocess.run([sys.executable, "-S", "-c", SCRIPT, "-v", "quiet", "-of", "json",
                        "-show_format", "-show_streams", path], cwd=ROOT, capture_output=True,
                       timeout=300)
    out = [line for line in p.stdout.decode().splitlines() if line.startswith("MODULES=")]
    assert out, p.stderr.decode(errors="replace")[-2000:]
    info = json.loads(out[-1][len("MODULES="):])
    assert info["rc"] == 0
    bad = sorted(m for m in info["new"] if m.split(".")[0] in CASES[rel])
    assert bad == [], f"{rel}: probing imported {bad}"


FFMPEG_SCRIPT = SCRIPT.replace("ffprobe_main", "ffmpeg_main")
REMUX = {"mp4": ("-c", "copy"), "mkv": ("-c", "copy"), "m4a": ("-vn", "-c:a", "copy")}


@pytest.mark.parametrize("ext", sorted(REMUX))
def test_remux_skips_expensive_stdlib_imports(ext, tmp_path):
    """The stream copy of the bench (bench/remux.py) pays none of them either (`copy` aside:
    the output streams take deep copies of the input's parameters; and Matroska's CRC-32
    elements need zlib)."""
    out = str(tmp_path / ("out." + ext))
    p = subprocess.run([sys.executable, "-S", "-c", FFMPEG_SCRIPT, "-v", "error", "-nostdin",
                        "-i", "fixtures/mp4/h264_aac.mp4", *REMUX[ext], out], cwd=ROOT,
                       capture_output=True, timeout=300)
    lines = [line for line in p.stdout.decode().splitlines() if line.startswith("MODULES=")]
    assert lines, p.stderr.decode(errors="replace")[-2000:]
    info = json.loads(lines[-1][len("MODULES="):])
    assert info["rc"] == 0
    allowed = {"copy", "zlib"} if ext == "mkv" else {"copy"}
    bad = sorted(m for m in info["new"] if m.split(".")[0] in HEAVY and m not in allowed)
    assert bad == [], f"{ext}: the remux imported {bad}"
