"""The null output's rule (cine.compat.ffmpeg.null_output): which `-f null -` runs decode and
encode with wrapped_avframe (compared with the reference in test_transcode_goldens.py, the
null_* cases) and which keep reading the packets as with -c copy (checked here: the
reference decodes those, cine cannot yet: interlaced, 4:2:2 or 4:4:4 H.264)."""
from __future__ import annotations

import os

import pytest

from cine.compat.ffmpeg.null_output import selects_intra_only

from .transcode_run_util import FIXTURES, run_tool


@pytest.mark.parametrize("text,want", [
    ("select='eq(pict_type,I)'", True),
    ("select=eq(pict_type\\,PICT_TYPE_I)", True),
    ("select='eq(I,pict_type)',scale=64:-2", True),
    ("select='eq(pict_type\\,I)*gt(n\\,2)'", True),
    ("select='lt(t,3)*eq(pict_type,I)'", True),
    ("select=expr='-eq(pict_type,I)*2'", True),
    ("select='eq(pict_type,I)*t'", False),           # t may be NaN: NaN * 0 selects
    ("select='eq(pict_type,I)+eq(n,3)'", False),
    ("select='eq(pict_type,P)'", False),
    ("select='not(eq(pict_type,I))'", False),
    ("select", False),
    ("scale=10:10,select='eq(pict_type,I)'", False),
    ("select='eq(pict_type,I'", False),              # does not parse
])
def test_selects_intra_only(text, want):
    assert selects_intra_only(text) is want


@pytest.mark.parametrize("fmt,order,want", [
    ("yuv420p", "progressive", True), ("yuv420p", None, True), ("gray", "unknown", True),
    ("yuvj420p", "tt", False), ("yuv420p", "bb", False), ("yuv420p", "tb", False),
    ("yuv422p", "progressive", False), ("yuv420p10le", "progressive", False),
])
def test_h264_video_decodable(fmt, order, want):
    # the stream parameters cine's H.264 decoder takes: 8-bit 4:2:0 / 4:0:0, frames only
    from cine.engine.codecs.decoders import video_decodable
    from cine.engine.model import CodecParameters
    par = CodecParameters(codec_type="video", codec_name="h264", format=fmt, field_order=order)
    assert video_decodable(par) is want


def _copy_check(tmp_path, argv):
    res = run_tool("cine", argv, str(tmp_path))
    assert res["rc"] == 0
    assert "cine: no decoders: output #0 (null) reads the streams without decoding them" \
        in res["stderr"]
    assert "wrapped_avframe" not in res["stderr"]
    return res


def test_p_b_pictures_are_decoded(tmp_path):
    # H.264 with P/B pictures and no -skip_frame: decoded (the reference's output is compared
    # in test_transcode_goldens.py, null_p_b_mp4 and the other null_* cases)
    res = run_tool("cine", ["-i", "gop.mp4", "-f", "null", "-"], str(tmp_path))
    assert res["rc"] == 0
    assert "  Stream #0:0 -> #0:0 (h264 (native) -> wrapped_avframe (native))\n" \
        in res["stderr"]
    assert "no decoders" not in res["stderr"]


@pytest.mark.parametrize("name", ["tff.mp4", "hi422.mp4"])
def test_undecodable_h264_is_copied(tmp_path, name):
    # H.264 cine does not decode (interlaced: field order tt; 4:2:2): the packets are read
    res = _copy_check(tmp_path, ["-i", name, "-f", "null", "-"])
    assert "  Stream #0:0 -> #0:0 (copy)\n" in res["stderr"]


def test_audio_keeps_copy(tmp_path):
    # a video stream cine cannot decode (H.264 4:4:4) next to one it can (MP2): the whole
    # output is read as with -c copy
    name = "two_programs.ts"
    import shutil
    shutil.copy(os.path.join(FIXTURES, "ts", name), tmp_path / name)
    res = _copy_check(tmp_path, ["-skip_frame", "nokey", "-i", name, "-f", "null", "-"])
    assert "  Stream #0:1 -> #0:1 (copy)\n" in res["stderr"]

