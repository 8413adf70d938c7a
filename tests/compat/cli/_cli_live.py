"""Shared helpers: run cine's ffprobe and the real FFmpeg 5.1.9 ffprobe on the same argv."""
from __future__ import annotations

import os
import re
import subprocess
import sys

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
REAL = "/usr/bin/ffprobe"

# the three banner lines that identify the program (they differ by design)
_IDENT = re.compile(r"^(ffprobe version [^\n]*|  built with [^\n]*|  configuration: [^\n]*"
                    r"|built with [^\n]*|configuration: [^\n]*)$", re.M)
_ADDR = re.compile(r"@ 0x[0-9a-f]+")


def real_available() -> bool:
    if not os.access(REAL, os.X_OK):
        return False
    out = subprocess.run([REAL, "-version"], capture_output=True, text=True).stdout
    return out.startswith("ffprobe version 5.1.9")


def run_cine(argv: list[str], cwd: str | None = None, stdin: bytes = b"") -> tuple[bytes, bytes, int]:
    env = dict(os.environ, PYTHONPATH=REPO)
    env.pop("TERM", None)
    p = subprocess.run([sys.executable, "-m", "cine", "ffprobe", *argv], cwd=cwd or REPO,
                       env=env, input=stdin, capture_output=True, timeout=120)
    return p.stdout, p.stderr, p.returncode


def run_real(argv: list[str], cwd: str | None = None, stdin: bytes = b"") -> tuple[bytes, bytes, int]:
    env = dict(os.environ)
    env.pop("TERM", None)
    p = subprocess.run([REAL, *argv], cwd=cwd or REPO, env=env, input=stdin,
                       capture_output=True, timeout=120)
    return p.stdout, p.stderr, p.returncode


def normalise(text: bytes) -> str:
    s = text.decode("utf-8", "replace")
    s = _IDENT.sub("<ident>", s)
    return _ADDR.sub("@ 0xADDR", s)
