"""cine's ffprobe output for the elementary-stream fixtures equals FFmpeg 5.1.9's goldens."""
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
FIX = ROOT / "fixtures" / "elementary"
GOLD = pathlib.Path(__file__).resolve().parent / "goldens"
CASES = sorted(p.name[:-5] for p in GOLD.glob("*.json"))


@pytest.mark.parametrize("name", CASES)
def test_matches_golden(name):
    r = subprocess.run([sys.executable, "-m", "cine", "ffprobe", "-v", "quiet", "-of", "json",
                        "-show_format", "-show_streams", name], cwd=FIX, capture_output=True,
                       env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert r.stdout == (GOLD / (name + ".json")).read_bytes()
    assert r.returncode == int((GOLD / (name + ".json.rc")).read_text())


@pytest.mark.parametrize("name", CASES)
def test_probe_never_raises_on_truncation(name):
    from cine.engine.errors import CineError
    from cine.engine.demux import open_input
    import tempfile, os
    data = (FIX / name).read_bytes()
    for cut in (10, len(data) // 3, len(data) - 7):
        with tempfile.NamedTemporaryFile(suffix=pathlib.Path(name).suffix, delete=False) as t:
            t.write(data[:cut])
        try:
            open_input(t.name).close()
        except CineError:
            pass
        finally:
            os.unlink(t.name)
