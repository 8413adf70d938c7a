"""MPEG-1/2 video, DNxHD/DNxHR, rawvideo, qtrle, FFV1, TTA and WavPack analyzers against the real
FFmpeg 5.1.9 ffprobe: small files made by /usr/bin/ffmpeg in a temporary directory; cine's
stdout and stderr must be byte-identical to the reference for the JSON report and the
-hide_banner stderr dump."""
from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

FFMPEG = "/usr/bin/ffmpeg"
FFPROBE = "/usr/bin/ffprobe"
HAVE_FF = os.path.exists(FFMPEG) and os.path.exists(FFPROBE)
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "../../../.."))

pytestmark = pytest.mark.skipif(not HAVE_FF, reason="needs /usr/bin/ffmpeg and /usr/bin/ffprobe")


def _src(size="320x240", d="0.4"):
    return ["-f", "lavfi", "-i", "testsrc=d=%s:s=%s:r=25" % (d, size)]


SINE = ["-f", "lavfi", "-i", "sine=f=440:d=0.5"]
HD = _src("1280x720", "0.08")

CASES: dict[str, list[str]] = {
    # MPEG-2 video
    "m2.mp4": _src() + ["-c:v", "mpeg2video"],
    "m2.mov": _src() + ["-c:v", "mpeg2video"],
    "m2.mkv": _src() + ["-c:v", "mpeg2video"],
    "m2.ts": _src() + ["-c:v", "mpeg2video"],
    "m2_422.mov": _src() + ["-c:v", "mpeg2video", "-pix_fmt", "yuv422p"],
    "m2_422.ts": _src() + ["-c:v", "mpeg2video", "-pix_fmt", "yuv422p"],
    "m2_il.mkv": _src() + ["-c:v", "mpeg2video", "-flags", "+ilme+ildct", "-top", "1",
                           "-bf", "2", "-aspect", "16:9"],
    "m2_il.ts": _src() + ["-c:v", "mpeg2video", "-flags", "+ilme+ildct", "-top", "0"],
    "m2_bf.mp4": _src() + ["-c:v", "mpeg2video", "-bf", "2"],
    "m2_aspect.mp4": _src() + ["-c:v", "mpeg2video", "-aspect", "16:9"],
    "m2_pal.ts": _src("720x576") + ["-c:v", "mpeg2video", "-aspect", "16:9"],
    "m2_cc.ts": _src() + ["-c:v", "mpeg2video", "-a53cc", "1"],
    "m2_cbr.mkv": _src() + ["-c:v", "mpeg2video", "-b:v", "1M", "-maxrate", "1M",
                            "-bufsize", "500k"],
    "m2_cbr.ts": _src() + ["-c:v", "mpeg2video", "-b:v", "1M", "-maxrate", "1M",
                           "-bufsize", "500k"],
    "m2_col.ts": _src() + ["-c:v", "mpeg2video", "-color_primaries", "bt709",
                           "-color_trc", "bt709", "-colorspace", "bt709"],
    # MPEG-1 video
    "m1.mkv": _src() + ["-c:v", "mpeg1video"],
    "m1_cbr.mkv": _src() + ["-c:v", "mpeg1video", "-b:v", "1M", "-maxrate", "1M",
                            "-bufsize", "500k"],
    "m1.ts": _src() + ["-c:v", "mpeg1video"],
    "m1_aspect.ts": _src("352x288", "0.2") + ["-c:v", "mpeg1video", "-aspect", "4:3"],
    # DNxHD / DNxHR
    "dnxhr_lb.mov": HD + ["-c:v", "dnxhd", "-profile:v", "dnxhr_lb", "-pix_fmt", "yuv422p"],
    "dnxhr_sq.mov": HD + ["-c:v", "dnxhd", "-profile:v", "dnxhr_sq", "-pix_fmt", "yuv422p"],
    "dnxhr_hq.mov": HD + ["-c:v", "dnxhd", "-profile:v", "dnxhr_hq", "-pix_fmt", "yuv422p"],
    "dnxhr_hqx.mov": HD + ["-c:v", "dnxhd", "-profile:v", "dnxhr_hqx",
                           "-pix_fmt", "yuv422p10le"],
    "dnxhr_444.mov": HD + ["-c:v", "dnxhd", "-profile:v", "dnxhr_444",
                           "-pix_fmt", "yuv444p10le"],
    "dnxhd.mov": _src("1920x1080", "0.08") + ["-c:v", "dnxhd", "-b:v", "36M",
                                              "-pix_fmt", "yuv422p"],
    "dnxhd_i.mov": _src("1920x1080", "0.08") + ["-c:v", "dnxhd", "-b:v", "120M",
                                                "-pix_fmt", "yuv422p", "-flags", "+ildct"],
    # rawvideo / qtrle
    "raw_rgb24.mov": _src() + ["-c:v", "rawvideo", "-pix_fmt", "rgb24"],
    "raw_uyvy.mov": _src() + ["-c:v", "rawvideo", "-pix_fmt", "uyvy422"],
    "raw_argb.mov": _src() + ["-c:v", "rawvideo", "-pix_fmt", "argb"],
    "raw_yuv420p.mkv": _src() + ["-c:v", "rawvideo", "-pix_fmt", "yuv420p"],
    "raw_uyvy.mkv": _src() + ["-c:v", "rawvideo", "-pix_fmt", "uyvy422"],
    "raw_rgb24.mkv": _src() + ["-c:v", "rawvideo", "-pix_fmt", "rgb24", "-allow_raw_vfw", "1"],
    "qtrle.mov": _src() + ["-c:v", "qtrle"],
    "qtrle_argb.mov": _src("64x48") + ["-c:v", "qtrle", "-pix_fmt", "argb"],
    "qtrle_555.mov": _src("64x48") + ["-c:v", "qtrle", "-pix_fmt", "rgb555be"],
    "qtrle_gray.mov": _src("64x48") + ["-c:v", "qtrle", "-pix_fmt", "gray"],
    # FFV1
    "ffv1_0.mkv": _src("64x48", "0.2") + ["-c:v", "ffv1", "-level", "0", "-pix_fmt", "yuv420p"],
    "ffv1_1.mkv": _src("64x48", "0.2") + ["-c:v", "ffv1", "-level", "1"],
    "ffv1_1a.mkv": _src("64x48", "0.2") + ["-c:v", "ffv1", "-level", "1", "-pix_fmt", "yuva420p",
                                           "-coder", "2"],
    "ffv1_3.mkv": _src("64x48", "0.2") + ["-c:v", "ffv1", "-level", "3"],
    "ffv1_3_10.mkv": _src("64x48", "0.2") + ["-c:v", "ffv1", "-level", "3",
                                             "-pix_fmt", "yuv422p10le"],
    "ffv1_3_gray16.mkv": _src("64x48", "0.2") + ["-c:v", "ffv1", "-level", "3",
                                                 "-pix_fmt", "gray16le"],
    "ffv1_3_gbrp10.mkv": _src("64x48", "0.2") + ["-c:v", "ffv1", "-level", "3",
                                                 "-pix_fmt", "gbrp10le"],
    "ffv1_3.mov": _src("64x48", "0.2") + ["-c:v", "ffv1", "-level", "3", "-pix_fmt", "yuv444p"],
    # WavPack
    "wv.mkv": SINE + ["-c:a", "wavpack"],
    "wv2.mkv": SINE + ["-ac", "2", "-c:a", "wavpack"],
    "wv32.mkv": SINE + ["-ac", "2", "-c:a", "wavpack", "-sample_fmt", "s32p"],
    "wvf.mkv": ["-f", "lavfi", "-i", "sine=d=0.5:r=22050", "-ac", "2", "-c:a", "wavpack",
                "-sample_fmt", "fltp"],
    "wv4.mkv": SINE + ["-ac", "4", "-c:a", "wavpack"],
    "wv6.mkv": SINE + ["-ac", "6", "-c:a", "wavpack"],
}

# stdout fields that are owned elsewhere and known to differ (matroska builds a 22-byte TTA1
# extradata from the track fields, which cine's matroska demuxer does not yet)
TTA_CASES: dict[str, list[str]] = {
    "tta.mkv": SINE + ["-c:a", "tta"],
    "tta2.mkv": SINE + ["-ac", "2", "-c:a", "tta"],
}


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    d = tmp_path_factory.mktemp("extra")
    made = {}
    for name, args in {**CASES, **TTA_CASES}.items():
        path = str(d / name)
        r = subprocess.run([FFMPEG, "-v", "error", "-y", *args, path], capture_output=True)
        if r.returncode == 0 and os.path.exists(path):
            made[name] = path
    return made


def _run(prog: list[str], args: list[str]) -> tuple[int, bytes, bytes]:
    r = subprocess.run(prog + args, capture_output=True, cwd=ROOT)
    return r.returncode, r.stdout, r.stderr


def _both(path: str, args: list[str]):
    ref = _run([FFPROBE], args + [path])
    got = _run([sys.executable, "-m", "cine", "ffprobe"], args + [path])
    return ref, got


JSON = ["-v", "quiet", "-of", "json", "-show_format", "-show_streams", "-show_private_data"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_json_identical(media, name):
    if name not in media:
        pytest.skip("this ffmpeg could not make %s" % name)
    ref, got = _both(media[name], JSON)
    assert got[0] == ref[0]
    assert got[1].decode() == ref[1].decode()


@pytest.mark.parametrize("name", sorted(CASES))
def test_dump_identical(media, name):
    if name not in media:
        pytest.skip("this ffmpeg could not make %s" % name)
    ref, got = _both(media[name], ["-hide_banner"])
    assert got[0] == ref[0]
    assert got[2].decode() == ref[2].decode()


@pytest.mark.parametrize("name", sorted(TTA_CASES))
def test_tta(media, name):
    if name not in media:
        pytest.skip("this ffmpeg could not make %s" % name)
    ref, got = _both(media[name], ["-hide_banner"])
    assert got[2].decode() == ref[2].decode()
    ref, got = _both(media[name], JSON)
    drop = lambda b: [ln for ln in b.decode().splitlines() if "extradata_size" not in ln]
    assert drop(got[1]) == drop(ref[1])


VERBOSE = ["dnxhd.mov", "dnxhd_i.mov", "dnxhr_444.mov", "dnxhr_lb.mov", "m2.ts", "m2_il.mkv",
           "m1.mkv", "qtrle.mov", "raw_rgb24.mov"]


def _normalized(stderr: bytes) -> list[str]:
    """-v verbose stderr without context addresses and the AVIOContext statistics line."""
    lines = re.sub(r" @ 0x[0-9a-f]+\]", " @ X]", stderr.decode()).splitlines()
    return [ln for ln in lines if "Statistics:" not in ln]


@pytest.mark.parametrize("name", VERBOSE)
def test_verbose_dump_identical(media, name):
    """-v verbose adds the decoders' own messages (DNxHD profile and frame lines, one per
    field) and find_stream_info's coded size."""
    if name not in media:
        pytest.skip("this ffmpeg could not make %s" % name)
    ref, got = _both(media[name], ["-hide_banner", "-v", "verbose"])
    assert got[0] == ref[0]
    assert _normalized(got[2]) == _normalized(ref[2])
