"""YUV/gray -> RGB conversion against FFmpeg 5.1.9's swscale on x86-64 (bit-exact):

- goldens (yuv2rgb_md5.txt, make_yuv2rgb_goldens.py): the first frame of
  fixtures/transcode/rawvideo_96x64.avi through graphs ending in rgb24/bgr24, run through
  cine.engine.filters.graph.FilterChain, MD5 of the packed picture; yuv2rgb_matrix_md5.txt:
  the same frame tagged with other colour spaces;
- live (skipped without /usr/bin/ffmpeg 5.1.9): `-f rawvideo -pix_fmt rgb24` and PNG output of
  H.264 and rawvideo fixtures by cine's CLI and by the reference, byte for byte.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import pytest

from cine.engine.errors import CineError
from cine.engine.filters.graph import FilterChain
from cine.engine.filters.link import Link
from cine.engine.filters.yuv2rgb import route

from _reference import reference_ok  # (every tests/ folder is on sys.path)
from cine.engine.model import Rational

from .test_resample import _specs, first_frame  # noqa: F401  (a fixture)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
FFMPEG = "/usr/bin/ffmpeg"


def _cases(name="yuv2rgb_md5.txt"):
    with open(os.path.join(HERE, name)) as f:
        return [tuple(p.strip() for p in line.split("|")) for line in f if line.strip()]


MATRIX_CASES = _cases("yuv2rgb_matrix_md5.txt")


class _Log:
    def __init__(self):
        self.lines = []

    def error(self, text):
        self.lines.append(text)


def _run_chain(frame, st, graph, log=None, colorspace=None):
    chain = FilterChain(_specs(graph), log=log)
    chain.colorspace = colorspace
    chain.configure(Link(frame.width, frame.height, frame.pix_fmt, st.time_base,
                         Rational(10, 1), Rational(1, 1)))
    return chain.push(frame)


@pytest.mark.parametrize("graph,md5", _cases(), ids=[c[0] for c in _cases()])
def test_rgb_like_swscale(first_frame, graph, md5):  # noqa: F811
    frame, st = first_frame
    out = _run_chain(frame, st, graph)
    assert len(out) == 1 and out[0].pix_fmt == graph.rsplit("=", 1)[1]
    assert len(out[0].planes) == 1
    assert out[0].planes[0].shape == (out[0].height, out[0].width * 3)
    assert hashlib.md5(out[0].planes[0].tobytes()).hexdigest() == md5


@pytest.mark.parametrize("colorspace,graph,md5", MATRIX_CASES,
                         ids=["%s-%s" % c[:2] for c in MATRIX_CASES])
def test_matrix_of_the_input_colour_space(first_frame, colorspace, graph, md5):  # noqa: F811
    frame, st = first_frame
    out = _run_chain(frame, st, graph, colorspace=colorspace)
    assert hashlib.md5(out[0].planes[0].tobytes()).hexdigest() == md5


def test_routes():
    assert route("yuv420p", "rgb24", True, 96, 64) == "simd"
    assert route("yuv420p", "rgb24", True, 96, 63) == "scaler"      # odd height
    assert route("yuv420p", "rgb24", True, 97, 63) == "full"        # odd width
    assert route("yuv444p", "rgb24", True, 96, 64) == "full"
    assert route("gray", "bgr24", True, 96, 64) == "palette"
    assert route("yuv420p", "bgr24", False, 96, 64) is None         # x86 MMX writer
    assert route("yuv420p10le", "rgb24", True, 96, 64) is None


def test_bgr24_from_the_half_chroma_scaler_is_refused(first_frame):  # noqa: F811
    frame, st = first_frame
    log = _Log()
    with pytest.raises(CineError) as exc:
        _run_chain(frame, st, "scale=48:32,format=bgr24", log)
    assert exc.value.code == -38
    assert log.lines == ["cine: converting yuv420p to bgr24 is not supported\n"]


# -- live, against the reference ------------------------------------------------------------

live = pytest.mark.skipif(not reference_ok("ffmpeg"), reason="no FFmpeg 5.1.9 at /usr/bin/ffmpeg")

LIVE_CASES = [
    ("fixtures/h264/cabac_main.h264", []),
    ("fixtures/transcode/colour_bt709.h264", []),                  # the stream's matrix
    ("fixtures/transcode/colour_bt709.h264", ["-vf", "scale=100:-2"]),
    ("fixtures/h264/fullrange.h264", []),
    ("fixtures/h264/odd_178x98.h264", []),
    ("fixtures/h264/gray.h264", ["-vf", "scale=100:-2"]),
    ("fixtures/h264/inter/b_3s.mp4", ["-vf", "scale=640:-2"]),
    ("fixtures/h264/inter/b_odd_178x98.h264", ["-vf", "scale=89:49"]),
    ("fixtures/h264/inter/p_noise_high.mp4", ["-vf", "format=yuv444p"]),
    # same size, odd height, bilinear automatic conversion: the one-tap luma writer with a
    # two-tap chroma filter
    ("fixtures/transcode/rawvideo_96x64.avi",
     ["-vf", "scale=96:63,format=yuv420p,format=rgb24", "-sws_flags", "bilinear"]),
    ("fixtures/transcode/rawvideo_96x64.avi",
     ["-vf", "scale=97:63,format=yuv420p,format=rgb24", "-sws_flags", "bilinear"]),
]


def _run(tool, args, cwd=ROOT):
    cmd = [FFMPEG] if tool == "ref" else [sys.executable, "-m", "cine", "ffmpeg"]
    env = dict(os.environ, PYTHONPATH=ROOT, LC_ALL="C")
    return subprocess.run(cmd + ["-hide_banner", "-nostdin", "-v", "error"] + args, cwd=cwd,
                          capture_output=True, timeout=300, env=env)


@live
@pytest.mark.parametrize("path,extra", LIVE_CASES, ids=[c[0].split("/")[-1] + str(c[1])
                                                        for c in LIVE_CASES])
def test_rawvideo_rgb24_live(path, extra):
    args = ["-i", path, "-frames:v", "2"] + extra + ["-f", "rawvideo", "-pix_fmt", "rgb24", "-"]
    want = _run("ref", args)
    got = _run("cine", args)
    assert want.returncode == 0 and got.returncode == 0, got.stderr.decode()[-500:]
    assert len(got.stdout) == len(want.stdout) > 0
    assert got.stdout == want.stdout


@live
def test_png_live(tmp_path):
    src = os.path.join(ROOT, "fixtures/h264/inter/b_3s.mp4")
    for tool in ("ref", "cine"):
        p = _run(tool, ["-i", src, "-frames:v", "1", "-y", str(tmp_path / (tool + ".png"))])
        assert p.returncode == 0, p.stderr.decode()[-500:]
    assert (tmp_path / "cine.png").read_bytes() == (tmp_path / "ref.png").read_bytes()
