"""cine's mpegts demuxer against FFmpeg 5.1.9: committed goldens for fixtures/ts and the
corpus goldens for ../shared/corpus/files/shaka/*.ts (skipped when absent)."""
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
GOLD = pathlib.Path(__file__).with_name("goldens")
FIXTURES = sorted((ROOT / "fixtures" / "ts").glob("*.*ts"))
CORPUS = ROOT.parent / "shared" / "corpus"
CORPUS_TS = sorted((CORPUS / "files" / "shaka").glob("*.ts")) if CORPUS.exists() else []
ARGS = ["-v", "quiet", "-of", "json", "-show_format", "-show_streams"]


def cine(args, cwd):
    return subprocess.run([sys.executable, "-m", "cine", "ffprobe", *args], cwd=cwd,
                          capture_output=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_fixture_matches_golden(path):
    rel = path.relative_to(ROOT)
    r = cine([*ARGS, "-show_programs", str(rel)], ROOT)
    assert r.returncode == int((GOLD / (path.name + ".rc")).read_text())
    assert r.stdout.decode() == (GOLD / (path.name + ".json")).read_text()


@pytest.mark.parametrize("path", CORPUS_TS, ids=lambda p: p.name)
def test_corpus_matches_golden(path):
    rel = path.relative_to(CORPUS / "files")
    golden = CORPUS / "goldens" / (str(rel) + ".json")
    r = cine([*ARGS, str(rel)], CORPUS / "files")
    assert r.stdout.decode() == golden.read_text()


def test_probe_score_typical():
    from cine.engine.formats.mpegts.probe import probe
    data = (FIXTURES[0]).read_bytes()[:2048] if FIXTURES else b""
    assert probe(data) == 50
