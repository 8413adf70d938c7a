"""Video analyzers against the committed goldens of the shared corpus (real 5.1.9 output).

Uses the tiny box walker (non-fragmented files only; fragmented ones are covered through the
MP4 demuxer by the corpus suite)."""
from __future__ import annotations

import glob
import json
import os

import pytest

from video_mp4mini import load_video
from video_refcheck import differences

CORPUS = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "..", "shared", "corpus")
ANALYSED = {"h264", "hevc", "av1", "vp9", "mpeg4", "h263", "mjpeg", "prores"}


def _cases():
    out = []
    for golden in sorted(glob.glob(os.path.join(CORPUS, "goldens", "*", "*.json"))):
        media = golden.replace(os.sep + "goldens" + os.sep, os.sep + "files" + os.sep)[:-5]
        if not media.lower().endswith((".mp4", ".m4v", ".mov", ".3gp", ".m4a")):
            continue
        try:
            streams = json.load(open(golden)).get("streams", [])
        except ValueError:
            continue
        video = [s for s in streams if s.get("codec_type") == "video"
                 and s.get("codec_name") in ANALYSED and not s.get("disposition", {}).get("attached_pic")]
        if video and os.path.exists(media):
            out.append(pytest.param(media, video[0], id=os.path.basename(media)))
    return out


CASES = _cases()


@pytest.mark.skipif(not CASES, reason="shared corpus not available")
@pytest.mark.parametrize("media,ref", CASES)
def test_corpus_video_fields(media, ref):
    data = open(media, "rb").read()
    stream, packets = load_video(media)
    if stream is None or (not packets and (b"moof" in data)):
        pytest.skip("fragmented or unusual layout: needs the real MP4 demuxer")
    if stream.codecpar.codec_name not in ANALYSED:
        pytest.skip("sample entry the walker does not map (encrypted?)")
    diff = differences(media, ref)
    # the mov demuxer's own has_b_frames estimate (ctts reorder depth) is not in the walker
    # for files whose samples the demuxer drops as partial
    if set(diff) == {"has_b_frames"} and not packets:
        pytest.skip("video_delay comes from the demuxer's ctts estimate")
    assert diff == {}
