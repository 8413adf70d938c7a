"""H264Decoder against the reference: every keyframe of every fixtures/h264 stream (and of the
H.264 files of ../shared/corpus, when present) decodes to the planes whose MD5 the reference's
`ffmpeg -skip_frame nokey -i X -f framemd5 -` printed (goldens/decode/, made by make_goldens.sh),
frame for frame, in the same order. On a mismatch, `python3 tests/engine/codecs/h264/h264_diff.py
FILE` shows the first differing macroblock."""
from __future__ import annotations

import pytest

from cine.engine.errors import Unsupported

from h264_decode_support import (CORPUS, FIXTURES, GOLDENS, HERE, ROOT, decode_keyframes,
                                  frame_md5, golden_frames)

FIXTURE_GOLDENS = sorted(p for p in GOLDENS.glob("*.framemd5"))
MP4_GOLDENS = sorted((GOLDENS / "mp4").glob("*.framemd5"))
CORPUS_GOLDENS = sorted((GOLDENS / "corpus").glob("*/*.framemd5"))
# fixtures/mp4 streams outside intra 8-bit progressive 4:2:0 decoding
MP4_UNSUPPORTED = {"h264_high10.mp4": "bit depth", "h264_hdr_bt2020.mp4": "bit depth",
                   "h264_high422.mp4": "4:2:2", "h264_high444.mp4": "4:4:4",
                   "h264_interlaced_tff.mp4": "interlaced"}


def _name(golden) -> str:
    return golden.name[:-len(".framemd5")]


def _compare(path, golden, skip_frame="nokey"):
    (tb_num, tb_den), want = golden_frames(golden)
    frames = decode_keyframes(path, skip_frame=skip_frame)
    for i, (f, (pts, size, md5)) in enumerate(zip(frames, want)):
        got = (sum(p.size for p in f.planes), frame_md5(f))
        assert got == (size, md5), "frame %d of %s: got %s, reference %s" % (i, path.name, got, (size, md5))
        if f.pts is not None and frames[0].pts is not None:
            # the container's timestamps (raw streams have none), relative to the first frame
            # (the reference's output starts at 0)
            num, den = f.time_base
            rel, ref = f.pts - frames[0].pts, pts - want[0][0]
            assert abs(rel * num * tb_den - ref * tb_num * den) < tb_num * den, \
                "frame %d of %s: pts %d (%d/%d), reference %d" % (i, path.name, f.pts, num, den, pts)
    assert len(frames) == len(want), "%s: %d frames, reference %d" % (path.name, len(frames), len(want))


@pytest.mark.parametrize("golden", FIXTURE_GOLDENS, ids=_name)
def test_fixture_keyframes(golden):
    _compare(FIXTURES / _name(golden), golden)


@pytest.mark.parametrize("golden", sorted((GOLDENS / "nointra").glob("*.framemd5")), ids=_name)
def test_fixture_nointra(golden):
    """-skip_frame nointra: non-IDR I pictures without a recovery point are decoded too."""
    _compare(FIXTURES / _name(golden), golden, "nointra")


@pytest.mark.parametrize("golden", sorted((GOLDENS / "data").glob("*.framemd5")), ids=_name)
def test_handmade_stream_keyframes(golden):
    """The parser helpers' hand-made streams (CABAC I_PCM and others) in data/."""
    _compare(HERE / "data" / _name(golden), golden)


@pytest.mark.parametrize("golden", MP4_GOLDENS, ids=_name)
def test_mp4_fixture_keyframes(golden):
    path = ROOT / "fixtures" / "mp4" / _name(golden)
    if _name(golden) in MP4_UNSUPPORTED:
        with pytest.raises(Unsupported, match=MP4_UNSUPPORTED[_name(golden)]):
            decode_keyframes(path)
        return
    _compare(path, golden)


def test_every_fixture_has_a_golden():
    names = {p.name for p in FIXTURES.iterdir() if p.suffix in (".h264", ".mp4", ".mkv", ".ts")}
    assert len(names) >= 20
    assert names == {p.name[:-len(".framemd5")] for p in FIXTURE_GOLDENS}


def _reference_conceals(golden) -> bool:
    """The reference logged decoding errors (a damaged or encrypted stream it concealed):
    cine does not reproduce the reference's error concealment."""
    err = golden.with_name(golden.name[:-len(".framemd5")] + ".stderr")
    return err.exists() and any(w in err.read_text() for w in ("error while decoding MB", "concealing"))


def _unsupported(path) -> bool:
    """What the probe golden says about the stream: not 8-bit progressive 4:2:0 / 4:0:0."""
    import json
    probe = CORPUS.parent / "goldens" / path.parent.name / (path.name + ".json")
    if not probe.exists():
        return False
    for st in json.loads(probe.read_text()).get("streams", []):
        if st.get("codec_name") == "h264":
            return (st.get("pix_fmt") not in ("yuv420p", "yuvj420p", "gray")
                    or st.get("field_order", "progressive") != "progressive")
    return False


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus not present")
@pytest.mark.parametrize("golden", CORPUS_GOLDENS,
                         ids=lambda p: "%s/%s" % (p.parent.name, p.name[:-len(".framemd5")]))
def test_corpus_keyframes(golden):
    rc = golden.with_name(golden.name[:-len(".framemd5")] + ".rc")
    if rc.exists() and rc.read_text().strip() != "0":
        pytest.skip("the reference fails on this file")
    path = CORPUS / golden.parent.name / golden.name[:-len(".framemd5")]
    if not path.exists():
        pytest.skip("corpus file absent")
    if _unsupported(path):
        with pytest.raises(Unsupported):
            decode_keyframes(path)
        return
    if _reference_conceals(golden):
        pytest.xfail("the reference conceals decoding errors in this file")
    _compare(path, golden)
