"""The AAC decoder against FFmpeg 5.1.9's: stored goldens (md5 of cine's s16 output and
the agreement with the reference measured when they were made, see make_aac_goldens.py)
run without FFmpeg; with FFmpeg 5.1.9 installed the fixtures are also compared live."""
import json
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from aac_support import (GOLDENS, agreement, cine_decode, have_reference, path_of,
                         reference_decode, s16_md5)  # noqa: E402

with open(GOLDENS) as f:
    GOLDEN = json.load(f)


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_decode_matches_golden(name):
    path = path_of(name)
    if not os.path.exists(path):
        pytest.skip("corpus file absent")
    g = GOLDEN[name]
    data, layout, rate, _lines, errors = cine_decode(path)
    assert data.shape == (g["samples"], g["channels"])
    assert (layout, rate, errors) == (g["layout"], g["sample_rate"], g["errors"])
    assert s16_md5(data) == g["md5_s16"]
    # the acceptance bar, as measured against the reference when the golden was made
    assert g["s16_identical"] >= 0.999 and g["s16_maxdiff"] <= 2
    assert g["f32_maxdiff"] < 1e-6


LIVE = [n for n in GOLDEN if n.startswith("fixtures/aac/")]


@pytest.mark.skipif(not have_reference(), reason="needs FFmpeg 5.1.9")
@pytest.mark.parametrize("name", LIVE)
def test_decode_matches_reference_live(name):
    path = path_of(name)
    data, _layout, _rate, _lines, _errors = cine_decode(path)
    ref = reference_decode(path, data.shape[1])
    assert ref.shape == data.shape
    a = agreement(data, ref)
    assert a["s16_identical"] >= 0.999 and a["s16_maxdiff"] <= 2, a
    assert a["f32_maxdiff"] < 1e-6, a
