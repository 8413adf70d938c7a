"""The JPEG encoder against the installed reference on real-looking pictures (lavfi sources),
with the aspect-ratio header, limited-range input and the bitexact flag. Skipped without
FFmpeg 5.1.9."""
from __future__ import annotations

import os
import subprocess

import pytest

from cine.engine.codecs.mjpeg.encoder import MjpegEncoder

from mjpeg_support import FFMPEG, encode, frame_from_raw, have_reference

pytestmark = pytest.mark.skipif(not have_reference(), reason="needs /usr/bin/ffmpeg 5.1.9")

SOURCES = ("testsrc2", "smptehdbars", "mandelbrot")


def _run(args):
    subprocess.run([FFMPEG, "-hide_banner", "-loglevel", "error", "-nostdin", "-y", *args],
                   check=True)


def _pair(tmp_path, graph, w, h, pix_fmt, q, out_args=()):
    """(raw frame from the lavfi graph, the reference's JPEG of the same graph)."""
    raw, jpg = os.path.join(tmp_path, "f.yuv"), os.path.join(tmp_path, "f.jpg")
    _run(["-f", "lavfi", "-i", graph, "-frames:v", "1", "-f", "rawvideo", raw])
    _run(["-f", "lavfi", "-i", graph, "-frames:v", "1", "-q:v", str(q), *out_args, jpg])
    with open(raw, "rb") as f:
        frame = frame_from_raw(f.read(), w, h, pix_fmt)
    with open(jpg, "rb") as f:
        return frame, f.read()


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("w,h", [(640, 360), (177, 99)])
@pytest.mark.parametrize("q", [2, 5, 31])
def test_lavfi_sources(tmp_path, source, w, h, q):
    graph = f"{source}=size=320x240,scale={w}:{h},setsar=1,format=yuvj420p"
    frame, ref = _pair(str(tmp_path), graph, w, h, "yuvj420p", q)
    assert encode(frame, q, sar=(1, 1)) == ref          # lavfi sources have SAR 1:1


def test_sample_aspect_ratio_header(tmp_path):
    graph = "testsrc2=size=64x48,setsar=4/3,format=yuvj420p"
    frame, ref = _pair(str(tmp_path), graph, 64, 48, "yuvj420p", 2)
    data = encode(frame, 2, sar=(4, 3))
    assert data[2:4] == b"\xff\xe0" and data == ref


def test_limited_range_and_bitexact(tmp_path):
    graph = "testsrc2=size=96x64,format=yuv420p"
    frame, ref = _pair(str(tmp_path), graph, 96, 64, "yuv420p", 3,
                       ("-strict", "-1", "-flags", "+bitexact"))
    frame.pix_fmt = "yuv420p"
    data = encode(frame, 3, strict=-1, bitexact=True, sar=(1, 1))
    assert b"CS=ITU601" in data and b"Lavc" not in data and data == ref


def test_rate_control_on_h264_fixture(tmp_path):
    """`ffmpeg -i h264_aac.mp4 -frames:v 10 %03d.jpg` (no -q:v: rate-controlled at 200 kb/s,
    encoder time base 1/25) from the reference's own yuvj420p conversion of the frames."""
    src = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "fixtures", "mp4",
                       "h264_aac.mp4")
    raw = str(tmp_path / "in.yuv")
    _run(["-i", src, "-frames:v", "10", "-pix_fmt", "yuvj420p", "-f", "rawvideo", raw])
    _run(["-i", src, "-frames:v", "10", str(tmp_path / "%03d.jpg")])
    with open(raw, "rb") as f:
        data = f.read()
    size = 320 * 240 * 3 // 2
    enc = MjpegEncoder(320, 240, "yuvj420p", None, sar=(1, 1), time_base=(1, 25))
    for k in range(10):
        frame = frame_from_raw(data[k * size:(k + 1) * size], 320, 240, "yuvj420p")
        frame.pts = k
        with open(tmp_path / f"{k + 1:03d}.jpg", "rb") as f:
            assert enc.encode(frame) == f.read(), k
