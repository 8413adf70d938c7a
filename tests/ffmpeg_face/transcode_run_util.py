"""Running one transcoding case with the reference or with cine in a scratch directory, and
what is compared: exit code, stdout (text, or the MD5 of binary output), stderr normalised
like test_vs_reference.py (banner lines, context addresses, the intermediate stats lines,
speed= and fps=) with the swscaler's per-thread repeats of one warning collapsed (their count
is the CPU count + 1), and the MD5 of every file written."""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys

from _reference import forkserver  # (every tests/ folder is on sys.path)

FFMPEG = "/usr/bin/ffmpeg"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "fixtures")

_ADDR = re.compile(rb"@ 0x[0-9a-f]+\]")
_PROGRESS = re.compile(rb"(?:frame=|size=)[^\r\n]*\r")
_SPEED = re.compile(rb"speed= *[^ ]+x|speed=N/A")
_FPS = re.compile(rb"fps= *[0-9.]+")
_BANNER = re.compile(rb"^(ffmpeg version .*|\s*built with .*|\s*configuration: .*|"
                     rb"\s*lib[a-z]+ +[0-9]+\. *[0-9]+\.[0-9]+ / .*)\n", re.M)
_SWS = re.compile(rb"(\[swscaler @ 0xADDR\] \[swscaler @ 0xADDR\] deprecated pixel format "
                  rb"used, make sure you did set range correctly\n)+")


def reference_ok() -> bool:
    if not os.access(FFMPEG, os.X_OK):
        return False
    try:
        p = subprocess.run([FFMPEG, "-version"], capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return b"ffmpeg version 5.1.9" in p.stdout


def normalise(stderr: bytes) -> str:
    s = _BANNER.sub(b"", stderr)
    s = _ADDR.sub(b"@ 0xADDR]", s)
    s = _PROGRESS.sub(b"", s)
    s = _SPEED.sub(b"speed=X", s)
    s = _FPS.sub(b"fps=X", s)
    s = _SWS.sub(b"[swscaler @ 0xADDR] [swscaler @ 0xADDR] deprecated pixel format used, make "
                 b"sure you did set range correctly (per slice thread)\n", s)
    return s.decode("utf-8", "replace")


def run_tool(tool: str, argv: list[str], workdir: str) -> dict:
    """Run `argv` (after -hide_banner, and -nostdin unless it has -stdin) with the
    reference ("ref") or cine ("cine") in workdir, holding the fixtures argv names."""
    from .transcode_cases import FIXTURES as NAMES
    for name, rel in NAMES.items():
        if name in argv:
            shutil.copy(os.path.join(FIXTURES, rel), os.path.join(workdir, name))
    before = set(os.listdir(workdir))
    args = ["-hide_banner"] + ([] if "-stdin" in argv else ["-nostdin"]) + list(argv)
    if tool == "ref":
        cmd = [FFMPEG] + args
    else:
        cmd = [sys.executable, "-m", "cine", "ffmpeg"] + args
    env = dict(os.environ, PYTHONPATH=ROOT, LC_ALL="C")
    # cine's runs fork a warm cine process (compat-tests/forkserver.py): still its own process
    p = forkserver().subprocess_run(cmd, cwd=workdir, input=b"", capture_output=True,
                                    timeout=300, env=env)
    files = {}
    for dirpath, _dirs, names in os.walk(workdir):
        for n in names:
            rel = os.path.relpath(os.path.join(dirpath, n), workdir)
            if rel in before:
                continue
            with open(os.path.join(dirpath, n), "rb") as f:
                files[rel] = hashlib.md5(f.read()).hexdigest()
    try:
        stdout = p.stdout.decode("ascii")
    except UnicodeDecodeError:
        stdout = "md5:" + hashlib.md5(p.stdout).hexdigest()
    return {"rc": p.returncode, "stdout": stdout, "stderr": normalise(p.stderr),
            "files": files}
