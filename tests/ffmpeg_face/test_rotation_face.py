"""cine's ffmpeg face against FFmpeg 5.1.9 for autorotation and the transpose/hflip/vflip
filters (rotation_face_cases.py): exit code, stdout (framemd5) and normalised stderr equal to
the stored goldens; where /usr/bin/ffmpeg is 5.1.9, the goldens are also checked against the
reference run now."""
from __future__ import annotations

import json
import os

import pytest

from rotation_face_cases import CASES, run
from transcode_run_util import reference_ok

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "rotation_face_goldens.json")) as _f:
    GOLDENS = json.load(_f)


@pytest.mark.parametrize("name,argv", CASES, ids=[c[0] for c in CASES])
def test_like_the_reference(name, argv):
    assert run("cine", argv) == GOLDENS[name]


@pytest.mark.skipif(not reference_ok(), reason="no FFmpeg 5.1.9 at /usr/bin/ffmpeg")
@pytest.mark.parametrize("name,argv", CASES, ids=[c[0] for c in CASES])
def test_goldens_are_the_reference_now(name, argv):
    assert run("ref", argv) == GOLDENS[name]
