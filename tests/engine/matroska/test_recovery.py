"""Matroska error recovery matches FFmpeg 5.1.9 on crafted damaged files (recovery_cases.py):
children exceeding their parent, unknown sizes inside sized parents, invalid EBML numbers,
duplicate level-1 elements resetting defaults, tracks missing their Audio element, unknown-
length elements, clusters without a timestamp, huge or truncated elements, blocks for unknown
tracks, and the Vorbis decoder refusing a corrupt setup header. Goldens come from
make_recovery_goldens.py (the reference ffprobe); compared: JSON stdout, exit code, the
[matroska,webm] lines at -v warning and the distinct decoder refusal lines."""
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_recovery_goldens as MG  # noqa: E402
import recovery_cases as RC  # noqa: E402


def _sections(text: str) -> tuple[str, str, str]:
    head, _, rest = text.partition("--- stderr\n")
    mkv, _, dec = rest.partition("--- decoder\n")
    return head, mkv, dec


@pytest.mark.parametrize("name", list(RC.CASES))
def test_recovery_matches_reference(name):
    golden = os.path.join(MG.GOLDENS, name + ".txt")
    if not os.path.exists(golden):
        pytest.skip("golden not generated")
    want = _sections(open(golden, "rb").read().decode("utf-8", "replace"))
    got = _sections(MG.run([sys.executable, "-m", "cine", "ffprobe"], name).decode("utf-8", "replace"))
    assert got[0] == want[0]
    if RC.CASES[name][1]:
        assert got[1] == want[1]
    assert got[2] == want[2]
