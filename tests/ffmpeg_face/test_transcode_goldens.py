"""cine's decode -> filter -> encode -> mux path against stored results of FFmpeg 5.1.9
(transcode_goldens/goldens.json, made by transcode_goldens/make_goldens.py): exit code,
stdout (framemd5/framecrc text), normalised stderr and the MD5 of every file written, for
rawvideo and H.264 inputs through select (with the planner), fps, scale and format into the
framemd5, framecrc, rawvideo, image2 and mjpeg muxers, with the rawvideo, mjpeg and png
encoders. Runs without the reference installed."""
from __future__ import annotations

import json
import os

import pytest

from .transcode_cases import CASES, encoder_of, uses_filters
from .transcode_run_util import run_tool

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "transcode_goldens", "goldens.json")) as _f:
    GOLDENS = json.load(_f)


def _skip_reason(argv):
    if uses_filters(argv):
        try:
            import cine.compat.filtergraph  # noqa: F401
        except ImportError:
            return "the filter-graph parser (cine.compat.filtergraph) is not there yet"
    from cine.engine.codecs.encoders import has_encoder
    if not has_encoder(encoder_of(argv)):
        return "no %s encoder" % encoder_of(argv)
    if any(a.endswith((".h264", ".mp4", ".mkv", ".ts")) for a in argv):
        from cine.engine.codecs.decoders import decoder_class
        if decoder_class("h264") is None:
            return "no H.264 decoder"
    return None


def compare(got: dict, want: dict, name: str) -> None:
    assert got["stderr"] == want["stderr"]
    assert got["rc"] == want["rc"]
    assert got["stdout"] == want["stdout"]
    assert got["files"] == want["files"]


@pytest.mark.parametrize("name,argv", CASES, ids=[c[0] for c in CASES])
def test_case(tmp_path, name, argv):
    reason = _skip_reason(argv)
    if reason:
        pytest.skip(reason)
    compare(run_tool("cine", argv, str(tmp_path)), GOLDENS[name], name)
