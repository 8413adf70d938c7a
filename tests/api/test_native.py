"""`cine probe` and the Python API against values the real ffprobe 5.1.9 reported."""
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import cine
from cine.engine.errors import CineError

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = json.loads((Path(__file__).parent / "expected_summary.json").read_text())


def run_cine(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "cine", *args], cwd=ROOT, capture_output=True,
                          input=stdin)


@pytest.mark.parametrize("path", sorted(EXPECTED))
def test_cine_probe_summary(path):
    res = run_cine("probe", path)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout) == EXPECTED[path]
    assert res.stdout.startswith(b'{"duration":')


@pytest.mark.parametrize("path", sorted(EXPECTED))
def test_api_probe_path_and_fileobj(path):
    by_path = cine.probe(ROOT / path)
    assert by_path.summary() == EXPECTED[path]
    with open(ROOT / path, "rb") as fh:
        by_file = cine.probe(fh)
    assert by_file.summary() == EXPECTED[path]
    # a non-seekable, in-memory stream works too
    data = (ROOT / path).read_bytes()
    assert cine.probe(io.BufferedReader(io.BytesIO(data))).summary() == EXPECTED[path]


def test_api_typed_objects():
    res = cine.probe(ROOT / "fixtures/mp4/h264_aac.mp4")
    assert res.format.format_name == "mov,mp4,m4a,3gp,3g2,mj2"
    kinds = [s.codec_type for s in res.streams]
    assert kinds == ["video", "audio"]
    assert res.streams[0].codec_name == "h264"
    assert res.streams[1].sample_rate and res.streams[1].channels


def test_to_ffprobe_json_matches_ffprobe_face():
    path = "fixtures/mp4/h264_aac.mp4"
    face = run_cine("ffprobe", "-v", "quiet", "-of", "json", "-show_format", "-show_streams", path)
    assert cine.probe(str(ROOT / path)).to_ffprobe_json() == \
        face.stdout.decode().replace('"filename": "%s"' % path, '"filename": "%s"' % (ROOT / path))


def test_cine_probe_errors_like_ffprobe(tmp_path):
    res = run_cine("probe", "no/such/file.mp4")
    assert res.returncode == 1
    assert res.stderr == b"no/such/file.mp4: No such file or directory\n"
    garbage = tmp_path / "g.mp4"
    garbage.write_bytes(b"\x00garbage" * 100)
    with pytest.raises(CineError) as exc:
        cine.probe(garbage)
    assert str(exc.value.message) == "Invalid data found when processing input"


def test_cine_probe_full_is_ffprobe_json():
    path = "fixtures/mp4/h264_aac.mp4"
    full = run_cine("probe", "--full", path)
    face = run_cine("ffprobe", "-v", "quiet", "-of", "json", "-show_format", "-show_streams", path)
    assert full.returncode == 0
    assert full.stdout == face.stdout
