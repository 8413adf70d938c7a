"""The mp4 fuzz regressions (fuzz/regressions/mp4/: crafted or minimised hostile movies) run
through cine's ffprobe and the real ffprobe 5.1.9: same exit code, same stderr lines (-v
warning, context addresses and paths aside), same -show_format -show_streams -show_packets
output. Skipped without /usr/bin/ffprobe."""
import os

import pytest

from _reference import FFPROBE, ROOT, cine_cmd, norm_addresses, reference_ok, run

FOLDER = os.path.join(ROOT, "fuzz", "regressions", "mp4")
FILES = sorted(f for f in os.listdir(FOLDER) if f.endswith(".bin")) if os.path.isdir(FOLDER) else []
ARGS = ["-v", "warning", "-show_format", "-show_streams", "-show_packets", "-of", "compact"]

pytestmark = pytest.mark.skipif(not reference_ok(), reason="reference ffprobe 5.1.9 not installed")


def _run(cmd, name):
    rc, out, err = run(cmd + ARGS + [name], cwd=FOLDER)
    return rc, norm_addresses(err).decode("latin-1").splitlines(), out.decode("latin-1")


@pytest.mark.parametrize("name", FILES)
def test_regression_matches_reference(name):
    ref = _run([FFPROBE], name)
    got = _run(cine_cmd("ffprobe"), name)
    assert got[0] == ref[0], (got[1], ref[1])
    assert got[1] == ref[1]
    assert got[2] == ref[2]


def test_regressions_exist():
    assert len(FILES) >= 9
