"""Fixtures for the ffprobe-face tests: small media made by the reference ffmpeg in a temporary
directory (once per session), and a runner comparing cine with the reference ffprobe."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))
import ffprobe_jsonctx as J  # noqa: E402

FFMPEG = "/usr/bin/ffmpeg"

_CHAPTERS = """;FFMETADATA1
[CHAPTER]
TIMEBASE=1/1000
START=0
END=500
title=First
[CHAPTER]
TIMEBASE=1/1000
START=500
END=1000
title=Second
"""

# name -> ffmpeg arguments (after the global ones); inputs refer to files in the media dir
MEDIA = {
    "h264_aac.mp4": ["-f", "lavfi", "-i", "testsrc=d=1:s=320x240:r=30", "-f", "lavfi", "-i",
                     "sine=f=440:d=1", "-c:v", "libx264", "-c:a", "aac",
                     "-metadata", 'title=T\u00eftle "q" $x `y` \\z <&>',
                     "-metadata:s:a", "language=fra",
                     "-metadata", "comment=a=b:c#d,e|f\nline2\ttab", "-t", "1"],
    "hevc10.mp4": ["-f", "lavfi", "-i", "testsrc=d=1:s=320x240:r=25", "-c:v", "libx265",
                   "-x265-params", "log-level=none", "-tag:v", "hvc1", "-pix_fmt", "yuv420p10le",
                   "-t", "1"],
    "mpeg4_mp3.mov": ["-f", "lavfi", "-i", "testsrc=d=1:s=176x144:r=25", "-f", "lavfi", "-i",
                      "sine=d=1", "-c:v", "mpeg4", "-c:a", "libmp3lame", "-t", "1"],
    "alac.m4a": ["-f", "lavfi", "-i", "sine=d=1", "-c:a", "alac", "-t", "1"],
    "rot_sar.mp4": ["-f", "lavfi", "-i", "testsrc=d=1:s=320x240:r=25", "-c:v", "libx264",
                    "-metadata:s:v", "rotate=90", "-aspect", "16:9", "-t", "1"],
    "chapters.m4a": ["-f", "lavfi", "-i", "sine=d=1", "-i", "{dir}/chapters.txt",
                     "-map_metadata", "1", "-c:a", "aac", "-t", "1"],
    "pcm.mov": ["-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-c:a", "pcm_s16le", "-t", "1"],
    "tmcd.mov": ["-f", "lavfi", "-i", "testsrc=d=1:s=160x120:r=25", "-c:v", "libx264",
                 "-timecode", "01:00:00:00", "-t", "1"],
    "multi.mp4": ["-f", "lavfi", "-i", "testsrc=d=1:s=160x120:r=25", "-f", "lavfi", "-i",
                  "sine=d=1", "-map", "0", "-map", "1", "-map", "0", "-map", "1",
                  "-c:v", "libx264", "-c:a", "aac", "-metadata:s:v:1", "language=fra",
                  "-metadata:s:a:1", "language=eng", "-disposition:a:1", "0", "-t", "1"],
    # not an MP4-family file: only its programs matter here (the engine is bypassed)
    "programs.ts": ["-f", "lavfi", "-i", "testsrc=d=1:s=160x120:r=25", "-f", "lavfi", "-i",
                    "sine=d=1", "-map", "0", "-map", "1", "-map", "1", "-c:v", "libx264",
                    "-c:a", "aac", "-program", "title=P1:program_num=1:st=0:st=1",
                    "-program", "title=P2:program_num=2:st=2", "-metadata:s:a:1", "language=ger"],
}


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory):
    if not (J.HAVE_FFPROBE and os.access(FFMPEG, os.X_OK)):
        pytest.skip("reference FFmpeg 5.1.9 not installed")
    d = tmp_path_factory.mktemp("ffprobe_media")
    (d / "chapters.txt").write_text(_CHAPTERS)
    for name, args in MEDIA.items():
        args = [a.replace("{dir}", str(d)) for a in args]
        subprocess.run([FFMPEG, "-v", "error", "-y", *args, str(d / name)], check=True,
                       capture_output=True)
    return str(d)


_CACHE: dict = {}


@pytest.fixture
def compare(monkeypatch, capfdbinary):
    """compare(path, args, cwd): run cine on the reference's view of path (engine bypassed)
    and the reference itself; assert identical stdout and exit code; return both stderrs."""
    def run(path: str, args: list[str], cwd: str, check_stderr: bool = False):
        key = (cwd, path)
        if key not in _CACHE:
            _CACHE[key] = J.load_context(path, cwd)
        ctx, book = _CACHE[key]
        import copy
        ctx = copy.deepcopy(ctx)
        monkeypatch.chdir(cwd)
        with J.patched_engine(monkeypatch, ctx, book):
            out, err, rc = J.run_cine([*args, path], capfdbinary)
        ref_out, ref_err, ref_rc = J.reference([*args, path], cwd)
        assert out.decode("utf-8", "replace") == ref_out.decode("utf-8", "replace")
        assert out == ref_out
        assert rc == ref_rc
        if check_stderr:
            assert _norm(err) == _norm(ref_err)
        return err, ref_err
    return run


def _norm(b: bytes) -> bytes:
    import re
    return re.sub(rb"@ 0x[0-9a-f]+", b"@ 0xADDR", b)


@pytest.fixture
def live(monkeypatch, capfdbinary):
    """live(args, cwd): cine end to end (real engine) against the reference; returns
    ((out, err, rc), (ref_out, ref_err, ref_rc)) with stderr addresses normalised."""
    def run(args: list[str], cwd: str):
        monkeypatch.chdir(cwd)
        out, err, rc = J.run_cine(list(args), capfdbinary)
        ref = J.reference(list(args), cwd)
        return (out, _norm(err), rc), (ref[0], _norm(ref[1]), ref[2])
    return run
