"""cine's Opus decoder against the reference (FFmpeg 5.1.9's native decoder): SILK output
bit-identical, CELT and hybrid within float rounding of the reference's SIMD transform
(s16 output >= 99.9% identical, never more than 1 apart). The goldens (made by
make_opus_goldens.py with the reference) let these checks run without ffmpeg."""
import hashlib
import os

import numpy as np
import pytest

from opus_support import (FIXTURES, ROOT, aligned, decode, reference_available,
                          reference_f32, to_s16)

GOLDENS = os.path.join(os.path.dirname(__file__), "goldens", "opus_goldens.txt")


def _goldens():
    rows = {}
    with open(GOLDENS) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            rel, n, ref_md5, cine_md5, same, diff = line.split()
            rows[rel] = (int(n), ref_md5, cine_md5, float(same), int(diff))
    return rows


GOLDEN = _goldens()


@pytest.mark.parametrize("rel", sorted(FIXTURES))
def test_fixture_matches_golden(rel):
    path = os.path.join(ROOT, rel)
    n, ref_md5, cine_md5, same, diff = GOLDEN[rel]
    dec, body, tail = decode(path)
    ours = to_s16(aligned(dec, body, tail, n))
    assert ours.shape[1] == n
    md5 = hashlib.md5(ours.T.tobytes()).hexdigest()
    assert md5 == cine_md5
    assert same >= 99.9 and diff <= 1
    if FIXTURES[rel] == "exact":
        assert md5 == ref_md5


@pytest.mark.skipif(not reference_available(), reason="needs ffmpeg 5.1.9")
@pytest.mark.parametrize("rel", sorted(FIXTURES))
def test_fixture_against_reference(rel):
    path = os.path.join(ROOT, rel)
    dec, body, tail = decode(path)
    ref = reference_f32(path, dec.channels)
    ours = aligned(dec, body, tail, ref.shape[1])
    assert ours.shape == ref.shape
    if FIXTURES[rel] == "exact":
        assert np.array_equal(ours, ref)
    else:
        assert np.abs(ours.astype(np.float64) - ref).max() < 2e-7
        s_ours, s_ref = to_s16(ours), to_s16(ref)
        assert np.mean(s_ours == s_ref) >= 0.999
        assert np.abs(s_ours.astype(np.int32) - s_ref).max() <= 1


def test_corpus_webm_stereo_celt():
    path = os.path.join(ROOT, "..", "shared", "corpus", "files", "shaka",
                        "dash-multi-codec_audio_es_2c_64k_opus.webm")
    if not os.path.exists(path) or not reference_available():
        pytest.skip("needs the shared corpus and ffmpeg 5.1.9")
    dec, body, tail = decode(path)
    ref = reference_f32(path, 2)
    ours = aligned(dec, body, tail, ref.shape[1])
    assert np.abs(ours.astype(np.float64) - ref).max() < 2e-7
    assert np.mean(to_s16(ours) == to_s16(ref)) >= 0.999
