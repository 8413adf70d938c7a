"""The stderr dump (cine.compat.dump) against the real FFmpeg 5.1.9 ffprobe, live.

Media is made with the real ffmpeg in a temporary directory (and the shared corpus is used when
present); each FormatContext is built from the reference's JSON (see dump_json_adapter), so these
tests check the dump's formatting, not cine's demuxer. Skipped when the reference is absent.
"""
from __future__ import annotations

import difflib
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest

from cine.compat.dump import dump_format
from dump_json_adapter import (FFPROBE, apply_reference_details, context_from_json, probe_json,
                               reference_dump)

FFMPEG = "/usr/bin/ffmpeg"
HAVE_REF = os.path.exists(FFPROBE) and os.path.exists(FFMPEG)
pytestmark = pytest.mark.skipif(not HAVE_REF, reason="reference FFmpeg 5.1.9 not installed")

CORPUS = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "shared", "corpus",
                      "files")
MP4_EXTS = (".mp4", ".m4a", ".m4v", ".mov", ".3gp", ".3g2", ".m4s", ".mj2")

V = ["-f", "lavfi", "-i", "testsrc=d=0.4:s=160x120:r=30"]
V10 = ["-f", "lavfi", "-i", "testsrc=d=0.2:s=64x48:r=10"]
A = ["-f", "lavfi", "-i", "sine=f=440:d=0.4"]
X264 = ["-c:v", "libx264", "-preset", "ultrafast"]
LONG = "x" * 300 + "\u00e9" * 10
CONTROL = "a\tb\x01c\x08d\x0be\x0cf\r\ng\n\nh"

# name -> ffmpeg arguments (inputs and options; the output is added)
MEDIA: dict[str, list[str]] = {
    "h264_aac.mp4": V + A + X264 + ["-c:a", "aac"],
    "h264_colour.mp4": V + X264 + ["-color_primaries", "bt709", "-color_trc", "bt709",
                                   "-colorspace", "bt709", "-color_range", "tv"],
    "h264_hdr.mp4": V + X264 + ["-color_primaries", "bt2020", "-color_trc", "smpte2084",
                                "-colorspace", "bt2020nc", "-color_range", "pc"],
    "h264_interlaced.mp4": V + X264 + ["-flags", "+ildct+ilme", "-x264opts", "interlaced=1"],
    "h264_sar.mp4": V + X264 + ["-vf", "setsar=4/3"],
    "h264_hi10.mp4": V + X264 + ["-pix_fmt", "yuv420p10le"],
    "h264_2997.mov": ["-f", "lavfi", "-i", "testsrc=d=0.4:s=64x48:r=30000/1001"] + X264,
    "h264_tmcd.mov": V + X264 + ["-timecode", "01:00:00:00"],
    "hevc10.mp4": V10 + ["-c:v", "libx265", "-pix_fmt", "yuv420p10le", "-tag:v", "hvc1",
                         "-x265-params", "log-level=error"],
    "av1.mp4": V10 + ["-c:v", "libaom-av1", "-cpu-used", "8"],
    "vp9.mp4": V10 + ["-c:v", "libvpx-vp9", "-deadline", "realtime"],
    "mpeg4.mp4": V + ["-c:v", "mpeg4"],
    "mjpeg.mov": V + ["-c:v", "mjpeg"],
    "prores4444.mov": V10 + ["-c:v", "prores_ks", "-profile:v", "4", "-pix_fmt", "yuva444p10le"],
    "raw_uyvy.mov": V10 + ["-c:v", "rawvideo", "-pix_fmt", "uyvy422"],
    "gray.mp4": V10 + X264 + ["-pix_fmt", "gray"],
    "aac_51.mp4": ["-f", "lavfi", "-i", "sine=d=0.4", "-ac", "6", "-c:a", "aac"],
    "mp3.mov": A + ["-c:a", "libmp3lame"],
    "alac24.m4a": A + ["-c:a", "alac", "-sample_fmt", "s32p"],
    "opus.mp4": A + ["-c:a", "libopus"],
    "flac24.mp4": A + ["-c:a", "flac", "-sample_fmt", "s32", "-strict", "-2"],
    "ac3.mp4": ["-f", "lavfi", "-i", "sine=d=0.4", "-ac", "6", "-c:a", "ac3"],
    "eac3.mp4": A + ["-c:a", "eac3"],
    "pcm24.mov": A + ["-c:a", "pcm_s24be"],
    "alaw.mov": A + ["-c:a", "pcm_alaw"],
    "subs.mp4": V + A + ["-f", "srt", "-i", "{srt}"] + X264 + [
        "-c:a", "aac", "-c:s", "mov_text", "-metadata:s:s:0", "language=eng"],
    "chapters.mp4": ["-i", "{chapters}"] + V + ["-map", "1", "-map_metadata", "0"] + X264,
    "metadata.mp4": A + ["-c:a", "aac", "-movflags", "use_metadata_tags",
                         "-metadata", "title=" + LONG, "-metadata", "comment=" + CONTROL,
                         "-metadata", "cl\u00e9=v", "-metadata", "averyverylongkeyname=1",
                         "-metadata:s:a:0", "language=fre"],
    "languages.mp4": V + A + A + ["-map", "0", "-map", "1", "-map", "2"] + X264 + [
        "-c:a", "aac", "-metadata:s:a:0", "language=eng", "-metadata:s:a:1", "language=ger",
        "-disposition:a:1", "0"],
    "cover.m4a": A + ["-i", "{png}", "-map", "0", "-map", "1", "-c:a", "aac", "-c:v", "png",
                      "-disposition:v", "attached_pic"],
    "fragmented.mp4": V + X264 + ["-movflags", "frag_keyframe+empty_moov"],
    "h263.3gp": ["-f", "lavfi", "-i", "testsrc=d=0.4:s=176x144:r=15", "-f", "lavfi", "-i",
                 "sine=d=0.4:r=8000", "-c:v", "h263", "-ac", "1", "-c:a", "aac"],
    "offset.mp4": V10 + X264 + ["-output_ts_offset", "10"],
    "long.mp4": ["-f", "lavfi", "-i", "testsrc=d=3725:s=16x16:r=1"] + X264,
    # remuxes of earlier outputs: (source name, options)
    "rot90.mp4": ["-i", "{h264_colour.mp4}", "-c", "copy", "-metadata:s:v:0", "rotate=90"],
    "rot45.mp4": ["-i", "{h264_colour.mp4}", "-c", "copy", "-metadata:s:v:0", "rotate=45"],
    "aspect.mp4": ["-i", "{h264_colour.mp4}", "-c", "copy", "-aspect", "16:9"],
    "stereo.mkv": ["-i", "{h264_colour.mp4}", "-c", "copy", "-metadata:s:v:0",
                   "stereo_mode=bottom_top"],
    "stereo.mp4": ["-i", "{stereo.mkv}", "-c", "copy", "-strict", "unofficial"],
    "programs.ts": ["-i", "{h264_aac.mp4}", "-i", "{h264_aac.mp4}", "-map", "0", "-map", "1",
                    "-c", "copy", "-program", "title=P1:st=0:st=1", "-program",
                    "title=P2:st=2:st=3", "-program", "title=P3:st=0"],
}


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("dump_media")
    (d / "s.srt").write_text("1\n00:00:00,000 --> 00:00:00,200\nhello\n\n"
                             "2\n00:00:00,200 --> 00:00:00,400\nworld\n")
    (d / "chapters.txt").write_text(";FFMETADATA1\ntitle=chaps\n[CHAPTER]\nTIMEBASE=1/1000\n"
                                    "START=0\nEND=200\ntitle=First\n[CHAPTER]\nTIMEBASE=1/1000\n"
                                    "START=200\nEND=400\ntitle=Second\n")
    subprocess.run([FFMPEG, "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=s=32x32",
                    "-frames:v", "1", str(d / "cover.png")], check=True)
    subst = {"srt": str(d / "s.srt"), "chapters": str(d / "chapters.txt"),
             "png": str(d / "cover.png")}
    made: dict[str, str] = {}

    def make(name: str) -> None:
        argv = []
        for a in MEDIA[name]:
            if a.startswith("{") and a.endswith("}"):
                a = subst.get(a[1:-1]) or made.get(a[1:-1]) or a
            argv.append(a)
        out = d / name
        r = subprocess.run([FFMPEG, "-v", "error", "-y", *argv, str(out)], capture_output=True)
        if r.returncode == 0:
            made[name] = str(out)

    def needs_other(name: str) -> bool:
        return any(a.strip("{}") in MEDIA for a in MEDIA[name] if a.startswith("{"))

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(make, [n for n in MEDIA if not needs_other(n)]))
    for name in MEDIA:          # remuxes of earlier outputs, in dependency order
        if needs_other(name):
            make(name)
    return made


def _check(path: str, loglevel: int = 32, extra: tuple[str, ...] = ()) -> None:
    doc = probe_json(path)
    if not doc.get("streams") and not doc.get("format"):
        pytest.skip("the reference cannot open %s" % os.path.basename(path))
    try:
        ref = reference_dump(path, extra)
    except LookupError:
        pytest.skip("the reference prints no dump for %s" % os.path.basename(path))
    ctx = context_from_json(doc, os.path.basename(path))
    apply_reference_details(ctx, ref)
    mine = dump_format(ctx, 0, os.path.basename(path), loglevel)
    if mine != ref:
        diff = "".join(difflib.unified_diff(ref.splitlines(True), mine.splitlines(True),
                                            "reference", "cine"))
        pytest.fail("dump differs for %s:\n%s" % (path, diff))


@pytest.mark.parametrize("name", sorted(MEDIA))
def test_generated_media(media_dir, name):
    if name not in media_dir:
        pytest.skip("the reference ffmpeg could not make %s here" % name)
    _check(media_dir[name])


@pytest.mark.parametrize("name", ["h264_tmcd.mov", "aac_51.mp4", "h264_hdr.mp4", "ac3.mp4",
                                  "h264_interlaced.mp4", "opus.mp4"])
def test_generated_media_verbose(media_dir, name):
    """At -v verbose the codec line adds refs and chroma location (engine values aside)."""
    if name not in media_dir:
        pytest.skip("not made")
    _check(media_dir[name], 40, ("-v", "verbose"))


def _corpus_files() -> list[str]:
    if not os.path.isdir(CORPUS):
        return []
    out = []
    for src in sorted(os.listdir(CORPUS)):
        for f in sorted(os.listdir(os.path.join(CORPUS, src))):
            if f.lower().endswith(MP4_EXTS):
                out.append(os.path.join(src, f))
    return out


@pytest.mark.parametrize("rel", _corpus_files() or ["<no corpus>"])
def test_corpus(rel):
    path = os.path.join(CORPUS, rel)
    if not os.path.exists(path):
        pytest.skip("corpus not present")
    _check(path)
