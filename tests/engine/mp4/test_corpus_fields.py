"""Every MP4-family file of ../shared/corpus: the engine-owned fields (format timing, size,
tags; stream codec/tag/ids/timing/rates/bit rate/tags/dispositions/side data/extradata size)
equal FFmpeg 5.1.9's golden, and inputs the reference rejects raise CineError."""
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from corpus_fields import check_case, corpus_cases  # noqa: E402

CASES = corpus_cases()
# ffprobe (not libavformat) fails these: its decoder cannot open (AAC object type 42)
DECODER_OPEN_FAILS = {"mp4parse/mp4parse_tests_sine-3s-xhe-aac-44khz-mono.mp4"}

pytestmark = pytest.mark.skipif(not CASES, reason="../shared/corpus is not present")


@pytest.mark.parametrize("path,rc", CASES, ids=[c[0] for c in CASES])
def test_corpus_file(path, rc):
    if path in DECODER_OPEN_FAILS:
        pytest.skip("reference fails in ffprobe's decoder open, outside the demuxer")
    assert check_case(path, rc) == []
