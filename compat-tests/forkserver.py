"""Run `python -m cine TOOL ARGS` as a fork of one warm process instead of a fresh interpreter.

The golden suite starts cine ~5,000 times per run. A fresh interpreter pays Python's start-up,
cine's imports and, for every decoding case, numba's import and the loading of its cached
kernels (~0.5 s): most of the suite's time. Here one server process per test process imports
all of that once (every kernel module of cine.engine.kernels included) and forks a child per
case. The child is a real process like the one `python -m cine` makes: its own stdin, stdout
and stderr (the caller's pipes, passed over a Unix socket), its own working directory, C
signal dispositions, argv and exit status (`-N` for death by signal N, as subprocess reports
it); it runs `cine_main` exactly as cine/__main__.py does and exits through Python's exit
path (buffers flushed, atexit handlers run).

What this does not exercise is the start-up itself (the imports of a fresh process): the
frozen binaries' run of the same suite (`make compat-dist`) and tests/ (signals, packaging,
start-up imports) do. CINE_COMPAT_FORK=0 turns it off.

Protocol: the client connects, sends one JSON request (argv, cwd) with three descriptors
(stdin, stdout, stderr); the server answers `pid N\\n` once the child runs and `rc N\\n`
when it has ended.
"""
from __future__ import annotations

import atexit
import json
import os
import selectors
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

_LOCK = threading.Lock()
_SERVER: dict = {}


def enabled() -> bool:
    return os.environ.get("CINE_COMPAT_FORK", "1") != "0" and hasattr(os, "fork") \
        and hasattr(socket, "send_fds")


# ---------------------------------------------------------------------------- client side

def _server(root: str, env: dict) -> str:
    """The socket path of this process's server (started on first use)."""
    with _LOCK:
        proc = _SERVER.get("proc")
        if proc is not None and proc.poll() is None:
            return _SERVER["path"]
        top = tempfile.mkdtemp(prefix="cine_fork_")
        path = os.path.join(top, "s")
        log = open(os.path.join(top, "server.log"), "wb")
        proc = subprocess.Popen([sys.executable, os.path.abspath(__file__), path, root],
                                cwd=root, env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=log)
        log.close()
        deadline = time.monotonic() + 600      # a fresh numba cache compiles every kernel
        while not os.path.exists(path + ".ready"):
            if proc.poll() is not None or time.monotonic() > deadline:
                with open(os.path.join(top, "server.log"), "rb") as f:
                    why = f.read()[-4000:]
                raise RuntimeError("cine fork server did not start: " + why.decode(errors="replace"))
            time.sleep(0.02)
        _SERVER.update(proc=proc, path=path)
        if not _SERVER.get("atexit"):
            atexit.register(_stop)
            _SERVER["atexit"] = True
        return path


def _stop() -> None:
    proc = _SERVER.get("proc")
    if proc is not None and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()


def run(args: list, data: bytes, cwd: str, root: str, env: dict, timeout: float):
    """(stdout, stderr, rc, timed_out) of `python -m cine *args` in cwd, stdin fed with data."""
    path = _server(root, env)
    in_r, in_w = os.pipe()
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(path)
        req = json.dumps({"argv": list(args), "cwd": cwd}).encode()
        socket.send_fds(conn, [req], [in_r, out_w, err_w])
    finally:
        for fd in (in_r, out_w, err_w):
            os.close(fd)
    feeder = None
    if data:
        def feed():
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(in_w, view[:65536]):]
            except OSError:
                pass
            finally:
                os.close(in_w)
        feeder = threading.Thread(target=feed, daemon=True)
        feeder.start()
    else:
        os.close(in_w)
    chunks = {out_r: [], err_r: []}
    status = b""
    pid = None
    timed_out = False
    sel = selectors.DefaultSelector()
    sel.register(out_r, selectors.EVENT_READ)
    sel.register(err_r, selectors.EVENT_READ)
    sel.register(conn, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    try:
        while len(sel.get_map()):
            left = deadline - time.monotonic()
            if left <= 0 and not timed_out:
                timed_out = True
                if pid:
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except OSError:
                        pass
                deadline = time.monotonic() + 30
                continue
            if left <= 0:
                break
            for key, _ in sel.select(min(left, 5.0)):
                if key.fileobj is conn:
                    got = conn.recv(256)
                    if not got:
                        sel.unregister(conn)
                        continue
                    status += got
                    for line in status.split(b"\n"):
                        if line.startswith(b"pid "):
                            pid = int(line[4:])
                    if b"\nrc " in b"\n" + status and status.endswith(b"\n"):
                        sel.unregister(conn)
                    continue
                fd = key.fileobj
                got = os.read(fd, 65536)
                if got:
                    chunks[fd].append(got)
                else:
                    sel.unregister(fd)
    finally:
        sel.close()
        conn.close()
        os.close(out_r)
        os.close(err_r)
        if feeder is not None:
            feeder.join(5)
    rc = None
    for line in status.split(b"\n"):
        if line.startswith(b"rc "):
            rc = int(line[3:])
    if rc is None:
        rc = -9
    return b"".join(chunks[out_r]), b"".join(chunks[err_r]), rc, timed_out


# ---------------------------------------------------------------------------- server side

def _preload(root: str) -> None:
    sys.path.insert(0, root)
    import importlib
    import cine.compat.cli  # noqa: F401
    for name in ("cine.compat.ffprobe.run", "cine.compat.ffmpeg.run"):
        importlib.import_module(name)
    from cine.engine.kernels import KERNEL_MODULES
    for name in KERNEL_MODULES:
        importlib.import_module(name)


def _child(req: dict, fds: list, listener, wake_r: int, wake_w: int) -> None:
    """In the forked child: become `python -m cine ARGV` and never return."""
    code = 1
    try:
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        listener.close()
        os.close(wake_r)
        os.close(wake_w)
        for target, fd in zip((0, 1, 2), fds):
            os.dup2(fd, target)
            os.close(fd)
        os.chdir(req["cwd"])
        import cine.__main__ as entry
        sys.argv = [entry.__file__] + list(req["argv"])
        from cine.compat.cli import cine_main
        try:
            cine_main()
            code = 0
        except SystemExit as exc:
            if exc.code is None:
                code = 0
            elif isinstance(exc.code, int):
                code = exc.code
            else:
                print(exc.code, file=sys.stderr)
                code = 1
        except BaseException:
            import traceback
            traceback.print_exc()
            code = 1
        import atexit as _atexit
        _atexit._run_exitfuncs()
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except BaseException:
                code = 120 if code == 0 else code
    finally:
        os._exit(code & 0xFF)


def serve(path: str, root: str) -> None:
    _preload(root)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(64)
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    os.set_blocking(wake_r, False)
    signal.signal(signal.SIGCHLD, lambda *a: None)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
    with open(path + ".ready", "w"):
        pass
    running: dict[int, socket.socket] = {}
    sel = selectors.DefaultSelector()
    sel.register(listener, selectors.EVENT_READ)
    sel.register(wake_r, selectors.EVENT_READ)
    while True:
        for key, _ in sel.select(1.0):
            if key.fileobj is listener:
                conn, _ = listener.accept()
                msg, fds, _, _ = socket.recv_fds(conn, 65536, 3)
                if len(fds) != 3:
                    for fd in fds:
                        os.close(fd)
                    conn.close()
                    continue
                req = json.loads(msg)
                sys.stdout.flush()
                sys.stderr.flush()
                pid = os.fork()
                if pid == 0:
                    conn.close()
                    _child(req, fds, listener, wake_r, wake_w)
                for fd in fds:
                    os.close(fd)
                conn.sendall(b"pid %d\n" % pid)
                running[pid] = conn
            else:
                try:
                    while os.read(wake_r, 512):
                        pass
                except BlockingIOError:
                    pass
        while running:
            try:
                pid, st = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            conn = running.pop(pid, None)
            if conn is None:
                continue
            rc = -os.WTERMSIG(st) if os.WIFSIGNALED(st) else os.WEXITSTATUS(st)
            try:
                conn.sendall(b"rc %d\n" % rc)
            except OSError:
                pass
            conn.close()


if __name__ == "__main__":
    serve(sys.argv[1], sys.argv[2])
