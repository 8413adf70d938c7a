"""cine's ffmpeg face against the real FFmpeg 5.1.9 on the same argv (live; skipped when
/usr/bin/ffmpeg is absent).

Each case runs both tools in their own temporary directory holding the same inputs, with stdin
at EOF, and compares the exit code, stdout, stderr and every file the run created or changed.
stderr normalisation: log addresses, the intermediate stats lines (their number and values
depend on timing; the final one is kept) and the timing fields speed=/fps= of that final line.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from .transcode_run_util import forkserver

FFMPEG = "/usr/bin/ffmpeg"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

pytestmark = pytest.mark.skipif(not os.access(FFMPEG, os.X_OK), reason="no /usr/bin/ffmpeg")

_ADDR = re.compile(rb"@ 0x[0-9a-f]+\]")
_PROGRESS = re.compile(rb"(?:\[info\] )?(?:frame=|size=)[^\r\n]*\r")
_SPEED = re.compile(rb"speed= *[^ ]+x|speed=N/A")
_FPS = re.compile(rb"fps= *[0-9.]+")


_BANNER = re.compile(rb"^(ffmpeg version .*|\s*built with .*|\s*configuration: .*)$", re.M)


def normalise_banner(data: bytes) -> bytes:
    """The banner's build lines identify the program (cine prints its own)."""
    return _BANNER.sub(b"<banner line>", data)


def normalise(stderr: bytes) -> bytes:
    s = _ADDR.sub(b"@ 0xADDR]", normalise_banner(stderr))
    s = _PROGRESS.sub(b"", s)
    s = _SPEED.sub(b"speed=X", s)
    return _FPS.sub(b"fps=X", s)


@pytest.fixture(scope="session")
def media(tmp_path_factory):
    d = tmp_path_factory.mktemp("ffmpeg_face_media")

    def make(args, name):
        subprocess.run([FFMPEG, "-v", "error", "-y"] + args + [str(d / name)], check=True,
                       capture_output=True, timeout=120)

    make(["-f", "lavfi", "-i", "sine=f=440:d=1", "-c:a", "pcm_s16le"], "a.wav")
    make(["-f", "lavfi", "-i", "sine=f=440:d=1", "-ac", "2", "-c:a", "pcm_s16le"], "st.wav")
    make(["-f", "lavfi", "-i", "sine=f=440:d=1", "-c:a", "flac", "-fflags", "+bitexact"], "f.flac")
    make(["-f", "lavfi", "-i", "sine=f=440:d=1", "-c:a", "libmp3lame", "-fflags", "+bitexact"],
         "m.mp3")
    # mp3 with a cover picture (attached_pic video stream)
    make(["-f", "lavfi", "-i", "sine=d=1", "-f", "lavfi", "-i", "testsrc=s=64x64:d=0.04",
          "-map", "0", "-map", "1", "-c:a", "libmp3lame", "-c:v", "png", "-disposition:v",
          "attached_pic", "-frames:v", "1", "-fflags", "+bitexact"], "cov.mp3")
    make(["-f", "lavfi", "-i", "testsrc=d=1:s=160x120:r=25", "-f", "lavfi", "-i", "sine=d=1",
          "-c:v", "mpeg4", "-c:a", "aac", "-shortest", "-fflags", "+bitexact"], "av.mp4")
    # two videos (small, big), two audios (mono, stereo), a subtitle, a language tag
    srt = d / "s.srt"
    srt.write_text("1\n00:00:00,000 --> 00:00:00,500\nhello\n")
    make(["-f", "lavfi", "-i", "testsrc=d=1:s=160x120:r=25",
          "-f", "lavfi", "-i", "testsrc=d=1:s=320x240:r=25",
          "-f", "lavfi", "-i", "sine=d=1", "-f", "lavfi", "-i", "sine=d=1:f=880",
          "-i", str(srt),
          "-map", "0", "-map", "1", "-map", "2", "-map", "3", "-map", "4",
          "-c:v", "mpeg4", "-c:a", "aac", "-ac:a:1", "2", "-c:s", "srt",
          "-metadata:s:a:1", "language=eng", "-metadata", "title=multi",
          "-fflags", "+bitexact"], "multi.mkv")
    return d


def run_both(media, tmp_path, argv, files=("a.wav", "st.wav", "av.mp4", "multi.mkv", "f.flac",
                                           "m.mp3", "cov.mp3"),
             stdin: bytes = b""):
    results = []
    for tool in ("ref", "cine"):
        wd = tmp_path / tool
        wd.mkdir()
        for f in files:
            shutil.copy(media / f, wd / f)
        before = {p: os.path.getmtime(wd / p) for p in os.listdir(wd)}
        cmd = ([FFMPEG] if tool == "ref" else [sys.executable, "-m", "cine", "ffmpeg"]) + argv
        env = dict(os.environ, PYTHONPATH=ROOT, LC_ALL="C")
        # cine's runs fork a warm cine process (compat-tests/forkserver.py)
        p = forkserver().subprocess_run(cmd, cwd=wd, input=stdin, capture_output=True,
                                        timeout=120, env=env)
        outputs = {}
        for name in sorted(os.listdir(wd)):
            if name not in before or os.path.getmtime(wd / name) != before[name]:
                with open(wd / name, "rb") as f:
                    outputs[name] = f.read()
        results.append((p.returncode, normalise_banner(p.stdout), normalise(p.stderr), outputs))
    return results


def check(media, tmp_path, argv, **kw):
    ref, cine = run_both(media, tmp_path, ["-hide_banner"] + argv, **kw)
    assert cine[2].decode("utf-8", "replace") == ref[2].decode("utf-8", "replace")
    assert cine[0] == ref[0]
    assert cine[1] == ref[1]
    assert sorted(cine[3]) == sorted(ref[3])
    for name in ref[3]:
        assert cine[3][name] == ref[3][name], "output %s differs" % name


# -- argument errors (no engine involved) --------------------------------------------------
ERRORS = [
    ["-foo"],
    ["-i"],
    ["-i", "a.wav", "-c:a"],
    ["-i", "a.wav", "-c:a", "copy"],
    ["-i", "a.wav", "-foo", "x", "o.wav"],
    ["-i", "nope.wav", "o.wav"],
    ["-i", "a.wav", "-f", "nosuch", "o.wav"],
    ["-i", "a.wav", "o.xyz"],
    ["-i", "a.wav", "-map", "1", "o.wav"],
    ["-i", "a.wav", "-map", "-1", "o.wav"],
    ["-i", "a.wav", "-map", "0:v", "o.wav"],
    ["-i", "a.wav", "-map", "0:x", "-c", "copy", "o.wav"],
    ["-i", "a.wav", "-c", "copy", "-af", "volume=2", "-f", "null", "-"],
    ["-i", "a.wav", "-ss", "1", "-to", "0.5", "-c", "copy", "-f", "null", "-"],
    ["-ss", "x", "-i", "a.wav"],
    ["-i", "a.wav", "-t", "zz", "o.wav"],
    ["-i", "a.wav", "-c", "copy", "-metadata", "foo", "-f", "null", "-"],
    ["-i", "a.wav", "-c", "copy", "-metadata:x", "a=b", "-f", "null", "-"],
    ["-i", "a.wav", "-y", "-vn", "-an", "o.wav"],
    ["o.wav"],
    [],
    ["-i", "a.wav"],
    ["-i", "a.wav", "-i", "av.mp4"],
    ["-v", "nonsense", "-i", "a.wav"],
    ["-loglevel", "error", "-i", "a.wav", "-map", "0:v", "o.wav"],
    ["-i", "a.wav", "-c", "copy", "-map_metadata", "3", "-f", "null", "-"],
    ["-i", "a.wav", "-c", "copy", "-map_chapters", "3", "-f", "null", "-"],
    ["-i", "a.wav", "-vn", "-i", "av.mp4"],
    ["-i", "a.wav", "-ss"],
    ["-i", "a.wav", "-disposition:a", "bogus", "-c", "copy", "-f", "null", "-"],
    ["-i", "a.wav", "-c:a", "nosuch", "o.wav"],
    ["-i", "a.wav", "-c:x", "copy", "o.wav"],
    ["-i", "a.wav", "-i", "a.wav", "-map", "0", "-map", "2:a", "o.wav"],
    ["-i", "a.wav", "-c", "copy", "-map_metadata", "0:s:v", "-f", "null", "-"],
    ["-i", "a.wav", "-ss", "1", "-i", "a.wav"],
    ["-i", "a.wav", "-itsoffset", "1", "o.wav"],
    ["-f", "nosuchdemuxer", "-i", "a.wav"],
    ["-h"],
    ["-h", "long"],
    ["-version"],
    ["-n", "-y", "-i", "a.wav", "-c", "copy", "o.wav"],
    ["-c", "copy", "-i", "a.wav", "-f", "null", "-"],
    ["-an", "-i", "av.mp4", "-map", "0:a", "-c", "copy", "-f", "null", "-"],
    ["-c:a", "nosuch", "-i", "nope.wav", "-c", "copy", "-f", "null", "-"],
    ["-c:a", "h264", "-i", "a.wav", "-c", "copy", "-f", "null", "-"],
    ["-i", "a.wav", "-c:a", "h264", "o.wav"],
    ["-i", "a.wav", "-c", "copy", "-metadata:c:0", "title=x", "-f", "null", "-"],
    ["-i", "a.wav", "-c", "copy", "-metadata:p:0", "title=x", "-f", "null", "-"],
    ["-i", "a.wav", "-c", "copy", "-metadata:q", "title=x", "-f", "null", "-"],
    ["-i", "a.wav", "-c", "copy", "-metadata:s:x", "title=x", "-f", "null", "-"],
    ["-i", "a.wav", "-t", "1", "-to", "2", "-c", "copy", "-f", "null", "-", "-y"],
    ["-i", "multi.mkv", "-map", "0:s", "-f", "null", "-"],
    ["-i", "a.wav", "-map", "0,1", "-c", "copy", "-f", "null", "-"],
    ["-i", "a.wav", "-map", "[out]", "-c", "copy", "-f", "null", "-"],
    ["-i", "a.wav", "-c", "copy", "-stats_period", "0", "-f", "null", "-"],
    ["-stats_period", "x", "-i", "a.wav", "-c", "copy", "-f", "null", "-"],
    ["-i", "a.wav", "-c", "copy", "/nonexistent/o.wav"],
    ["-i", "a.wav", "-c", "copy", "-f", "wav", "-y", "/"],
    ["-i", "a.wav", "-c", "copy", "file:/nonexistent/x.wav"],
    ["-i", "a.wav", "-c", "copy", "o.wav", "-c", "copy", "/nonexistent/o2.wav"],
    ["-stats_period", "2", "-i", "a.wav", "-c", "copy", "-f", "null", "-"],
    ["-progress", "/nonexistent/dir/p.txt", "-i", "a.wav", "-c", "copy", "-f", "null", "-"],
]


@pytest.mark.parametrize("argv", ERRORS, ids=[" ".join(a) or "(none)" for a in ERRORS])
def test_argument_errors(media, tmp_path, argv):
    check(media, tmp_path, argv)


# -- overwrite --------------------------------------------------------------------------
OVERWRITE = [
    (["-i", "a.wav", "-c", "copy", "st.wav"], b""),
    (["-i", "a.wav", "-c", "copy", "st.wav"], b"n\n"),
    (["-nostdin", "-i", "a.wav", "-c", "copy", "st.wav"], b""),
    (["-n", "-i", "a.wav", "-c", "copy", "st.wav"], b""),
    (["-y", "-n", "-i", "a.wav", "-c", "copy", "st.wav"], b""),
    (["-y", "-i", "a.wav", "-c", "copy", "a.wav"], b""),
    (["-i", "a.wav", "-c", "copy", "file:a.wav"], b"y\n"),
    (["-i", "a.wav", "-c", "copy", "st.wav"], b"y\n"),
    (["-i", "a.wav", "-c", "copy", "st.wav"], b"Yes\n"),
]


@pytest.mark.parametrize("argv,stdin", OVERWRITE, ids=[" ".join(a) + repr(s) for a, s in OVERWRITE])
def test_overwrite(media, tmp_path, argv, stdin):
    check(media, tmp_path, argv, stdin=stdin)


# -- jobs cine refuses (need an encoder or filter graph it lacks) -----------------------------------------------
REFUSED = [
    ["-i", "a.wav", "-c:a", "aac", "o.m4a"],
    ["-i", "a.wav", "-c:a", "libmp3lame", "o.mp3"],
    ["-i", "av.mp4", "-c:v", "copy", "o.mp4"],
    ["-i", "a.wav", "-filter_complex", "anull", "-c", "copy", "o.wav"],
]


@pytest.mark.parametrize("argv", REFUSED, ids=[" ".join(a) for a in REFUSED])
def test_refused_jobs_fail_cleanly(media, tmp_path, argv):
    """The reference transcodes; cine must fail with exit 1, a message naming what is missing,
    no traceback and no output file."""
    ref, cine = run_both(media, tmp_path, ["-hide_banner"] + argv)
    assert cine[0] == 1
    err = cine[2].decode("utf-8", "replace")
    assert "Traceback" not in err and "internal error" not in err
    assert re.search(r"encoder|decod|filter", err)
    assert not cine[3]


UNSUPPORTED = [
    ["-copytb", "1", "-i", "a.wav", "-c", "copy", "o.wav"],
    ["-i", "a.wav", "-c", "copy", "-attach", "st.wav", "o.wav"],
]


@pytest.mark.parametrize("argv", UNSUPPORTED, ids=[" ".join(a) for a in UNSUPPORTED])
def test_unsupported_options_fail_cleanly(media, tmp_path, argv):
    """Options whose effect cine's stream copy does not implement: exit 1, one line naming
    the option, no output file (never a silently different result)."""
    _, cine = run_both(media, tmp_path, ["-hide_banner"] + argv)
    err = cine[2].decode("utf-8", "replace")
    assert cine[0] == 1
    assert "Traceback" not in err and "internal error" not in err
    opt = next(a for a in argv if a.startswith("-") and a not in ("-i", "-c", "-hide_banner"))
    assert "option %s is not supported" % opt in err
    assert not cine[3]


def _have_engine() -> bool:
    return os.path.exists(os.path.join(ROOT, "cine", "engine", "pipeline", "copy.py"))


needs_engine = pytest.mark.skipif(not _have_engine(), reason="cine.engine.pipeline.copy not there yet")

# -- stream copy end to end: stream selection through the null muxer ------------------------------
NULL = [
    ["-i", "a.wav", "-c", "copy", "-f", "null", "-"],
    ["-i", "a.wav", "-c:a", "copy", "-f", "null", "-"],
    ["-i", "av.mp4", "-c", "copy", "-f", "null", "-"],
    ["-i", "av.mp4", "-vn", "-c", "copy", "-f", "null", "-"],
    ["-i", "av.mp4", "-an", "-c", "copy", "-f", "null", "-"],
    ["-i", "multi.mkv", "-c", "copy", "-f", "null", "-"],
    ["-i", "multi.mkv", "-map", "0", "-c", "copy", "-f", "null", "-"],
    ["-i", "multi.mkv", "-map", "0", "-map", "-0:a", "-c", "copy", "-f", "null", "-"],
    ["-i", "multi.mkv", "-map", "0:a", "-c", "copy", "-f", "null", "-"],
    ["-i", "multi.mkv", "-map", "0:m:language:eng", "-c", "copy", "-f", "null", "-"],
    ["-i", "multi.mkv", "-map", "0:s?", "-map", "0:d?", "-c", "copy", "-f", "null", "-"],
    ["-i", "multi.mkv", "-map", "0:v:1", "-map", "0:a:0", "-c", "copy", "-f", "null", "-"],
    ["-i", "multi.mkv", "-map", "0", "-sn", "-c", "copy", "-f", "null", "-"],
    ["-i", "multi.mkv", "-map", "0", "-c", "copy", "-disposition:a:1", "default",
     "-f", "null", "-"],
    ["-i", "multi.mkv", "-map", "0:a", "-c", "copy", "-metadata:s:a:0", "language=fre",
     "-metadata", "title=x", "-f", "null", "-"],
    ["-i", "multi.mkv", "-c", "copy", "-map_metadata", "-1", "-f", "null", "-"],
    ["-i", "a.wav", "-i", "st.wav", "-c", "copy", "-f", "null", "-"],
    ["-i", "a.wav", "-i", "st.wav", "-map", "1", "-map", "0", "-c", "copy", "-f", "null", "-"],
    ["-i", "a.wav", "-i", "st.wav", "-map", "1:a,0:0", "-map", "0", "-c", "copy", "-f", "null", "-"],
    ["-i", "a.wav", "-i", "st.wav", "-map", "0,1:v", "-c", "copy", "-f", "null", "-"],
    ["-i", "multi.mkv", "-map", "0:V", "-map", "0:1", "-c", "copy", "-f", "null", "-"],
    ["-i", "multi.mkv", "-map", "0:a:1", "-map", "0:a:0", "-c", "copy", "-disposition:a:0",
     "0", "-disposition:a:1", "+forced", "-f", "null", "-"],
    ["-i", "multi.mkv", "-c:v", "copy", "-c:a", "copy", "-c:s", "copy", "-f", "null", "-"],
    ["-v", "error", "-i", "av.mp4", "-f", "null", "-"],
    ["-vn", "-i", "av.mp4", "-c", "copy", "-f", "null", "-"],
    ["-an", "-i", "av.mp4", "-map", "0:a?", "-c", "copy", "-f", "null", "-"],
    ["-an", "-i", "av.mp4", "-map", "0", "-c", "copy", "-f", "null", "-"],
    ["-i", "av.mp4", "-map", "-0:a", "-c", "copy", "-f", "null", "-"],
    ["-i", "av.mp4", "-map", "0", "-map", "-0:v", "-map", "-0:a", "-c", "copy", "-f", "null", "-"],
    ["-i", "av.mp4", "-c", "copy", "-nostats", "-f", "null", "-"],
    ["-nostdin", "-i", "a.wav", "-c", "copy", "-f", "null", "-"],
    ["-i", "a.wav", "-c", "copy", "-f", "null", "pipe:1"],
]


@needs_engine
@pytest.mark.parametrize("argv", NULL, ids=[" ".join(a) for a in NULL])
def test_null_output(media, tmp_path, argv):
    check(media, tmp_path, argv)


FILES = [
    ["-i", "a.wav", "-c", "copy", "o.wav"],
    ["-i", "st.wav", "-c:a", "copy", "-f", "wav", "o.bin"],
    ["-i", "a.wav", "-c", "copy", "-metadata", "title=hello", "o.wav"],
    ["-i", "a.wav", "-c", "copy", "-y", "st.wav"],
    ["-i", "a.wav", "-c", "copy", "-f", "wav", "-"],
    ["-i", "a.wav", "-c", "copy", "-f", "wav", "pipe:1"],
    ["-i", "file:a.wav", "-c", "copy", "file:o.wav"],
    ["-i", "a.wav", "-c", "copy", "o1.wav", "-c", "copy", "o2.wav"],
    ["-i", "a.wav", "-c", "copy", "-f", "null", "-", "-c", "copy", "o2.wav"],
    ["-i", "a.wav", "-t", "0.5", "-c", "copy", "o.wav"],
    ["-i", "a.wav", "-acodec", "copy", "o.wav"],
    ["-i", "a.wav", "-codec:a", "copy", "-threads", "4", "o.wav"],
    ["-v", "error", "-stats", "-i", "a.wav", "-c", "copy", "o.wav"],
    ["-v", "error", "-i", "a.wav", "-c", "copy", "o.wav"],
    ["-loglevel", "level+info", "-i", "a.wav", "-c", "copy", "o.wav"],
    ["-nostats", "-i", "a.wav", "-c", "copy", "-map_metadata", "-1", "o.wav"],
    ["-i", "a.wav", "-c", "copy", "-map_metadata:s:a", "0:g", "-f", "null", "-"],
    # audio out of video, elementary streams
    ["-i", "av.mp4", "-vn", "-c:a", "copy", "o.aac"],
    ["-i", "av.mp4", "-vn", "-c", "copy", "-f", "adts", "-"],
    ["-i", "av.mp4", "-c", "copy", "o.aac"],
    ["-i", "m.mp3", "-c", "copy", "o.mp3"],
    ["-i", "m.mp3", "-c:a", "copy", "-metadata", "title=T", "o.mp3"],
    ["-i", "m.mp3", "-c", "copy", "o.aac"],
    ["-i", "f.flac", "-c", "copy", "o.flac"],
    ["-i", "a.wav", "-ss", "0.5", "-t", "0.5", "-c", "copy", "o.wav"],
    ["-t", "0.5", "-i", "a.wav", "-c", "copy", "o.wav"],
    ["-to", "0.5", "-i", "a.wav", "-c", "copy", "o.wav"],
    ["-itsoffset", "1", "-i", "a.wav", "-c", "copy", "o.wav"],
    ["-i", "m.mp3", "-ss", "0.3", "-c", "copy", "o.mp3"],
    ["-i", "a.wav", "-i", "m.mp3", "-map", "0", "-map_metadata", "1", "-c", "copy", "o.wav"],
    ["-i", "av.mp4", "-map_metadata:s:a", "0:s:v", "-map", "0:a", "-c", "copy", "o.aac"],
    ["-i", "av.mp4", "-map", "0:a", "-metadata:s:a", "handler_name=", "-c", "copy", "-f",
     "null", "-"],
    ["-i", "m.mp3", "-c", "copy", "-id3v2_version", "4", "-metadata", "title=a\\b", "o.mp3"],
    ["-i", "m.mp3", "-c", "copy", "-write_xing", "0", "o.mp3"],
    ["-i", "cov.mp3", "-c", "copy", "o.mp3"],
    ["-i", "cov.mp3", "-c", "copy", "-f", "null", "-"],
    ["-i", "cov.mp3", "-c", "copy", "o.flac"],
    ["-i", "cov.mp3", "-vn", "-c", "copy", "o.mp3"],
    ["-i", "av.mp4", "-an", "-c", "copy", "o.h264"],
    # errors met while the engine sets up the output (header) and bitstream filter names
    ["-i", "av.mp4", "-map", "0", "-c", "copy", "o.wav"],
    ["-i", "av.mp4", "-c", "copy", "-bsf:v", "nosuch", "-f", "null", "-"],
    ["-i", "av.mp4", "-c", "copy", "-bsf:v", "null,nosuch", "-f", "null", "-"],
    ["-i", "av.mp4", "-vn", "-c", "copy", "o.wav"],
    ["-v", "error", "-i", "av.mp4", "-f", "null", "-"],
    ["-v", "error", "-i", "multi.mkv", "-map", "0", "-f", "null", "-"],
    # Matroska / WebM (random UIDs: byte comparison needs -fflags +bitexact)
    ["-i", "av.mp4", "-c", "copy", "-fflags", "+bitexact", "o.mkv"],
    ["-i", "av.mp4", "-vn", "-c:a", "copy", "-fflags", "+bitexact", "o.mka"],
    ["-i", "f.flac", "-c", "copy", "-fflags", "+bitexact", "o.mka"],
    ["-i", "m.mp3", "-c", "copy", "-fflags", "+bitexact", "o.mka"],
    ["-i", "a.wav", "-c", "copy", "-fflags", "+bitexact", "o.mka"],
    ["-i", "multi.mkv", "-map", "0", "-c", "copy", "-fflags", "+bitexact", "o.mkv"],
    ["-i", "av.mp4", "-c", "copy", "-fflags", "+bitexact", "-f", "matroska", "-"],
    ["-i", "cov.mp3", "-c", "copy", "-fflags", "+bitexact", "o.mka"],
    ["-i", "av.mp4", "-c", "copy", "o.webm"],
    ["-i", "a.wav", "-c", "copy", "o.webm"],
    # MPEG-TS (deterministic: no -fflags +bitexact needed)
    ["-i", "av.mp4", "-c", "copy", "o.ts"],
    ["-i", "av.mp4", "-c", "copy", "o.m2ts"],
    ["-i", "av.mp4", "-vn", "-c", "copy", "o.ts"],
    ["-i", "multi.mkv", "-map", "0", "-c", "copy", "o.ts"],
    ["-i", "m.mp3", "-c", "copy", "o.ts"],
    ["-i", "av.mp4", "-c", "copy", "-mpegts_flags", "+resend_headers", "-mpegts_service_id", "5",
     "-metadata", "service_name=x", "-muxrate", "1M", "o.ts"],
    ["-i", "av.mp4", "-c", "copy", "-f", "mpegts", "-"],
    ["-i", "av.mp4", "-c", "copy", "-mpegts_start_pid", "0x1000", "o.ts"],
    ["-i", "av.mp4", "-c", "copy", "-mpegts_flags", "nosuch", "o.ts"],
    ["-i", "av.mp4", "-c", "copy", "-muxdelay", "0.2", "-pcr_period", "30", "o.ts"],
]


STDIN = [
    ["-i", "-", "-c", "copy", "-f", "wav", "o.wav"],
    ["-i", "pipe:0", "-c", "copy", "-f", "null", "-"],
    ["-f", "wav", "-i", "-", "-c", "copy", "-f", "null", "-"],
    ["-i", "-", "-c", "copy", "-f", "wav", "-"],
]


@needs_engine
@pytest.mark.parametrize("argv", STDIN, ids=[" ".join(a) for a in STDIN])
def test_stdin_input(media, tmp_path, argv):
    with open(media / "a.wav", "rb") as f:
        data = f.read()
    check(media, tmp_path, argv, stdin=data)


@needs_engine
@pytest.mark.parametrize("argv", FILES, ids=[" ".join(a if isinstance(a, list) else a.values[0])
                                             for a in FILES])
def test_file_output(media, tmp_path, argv):
    check(media, tmp_path, argv)


@needs_engine
def test_progress_blocks(media, tmp_path):
    """-progress writes key=value blocks ending with progress=end."""
    ref, cine = run_both(media, tmp_path, ["-hide_banner", "-progress", "prog.txt", "-i", "a.wav",
                                           "-c", "copy", "-f", "null", "-"])
    def last_block(data):
        text = data.decode()
        blocks = text.split("progress=continue\n")
        last = blocks[-1]
        return re.sub(r"speed=.*\n", "speed=X\n", last)
    assert cine[0] == ref[0] == 0
    assert last_block(cine[3]["prog.txt"]) == last_block(ref[3]["prog.txt"])


@needs_engine
def test_progress_to_stdout(media, tmp_path):
    ref, cine = run_both(media, tmp_path, ["-hide_banner", "-progress", "-", "-i", "av.mp4",
                                           "-c", "copy", "-f", "null", "-"])
    def last_block(data):
        last = data.decode().split("progress=continue\n")[-1]
        return re.sub(r"(speed|fps)=.*\n", "\\1=X\n", last)
    assert cine[0] == ref[0] == 0
    assert cine[2] == ref[2]
    assert last_block(cine[1]) == last_block(ref[1])
    assert cine[1].endswith(b"progress=end\n")


# -- Ogg muxers (ogg, oga, ogv, opus, spx) ------------------------------------------------------
# The reference draws random serial numbers: byte comparisons need -fflags +bitexact (or
# -bitexact); without it the outputs are compared packet for packet.
@pytest.fixture(scope="session")
def ogg_media(tmp_path_factory):
    d = tmp_path_factory.mktemp("ffmpeg_face_ogg")
    a = ["-f", "lavfi", "-i", "sine=f=440:d=2.5"]
    v = ["-f", "lavfi", "-i", "testsrc=d=2.5:s=160x120:r=10"]
    for name, args in (("op.mp4", a + ["-ac", "2", "-c:a", "libopus"]),
                       ("op.webm", a + ["-c:a", "libopus"]),
                       ("op.opus", a + ["-c:a", "libopus"]),
                       ("v.ogg", a + ["-c:a", "libvorbis", "-metadata", "title=T",
                                      "-metadata", "album_artist=AA"]),
                       ("tv.ogv", v + a + ["-c:v", "libtheora", "-c:a", "libvorbis"]),
                       ("sp.spx", a + ["-ar", "16000", "-c:a", "libspeex"]),
                       ("fl.flac", a + ["-c:a", "flac"])):
        subprocess.run([FFMPEG, "-v", "error", "-y"] + args + ["-fflags", "+bitexact",
                                                              str(d / name)],
                       check=True, capture_output=True, timeout=120)
    return d


OGG_FILES = ("op.mp4", "op.webm", "op.opus", "v.ogg", "tv.ogv", "sp.spx", "fl.flac")
OGG = [
    ["-i", "op.mp4", "-vn", "-c:a", "copy", "-fflags", "+bitexact", "o.opus"],
    ["-i", "op.webm", "-vn", "-c:a", "copy", "-fflags", "+bitexact", "o.opus"],
    ["-i", "op.opus", "-c", "copy", "-fflags", "+bitexact", "o.opus"],
    ["-i", "v.ogg", "-c", "copy", "-fflags", "+bitexact", "-f", "ogg", "-"],
    ["-i", "v.ogg", "-c", "copy", "-fflags", "+bitexact", "-f", "ogg", "pipe:1"],
    ["-i", "v.ogg", "-c", "copy", "-fflags", "bitexact", "-map_metadata", "-1", "o.ogg"],
    ["-i", "v.ogg", "-c", "copy", "-bitexact", "-metadata", "comment=c", "-metadata:s:a:0",
     "title=S", "o.oga"],
    ["-i", "tv.ogv", "-c", "copy", "-fflags", "+bitexact", "o.ogv"],
    ["-i", "tv.ogv", "-c", "copy", "-fflags", "+bitexact", "-page_duration", "200000", "o.ogg"],
    ["-i", "tv.ogv", "-vn", "-c:a", "copy", "-fflags", "+bitexact", "o.oga"],
    ["-i", "tv.ogv", "-ss", "1", "-t", "1", "-c", "copy", "-fflags", "+bitexact", "o.ogv"],
    ["-i", "fl.flac", "-c", "copy", "-fflags", "+bitexact", "o.oga"],
    ["-i", "fl.flac", "-c", "copy", "-fflags", "+bitexact", "-oggpagesize", "2000", "o.ogg"],
    ["-i", "sp.spx", "-c", "copy", "-fflags", "+bitexact", "-metadata", "title=x", "o.spx"],
    ["-i", "op.mp4", "-c", "copy", "-fflags", "+bitexact", "-serial_offset", "7", "o.ogg"],
    ["-v", "error", "-i", "op.opus", "-c", "copy", "-fflags", "+bitexact", "o.opus"],
    ["-i", "v.ogg", "-c", "copy", "-fflags", "+bitexact", "-page_duration", "0.1M", "-pagesize",
     "4Ki", "o.ogg"],
    # the muxer's private options: values that do not parse, values out of range
    ["-i", "v.ogg", "-c", "copy", "-page_duration", "abc", "o.ogg"],
    ["-i", "v.ogg", "-c", "copy", "-serial_offset", "-5", "o.ogg"],
    ["-i", "v.ogg", "-c", "copy", "-oggpagesize", "70000", "o.ogg"],
]


@needs_engine
@pytest.mark.parametrize("argv", OGG, ids=[" ".join(a if isinstance(a, list) else a.values[0])
                                           for a in OGG])
def test_ogg_output_bitexact(ogg_media, tmp_path, argv):
    check(ogg_media, tmp_path, argv, files=OGG_FILES)


@needs_engine
def test_ogg_from_stdin(ogg_media, tmp_path):
    data = (ogg_media / "op.opus").read_bytes()
    check(ogg_media, tmp_path, ["-i", "-", "-c", "copy", "-fflags", "+bitexact", "-f", "opus",
                                "-"], files=OGG_FILES, stdin=data)


OGG_RANDOM = [
    ["-i", "v.ogg", "-c", "copy", "o.ogg"],
    ["-i", "tv.ogv", "-c", "copy", "o.ogv"],
    ["-i", "op.mp4", "-vn", "-c:a", "copy", "-f", "ogg", "-"],
]


@needs_engine
@pytest.mark.parametrize("argv", OGG_RANDOM, ids=[" ".join(a) for a in OGG_RANDOM])
def test_ogg_output_random_serials(ogg_media, tmp_path, argv):
    """Same stderr and exit code; outputs identical packet for packet (ffprobe -show_packets
    -show_data_hash md5), serial numbers random in both."""
    ref, cine = run_both(ogg_media, tmp_path, ["-hide_banner"] + argv, files=OGG_FILES)
    assert cine[2].decode("utf-8", "replace") == ref[2].decode("utf-8", "replace")
    assert cine[0] == ref[0] == 0

    def probe(data, name):
        path = tmp_path / name
        path.write_bytes(data)
        return subprocess.run([FFMPEG.replace("ffmpeg", "ffprobe"), "-v", "error",
                               "-show_packets", "-show_data_hash", "md5", str(path)],
                              capture_output=True, check=True).stdout

    if argv[-1] == "-":
        outs = [(ref[1], cine[1])]
    else:
        assert sorted(cine[3]) == sorted(ref[3])
        outs = [(ref[3][n], cine[3][n]) for n in ref[3]]
    for r, c in outs:
        assert len(c) == len(r) and c[:4] == b"OggS"
        assert probe(c, "c.ogg") == probe(r, "r.ogg")


OGG_ERRORS = [
    ["-i", "av.mp4", "-c", "copy", "o.ogg"],
    ["-i", "av.mp4", "-vn", "-c", "copy", "-f", "ogg", "-"],
    ["-i", "a.wav", "-c", "copy", "o.opus"],
    ["-i", "m.mp3", "-c", "copy", "o.spx"],
]


@needs_engine
@pytest.mark.parametrize("argv", OGG_ERRORS, ids=[" ".join(a) for a in OGG_ERRORS])
def test_ogg_unsupported_codecs(media, tmp_path, argv):
    check(media, tmp_path, argv)
