"""Run one probe command on one crafted file: exit code, first error line, peak RSS, wall and CPU time.

Shared by bench/adversarial/run.py, regen_goldens.py and tests/conformance/test_adversarial.py
(spawn() also by tests/conformance/test_special_inputs.py).
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
REFERENCE = "/usr/bin/ffprobe"
GOLDENS = os.path.join(HERE, "goldens.json")
# the two runs of every file: the header probe, and the packet loop on top of it
MODES = {
    "streams": ["-v", "error", "-show_format", "-show_streams"],
    "packets": ["-v", "error", "-show_format", "-show_streams", "-show_programs", "-show_packets"],
}
_ADDR = re.compile(r" @ 0x[0-9a-f]+\]")


def cine_cmd() -> list[str]:
    return [sys.executable, "-m", "cine", "ffprobe"]


def first_error_line(stderr: bytes) -> str:
    """The first stderr line, log context addresses normalised ("[mov,mp4 @ 0x...]")."""
    for line in stderr.decode("utf-8", "replace").splitlines():
        if line.strip():
            return _ADDR.sub(" @ 0x...]", line)
    return ""


# Linux's ru_maxrss of a child counts the memory of the process it was forked from (the
# high-water mark is inherited through fork and exec): from a 60 MB pytest every child would
# "peak" at 60 MB. So each command is forked from a fresh, small interpreter, which times it
# and reports the command's own rusage.
_SPAWNER = r"""
import os, sys, time
report, cwd, argv = sys.argv[1], sys.argv[2], sys.argv[3:]
t0 = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.chdir(cwd)
        os.execvp(argv[0], argv)
    finally:
        os._exit(127)
_, status, ru = os.wait4(pid, 0)
wall = time.perf_counter() - t0
with open(report, "w") as f:
    f.write("%d %r %r %d" % (os.waitstatus_to_exitcode(status), wall, ru.ru_utime + ru.ru_stime,
                             ru.ru_maxrss))
"""


class Result:
    __slots__ = ("rc", "first_error", "stdout", "wall", "cpu", "rss_kb", "timed_out")

    def as_golden(self) -> dict:
        return {"rc": self.rc, "first_error": self.first_error}


def _feed(pipe, data: bytes) -> None:
    try:
        pipe.write(data)
    except (BrokenPipeError, OSError):
        pass
    try:
        pipe.close()
    except (BrokenPipeError, OSError):
        pass


def spawn(argv: list[str], cwd: str, stdin, stdout, stderr, timeout: float, env=None,
          stdin_data: bytes | None = None) -> Result:
    """Run argv (in cwd, with these standard streams, or a pipe fed stdin_data then closed);
    its exit code, wall and CPU time and its own peak RSS. stdout/stderr/first_error are left
    for the caller to fill in."""
    fd, report = tempfile.mkstemp(prefix="cine-measure-")
    os.close(fd)
    res = Result()
    res.timed_out = False
    try:
        proc = subprocess.Popen([sys.executable, "-c", _SPAWNER, report, cwd] + argv,
                                stdin=subprocess.PIPE if stdin_data is not None else stdin,
                                stdout=stdout, stderr=stderr, env=env, start_new_session=True)
        if stdin_data is not None:
            threading.Thread(target=_feed, args=(proc.stdin, stdin_data), daemon=True).start()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            res.timed_out = True
        with open(report) as f:
            fields = f.read().split()
    finally:
        os.unlink(report)
    if len(fields) == 4:
        res.rc, res.wall, res.cpu, res.rss_kb = int(fields[0]), float(fields[1]), float(fields[2]), \
            int(fields[3])
    else:
        res.rc, res.wall, res.cpu, res.rss_kb = -9, float(timeout), float(timeout), 0
    return res


def run(cmd: list[str], path: str, mode: str = "streams", timeout: float = 60.0) -> Result:
    """Run `cmd MODE_ARGS FILENAME` in the file's folder (so error lines name the bare file name)."""
    folder, name = os.path.split(os.path.abspath(path))
    env = dict(os.environ)
    env["PYTHONPATH"] = ROOT + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        res = spawn(cmd + MODES[mode] + [name], folder, subprocess.DEVNULL, out, err, timeout, env)
        out.seek(0)
        res.stdout = out.read()
        err.seek(0)
        res.first_error = first_error_line(err.read())
    return res
