"""AlacDecoder against the reference on every ALAC file of fixtures/ and of the corpus:
byte-identical interleaved samples (goldens/lossless.txt of the flac tests, made by
make_lossless_goldens.py there; live against ffmpeg 5.1.9 when installed), the reference's
planar sample format and its error lines."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "flac"))

from lossless_decode_support import (decode_file, error_lines, have_reference, md5,  # noqa: E402
                                     pcm, read_goldens, reference_pcm, ROOT)

# the live comparison (the goldens cover every file) on a few files with the most variety
LIVE = ("s24_stereo.m4a", "crafted_s20.m4a", "ch3_c0.m4a", "noise_s24.mka")
CASES = [g for g in read_goldens() if g[1] == "alac"]


def _id(case) -> str:
    return str(case[0].relative_to(ROOT)) if ROOT in case[0].parents else case[0].name


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_matches_golden(case):
    path, _codec, fmt, samples, digest, errors = case
    if not path.exists():
        pytest.skip("corpus file absent")
    frames, logs, _codes = decode_file(path)
    assert {f.sample_fmt for f in frames} == ({fmt} if samples else set())
    data = pcm(frames)
    assert len(data) // (4 if fmt == "s32p" else 2) == samples
    assert md5(data) == digest
    if errors or error_lines(logs):
        # the goldens' lines come from `-threads 1`, which decodes a packet's leftover again
        _frames, logs, _codes = decode_file(path, refeed=True)
        assert error_lines(logs) == errors


@pytest.mark.skipif(not have_reference(), reason="needs ffmpeg 5.1.9")
@pytest.mark.parametrize("case", [c for c in CASES if c[0].name in LIVE],
                         ids=[_id(c) for c in CASES if c[0].name in LIVE])
def test_matches_reference_live(case):
    path, _codec, fmt, *_ = case
    if not path.exists():
        pytest.skip("corpus file absent")
    frames, _logs, _codes = decode_file(path)
    assert pcm(frames) == reference_pcm(path, fmt == "s32p")
