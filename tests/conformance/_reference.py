"""Test plumbing for running cine and the reference FFmpeg 5.1.9 side by side: where the
reference lives, whether it is the right version, how to run either tool, and how to make
their logs comparable. Also the shared tests for crafted hostile cases (matroska, ogg).

Every tests/ folder is on sys.path (root conftest.py), so any test can `import _reference`.
"""
from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
import time

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FFPROBE = "/usr/bin/ffprobe"
FFMPEG = "/usr/bin/ffmpeg"
_PATHS = {"ffprobe": FFPROBE, "ffmpeg": FFMPEG}
_ADDRESS = re.compile(rb" @ 0x[0-9a-f]+\]")


@functools.lru_cache(maxsize=None)
def reference_ok(tool: str = "ffprobe") -> bool:
    """The reference `tool` is installed and is version 5.1.9."""
    path = _PATHS[tool]
    if not os.path.exists(path):
        return False
    out = subprocess.run([path, "-version"], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL).stdout
    return out.startswith(b"%s version 5.1.9" % tool.encode())


def cine_cmd(tool: str) -> list[str]:
    """The command line that runs cine's drop-in for `tool` ("ffprobe" or "ffmpeg")."""
    return [sys.executable, "-m", "cine", tool]


def run(cmd: list, timeout: float = 120, stdin: bytes | None = None, cwd: str | None = None,
        env: dict | None = None) -> tuple[int, bytes, bytes]:
    """Run `cmd` with PYTHONPATH=ROOT (plus `env`), feeding it `stdin` (None: an empty
    stdin); returns (returncode, stdout, stderr)."""
    full_env = dict(os.environ, PYTHONPATH=ROOT, **(env or {}))
    # cine's runs fork a warm cine process (compat-tests/forkserver.py): still its own process
    p = forkserver().subprocess_run(cmd, input=stdin,
                                    stdin=subprocess.DEVNULL if stdin is None else None,
                                    capture_output=True, timeout=timeout, env=full_env, cwd=cwd)
    return p.returncode, p.stdout, p.stderr


def forkserver():
    """compat-tests/forkserver.py, whose subprocess_run starts cine's runs as forks of a warm
    process."""
    here = os.path.join(ROOT, "compat-tests")
    if here not in sys.path:
        sys.path.insert(0, here)
    import forkserver
    return forkserver


def norm_addresses(b: bytes) -> bytes:
    """Log context addresses (` @ 0x55d0c3a1b2c0]`) differ run to run: make them ` @ 0x...]`."""
    return _ADDRESS.sub(b" @ 0x...]", b)


CRAFTED_ARGS = (["-v", "error"],
        ["-v", "error", "-of", "compact", "-show_streams", "-show_packets"])


def crafted_case_tests(build, folder: str, diverges=frozenset()):
    """The three tests of a crafted hostile-case builder (`build(large=False) -> {name: bytes}`):
    fuzz/regressions/<folder>/ holds the small cases as built; every case ends quickly (exit
    0 or 1, no traceback, under 30 s); and, where the reference is installed, every case but
    `diverges` prints the same stderr, exit code, streams and packets. A test module binds
    them to its own names: `test_regression_files_are_current, test_bounded,
    test_matches_reference = crafted_case_tests(...)`."""
    cases = build(large=True)

    def _norm(b: bytes) -> str:
        return norm_addresses(b).decode("utf-8", "replace")

    def test_regression_files_are_current():
        for name, data in build().items():
            with open(os.path.join(ROOT, "fuzz", "regressions", folder, name), "rb") as f:
                assert f.read() == data, name

    test_regression_files_are_current.__doc__ = (
        "fuzz/regressions/%s holds the small cases as the builder makes them." % folder)

    @pytest.mark.parametrize("name", sorted(cases))
    def test_bounded(tmp_path, name):
        path = tmp_path / name
        path.write_bytes(cases[name])
        t = time.monotonic()
        rc, _, err = run(cine_cmd("ffprobe") + ["-v", "error", str(path)])
        wall = time.monotonic() - t
        assert rc in (0, 1)
        assert b"Traceback" not in err
        assert wall < 30, "%s took %.1f s" % (name, wall)

    @pytest.mark.skipif(not reference_ok(), reason="reference ffprobe 5.1.9 not installed")
    @pytest.mark.parametrize("args", CRAFTED_ARGS, ids=["errors", "streams_packets"])
    @pytest.mark.parametrize("name", sorted(set(cases) - set(diverges)))
    def test_matches_reference(tmp_path, name, args):
        path = tmp_path / name
        path.write_bytes(cases[name])
        ref = run([FFPROBE] + args + [str(path)])
        got = run(cine_cmd("ffprobe") + args + [str(path)])
        assert (got[0], _norm(got[2]), _norm(got[1])) == (ref[0], _norm(ref[2]), _norm(ref[1]))

    return test_regression_files_are_current, test_bounded, test_matches_reference
