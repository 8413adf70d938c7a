"""cine ffprobe on the WAV fixtures matches the committed FFmpeg 5.1.9 goldens byte for byte
(json/flat/default/compact writers, -show_chapters, pipe input, the stderr dump)."""
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_wav_goldens as MG  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = list(MG.cases())
KNOWN: set = set()


@pytest.mark.parametrize("name,suffix,args,pipe,err", CASES,
                         ids=["%s-%s" % (c[0], c[1]) for c in CASES])
def test_fixture_matches_golden(name, suffix, args, pipe, err):
    golden = os.path.join(HERE, "goldens", "%s.%s.txt" % (name, suffix))
    if not os.path.exists(golden):
        pytest.skip("golden not generated")
    if (name, suffix) in KNOWN:
        pytest.xfail("known difference")
    os.environ["PYTHONPATH"] = MG.ROOT + os.pathsep + os.environ.get("PYTHONPATH", "")
    out = MG.run([sys.executable, "-m", "cine", "ffprobe"], name, args, pipe, err)
    assert out.decode("utf-8", "replace") == open(golden, "rb").read().decode("utf-8", "replace")
