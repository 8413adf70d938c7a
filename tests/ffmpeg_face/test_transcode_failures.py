"""How runs that cine cannot finish end: a picture the H.264 decoder does not decode (one line
naming the missing capability, exit 1, no traceback; B pictures, once such a case, decode
through now), and an allocation failing in the middle of a stream copy (the reference's
"Cannot allocate memory", "Conversion failed!", exit 1). The frames written are compared
with the reference's stored results (transcode_goldens/goldens.json)."""
from __future__ import annotations

import json
import os

from cine.compat.cli import ffmpeg_main

from .transcode_run_util import FIXTURES, run_tool

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "transcode_goldens", "goldens.json")) as _f:
    GOLDENS = json.load(_f)


def test_undecodable_picture_ends_the_run(tmp_path, capfd):
    """Interlaced H.264 (field / MBAFF pictures, not decoded by cine): one line naming the
    missing capability, "Conversion failed!", exit 1, no traceback."""
    rc = ffmpeg_main(["-hide_banner", "-nostdin", "-i",
                      os.path.join(FIXTURES, "mp4", "h264_interlaced_tff.mp4"), "-f", "framemd5",
                      str(tmp_path / "out.framemd5")])
    _out, err = capfd.readouterr()
    assert rc == 1
    assert "Traceback" not in err
    lines = err.splitlines()
    assert "cine: cannot decode stream #0:0: H.264 interlaced (field or MBAFF) pictures" in lines
    assert lines[-1] == "Conversion failed!"


def test_b_pictures_decode_to_the_end(tmp_path):
    """The open GOP with B pictures decodes through: its first frame is the reference's
    (-frames:v 1 golden) and every picture is written."""
    got = run_tool("cine", ["-i", "gop.mkv", "-f", "framemd5", "-"], str(tmp_path))
    assert got["rc"] == 0
    assert "Traceback" not in got["stderr"]
    lines = [ln for ln in got["stdout"].splitlines() if ln and not ln.startswith("#")]
    want = [ln for ln in GOLDENS["h264_frames1_md5"]["stdout"].splitlines()
            if ln and not ln.startswith("#")]
    assert lines[:1] == want and len(lines) == 12


def test_memory_error_in_stream_copy(tmp_path, monkeypatch, capfd):
    from cine.engine.pipeline.copy import Remux

    def exhausted(self, *args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(Remux, "_run", exhausted)
    rc = ffmpeg_main(["-hide_banner", "-nostdin", "-i",
                      os.path.join(FIXTURES, "h264", "open_gop.mkv"), "-c", "copy",
                      str(tmp_path / "out.mkv")])
    _out, err = capfd.readouterr()
    assert rc == 1
    assert "Traceback" not in err
    assert err.splitlines()[-2:] == ["Cannot allocate memory", "Conversion failed!"]
