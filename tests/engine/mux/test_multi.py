"""Jobs with several inputs or several outputs (ffmpeg's choose_output order, per-output
-ss/-t), and read errors that end an input early, against FFmpeg 5.1.9."""
from __future__ import annotations

import subprocess

import pytest

from cine.engine.demux import open_input
from cine.engine.pipeline.copy import Remux
from cine.engine.pipeline.job import InputSpec, Job, OutputSpec, StreamMap

from .util import FFMPEG, fixture, needs_ffmpeg


@needs_ffmpeg
@pytest.mark.parametrize("a,ai,b,bi,ext,fmt", [
    ("fixtures/mp4/h264_high.mp4", 0, "fixtures/mp4/aac_mono.m4a", 0, "mp4", "mp4"),
    ("fixtures/mkv/h264_aac.mkv", 0, "fixtures/mp4/h264_aac.mp4", 1, "mp4", "mp4"),
    ("fixtures/mp4/h264_aac.mp4", 0, "fixtures/elementary/cbr.mp3", 0, "mp4", "mp4"),
    ("fixtures/mp4/h264_aac.mp4", 1, "fixtures/mp4/aac_51.mp4", 0, "mov", "mov"),
])
def test_two_inputs(tmp_path, a, ai, b, bi, ext, fmt):
    a, b = fixture(a), fixture(b)
    ref, mine = tmp_path / ("ref." + ext), tmp_path / ("cine." + ext)
    subprocess.run([FFMPEG, "-v", "error", "-y", "-nostdin", "-i", a, "-i", b, "-map", "0:%d" % ai,
                    "-map", "1:%d" % bi, "-c", "copy", str(ref)], check=True)
    ia, ib = open_input(a), open_input(b)
    job = Job(inputs=[InputSpec(a), InputSpec(b)],
              outputs=[OutputSpec(str(mine), fmt, [StreamMap(0, ai), StreamMap(1, bi)])])
    r = Remux(job, [ia, ib])
    r.init_outputs()
    r.run()
    assert mine.read_bytes() == ref.read_bytes()


@needs_ffmpeg
def test_three_outputs(tmp_path):
    f = fixture("fixtures/mp4/h264_aac.mp4")
    names = ["o1.mp4", "o2.aac", "o3.mp4"]
    subprocess.run([FFMPEG, "-v", "error", "-y", "-nostdin", "-i", f,
                    "-map", "0:0", "-c", "copy", str(tmp_path / ("r" + names[0])),
                    "-map", "0:1", "-c", "copy", "-t", "0.5", str(tmp_path / ("r" + names[1])),
                    "-map", "0:0", "-map", "0:1", "-c", "copy", "-ss", "0.3",
                    str(tmp_path / ("r" + names[2]))], check=True)
    job = Job(inputs=[InputSpec(f)], outputs=[
        OutputSpec(str(tmp_path / ("c" + names[0])), "mp4", [StreamMap(0, 0)]),
        OutputSpec(str(tmp_path / ("c" + names[1])), "adts", [StreamMap(0, 1)], recording_time=500000),
        OutputSpec(str(tmp_path / ("c" + names[2])), "mp4", [StreamMap(0, 0), StreamMap(0, 1)],
                   start_time=300000)])
    src = open_input(f)
    r = Remux(job, [src])
    ctxs = r.init_outputs()
    summary = r.run()
    assert [c.format_name for c in ctxs] == ["mp4", "adts", "mp4"]
    assert len(summary.outputs) == 3
    for n in names:
        assert (tmp_path / ("c" + n)).read_bytes() == (tmp_path / ("r" + n)).read_bytes(), n


@needs_ffmpeg
def test_truncated_input_counts(tmp_path):
    """A read error ends the input (ffmpeg goes on to the trailer); packet counts, payload
    sizes and the end time match the reference's final report."""
    f = fixture("fixtures/errors/trunc_in_mdat_faststart.mp4")
    src = open_input(f)
    logs = []
    job = Job(inputs=[InputSpec(f)], outputs=[OutputSpec("-", "null", [StreamMap(0, 0), StreamMap(0, 1)])])
    r = Remux(job, [src], lambda c, l, m: logs.append(m))
    r.init_outputs()
    s = r.run().outputs[0]
    err = subprocess.run([FFMPEG, "-hide_banner", "-nostdin", "-i", f, "-map", "0", "-c", "copy",
                          "-f", "null", "-"], capture_output=True, text=True).stderr
    assert "frame=   %d " % s.streams[0].packets in err
    assert "video:%dkB audio:%dkB" % (round(s.payload("video") / 1024), round(s.payload("audio") / 1024)) in err
    t = s.out_time_us          # ffmpeg prints hundredths, truncated
    assert "time=00:00:%02d.%02d" % (t // 1000000, t // 10000 % 100) in err
    assert "%s: corrupt input packet in stream 0\n" % f in logs
