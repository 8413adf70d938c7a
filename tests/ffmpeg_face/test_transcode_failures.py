"""How runs that cine cannot finish end: a picture the H.264 decoder does not decode (the
frames decoded before it are written, then one line naming the missing capability, exit 1,
no traceback), and an allocation failing in the middle of a stream copy (the reference's
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


def test_b_picture_ends_the_run_after_the_frames_before_it(tmp_path):
    got = run_tool("cine", ["-i", "gop.mkv", "-f", "framemd5", "-"], str(tmp_path))
    assert got["rc"] == 1
    assert "Traceback" not in got["stderr"]
    lines = got["stderr"].splitlines()
    assert "cine: cannot decode stream #0:0: H.264 B slices (only I and P pictures are " \
           "decoded)" in lines
    assert lines[-1] == "Conversion failed!"
    # the IDR picture is written first, as the reference writes it (-frames:v 1 golden); the
    # P picture decoded before the B one follows it in output order, so it is not written
    want = GOLDENS["h264_frames1_md5"]["stdout"]
    assert got["stdout"] == want


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
