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

Protocol: the client connects, sends one JSON request (argv, cwd, env) with three descriptors
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
_SERVERS: dict = {}


def enabled() -> bool:
    return os.environ.get("CINE_COMPAT_FORK", "1") != "0" and hasattr(os, "fork") \
        and hasattr(socket, "send_fds")


# ---------------------------------------------------------------------------- client side

def _server(root: str, env: dict, light: bool) -> str:
    """The socket path of this process's server for this environment (started on first use:
    a server's environment is its children's, imports included, so each distinct one gets
    its own). A light server (for ffprobe, which never imports numpy or numba) has imported
    only the ffprobe face: forking it costs a few milliseconds, forking the full one (numba and
    every kernel mapped) ~40."""
    key = (light,) + _env_key(env)
    with _LOCK:
        proc, path = _SERVERS.get(key, (None, None))
        if proc is not None and proc.poll() is None:
            return path
        top = tempfile.mkdtemp(prefix="cine_fork_")
        path = os.path.join(top, "s")
        log = open(os.path.join(top, "server.log"), "wb")
        proc = subprocess.Popen([sys.executable, os.path.abspath(__file__), path, root]
                                + (["light"] if light else []),
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
        if not _SERVERS:
            atexit.register(_stop)
        _SERVERS[key] = (proc, path)
        return path


def _env_key(env: dict) -> tuple:
    """What of an environment can change a process's start-up (its imports, its stdio): not
    PYTHONPATH (it only puts cine on the import path, where the server has it) nor what
    pytest changes per test (PYTEST_CURRENT_TEST); the child gets the exact environment."""
    return tuple(sorted((k, v) for k, v in env.items()
                        if k != "PYTHONPATH" and not k.startswith("PYTEST_")))


def _stop() -> None:
    for proc, _path in _SERVERS.values():
        if proc.poll() is None:
            proc.terminate()
    for proc, _path in _SERVERS.values():
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()


def run(args: list, data: bytes | None, cwd: str, root: str, env: dict, timeout: float):
    """(stdout, stderr, rc, timed_out) of `python -m cine *args` in cwd with environment env,
    stdin a pipe fed with data (b"": an empty pipe; None: /dev/null)."""
    path = _server(root, env, light=bool(args) and args[0] == "ffprobe")
    if data is None:                    # stdin is /dev/null (subprocess's DEVNULL)
        in_r, in_w = os.open(os.devnull, os.O_RDONLY), None
    else:
        in_r, in_w = os.pipe()
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(path)
        req = json.dumps({"argv": list(args), "cwd": cwd, "env": dict(env)}).encode()
        socket.send_fds(conn, [req], [in_r, out_w, err_w])
    finally:
        for fd in (in_r, out_w, err_w):
            os.close(fd)
    feeder = None
    if in_w is None:
        pass
    elif data:
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


def subprocess_run(cmd: list, *, cwd=None, env=None, input=None, stdin=None,
                   capture_output=True, timeout=None) -> subprocess.CompletedProcess:
    """subprocess.run for the tests' usual call (output captured; stdin from `input` or
    DEVNULL): a fork of the warm server when cmd is `python -m cine ...`, else (or when
    CINE_COMPAT_FORK=0) subprocess.run itself. Raises subprocess.TimeoutExpired as it does."""
    if cmd[:3] != [sys.executable, "-m", "cine"] or not enabled() or not capture_output \
            or stdin not in (None, subprocess.DEVNULL):
        return subprocess.run(cmd, cwd=cwd, env=env, input=input, stdin=stdin,
                              capture_output=capture_output, timeout=timeout)
    data = input if input is not None else None
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out, err, rc, timed_out = run(cmd[3:], data, os.path.abspath(cwd or os.getcwd()), root,
                                  dict(os.environ if env is None else env),
                                  timeout if timeout is not None else 3600)
    if timed_out:
        raise subprocess.TimeoutExpired(cmd, timeout, out, err)
    return subprocess.CompletedProcess(cmd, rc, out, err)


# ---------------------------------------------------------------------------- server side

def _preload(root: str, parent: int, light: bool) -> None:
    sys.path.insert(0, root)
    import importlib
    import cine.compat.cli  # noqa: F401
    importlib.import_module("cine.compat.ffprobe.run")
    if light:
        # what a probe imports lazily (every demuxer, writer, option table: none of them
        # imports numpy), once here instead of in every child
        import pkgutil
        import cine.compat
        import cine.engine.formats
        for pkg in (cine.engine.formats, cine.compat):
            for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
                try:
                    importlib.import_module(info.name)
                except Exception:
                    pass
        return
    importlib.import_module("cine.compat.ffmpeg.run")
    from cine.engine.kernels import KERNEL_MODULES
    # one server at a time compiles what the numba cache lacks (every test process starts
    # its own servers; on a fresh cache they would all compile the same kernels at once)
    import fcntl
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    os.makedirs(os.path.join(base, "cine"), exist_ok=True)
    with open(os.path.join(base, "cine", "forkserver.lock"), "a") as lock:
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if os.getppid() != parent:
                    sys.exit(0)
                time.sleep(0.1)
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
        os.environ.clear()
        os.environ.update(req["env"])
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


def serve(path: str, root: str, light: bool) -> None:
    parent = os.getppid()     # the test process: when it goes (even killed), so does this
    _preload(root, parent, light)
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
    while os.getppid() == parent:
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
    serve(sys.argv[1], sys.argv[2], sys.argv[3:] == ["light"])
