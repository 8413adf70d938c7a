"""Shared machinery of the golden suite: load cases from disk, run a tool, normalise, compare.

Used by `regen` (records FFmpeg 5.1.9), `report` (summary table) and test_compat.py (pytest).
"""
from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import forkserver

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CASES_DIR = os.path.join(HERE, "cases")
REFERENCE = "/usr/bin/ffprobe"
REFERENCE_FFMPEG = "/usr/bin/ffmpeg"
# ffmpeg cases: output files up to this size are stored as files/<name>; bigger ones only by
# the md5 and size recorded in the `outputs` manifest (which lists every output file)
# audio group: a stdout this big is kept as size + md5 only (smaller ones xz-compressed)
BIG_PCM = 4 << 20
SMALL_OUTPUT = 256 * 1024
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
    # ffmpeg cases: output file name -> its bytes (actual runs) or an OutFile (goldens)
    files: dict | None = None


@dataclass
class OutFile:
    """A golden output file: size and md5 always, the bytes when it was small enough to store."""
    size: int
    md5: str
    data: bytes | None = None


def out_file(data: bytes) -> OutFile:
    return OutFile(len(data), hashlib.md5(data).hexdigest(), data)


@dataclass
class DiskCase:
    group: str
    name: str
    argv: list
    stdin: str | None
    expected: Result | None
    path: str

    @property
    def needs_corpus(self) -> bool:
        """True when the case reads the shared corpus (it is skipped where that is absent)."""
        return any(isinstance(a, str) and CORPUS_PREFIX in a for a in self.argv) or bool(
            self.stdin and CORPUS_PREFIX in self.stdin)

    @property
    def id(self) -> str:
        return f"{self.group}/{self.name}"


def normalise_stderr(data: bytes) -> bytes:
    """Addresses in log prefixes vary per run; the banner's build lines identify the program."""
    data = _ADDR.sub(b"@ 0xADDR]", data)
    return normalise_banner(data)


# ffmpeg's stderr: the periodic stats lines end in \r and their number depends on timing (the
# final one, ending in \n, is kept); its speed= and fps= fields are wall-clock measures.
_PROGRESS = re.compile(rb"(?:\[info\] )?(?:frame=|size=)[^\r\n]*\r")
_SPEED = re.compile(rb"speed= *[^ ]+x|speed=N/A")
_FPS = re.compile(rb"fps= *[0-9.]+")
_FFMPEG_BANNER = re.compile(rb"^(ffmpeg version .*|\s*built with .*|\s*configuration: .*)$", re.M)
CORPUS_PREFIX = "../shared/corpus/"


def normalise_ffmpeg_stderr(data: bytes) -> bytes:
    data = _FFMPEG_BANNER.sub(b"<banner line>", _ADDR.sub(b"@ 0xADDR]", data))
    data = _PROGRESS.sub(b"", data)
    return _FPS.sub(b"fps=X", _SPEED.sub(b"speed=X", data))


def corpus_present() -> bool:
    return os.path.isdir(os.path.join(ROOT, CORPUS_PREFIX))


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


def run_tool(cmd: list, stdin_path: str | None, cwd: str = ROOT) -> Result:
    """Run cmd from the repo root (or cwd); stdin is a pipe fed with the file (or empty)."""
    data = b""
    if stdin_path is not None:
        with open(os.path.join(ROOT, stdin_path), "rb") as f:
            data = f.read()
    env = dict(os.environ)
    env.setdefault("LC_ALL", "C")
    if cwd != ROOT:
        env["PYTHONPATH"] = ROOT + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    if cmd[:3] == [sys.executable, "-m", "cine"] and forkserver.enabled():
        out, err, rc, timed_out = forkserver.run(cmd[3:], data, cwd, ROOT, env, TIMEOUT)
        if timed_out:
            return Result(out, err + b"\n<<TIMEOUT>>\n", -999)
        return Result(out, err, rc)
    try:
        p = subprocess.run(cmd, cwd=cwd, input=data, capture_output=True, timeout=TIMEOUT, env=env)
    except subprocess.TimeoutExpired as exc:
        return Result(exc.stdout or b"", (exc.stderr or b"") + b"\n<<TIMEOUT>>\n", -999)
    return Result(p.stdout, p.stderr, p.returncode)


def run_reference(argv: list, stdin_path: str | None) -> Result:
    if argv[0] == "ffmpeg":
        return run_in_workdir([REFERENCE_FFMPEG] + list(argv[1:]), stdin_path)
    r = run_tool([REFERENCE] + list(argv[1:]), stdin_path)
    return _normalised(argv, r)


def cine_command(tool: str) -> list:
    """How cine's tool is started: the development tree (`python -m cine TOOL`), or the
    executables in $CINE_BIN_DIR (the frozen single files of `make dist`: `make compat-dist`)."""
    bin_dir = os.environ.get("CINE_BIN_DIR")
    if bin_dir:
        return [os.path.join(os.path.abspath(bin_dir), tool)]
    return [sys.executable, "-m", "cine", tool]


def run_cine(argv: list, stdin_path: str | None) -> Result:
    cmd = cine_command(argv[0]) + list(argv[1:])
    if argv[0] == "ffmpeg":
        return run_in_workdir(cmd, stdin_path)
    r = run_tool(cmd, stdin_path)
    return _normalised(argv, r)


def run_in_workdir(cmd: list, stdin_path: str | None) -> Result:
    """Run an ffmpeg case in a fresh directory that sees the repo's inputs at the same relative
    paths (fixtures/ and ../shared are links), and collect every file the run wrote there."""
    with tempfile.TemporaryDirectory(prefix="cine_compat_") as top:
        work = os.path.join(top, "repo")
        os.mkdir(work)
        os.symlink(os.path.join(ROOT, "fixtures"), os.path.join(work, "fixtures"))
        shared = os.path.normpath(os.path.join(ROOT, "..", "shared"))
        if os.path.isdir(shared):
            os.symlink(shared, os.path.join(top, "shared"))
        r = run_tool(cmd, stdin_path, cwd=work)
        files = {}
        for name in sorted(os.listdir(work)):
            path = os.path.join(work, name)
            if os.path.islink(path) or not os.path.isfile(path):
                continue
            with open(path, "rb") as f:
                files[name] = f.read()
        shutil.rmtree(work, ignore_errors=True)
    return Result(r.stdout, normalise_ffmpeg_stderr(r.stderr), r.rc, files)


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
            big = os.path.join(cdir, "stdout.md5")
            packed = os.path.join(cdir, "stdout.xz")
            if os.path.isfile(big) or os.path.isfile(packed) or all(
                    os.path.isfile(os.path.join(cdir, n)) for n in ("stdout", "stderr", "rc")):
                if os.path.isfile(big):     # audio: a big stdout kept as size and md5
                    with open(big) as f:
                        size, md5 = f.read().split()
                    so = OutFile(int(size), md5)
                elif os.path.isfile(packed):    # audio: PCM kept xz-compressed
                    import lzma
                    with open(packed, "rb") as f:
                        so = lzma.decompress(f.read())
                else:
                    with open(os.path.join(cdir, "stdout"), "rb") as f:
                        so = f.read()
                with open(os.path.join(cdir, "stderr"), "rb") as f:
                    se = f.read()
                with open(os.path.join(cdir, "rc")) as f:
                    rc = int(f.read().strip())
                expected = Result(so, se, rc, _load_outputs(cdir) if argv[0] == "ffmpeg" else None)
            out.append(DiskCase(group, name, argv, stdin, expected, cdir))
    return out


def _load_outputs(cdir: str) -> dict | None:
    """The `outputs` manifest (name -> size, md5) plus the stored bytes of the small files."""
    mp = os.path.join(cdir, "outputs")
    if not os.path.isfile(mp):
        return None
    with open(mp, "rb") as f:
        manifest = json.loads(f.read())
    files = {}
    for name, meta in manifest.items():
        data = None
        fp = os.path.join(cdir, "files", name)
        if os.path.isfile(fp):
            with open(fp, "rb") as f:
                data = f.read()
        files[name] = OutFile(meta["size"], meta["md5"], data)
    return files


def _as_outfile(v) -> OutFile:
    return v if isinstance(v, OutFile) else out_file(v)


def diff_files(expected: dict | None, actual: dict | None, label: str) -> str:
    """'' when both runs wrote the same set of files with the same bytes."""
    expected = expected or {}
    actual = actual or {}
    parts = []
    if sorted(expected) != sorted(actual):
        parts.append(f"output files: {label} {sorted(expected)}, cine {sorted(actual)}\n")
    for name in sorted(set(expected) & set(actual)):
        e, a = _as_outfile(expected[name]), _as_outfile(actual[name])
        if (e.size, e.md5) == (a.size, a.md5):
            continue
        msg = f"output {name}: {label} {e.size} bytes md5 {e.md5}, cine {a.size} bytes md5 {a.md5}"
        if e.data is not None and a.data is not None:
            at = next((i for i, (x, y) in enumerate(zip(e.data, a.data)) if x != y),
                      min(len(e.data), len(a.data)))
            msg += f"; first difference at byte {at} (0x{at:x})"
        parts.append(msg + "\n")
    return "".join(parts)


def diff_results(expected: Result, actual: Result, label: str = "reference") -> str:
    """'' when identical; otherwise a readable unified diff of every differing part."""
    if expected is None:
        return "no golden recorded for this case: run compat-tests/regen\n"
    parts = []
    if expected.rc != actual.rc:
        parts.append(f"exit code: {label} {expected.rc}, cine {actual.rc}\n")
    if isinstance(expected.stdout, OutFile):
        a = out_file(actual.stdout)
        if (a.size, a.md5) != (expected.stdout.size, expected.stdout.md5):
            parts.append(f"stdout: {label} {expected.stdout.size} bytes md5 "
                         f"{expected.stdout.md5}, cine {a.size} bytes md5 {a.md5}\n")
    for what, a, b in (("stdout", expected.stdout, actual.stdout),
                       ("stderr", expected.stderr, actual.stderr)):
        if a == b or isinstance(a, OutFile):
            continue
        al = a.decode("utf-8", "backslashreplace").splitlines(keepends=True)
        bl = b.decode("utf-8", "backslashreplace").splitlines(keepends=True)
        d = "".join(difflib.unified_diff(al, bl, f"{label}/{what}", f"cine/{what}", n=2))
        if not d:  # differ only in bytes the decode hid, or in a final newline
            d = f"{what}: {label} {a[-80:]!r} vs cine {b[-80:]!r}\n"
        if len(d) > 20000:
            d = d[:20000] + "\n... (diff truncated)\n"
        parts.append(d)
    if expected.files is not None or actual.files is not None:
        parts.append(diff_files(expected.files, actual.files, label))
    return "".join(parts)


def run_parallel(fn, items, workers: int | None = None):
    workers = (workers or int(os.environ.get("CINE_COMPAT_JOBS", "0"))
               or max(2, (os.cpu_count() or 2) * 2))
    with ThreadPoolExecutor(max_workers=workers) as ex:
        return list(ex.map(fn, items))
