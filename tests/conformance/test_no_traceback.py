"""No Python traceback (or internal-error line) ever reaches the stderr of `python -m cine ffprobe`."""
import os
import subprocess
import sys

import pytest

from _hostile import ERRORS, ROOT, fixture_names

ERROR_FIXTURES = sorted(os.listdir(ERRORS)) if os.path.isdir(ERRORS) else []
ARGSETS = [
    ["-hide_banner"],
    ["-hide_banner", "-show_error", "-of", "json", "-show_format", "-show_streams"],
    ["-v", "quiet", "-print_format", "json", "-show_format", "-show_streams"],
    ["-hide_banner", "-v", "debug", "-show_format", "-show_streams", "-show_chapters", "-of", "xml"],
]


def _run(args, stdin=None):
    return subprocess.run([sys.executable, "-m", "cine", "ffprobe", *args], cwd=ROOT,
                          input=stdin or b"", capture_output=True, timeout=300)


def _assert_clean(p, what):
    err = p.stderr
    text = err.decode(errors="replace")
    assert b"Traceback (most recent call last)" not in err, f"{what}: traceback\n{text}"
    assert b"internal error" not in err, f"{what}: {err.decode(errors='replace')[-500:]}"
    assert p.returncode in (0, 1), f"{what}: exit code {p.returncode}"


@pytest.mark.parametrize("name", ERROR_FIXTURES)
@pytest.mark.parametrize("argset", range(len(ARGSETS)))
def test_error_fixture_no_traceback(name, argset):
    path = os.path.join("fixtures", "errors", name)
    _assert_clean(_run(ARGSETS[argset] + [path]), f"{path} {ARGSETS[argset]}")


@pytest.mark.parametrize("name", ERROR_FIXTURES)
def test_error_fixture_on_stdin_no_traceback(name):
    with open(os.path.join(ERRORS, name), "rb") as f:
        data = f.read()
    _assert_clean(_run(["-hide_banner", "-show_error", "-"], stdin=data), f"stdin < {name}")


@pytest.mark.parametrize("args", [["fixtures/none.mp4"], ["fixtures"], ["-show_entries", "format=("],
                                  ["-select_streams", "zz", "fixtures/mp4/h264_aac.mp4"],
                                  ["-of", "nosuchwriter", "fixtures/mp4/h264_aac.mp4"],
                                  ["-nosuchoption"], ["-of"], []])
def test_bad_invocations_no_traceback(args):
    _assert_clean(_run(["-hide_banner", *args]), " ".join(args))


@pytest.mark.parametrize("name", fixture_names())
def test_fixture_debug_level_no_traceback(name):
    _assert_clean(_run(["-hide_banner", "-v", "trace", "-show_format", "-show_streams",
                        os.path.join("fixtures", "mp4", name)]), name)
