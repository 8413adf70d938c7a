"""cine ffprobe on the Matroska/WebM fixtures matches the committed FFmpeg 5.1.9 goldens
byte for byte (json/flat/default writers, -show_chapters, pipe input, the stderr dump)."""
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_goldens as MG  # noqa: E402

CASES = list(MG.cases())
KNOWN: set = set()


@pytest.mark.parametrize("name,suffix,args,pipe", CASES,
                         ids=["%s-%s" % (c[0], c[1]) for c in CASES])
def test_fixture_matches_golden(name, suffix, args, pipe):
    golden = os.path.join(MG.HERE, "goldens", "%s.%s.txt" % (name, suffix))
    if not os.path.exists(golden):
        pytest.skip("golden not generated")
    if (name, suffix) in KNOWN:
        pytest.xfail("decoder log line not emitted by cine")
    env_prog = [sys.executable, "-m", "cine", "ffprobe"]
    os.environ["PYTHONPATH"] = MG.ROOT + os.pathsep + os.environ.get("PYTHONPATH", "")
    out = MG.run(env_prog, name, args, pipe)
    assert out.decode("utf-8", "replace") == open(golden, "rb").read().decode("utf-8", "replace")
