"""FlacDecoder against the reference on every FLAC file of fixtures/ and of the corpus: the
interleaved samples are byte-identical (MD5 of the reference's s16le/s32le output, in
goldens/lossless.txt; and live against ffmpeg 5.1.9, when it is installed, for a few), the
sample format is the reference's, and the decoder's error lines are the reference's, in
order."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lossless_decode_support import (decode_file, error_lines, have_reference, md5,  # noqa: E402
                                     pcm, read_goldens, reference_pcm, ROOT)

# the live comparison (the goldens cover every file) on a few files with the most variety
LIVE = ("s24_c12.flac", "crafted_8bit.flac", "crafted_32bit.flac", "crafted_residuals.flac",
        "noise_residuals.mka", "ch8_fs1000.flac", "flac_s32.oga")
CASES = [g for g in read_goldens() if g[1] == "flac"]


def _id(case) -> str:
    path = case[0]
    return path.name if ROOT in path.parents else "corpus/" + path.name


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_matches_golden(case):
    path, _codec, fmt, samples, digest, errors = case
    if not path.exists():
        pytest.skip("corpus file absent")
    frames, logs, _codes = decode_file(path)
    assert {f.sample_fmt for f in frames} == ({fmt} if samples else set())
    data = pcm(frames)
    assert len(data) // (4 if fmt == "s32" else 2) == samples
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
    assert pcm(frames) == reference_pcm(path, fmt == "s32")


def test_damaged_frames_raise_the_reference_codes():
    from cine.engine.errors import AVERROR_INVALIDDATA, AVERROR_PATCHWELCOME
    # the reference's parser leaves the two frames whose first subframe type is reserved or
    # whose padding bit is set inside the packet before them (its -show_packets: 17 packets),
    # so 7 packets fail; `-threads 1` decodes what a frame leaves of its packet again (its
    # "Multiple frames in a packet.") and meets those two as well: 9 errors
    _frames, _logs, codes = decode_file(ROOT / "fixtures/flac/crafted_damaged.flac")
    assert codes == [AVERROR_INVALIDDATA] * 7
    _frames, _logs, codes = decode_file(ROOT / "fixtures/flac/crafted_damaged.flac", refeed=True)
    assert codes == [AVERROR_INVALIDDATA] * 9
    _frames, logs, codes = decode_file(ROOT / "fixtures/flac/crafted_32bit.flac")
    assert codes == [AVERROR_PATCHWELCOME]
    assert logs[0] == (24, "Decorrelated bit depth > 32")
