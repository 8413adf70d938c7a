"""The frozen binaries of `make dist` (packaging/build_dist.py): skipped unless dist/ is built.

They print what the development tree prints, never load numba or llvmlite (the probe path
not even numpy), unpack once into the cache folder (atomically, also under concurrent first
runs, refusing a damaged payload) and write nothing anywhere else. Runs on every target of
.github/workflows/dist.yml: the cache is under XDG_CACHE_HOME (Linux, macOS) or LOCALAPPDATA
(Windows, where the programs are *.exe); the process checks differ per system (the launcher
execs the program on Linux and macOS, starts it in a kill-on-close job on Windows).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DIST = os.path.join(ROOT, "dist")
WINDOWS = sys.platform == "win32"
EXE = ".exe" if WINDOWS else ""
CACHE_VAR = "LOCALAPPDATA" if WINDOWS else "XDG_CACHE_HOME"
# the cache's default place under HOME (Windows: under LOCALAPPDATA, set by the test)
DEFAULT_CACHE = {"darwin": ("Library", "Caches", "cine"),
                 "win32": ("AppData", "Local", "cine")}.get(sys.platform, (".cache", "cine"))
MP4 = os.path.join(ROOT, "fixtures", "mp4", "h264_aac.mp4")
M4A = os.path.join(ROOT, "fixtures", "aac", "tools.m4a")
PROBE = ["-v", "quiet", "-print_format", "json", "-show_format", "-show_streams"]
WHISPER = ["-nostdin", "-threads", "0", "-i", M4A, "-f", "s16le", "-ac", "1",
           "-acodec", "pcm_s16le", "-ar", "16000", "-"]

pytestmark = pytest.mark.skipif(
    not all(os.path.isfile(os.path.join(DIST, n + EXE)) for n in ("ffprobe", "ffmpeg", "cine")),
    reason="dist/ is not built (make dist)")


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    """An XDG_CACHE_HOME (LOCALAPPDATA) holding the unpacked bundle (the first run unpacks
    it)."""
    folder = str(tmp_path_factory.mktemp("xdg"))
    run_dist("ffprobe", ["-version"], folder)
    return folder


def dist(tool):
    return os.path.join(DIST, tool + EXE)


def run_dist(tool, args, cache_home, cwd=ROOT, env=None):
    env = dict(os.environ if env is None else env, **{CACHE_VAR: cache_home})
    return subprocess.run([dist(tool)] + args, cwd=cwd, env=env,
                          capture_output=True, timeout=60)


def run_dev(tool, args):
    env = dict(os.environ, PYTHONPATH=ROOT, PYTHONDONTWRITEBYTECODE="1")
    if os.path.isdir(os.path.join(ROOT, "cine", "_aot")):
        env["CINE_AOT"] = "1"           # the same kernels as the binaries, without compiling
    code = "from cine.compat import cli; cli.%s_main()" % tool
    return subprocess.run([sys.executable, "-c", code] + args, cwd=ROOT, env=env,
                          capture_output=True, timeout=120)


@pytest.mark.parametrize("tool,args", [
    ("ffprobe", ["-version"]),
    ("ffprobe", PROBE + [MP4]),
    ("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name", "-of", "csv", M4A]),
    ("ffprobe", ["fixtures/does-not-exist.mp4"]),
    ("ffmpeg", ["-version"]),
    ("ffmpeg", WHISPER),
    ("cine", ["probe", MP4]),
])
def test_same_as_development_tree(cache, tool, args):
    frozen, dev = run_dist(tool, args, cache), run_dev(tool, args)
    assert frozen.returncode == dev.returncode
    assert frozen.stdout == dev.stdout
    assert len(frozen.stdout) > 0 or frozen.returncode != 0
    if frozen.returncode:
        assert frozen.stderr.splitlines()[-1:] == dev.stderr.splitlines()[-1:]


def test_no_numba_or_llvmlite(cache, tmp_path):
    unpacked = [os.path.join(cache, "cine", d) for d in os.listdir(os.path.join(cache, "cine"))]
    for folder, dirs, files in os.walk(unpacked[0]):
        for name in dirs + files:
            assert not name.startswith(("numba", "llvmlite")), os.path.join(folder, name)
    listing = tmp_path / "modules"
    env = dict(os.environ, CINE_DIST_MODULES=str(listing))
    assert run_dist("ffmpeg", WHISPER, cache, env=env).returncode == 0
    modules = set(listing.read_text().split())
    # the x86-64-v3 build where this machine has the level, else the generic one
    from cine.engine.cpufeatures import supports
    kernels = "cine._aot.kernels" + ("_x86_64_v3" if supports("x86-64-v3") else "")
    assert kernels in modules and "numpy" in modules
    assert not any(m.split(".")[0] in ("numba", "llvmlite") for m in modules)
    assert run_dist("ffprobe", PROBE + [MP4], cache, env=env).returncode == 0
    modules = set(listing.read_text().split())
    assert "cine.compat.ffprobe.run" in modules
    assert not any(m.split(".")[0] in ("numpy", "numba", "llvmlite") for m in modules)
    # PyInstaller's bootstrap would import ctypes first thing (~2.5 ms); the bundle's stand-in
    # (packaging/pyi_ctypes_lazy.py) leaves it to the code that uses it
    assert "ctypes" not in modules and "pyimod03_ctypes" in modules


def snapshot(folder):
    return sorted(os.path.relpath(os.path.join(d, n), folder)
                  for d, dirs, files in os.walk(folder) for n in dirs + files)


def test_writes_only_its_cache(tmp_path):
    """First and later runs from a read-only current folder (on Windows a folder cannot be
    made read-only: just the current folder), with a fresh HOME and TMPDIR (TMP, TEMP): the
    only new files are the unpacked bundle under HOME/.cache/cine/<key>/ (macOS:
    HOME/Library/Caches/cine/<key>/, Windows: LOCALAPPDATA=HOME/AppData/Local)."""
    home, tmp, cwd = tmp_path / "home", tmp_path / "tmp", tmp_path / "cwd"
    for d in (home, tmp, cwd):
        d.mkdir()
    shutil.copy(MP4, cwd / "in.mp4")
    os.chmod(cwd, 0o555)
    env = {k: v for k, v in os.environ.items() if k != "XDG_CACHE_HOME"}
    env.update(HOME=str(home), TMPDIR=str(tmp), TMP=str(tmp), TEMP=str(tmp))
    if WINDOWS:
        env.update(USERPROFILE=str(home), LOCALAPPDATA=str(home / "AppData" / "Local"))
    try:
        for _ in range(2):
            for tool, args in (("ffprobe", PROBE + ["in.mp4"]), ("ffmpeg", WHISPER)):
                proc = subprocess.run([dist(tool)] + args, cwd=cwd, env=env,
                                      capture_output=True, timeout=60)
                assert proc.returncode == 0, proc.stderr
        assert snapshot(cwd) == ["in.mp4"]
        assert snapshot(tmp) == []
        top = snapshot(home)
        n = len(DEFAULT_CACHE)
        assert top[:n] == [os.path.join(*DEFAULT_CACHE[:i + 1]) for i in range(n)]
        keys = os.listdir(home.joinpath(*DEFAULT_CACHE))
        assert len(keys) == 1 and not keys[0].startswith(".")
        assert all(p.startswith(os.path.join(*DEFAULT_CACHE, keys[0])) for p in top[n:])
    finally:
        os.chmod(cwd, 0o755)


def test_concurrent_first_runs(tmp_path):
    procs = [subprocess.Popen([dist("ffprobe")] + PROBE + [MP4],
                              env=dict(os.environ, **{CACHE_VAR: str(tmp_path)}),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(3)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], [o[1] for o in outs]
    assert len({o[0] for o in outs}) == 1 and b'"format"' in outs[0][0]
    assert len(os.listdir(tmp_path / "cine")) == 1        # no temporary folder left


def test_damaged_payload_refused(tmp_path):
    damaged = tmp_path / ("ffprobe" + EXE)
    data = bytearray((open(dist("ffprobe"), "rb").read()))
    data[len(data) - 4096] ^= 0xFF                        # inside the payload, before the trailer
    damaged.write_bytes(bytes(data))
    os.chmod(damaged, 0o755)
    proc = subprocess.run([str(damaged), "-version"], capture_output=True, timeout=60,
                          env=dict(os.environ, **{CACHE_VAR: str(tmp_path / "xdg")}))
    assert proc.returncode == 1 and proc.stdout == b""
    assert b"damaged payload" in proc.stderr
    assert os.listdir(tmp_path / "xdg" / "cine") == []    # nothing left behind


def executable(pid):
    """The program a process runs: its file on Linux; on macOS its command line, which
    starts with the bundle program's path once the launcher has exec'd it (argv[0])."""
    if sys.platform.startswith("linux"):
        return os.readlink("/proc/%d/exe" % pid)
    return subprocess.run(["ps", "-p", str(pid), "-o", "args="], capture_output=True,
                          text=True).stdout.strip()


@pytest.mark.skipif(WINDOWS, reason="Windows has no exec: test_killing_the_launcher_...")
def test_launcher_becomes_the_program(cache):
    """The launcher execs the bundle in its own process: a SIGKILL (Go's
    exec.CommandContext) ends the program itself, no orphan is left."""
    proc = subprocess.Popen([dist("ffprobe"), "-v", "quiet", "pipe:0"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=dict(os.environ, XDG_CACHE_HOME=cache))
    try:
        deadline = time.monotonic() + 30
        while not executable(proc.pid).startswith(cache) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert executable(proc.pid).startswith(os.path.join(cache, "cine"))
        if sys.platform.startswith("linux"):
            children = subprocess.run(["ps", "--ppid", str(proc.pid), "-o", "pid="],
                                      capture_output=True, text=True).stdout.split()
        else:
            children = subprocess.run(["pgrep", "-P", str(proc.pid)],
                                      capture_output=True, text=True).stdout.split()
        assert children == []
    finally:
        proc.kill()
        proc.communicate()
    assert proc.returncode == -9


def windows_children(pid):
    """[(pid, executable)] of the processes `pid` started (PowerShell's CIM query)."""
    query = ("Get-CimInstance Win32_Process -Filter 'ParentProcessId=%d' | "
             "ForEach-Object { '{0}|{1}' -f $_.ProcessId, $_.ExecutablePath }" % pid)
    out = subprocess.run(["powershell", "-NoProfile", "-Command", query],
                         capture_output=True, text=True, timeout=60).stdout
    return [tuple(line.split("|", 1)) for line in out.splitlines() if "|" in line]


def windows_alive(pid):
    out = subprocess.run(["tasklist", "/FI", "PID eq %s" % pid, "/NH", "/FO", "CSV"],
                         capture_output=True, text=True, timeout=60).stdout
    return '"%s"' % pid in out


@pytest.mark.skipif(not WINDOWS, reason="the Windows launcher waits for a child process")
def test_killing_the_launcher_kills_the_program(cache):
    """Windows: the launcher runs the cached cine-bundle.exe as its child, in a job object
    that kills it when the launcher ends: TerminateProcess (Popen.kill, Go's
    exec.CommandContext) on the launcher leaves no orphan."""
    proc = subprocess.Popen([dist("ffprobe"), "-v", "quiet", "pipe:0"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=dict(os.environ, LOCALAPPDATA=cache))
    try:
        deadline = time.monotonic() + 60
        children = windows_children(proc.pid)
        while not children and time.monotonic() < deadline:
            time.sleep(0.5)
            children = windows_children(proc.pid)
        assert len(children) == 1, children
        child, path = children[0]
        real = os.path.normcase(os.path.realpath(path))     # (long names, not RUNNER~1)
        assert real.startswith(os.path.normcase(os.path.realpath(os.path.join(cache, "cine"))))
        assert real.endswith("cine-bundle.exe"), path
    finally:
        proc.kill()
        proc.communicate()
    deadline = time.monotonic() + 20
    while windows_alive(child) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not windows_alive(child)
