"""The transcoding cases run live by cine and by FFmpeg 5.1.9 side by side (skipped unless
/usr/bin/ffmpeg is 5.1.9): besides the goldens' cases, the reference's current answers for
the same argv, so a changed golden is noticed."""
from __future__ import annotations

import os

import pytest

from .test_transcode_goldens import _skip_reason, compare
from .transcode_cases import CASES
from .transcode_run_util import reference_ok, run_tool

pytestmark = pytest.mark.skipif(not reference_ok(), reason="no FFmpeg 5.1.9 at /usr/bin/ffmpeg")


@pytest.mark.parametrize("name,argv", CASES, ids=[c[0] for c in CASES])
def test_case_live(tmp_path, name, argv):
    reason = _skip_reason(argv)
    if reason:
        pytest.skip(reason)
    os.mkdir(tmp_path / "ref")
    os.mkdir(tmp_path / "cine")
    want = run_tool("ref", argv, str(tmp_path / "ref"))
    got = run_tool("cine", argv, str(tmp_path / "cine"))
    compare(got, want, name)
