"""cine's ffprobe output for the elementary-stream fixtures (mp3, aac, flac, ac3, eac3, raw
h264/hevc) equals FFmpeg 5.1.9's committed goldens (make_elementary_goldens.py), and cut versions of
each fixture only ever raise CineError."""
import os
import pathlib
import subprocess
import sys
import tempfile

import pytest

from make_elementary_goldens import CASES, FIX, ROOT, fixtures, normalize_stderr

GOLD = pathlib.Path(__file__).resolve().parent / "goldens"
NAMES = fixtures()


def _cine(args, name):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "cine", "ffprobe"] + args + [name], cwd=FIX,
                          capture_output=True, env=env)


@pytest.mark.parametrize("kind", sorted(CASES))
@pytest.mark.parametrize("name", NAMES)
def test_writer_output_matches_golden(name, kind):
    r = _cine(CASES[kind], name)
    assert r.stdout.decode() == (GOLD / ("%s.%s" % (name, kind))).read_text()


@pytest.mark.parametrize("name", NAMES)
def test_stderr_dump_and_exit_code_match_golden(name):
    r = _cine(["-hide_banner"], name)
    assert normalize_stderr(r.stderr).decode() == (GOLD / (name + ".stderr")).read_text()
    assert r.returncode == int((GOLD / (name + ".rc")).read_text())


@pytest.mark.parametrize("name", NAMES)
def test_cut_inputs_raise_only_cine_errors(name):
    from cine.engine.demux import open_input
    from cine.engine.errors import CineError
    data = (FIX / name).read_bytes()
    for cut in (0, 10, 200, len(data) // 3, len(data) - 7):
        fd, path = tempfile.mkstemp(suffix=pathlib.Path(name).suffix)
        with os.fdopen(fd, "wb") as f:
            f.write(data[:cut])
        try:
            open_input(path).close()
        except CineError:
            pass
        finally:
            os.unlink(path)
