"""Stream-copy timing of ffmpeg 5.1.9 (-ss/-t/-to as output and input options): which packets
reach the muxer, checked through outputs whose bytes depend on it."""
from __future__ import annotations

import subprocess

import pytest

from cine.engine.demux import open_input
from cine.engine.formats.muxers import guess_format
from cine.engine.pipeline.copy import Remux
from cine.engine.pipeline.job import InputSpec, Job, OutputSpec, StreamMap

from .util import FFMPEG, fixture, needs_ffmpeg

CASES = [
    ("fixtures/wav/s16_stereo.wav", "wav", [0], {}, {"start_time": 300000}, (), ("-ss", "0.3")),
    ("fixtures/wav/s16_stereo.wav", "wav", [0], {}, {"recording_time": 500000}, (), ("-t", "0.5")),
    ("fixtures/wav/s16_stereo.wav", "wav", [0], {}, {"start_time": 200000, "stop_time": 700000},
     (), ("-ss", "0.2", "-to", "0.7")),
    ("fixtures/wav/s16_stereo.wav", "wav", [0], {"recording_time": 400000}, {}, ("-t", "0.4"), ()),
    ("fixtures/wav/f32.wav", "wav", [0], {"stop_time": 250000}, {}, ("-to", "0.25"), ()),
    ("fixtures/mp4/h264_aac.mp4", "aac", [1], {}, {"start_time": 300000}, (), ("-ss", "0.3")),
    ("fixtures/mp4/h264_aac.mp4", "aac", [1], {}, {"recording_time": 300000}, (), ("-t", "0.3")),
    ("fixtures/mp4/h264_aac.mp4", "h264", [0], {}, {"start_time": 300000}, (), ("-ss", "0.3")),
    ("fixtures/mp4/h264_aac.mp4", "h264", [0], {}, {"recording_time": 300000}, (), ("-t", "0.3")),
    ("fixtures/mp4/h264_aac.mp4", "h264", [0], {"recording_time": 300000}, {}, ("-t", "0.3"), ()),
    ("fixtures/mkv/h264_aac.mkv", "h264", [0], {}, {"start_time": 500000}, (), ("-ss", "0.5")),
]


@needs_ffmpeg
@pytest.mark.parametrize("rel,ext,maps,ispec,ospec,rin,rout", CASES)
def test_trim(tmp_path, rel, ext, maps, ispec, ospec, rin, rout):
    inp = fixture(rel)
    ref = tmp_path / ("ref." + ext)
    mine = tmp_path / ("cine." + ext)
    argv = [FFMPEG, "-v", "error", "-nostdin", "-y", *rin, "-i", inp]
    for m in maps:
        argv += ["-map", "0:%d" % m]
    subprocess.run(argv + ["-c", "copy", *rout, str(ref)], check=True)
    src = open_input(inp)
    job = Job(inputs=[InputSpec(inp, **ispec)],
              outputs=[OutputSpec(str(mine), guess_format(str(mine)),
                                  [StreamMap(0, m) for m in maps], **ospec)])
    r = Remux(job, [src])
    r.init_outputs()
    r.run()
    src.close()
    assert mine.read_bytes() == ref.read_bytes()
