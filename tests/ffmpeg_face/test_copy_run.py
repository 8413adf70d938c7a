"""The stream-copy run against the real FFmpeg 5.1.9 (live; skipped when /usr/bin/ffmpeg is
absent): output time bases of raw muxers, failing writes (/dev/full, a pipe closed early),
bitstream filters the codec does not take, -output_ts_offset, -frames/-vframes/-aframes, -fs,
-shortest and -xerror. Same comparison as test_vs_reference.py: exit code, stdout, normalised
stderr and every file the run created.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from .test_vs_reference import FFMPEG, ROOT, check, normalise
from .test_vs_reference import media  # noqa: F401 (the shared media fixture)

pytestmark = pytest.mark.skipif(not os.access(FFMPEG, os.X_OK), reason="no /usr/bin/ffmpeg")

MEDIA = ("a.wav", "st.wav", "av.mp4", "multi.mkv", "f.flac", "m.mp3", "cov.mp3")


@pytest.fixture(scope="session")
def run_media(media, tmp_path_factory):  # noqa: F811
    """The shared media plus: 40 s of AAC (its ADTS copy is larger than the 256 KiB AVIO
    buffer), H.264 and HEVC with timing info, an MPEG-TS, and a faststart MP4 cut inside mdat."""
    d = tmp_path_factory.mktemp("ffmpeg_copy_run")
    for f in MEDIA:
        shutil.copy(media / f, d / f)

    def make(args, name):
        subprocess.run([FFMPEG, "-v", "error", "-y"] + args + ["-fflags", "+bitexact",
                                                              str(d / name)],
                       check=True, capture_output=True, timeout=120)

    make(["-f", "lavfi", "-i", "sine=d=40", "-c:a", "aac"], "long.m4a")
    make(["-f", "lavfi", "-i", "testsrc=d=2:s=160x120:r=25", "-f", "lavfi", "-i", "sine=d=3",
          "-c:v", "libx264", "-c:a", "aac"], "h.mp4")
    make(["-f", "lavfi", "-i", "testsrc=d=1:s=160x120:r=25", "-c:v", "libx265",
          "-x265-params", "log-level=none"], "hv.mp4")
    make(["-i", str(d / "h.mp4"), "-c", "copy"], "h.ts")
    make(["-i", str(d / "long.m4a"), "-f", "lavfi", "-i", "testsrc=d=40:s=64x48:r=10",
          "-map", "1:v", "-map", "0:a", "-c:a", "copy", "-c:v", "libx264", "-movflags",
          "+faststart"], "fs.mp4")
    data = (d / "fs.mp4").read_bytes()
    (d / "cut.mp4").write_bytes(data[:len(data) * 2 // 3])
    # ADTS whose 6th frame claims CRC protection and two raw data blocks: aac_adtstoasc
    # refuses it ("Multiple RDBs per frame with CRC is not implemented")
    make(["-f", "lavfi", "-i", "sine=d=1", "-c:a", "aac", "-f", "adts"], "ok.aac")
    adts = bytearray((d / "ok.aac").read_bytes())
    pos = 0
    for n in range(6):
        size = ((adts[pos + 3] & 3) << 11) | (adts[pos + 4] << 3) | (adts[pos + 5] >> 5)
        if n == 5:
            adts[pos + 1] &= 0xFE
            adts[pos + 6] = (adts[pos + 6] & 0xFC) | 1
        pos += size
    (d / "rdb.aac").write_bytes(bytes(adts))
    return d


RUN_FILES = MEDIA + ("long.m4a", "h.mp4", "hv.mp4", "h.ts", "cut.mp4", "rdb.aac")


def _check(run_media, tmp_path, argv):
    check(run_media, tmp_path, argv, files=RUN_FILES)


CASES = [
    # the output time base of muxers without AVFMT_VARIABLE_FPS: the decoder's time base
    ["-i", "h.mp4", "-an", "-c", "copy", "o.h264"],
    ["-i", "h.ts", "-an", "-c", "copy", "o.h264"],
    ["-i", "hv.mp4", "-c", "copy", "o.hevc"],
    ["-i", "av.mp4", "-an", "-c", "copy", "o.m4v"],
    ["-i", "h.ts", "-vn", "-c", "copy", "o.aac"],
    # failing writes
    ["-y", "-i", "av.mp4", "-vn", "-c", "copy", "-f", "adts", "/dev/full"],
    ["-y", "-i", "long.m4a", "-c", "copy", "-f", "adts", "/dev/full"],
    ["-y", "-i", "long.m4a", "-c", "copy", "-f", "wav", "/dev/full"],
    ["-y", "-i", "h.mp4", "-c", "copy", "-f", "mp4", "/dev/full"],
    ["-y", "-i", "fs.mp4", "-c", "copy", "-f", "mpegts", "/dev/full"],
    ["-y", "-i", "fs.mp4", "-c", "copy", "-f", "mp4", "-movflags", "frag_keyframe", "/dev/full"],
    ["-y", "-xerror", "-i", "long.m4a", "-c", "copy", "-f", "adts", "/dev/full"],
    # bitstream filters refused by av_bsf_init; a filter failing on packets
    ["-i", "hv.mp4", "-c", "copy", "-bsf:v", "h264_mp4toannexb", "-f", "null", "-"],
    ["-i", "h.ts", "-c", "copy", "-bsf:v", "hevc_mp4toannexb", "o.ts"],
    ["-i", "h.mp4", "-c", "copy", "-bsf:v", "null,hevc_mp4toannexb", "o.ts"],
    ["-i", "h.mp4", "-c", "copy", "-bsf:a", "h264_mp4toannexb", "o.ts"],
    ["-i", "rdb.aac", "-c", "copy", "o.m4a"],
    ["-i", "rdb.aac", "-c", "copy", "-fflags", "+bitexact", "o.mka"],
    # a truncated input, with and without -xerror
    ["-i", "cut.mp4", "-c", "copy", "o.mp4"],
    ["-xerror", "-i", "cut.mp4", "-c", "copy", "-f", "null", "-"],
    ["-xerror", "-i", "cut.mp4", "-vn", "-c", "copy", "o.aac"],
    # -output_ts_offset
    ["-i", "h.mp4", "-c", "copy", "-output_ts_offset", "2.5", "o.mp4"],
    ["-i", "h.mp4", "-c", "copy", "-output_ts_offset", "500ms", "o.ts"],
    ["-i", "h.mp4", "-c", "copy", "-output_ts_offset", "-1", "o.mp4"],
    ["-i", "h.mp4", "-c", "copy", "-output_ts_offset", "abc", "o.mp4"],
    # -frames and its aliases, -fs, -shortest
    ["-i", "h.mp4", "-frames:v", "10", "-c", "copy", "o.mp4"],
    ["-i", "h.mp4", "-vframes", "7", "-c", "copy", "-fflags", "+bitexact", "o.mkv"],
    ["-i", "h.mp4", "-aframes", "5", "-c", "copy", "o.mp4"],
    ["-i", "h.mp4", "-frames", "5", "-c", "copy", "o.mp4"],
    ["-i", "h.mp4", "-frames:a", "3", "-vn", "-c", "copy", "o.aac"],
    ["-i", "a.wav", "-c", "copy", "-frames:a", "3", "o.wav"],
    ["-i", "h.mp4", "-frames:v", "0", "-c", "copy", "o.mp4"],
    ["-i", "h.mp4", "-c", "copy", "-fs", "10000", "o.mp4"],
    ["-i", "h.mp4", "-c", "copy", "-fs", "10000", "o.ts"],
    ["-i", "h.mp4", "-vn", "-c", "copy", "-fs", "2000", "o.aac"],
    ["-i", "h.mp4", "-c", "copy", "-fs", "5000", "o1.mp4", "-c", "copy", "o2.mp4"],
    ["-i", "h.mp4", "-c", "copy", "-frames:v", "10", "o1.mp4", "-c", "copy", "o2.mp4"],
    ["-i", "h.mp4", "-c", "copy", "-shortest", "o.mp4"],
    ["-i", "a.wav", "-c", "copy", "-shortest", "o.wav"],
    ["-i", "h.mp4", "-i", "a.wav", "-map", "0:v", "-map", "1:a", "-c", "copy", "-fflags",
     "+bitexact", "-shortest", "o.mkv"],
    ["-i", "a.wav", "-i", "h.mp4", "-map", "1:v", "-map", "0:a", "-c", "copy", "-shortest",
     "-fflags", "+bitexact", "o.mkv"],
    # -copyts: the stats time counts from the first report's end pts
    ["-ss", "0.4", "-i", "h.mp4", "-copyts", "-c", "copy", "-fflags", "+bitexact", "o.mkv"],
    ["-copyts", "-i", "h.ts", "-c", "copy", "o.mp4"],
    # -stream_loop, -sseof
    ["-stream_loop", "1", "-i", "h.mp4", "-c", "copy", "o.mp4"],
    ["-stream_loop", "2", "-i", "a.wav", "-c", "copy", "o.wav"],
    ["-stream_loop", "1", "-i", "h.ts", "-c", "copy", "o.ts"],
    ["-stream_loop", "1", "-i", "m.mp3", "-c", "copy", "o.mp3"],
    ["-stream_loop", "-1", "-i", "a.wav", "-t", "3", "-c", "copy", "o.wav"],
    ["-sseof", "-1", "-i", "h.mp4", "-c", "copy", "o.mp4"],
    ["-sseof", "-10", "-i", "h.mp4", "-c", "copy", "o.mp4"],
    ["-sseof", "1", "-i", "h.mp4", "-c", "copy", "o.mp4"],
    ["-ss", "1", "-sseof", "-1", "-i", "h.mp4", "-c", "copy", "o.mp4"],
    # "Output #0" is dumped right after its header, before output #1 fails
    ["-i", "h.mp4", "-c", "copy", "o.mp4", "-map", "0", "-c", "copy", "o2.wav"],
    ["-i", "hv.mp4", "-c", "copy", "o.mp4", "-c", "copy", "-bsf:v", "h264_mp4toannexb", "o.ts"],
    # listings (the capability listings: tests/compat/test_listings*.py)
    ["-dispositions"],
    # av_opt constants of the disposition flags
    ["-i", "h.mp4", "-c", "copy", "-disposition:v", "none", "o.mp4"],
    ["-i", "h.mp4", "-c", "copy", "-disposition:v", "none+forced", "-disposition:a", "default",
     "o.mp4"],
    # 'Unknown encoder' of a later stream before cine's refusal of the default encoder
    ["-i", "h.mp4", "-c:a", "nosuchcodec", "o.m4a"],
]


@pytest.mark.parametrize("argv", CASES, ids=[" ".join(a) for a in CASES])
def test_copy_run(run_media, tmp_path, argv):
    _check(run_media, tmp_path, argv)


_STATS = re.compile(rb"^(frame=|size=).*$|^video:.*muxing overhead: .*$", re.M)


@pytest.mark.parametrize("fmt", ["adts", "mpegts", "wav"])
def test_pipe_closed_early(run_media, tmp_path, fmt):
    """`ffmpeg ... -f FMT - | head -c 100`: the write fails with EPIPE; the same messages in the
    same order (the sizes depend on when the reader went away)."""
    src = "fs.mp4" if fmt == "mpegts" else "long.m4a"
    argv = ["-hide_banner", "-nostdin", "-i", src, "-c", "copy", "-f", fmt, "-"]
    errs = []
    for tool in ("ref", "cine"):
        wd = tmp_path / tool
        wd.mkdir()
        shutil.copy(run_media / src, wd / src)
        cmd = ([FFMPEG] if tool == "ref" else [sys.executable, "-m", "cine", "ffmpeg"]) + argv
        env = dict(os.environ, PYTHONPATH=ROOT, LC_ALL="C")
        p = subprocess.Popen(cmd, cwd=wd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             stdin=subprocess.DEVNULL, env=env)
        p.stdout.read(100)
        p.stdout.close()
        err = p.stderr.read()
        rc = p.wait(timeout=120)
        errs.append((rc, _STATS.sub(b"<stats>", normalise(err))))
    assert errs[1] == errs[0]
    assert b"av_interleaved_write_frame(): Broken pipe" in errs[0][1]
