"""Shared machinery of the golden suite: load cases from disk, run a tool, normalise, compare.

Used by `regen` (records FFmpeg 5.1.9), `report` (summary table) and test_compat.py (pytest).
"""
from __future__ import annotations

import difflib
import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CASES_DIR = os.path.join(HERE, "cases")
REFERENCE = "/usr/bin/ffprobe"
REFERENCE_VERSION = "5.1.9"
TIMEOUT = 120

_ADDR = re.compile(rb"@ 0x[0-9a-f]+\]")
# banner lines that identify the program build (cine prints its own); the library version
# lines that follow them are compared as they are.
_BANNER = re.compile(rb"^(ffprobe version .*|\s*built with .*|\s*configuration: .*)$")


@dataclass
class Result:
    stdout: bytes
    stderr: bytes
    rc: int


@dataclass
class DiskCase:
    group: str
    name: str
    argv: list
    stdin: str | None
    expected: Result | None
    path: str

    @property
    def id(self) -> str:
        return f"{self.group}/{self.name}"


def normalise_stderr(data: bytes) -> bytes:
    """Addresses in log prefixes vary per run; the banner's build lines identify the program."""
    data = _ADDR.sub(b"@ 0xADDR]", data)
    return normalise_banner(data)


def normalise_banner(data: bytes) -> bytes:
    """Replace the banner's build-identifying lines (version, compiler, configuration)."""
    if b"version" not in data:
        return data
    lines = data.split(b"\n")
    return b"\n".join(b"<banner line>" if _BANNER.match(ln) else ln for ln in lines)


def reference_version_ok() -> bool:
    try:
        out = subprocess.run([REFERENCE, "-version"], capture_output=True, timeout=30).stdout
    except OSError:
        return False
    first = out.split(b"\n", 1)[0].decode("utf-8", "replace")
    return re.match(r"ffprobe version %s\b" % re.escape(REFERENCE_VERSION), first) is not None


def have_reference() -> bool:
    return os.path.exists(REFERENCE) and os.access(REFERENCE, os.X_OK)


def run_tool(cmd: list, stdin_path: str | None) -> Result:
    """Run cmd from the repo root; stdin is a pipe fed with the file (or empty)."""
    data = b""
    if stdin_path is not None:
        with open(os.path.join(ROOT, stdin_path), "rb") as f:
            data = f.read()
    env = dict(os.environ)
    env.setdefault("LC_ALL", "C")
    try:
        p = subprocess.run(cmd, cwd=ROOT, input=data, capture_output=True, timeout=TIMEOUT, env=env)
    except subprocess.TimeoutExpired as exc:
        return Result(exc.stdout or b"", (exc.stderr or b"") + b"\n<<TIMEOUT>>\n", -999)
    return Result(p.stdout, p.stderr, p.returncode)


def run_reference(argv: list, stdin_path: str | None) -> Result:
    r = run_tool([REFERENCE] + list(argv[1:]), stdin_path)
    return _normalised(argv, r)


def run_cine(argv: list, stdin_path: str | None) -> Result:
    r = run_tool([sys.executable, "-m", "cine", argv[0]] + list(argv[1:]), stdin_path)
    return _normalised(argv, r)


def _normalised(argv: list, r: Result) -> Result:
    stdout = r.stdout
    if "-version" in argv:  # -version prints the banner on stdout
        stdout = normalise_banner(stdout)
    return Result(stdout, normalise_stderr(r.stderr), r.rc)


def load_cases(groups: list | None = None) -> list[DiskCase]:
    out = []
    if not os.path.isdir(CASES_DIR):
        return out
    for group in sorted(os.listdir(CASES_DIR)):
        if groups and group not in groups:
            continue
        gdir = os.path.join(CASES_DIR, group)
        if not os.path.isdir(gdir):
            continue
        for name in sorted(os.listdir(gdir)):
            cdir = os.path.join(gdir, name)
            argv_path = os.path.join(cdir, "argv")
            if not os.path.isfile(argv_path):
                continue
            with open(argv_path, "rb") as f:
                argv = json.loads(f.read())
            stdin = None
            if os.path.isfile(os.path.join(cdir, "stdin")):
                with open(os.path.join(cdir, "stdin")) as f:
                    stdin = f.read().strip()
            expected = None
            if all(os.path.isfile(os.path.join(cdir, n)) for n in ("stdout", "stderr", "rc")):
                with open(os.path.join(cdir, "stdout"), "rb") as f:
                    so = f.read()
                with open(os.path.join(cdir, "stderr"), "rb") as f:
                    se = f.read()
                with open(os.path.join(cdir, "rc")) as f:
                    rc = int(f.read().strip())
                expected = Result(so, se, rc)
            out.append(DiskCase(group, name, argv, stdin, expected, cdir))
    return out


def diff_results(expected: Result, actual: Result, label: str = "reference") -> str:
    """'' when identical; otherwise a readable unified diff of every differing part."""
    if expected is None:
        return "no golden recorded for this case: run compat-tests/regen\n"
    parts = []
    if expected.rc != actual.rc:
        parts.append(f"exit code: {label} {expected.rc}, cine {actual.rc}\n")
    for what, a, b in (("stdout", expected.stdout, actual.stdout),
                       ("stderr", expected.stderr, actual.stderr)):
        if a == b:
            continue
        al = a.decode("utf-8", "backslashreplace").splitlines(keepends=True)
        bl = b.decode("utf-8", "backslashreplace").splitlines(keepends=True)
        d = "".join(difflib.unified_diff(al, bl, f"{label}/{what}", f"cine/{what}", n=2))
        if not d:  # differ only in bytes the decode hid, or in a final newline
            d = f"{what}: {label} {a[-80:]!r} vs cine {b[-80:]!r}\n"
        if len(d) > 20000:
            d = d[:20000] + "\n... (diff truncated)\n"
        parts.append(d)
    return "".join(parts)


def run_parallel(fn, items, workers: int | None = None):
    workers = (workers or int(os.environ.get("CINE_COMPAT_JOBS", "0"))
               or max(2, (os.cpu_count() or 2) * 2))
    with ThreadPoolExecutor(max_workers=workers) as ex:
        return list(ex.map(fn, items))
