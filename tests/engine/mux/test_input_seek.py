"""Input -ss over the demuxers that seek through the generic index (mp3, adts, ac3/eac3), the
binary search over read_timestamp (flac, ogg), Matroska's Cues and AVI's index: the stream
copy of ffmpeg 5.1.9 starts at the same packet with the same timestamps (output bytes equal);
and Input.seek lands where the reference's avformat_seek_file lands (the first packet read
after it, against ffprobe -read_intervals)."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from cine.engine.demux import open_input

from .util import FFMPEG, ROOT, fixture, needs_ffmpeg

FFPROBE = "/usr/bin/ffprobe"

CASES = [
    ("fixtures/elementary/cbr.mp3", "mp3", [0], "0.5"),
    ("fixtures/elementary/vbr.mp3", "mp3", [0], "0.27"),
    ("fixtures/elementary/stereo.aac", "aac", [0], "0.5"),
    ("fixtures/elementary/raw.ac3", "ac3", [0], "0.5"),
    ("fixtures/elementary/raw.eac3", "eac3", [0], "5"),
    ("fixtures/elementary/f16.flac", "flac", [0], "0.5"),
    ("fixtures/elementary/f16.flac", "flac", [0], "1.95"),
    ("fixtures/ogg/opus_stereo.ogg", "ogg", [0], "0.5"),
    ("fixtures/ogg/vorbis_stereo.oga", "ogg", [0], "0.27"),
    ("fixtures/ogg/theora_vorbis.ogv", "ogv", [0, 1], "0.5"),
    ("fixtures/mkv/h264_aac.mkv", "mkv", [0, 1], "0.27"),
    ("fixtures/mkv/ac3.mka", "mka", [0], "0.5"),
    ("fixtures/avi/h264_aac.avi", "mkv", [0, 1], "0.5"),
    ("fixtures/avi/xvid_mp3.avi", "mkv", [0, 1], "0.27"),
]


@needs_ffmpeg
@pytest.mark.parametrize("rel,ext,maps,ss", CASES)
def test_input_ss_copy(tmp_path, rel, ext, maps, ss):
    inp = fixture(rel)
    outs = {}
    for name, tool in (("ref", [FFMPEG]), ("cine", [sys.executable, "-m", "cine", "ffmpeg"])):
        out = tmp_path / ("%s.%s" % (name, ext))
        argv = tool + ["-v", "error", "-nostdin", "-y", "-ss", ss, "-i", inp]
        for m in maps:
            argv += ["-map", "0:%d" % m]
        r = subprocess.run(argv + ["-c", "copy", "-fflags", "+bitexact", str(out)],
                           capture_output=True, cwd=ROOT, timeout=300)
        assert r.returncode == 0, r.stderr
        outs[name] = (out.read_bytes(), r.stderr)
    assert outs["cine"] == outs["ref"]


SEEKS = [
    ("fixtures/elementary/junk.mp3", 0.5), ("fixtures/elementary/id3.aac", 1.0),
    ("fixtures/elementary/f24pic.flac", 0.3), ("fixtures/ogg/speex.spx", 0.5),
    ("fixtures/ogg/vp8_opus.ogv", 0.5), ("fixtures/mkv/subs_srt.mkv", 0.5),
    ("fixtures/avi/odml.avi", 0.5), ("fixtures/avi/non_interleaved.avi", 0.3),
]


@pytest.mark.skipif(not os.path.exists(FFPROBE), reason="reference ffprobe absent")
@pytest.mark.parametrize("rel,t", SEEKS)
def test_input_seek_first_packet(rel, t):
    path = fixture(rel)
    out = subprocess.run([FFPROBE, "-v", "quiet", "-of", "csv=p=0", "-show_entries",
                          "packet=stream_index,pts,dts,pos", "-read_intervals", "%g%%+#1" % t,
                          path], capture_output=True, text=True, check=True).stdout.split()
    want = out[0].split(",")
    src = open_input(path)
    try:
        assert src.seek(round(t * 1000000)) == 0
        pkt = src.read_packet()
    finally:
        src.close()

    def f(v):
        return "N/A" if v is None else str(v)
    pos = "N/A" if pkt.pos is None or pkt.pos < 0 else str(pkt.pos)
    assert [str(pkt.stream_index), f(pkt.pts), f(pkt.dts), pos] == want
