"""Video analyzers against the real ffprobe 5.1.9 on small files made by the real ffmpeg.

Each case encodes a short clip, then compares every decoder-derived field ffprobe prints
(profile, level, pix_fmt, sizes, has_b_frames, SAR/DAR, colour, chroma location, field
order, refs, bits_per_raw_sample, is_avc/nal_length_size) with what cine's analyzer sets.
Skipped when /usr/bin/ffmpeg or /usr/bin/ffprobe is absent or lacks an encoder.
"""
from __future__ import annotations

import subprocess

import pytest

from video_refcheck import FFMPEG, FFPROBE, differences, ffprobe_video, have_tools

pytestmark = pytest.mark.skipif(not have_tools(), reason="reference ffmpeg/ffprobe not installed")

SRC = ["-f", "lavfi", "-i", "testsrc=d=0.4:s=160x120:r=25"]
X265 = ["-x265-params", "log-level=error"]

CASES = {
    # H.264
    "h264_baseline.mp4": ["-pix_fmt", "yuv420p", "-c:v", "libx264", "-profile:v", "baseline"],
    "h264_main.mp4": ["-pix_fmt", "yuv420p", "-c:v", "libx264", "-profile:v", "main"],
    "h264_high.mp4": ["-pix_fmt", "yuv420p", "-c:v", "libx264"],
    "h264_high10.mp4": ["-pix_fmt", "yuv420p10le", "-c:v", "libx264"],
    "h264_422.mp4": ["-pix_fmt", "yuv422p", "-c:v", "libx264"],
    "h264_444.mp4": ["-c:v", "libx264"],
    "h264_rgb.mp4": ["-c:v", "libx264rgb"],
    "h264_gray.mp4": ["-pix_fmt", "gray", "-c:v", "libx264"],
    "h264_yuvj.mp4": ["-pix_fmt", "yuvj420p", "-c:v", "libx264"],
    "h264_intra.mp4": ["-c:v", "libx264", "-x264-params", "keyint=1"],
    "h264_nob.mp4": ["-pix_fmt", "yuv420p", "-c:v", "libx264", "-x264-params", "bframes=0"],
    "h264_b1.mp4": ["-pix_fmt", "yuv420p", "-c:v", "libx264", "-x264-params",
                    "bframes=3:b-pyramid=none"],
    "h264_tff.mp4": ["-pix_fmt", "yuv420p", "-c:v", "libx264", "-flags", "+ildct+ilme"],
    "h264_bff.mp4": ["-pix_fmt", "yuv420p", "-c:v", "libx264", "-x264-params", "bff=1"],
    "h264_fakeil.mp4": ["-pix_fmt", "yuv420p", "-c:v", "libx264", "-x264-params",
                        "fake-interlaced=1:pic-struct=1"],
    "h264_bt709.mp4": ["-pix_fmt", "yuv420p", "-c:v", "libx264", "-color_primaries", "bt709",
                       "-color_trc", "bt709", "-colorspace", "bt709", "-color_range", "tv"],
    "h264_pc.mp4": ["-pix_fmt", "yuv420p", "-c:v", "libx264", "-color_range", "pc"],
    "h264_hdr.mp4": ["-pix_fmt", "yuv420p10le", "-c:v", "libx264", "-color_primaries",
                     "bt2020", "-color_trc", "smpte2084", "-colorspace", "bt2020nc"],
    "h264_sar.mp4": ["-pix_fmt", "yuv420p", "-c:v", "libx264", "-vf", "setsar=4/3"],
    "h264_crop.mp4": ["-pix_fmt", "yuv420p", "-c:v", "libx264", "-vf", "crop=150:110"],
    "h264_cavlc.mp4": ["-pix_fmt", "yuv420p", "-c:v", "libx264", "-x264-params",
                       "cabac=0:weightp=0:slices=3"],
    "h264.mov": ["-pix_fmt", "yuv420p", "-c:v", "libx264"],
    # HEVC
    "hevc_main.mp4": ["-pix_fmt", "yuv420p", "-c:v", "libx265"] + X265,
    "hevc_hvc1.mp4": ["-pix_fmt", "yuv420p", "-c:v", "libx265", "-tag:v", "hvc1"] + X265,
    "hevc_main10.mp4": ["-pix_fmt", "yuv420p10le", "-c:v", "libx265"] + X265,
    "hevc_422_10.mp4": ["-pix_fmt", "yuv422p10le", "-c:v", "libx265"] + X265,
    "hevc_444_12.mp4": ["-pix_fmt", "yuv444p12le", "-c:v", "libx265"] + X265,
    "hevc_rgb.mp4": ["-c:v", "libx265"] + X265,
    "hevc_gray.mp4": ["-pix_fmt", "gray", "-c:v", "libx265"] + X265,
    "hevc_intra.mp4": ["-pix_fmt", "yuv420p", "-c:v", "libx265", "-x265-params",
                       "log-level=error:keyint=1"],
    "hevc_hdr.mp4": ["-pix_fmt", "yuv420p10le", "-c:v", "libx265", "-color_primaries",
                     "bt2020", "-color_trc", "smpte2084", "-colorspace", "bt2020nc"] + X265,
    "hevc_odd.mp4": ["-pix_fmt", "yuv420p", "-vf", "crop=154:114", "-c:v", "libx265"] + X265,
    # AV1
    "av1_aom.mp4": ["-pix_fmt", "yuv420p", "-c:v", "libaom-av1", "-cpu-used", "8"],
    "av1_aom10.mp4": ["-pix_fmt", "yuv420p10le", "-c:v", "libaom-av1", "-cpu-used", "8"],
    "av1_aom444.mp4": ["-pix_fmt", "yuv444p", "-c:v", "libaom-av1", "-cpu-used", "8"],
    "av1_aomrgb.mp4": ["-c:v", "libaom-av1", "-cpu-used", "8"],
    # VP9
    "vp9_p0.mp4": ["-pix_fmt", "yuv420p", "-c:v", "libvpx-vp9", "-deadline", "realtime"],
    "vp9_p1.mp4": ["-pix_fmt", "yuv444p", "-c:v", "libvpx-vp9", "-deadline", "realtime"],
    "vp9_p2.mp4": ["-pix_fmt", "yuv420p10le", "-c:v", "libvpx-vp9", "-deadline", "realtime"],
    "vp9_rgb.mp4": ["-c:v", "libvpx-vp9", "-deadline", "realtime"],
    "vp9_709.mp4": ["-pix_fmt", "yuv420p", "-c:v", "libvpx-vp9", "-deadline", "realtime",
                    "-color_primaries", "bt709", "-color_trc", "bt709", "-colorspace", "bt709"],
    # MPEG-4 Part 2, H.263
    "mpeg4.mp4": ["-c:v", "mpeg4"],
    "mpeg4_bf.mp4": ["-c:v", "mpeg4", "-bf", "2"],
    "mpeg4_sar.mov": ["-c:v", "mpeg4", "-vf", "setsar=16/11"],
    "h263.3gp": ["-vf", "scale=176:144", "-c:v", "h263"],
    "h263p.mov": ["-vf", "scale=176:144", "-c:v", "h263p"],
    # MJPEG
    "mjpeg.mov": ["-c:v", "mjpeg"],
    "mjpeg.mp4": ["-c:v", "mjpeg"],
    "mjpeg422.mov": ["-pix_fmt", "yuvj422p", "-c:v", "mjpeg"],
    "mjpeg420.mov": ["-pix_fmt", "yuvj420p", "-c:v", "mjpeg"],
    "mjpeg_itu.mov": ["-pix_fmt", "yuv420p", "-strict", "-1", "-c:v", "mjpeg"],
    # ProRes
    "prores_proxy.mov": ["-c:v", "prores_ks", "-profile:v", "0"],
    "prores_hq.mov": ["-c:v", "prores_ks", "-profile:v", "3", "-pix_fmt", "yuv422p10le"],
    "prores_4444.mov": ["-c:v", "prores_ks", "-profile:v", "4"],
    "prores_alpha.mov": ["-c:v", "prores_ks", "-profile:v", "4", "-pix_fmt", "yuva444p10le"],
    "prores_xq.mov": ["-c:v", "prores_ks", "-profile:v", "5"],
}


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    return tmp_path_factory.mktemp("video")


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_reference(media, name):
    path = str(media / name)
    cmd = [FFMPEG, "-v", "error", "-y"] + SRC + ["-frames:v", "8"] + CASES[name] + [path]
    if subprocess.run(cmd, capture_output=True, check=False).returncode != 0:
        pytest.skip("this ffmpeg build cannot encode %s" % name)
    ref = ffprobe_video(path)
    assert ref is not None
    assert differences(path, ref) == {}


def _corrupt_first_sample(path: str, out: str, prefix: bytes) -> None:
    """Copy path to out with the first video sample's first NAL length replaced."""
    from video_mp4mini import _sample_offsets, _walk
    data = bytearray(open(path, "rb").read())
    tracks = []
    _walk(bytes(data), 0, len(data), tracks, None)
    track = next(t for t in tracks if t.handler == b"vide")
    first = _sample_offsets(track)[0]
    data[first:first + len(prefix)] = prefix
    open(out, "wb").write(bytes(data))


@pytest.mark.parametrize("prefix", [b"\x00\x00\x00\x00", b"\xa0\x00\x00\x01", b"\x00\x00\x40\x00",
                                    b"\x00\x00\x00\x02\x80\x00"])
def test_broken_framing_messages(media, prefix):
    """The h264 parser/decoder lines ffprobe logs for a damaged first sample."""
    from cine.engine.codecs.h264.info import analyze
    from cine.engine.log import Logger
    from video_mp4mini import load_video
    src = str(media / "framing_src.mp4")
    cmd = [FFMPEG, "-v", "error", "-y"] + SRC + ["-frames:v", "4", "-pix_fmt", "yuv420p",
                                                 "-c:v", "libx264", "-x264-params", "bframes=0", src]
    if subprocess.run(cmd, capture_output=True, check=False).returncode != 0:
        pytest.skip("no libx264")
    bad = str(media / ("framing_%s.mp4" % prefix.hex()))
    _corrupt_first_sample(src, bad, prefix)
    ref = subprocess.run([FFPROBE, "-hide_banner", "-v", "warning", bad], capture_output=True,
                         check=False).stderr.decode()
    expected = [line.split("] ", 1)[1] for line in ref.splitlines() if line.startswith("[h264 @")]
    assert expected
    got = []
    stream, packets = load_video(bad)
    analyze(stream, packets[:2], Logger("mov", lambda comp, lvl, msg: got.append((comp, msg))))
    assert [msg.rstrip("\n") for comp, msg in got if comp == "h264"] == expected
