"""Running ffmpeg or ffprobe (cine's or the reference's) with a live stdin, to signal it at a
known point of its run: the input is fed from a thread (the same bytes again and again, or a
given prefix), the test waits for a marker on stderr or for the process to sit blocked on its
input with everything read, then sends its signals. Nothing depends on timing: every wait
is for an observable state, with generous timeouts for a loaded machine.

Signals meant to arrive together are sent while the process is stopped (SIGSTOP): the kernel
keeps them pending and delivers them all when it resumes. Standard signals do not queue, so
signals sent together must be different ones.
"""
from __future__ import annotations

import fcntl
import os
import resource
import signal
import struct
import subprocess
import sys
import termios
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "fixtures")
REFERENCE = {"ffmpeg": "/usr/bin/ffmpeg", "ffprobe": "/usr/bin/ffprobe"}
TIMEOUT = 90.0


def command(tool: str, which: str) -> list[str]:
    """The command line of `tool` ("ffmpeg"/"ffprobe"): cine's or the reference's."""
    if which == "reference":
        return [REFERENCE[tool]]
    return [sys.executable, "-m", "cine", tool]


def reference_ok(tool: str) -> bool:
    path = REFERENCE[tool]
    if not os.path.exists(path):
        return False
    out = subprocess.run([path, "-version"], capture_output=True, stdin=subprocess.DEVNULL).stdout
    return out.startswith(b"%s version 5.1.9" % tool.encode())


def _no_core() -> None:
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))     # SIGQUIT kills without a core file


_running: list = []


def reap_all() -> None:
    """Kill what a failed test left running (conftest.py calls it after each test)."""
    while _running:
        lv = _running.pop()
        lv._stop_feed.set()
        if lv.p.poll() is None:
            lv.p.kill()
            lv.p.wait()
        lv.close_stdin()


class Live:
    """One run with a pipe on stdin; stderr (and stdout when asked) collected."""

    def __init__(self, cmd: list[str], *, capture_stdout: bool = False):
        env = dict(os.environ, PYTHONPATH=ROOT)
        self.p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stderr=subprocess.PIPE,
                                  stdout=subprocess.PIPE if capture_stdout else subprocess.DEVNULL,
                                  cwd=ROOT, env=env, preexec_fn=_no_core)
        self.err = bytearray()
        self.out = bytearray()
        self._stop_feed = threading.Event()
        self._threads = [self._drain(self.p.stderr, self.err)]
        if capture_stdout:
            self._threads.append(self._drain(self.p.stdout, self.out))
        self._feeder = None
        _running.append(self)

    @staticmethod
    def _drain(pipe, into: bytearray) -> threading.Thread:
        def run():
            while True:
                data = os.read(pipe.fileno(), 65536)
                if not data:
                    return
                into.extend(data)
        t = threading.Thread(target=run, daemon=True)
        t.start()
        return t

    # -- the input -----------------------------------------------------------------------------
    def write(self, data: bytes) -> None:
        try:
            self.p.stdin.write(data)
            self.p.stdin.flush()
        except (BrokenPipeError, ValueError, OSError):
            pass

    def close_stdin(self) -> None:
        try:
            self.p.stdin.close()
        except (BrokenPipeError, OSError):
            pass

    def feed_forever(self, data: bytes, chunk: int = 4096, pace: float = 0.002) -> None:
        """Write `data` over and over (a live source) until the process stops reading."""
        def run():
            while not self._stop_feed.is_set():
                for i in range(0, len(data), chunk):
                    if self._stop_feed.is_set():
                        return
                    try:
                        self.p.stdin.write(data[i:i + chunk])
                        self.p.stdin.flush()
                    except (BrokenPipeError, ValueError, OSError):
                        return
                    time.sleep(pace)
        self._feeder = threading.Thread(target=run, daemon=True)
        self._feeder.start()

    # -- waiting for a state -------------------------------------------------------------------
    def wait_stderr(self, marker: bytes, timeout: float = TIMEOUT) -> None:
        end = time.monotonic() + timeout
        while marker not in self.err:
            if self.p.poll() is not None:
                time.sleep(0.2)             # what it wrote last may still be in the pipe
                if marker in self.err:
                    return
                raise AssertionError("exited (%s) before %r:\n%s"
                                     % (self.p.returncode, marker, self.stderr_text()))
            if time.monotonic() > end:
                raise AssertionError("no %r in %.0f s:\n%s" % (marker, timeout, self.stderr_text()))
            time.sleep(0.01)

    def _state(self) -> str:
        with open("/proc/%d/stat" % self.p.pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0]

    def _caught(self) -> int:
        with open("/proc/%d/status" % self.p.pid) as f:
            for line in f:
                if line.startswith("SigCgt:"):
                    return int(line.split()[1], 16)
        return 0

    def _stdin_pending(self) -> int:
        buf = fcntl.ioctl(self.p.stdin.fileno(), termios.FIONREAD, b"\0\0\0\0")
        return struct.unpack("i", buf)[0]

    def wait_blocked_on_input(self, handler_for: int | None = None,
                              timeout: float = TIMEOUT) -> None:
        """Until everything written to stdin has been read and the process sleeps (blocked
        on reading more), with a handler for `handler_for` installed when given."""
        end = time.monotonic() + timeout
        calm = 0
        while calm < 3:
            if self.p.poll() is not None:
                raise AssertionError("exited early:\n" + self.stderr_text())
            if time.monotonic() > end:
                raise AssertionError("never blocked on its input:\n" + self.stderr_text())
            ok = self._stdin_pending() == 0 and self._state() == "S"
            if ok and handler_for is not None:
                ok = bool(self._caught() & (1 << (handler_for - 1)))
            calm = calm + 1 if ok else 0
            time.sleep(0.05)

    # -- signals and the end -------------------------------------------------------------------
    def send(self, *signals: int) -> None:
        """Send the signals; several are delivered together (see the module's docstring)."""
        if len(signals) == 1:
            os.kill(self.p.pid, signals[0])
            return
        assert len(set(signals)) == len(signals), "standard signals do not queue"
        os.kill(self.p.pid, signal.SIGSTOP)
        end = time.monotonic() + TIMEOUT
        while self._state() != "T" and time.monotonic() < end:
            time.sleep(0.005)
        for sig in signals:
            os.kill(self.p.pid, sig)
        os.kill(self.p.pid, signal.SIGCONT)

    def finish(self, timeout: float = TIMEOUT) -> int:
        """Wait for the exit (the feeder stops once the process stops reading); returns the
        exit status (negative: the signal that ended it)."""
        try:
            rc = self.p.wait(timeout)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
            raise AssertionError("still running after %.0f s:\n%s" % (timeout, self.stderr_text()))
        finally:
            self._stop_feed.set()
            self.close_stdin()
        for t in self._threads:
            t.join(10)
        return rc

    def children(self) -> list[int]:
        """The process ids of its children (all its threads')."""
        kids = []
        for tid in os.listdir("/proc/%d/task" % self.p.pid):
            with open("/proc/%d/task/%s/children" % (self.p.pid, tid)) as f:
                kids += [int(k) for k in f.read().split()]
        return kids

    def stderr_text(self) -> str:
        return bytes(self.err).decode("utf-8", "replace")

    def last_lines(self, n: int) -> list[str]:
        """The last n lines of stderr, a stats line's carriage returns as line ends."""
        return self.stderr_text().replace("\r", "\n").rstrip("\n").split("\n")[-n:]


def closed_pipe_run(cmd: list[str], timeout: float = TIMEOUT) -> tuple[int, bytes]:
    """Run with stdout a pipe whose reader has gone (`| head -c 0`): (status, stderr)."""
    r, w = os.pipe()
    os.close(r)
    try:
        p = subprocess.run(cmd, stdout=w, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                           cwd=ROOT, env=dict(os.environ, PYTHONPATH=ROOT), timeout=timeout,
                           preexec_fn=_no_core)
    finally:
        os.close(w)
    return p.returncode, p.stderr


def mp4_duration(path: str) -> float | None:
    """The duration of an MP4 file as cine's demuxer reads it (None: not a valid file)."""
    from cine.engine.demux import open_input
    from cine.engine.errors import CineError
    try:
        inp = open_input(path)
    except CineError:
        return None
    try:
        d = inp.ctx.duration
    finally:
        inp.close()
    return None if d is None else d / 1e6
