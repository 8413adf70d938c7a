"""MP4 / MOV / iPod (m4a) muxers byte-identical to FFmpeg 5.1.9 for stream copy, including
-movflags +faststart, trims and the automatic aac_adtstoasc / Annex B conversions."""
from __future__ import annotations

import subprocess

import pytest

from cine.engine.demux import open_input
from cine.engine.formats.muxers import guess_format
from cine.engine.pipeline.copy import Remux
from cine.engine.pipeline.job import InputSpec, Job, OutputSpec, StreamMap

from .util import FFMPEG, fixture, needs_ffmpeg

ALL = None   # every stream of the input, in input order

CASES = [
    ("fixtures/mp4/h264_aac.mp4", "mp4", ALL), ("fixtures/mp4/aac_51.mp4", "mp4", ALL),
    ("fixtures/mp4/av1.mp4", "mp4", ALL), ("fixtures/mp4/co64_largesize.mp4", "mp4", ALL),
    ("fixtures/mp4/editlist_neg_ts.mp4", "mp4", ALL), ("fixtures/mp4/editlist_ss_copy.mp4", "mp4", ALL),
    ("fixtures/mp4/faststart.mp4", "mp4", ALL), ("fixtures/mp4/frag_cmaf.mp4", "mp4", ALL),
    ("fixtures/mp4/frag_dash.mp4", "mp4", ALL), ("fixtures/mp4/frag_keyframe.mp4", "mp4", ALL),
    ("fixtures/mp4/h264_1080p.mp4", "mp4", ALL), ("fixtures/mp4/h264_30000_1001.mp4", "mp4", ALL),
    ("fixtures/mp4/h264_bframes_refs.mp4", "mp4", ALL), ("fixtures/mp4/h264_high444.mp4", "mp4", ALL),
    ("fixtures/mp4/h264_hdr_bt2020.mp4", "mp4", ALL), ("fixtures/mp4/h264_interlaced_tff.mp4", "mp4", ALL),
    ("fixtures/mp4/h264_rotate90.mp4", "mp4", ALL), ("fixtures/mp4/h264_sar43.mp4", "mp4", ALL),
    ("fixtures/mp4/h264_odd_size.mp4", "mp4", ALL), ("fixtures/mp4/many_samples.mp4", "mp4", ALL),
    ("fixtures/mp4/metadata_rich.mp4", "mp4", ALL), ("fixtures/mp4/mp3.mp4", "mp4", ALL),
    ("fixtures/mp4/mpeg4_bf2.mp4", "mp4", ALL), ("fixtures/mp4/multi_audio_lang.mp4", "mp4", ALL),
    ("fixtures/mp4/no_editlist.mp4", "mp4", ALL), ("fixtures/mp4/opus.mp4", "mp4", ALL),
    ("fixtures/mp4/two_video.mp4", "mp4", ALL),
    ("fixtures/mp4/aac_mono.m4a", "m4a", ALL), ("fixtures/mp4/alac.m4a", "m4a", ALL),
    ("fixtures/mp4/audio_only_many.m4a", "m4a", ALL), ("fixtures/mp4/h264_aac.mp4", "m4a", [1]),
    ("fixtures/mp4/h264_aac.mp4", "m4v", [0, 1]),
    ("fixtures/mp4/h264.mov", "mov", ALL), ("fixtures/mp4/hevc_aac.mov", "mov", ALL),
    ("fixtures/mp4/creation_time.mov", "mov", ALL), ("fixtures/mp4/handler_vendor.mov", "mov", ALL),
    ("fixtures/mp4/mjpeg_pcm.mov", "mov", ALL), ("fixtures/mp4/pcm_f32le.mov", "mov", ALL),
    ("fixtures/mp4/pcm_s24be.mov", "mov", ALL), ("fixtures/mp4/prores_4444.mov", "mov", ALL),
    ("fixtures/mp4/qt_keys_location.mov", "mov", ALL), ("fixtures/mp4/h264_aac.mp4", "mov", ALL),
    ("fixtures/mkv/h264_aac.mkv", "mp4", ALL), ("fixtures/mkv/alac.mka", "m4a", ALL),
    ("fixtures/mkv/colour.mkv", "mp4", ALL), ("fixtures/mkv/interlaced.mkv", "mp4", ALL),
    ("fixtures/mkv/mjpeg.mkv", "mp4", ALL), ("fixtures/mkv/mp3.mka", "mp4", ALL),
    ("fixtures/mkv/stereo.mkv", "mp4", ALL), ("fixtures/mkv/av1_opus.webm", "mp4", [0]),
    ("fixtures/elementary/stereo.aac", "m4a", ALL), ("fixtures/elementary/s51.aac", "m4a", ALL),
    ("fixtures/elementary/mono.aac", "mp4", ALL), ("fixtures/elementary/raw.h264", "mp4", ALL),
    ("fixtures/elementary/cbr.mp3", "mp4", ALL), ("fixtures/elementary/vbr.mp3", "mov", ALL),
    ("fixtures/ogg/opus_stereo.ogg", "mp4", ALL), ("fixtures/wav/s16.wav", "mov", ALL),
    ("fixtures/wav/s24.wav", "mov", ALL), ("fixtures/avi/h264_aac.avi", "mp4", ALL),
    ("fixtures/mp4/cover_art.m4a", "m4a", ALL), ("fixtures/mp4/ac3.mp4", "mp4", ALL),
    ("fixtures/mkv/ac3.mka", "mp4", ALL), ("fixtures/elementary/raw.ac3", "mp4", ALL),
    ("fixtures/mp4/eac3.mp4", "mp4", ALL), ("fixtures/elementary/raw.eac3", "mp4", ALL),
    ("fixtures/mp4/mov_text.mp4", "mp4", ALL), ("fixtures/mp4/mov_text.mp4", "mov", ALL),
    ("fixtures/mp4/mov_text.mp4", "m4v", ALL),
    ("fixtures/mp4/vp9.mp4", "mp4", ALL), ("fixtures/mkv/vp9_opus.webm", "mp4", [0]),
    # Annex B HEVC: hvcC built from the parameter sets, NAL units length-prefixed
    ("fixtures/elementary/r25.hevc", "mp4", ALL), ("fixtures/elementary/rgb30.hevc", "mp4", ALL),
    ("fixtures/elementary/r25.hevc", "mov", ALL),
    ("fixtures/avi/xvid_mp3.avi", "mp4", ALL),
    # chapters: a QuickTime text chapter track + the Nero chpl box
    ("fixtures/mp4/chapters.mp4", "mp4", [0, 1]), ("fixtures/mp4/chapters.mp4", "m4a", [1]),
    ("fixtures/mp4/chapters.mp4", "mov", [0, 1]), ("fixtures/elementary/chap.mp3", "mp4", ALL),
]


def _remux(tmp_path, rel, ext, maps, *, ref_in=(), ref_out=(), jobkw=None, ospec=None,
           options=None):
    inp = fixture(rel)
    ref = tmp_path / ("ref." + ext)
    mine = tmp_path / ("cine." + ext)
    src = open_input(inp)
    if maps is None:
        maps = list(range(len(src.ctx.streams)))
    argv = [FFMPEG, "-v", "error", "-nostdin", "-y", *ref_in, "-i", inp]
    for m in maps:
        argv += ["-map", "0:%d" % m]
    subprocess.run(argv + ["-c", "copy", *ref_out, str(ref)], check=True)
    job = Job(inputs=[InputSpec(inp)],
              outputs=[OutputSpec(str(mine), guess_format(str(mine)), [StreamMap(0, m) for m in maps],
                                  options=dict(options or {}), **(ospec or {}))],
              **(jobkw or {}))
    r = Remux(job, [src])
    r.init_outputs()
    r.run()
    src.close()
    return mine.read_bytes(), ref.read_bytes()


@needs_ffmpeg
@pytest.mark.parametrize("rel,ext,maps", CASES, ids=["%s->%s" % (c[0].split("/", 1)[1], c[1]) for c in CASES])
def test_identical(tmp_path, rel, ext, maps):
    mine, ref = _remux(tmp_path, rel, ext, maps)
    assert mine == ref


@needs_ffmpeg
@pytest.mark.parametrize("rel,ext", [("fixtures/mp4/h264_aac.mp4", "mp4"),
                                     ("fixtures/mp4/h264_high.mp4", "mp4"),
                                     ("fixtures/mkv/h264_aac.mkv", "mp4"),
                                     ("fixtures/mp4/aac_mono.m4a", "m4a"),
                                     ("fixtures/mp4/alac.m4a", "m4a"),
                                     ("fixtures/mp4/h264.mov", "mov")])
def test_faststart(tmp_path, rel, ext):
    mine, ref = _remux(tmp_path, rel, ext, None, ref_out=("-movflags", "+faststart"),
                       options={"movflags": "+faststart"})
    assert mine[4:8] == b"ftyp" and b"moov" in mine[:4096]
    assert mine == ref


TRIMS = [
    ({}, {"start_time": 300000}, (), ("-ss", "0.3")),
    ({}, {"recording_time": 500000}, (), ("-t", "0.5")),
    ({}, {"start_time": 200000, "stop_time": 700000}, (), ("-ss", "0.2", "-to", "0.7")),
    ({"avoid_negative_ts": "make_zero"}, {}, (), ("-avoid_negative_ts", "make_zero")),
    ({"copy_ts": True}, {}, ("-copyts",), ()),
    ({"copy_ts": True}, {"start_time": 300000}, ("-copyts",), ("-ss", "0.3")),
]


@needs_ffmpeg
@pytest.mark.parametrize("rel", ["fixtures/mp4/h264_aac.mp4", "fixtures/mkv/h264_aac.mkv"])
@pytest.mark.parametrize("jobkw,ospec,rin,rout", TRIMS)
def test_timing(tmp_path, rel, jobkw, ospec, rin, rout):
    mine, ref = _remux(tmp_path, rel, "mp4", [0, 1], ref_in=rin, ref_out=rout, jobkw=jobkw,
                       ospec=ospec)
    assert mine == ref


@needs_ffmpeg
def test_unsupported_codec_message(tmp_path):
    from cine.engine.pipeline.copy import HeaderError
    logs = []
    inp = fixture("fixtures/mkv/vp9_opus.webm")
    src = open_input(inp)
    job = Job(inputs=[InputSpec(inp)],
              outputs=[OutputSpec(str(tmp_path / "x.m4a"), "ipod", [StreamMap(0, 1)])])
    with pytest.raises(HeaderError):
        Remux(job, [src], lambda c, l, m: logs.append((c, m))).init_outputs()
    assert ("ipod", "Could not find tag for codec opus in stream #0, codec not currently "
            "supported in container\n") in logs


FRAG_FLAGS = ["frag_keyframe+empty_moov", "frag_keyframe", "empty_moov", "frag_every_frame",
              "+frag_keyframe+empty_moov+default_base_moof",
              "frag_keyframe+empty_moov+omit_tfhd_offset", "empty_moov+skip_trailer"]


@needs_ffmpeg
@pytest.mark.parametrize("flags", FRAG_FLAGS)
@pytest.mark.parametrize("rel,ext", [("fixtures/mp4/h264_aac.mp4", "mp4"),
                                     ("fixtures/mkv/h264_aac.mkv", "mp4"),
                                     ("fixtures/mp4/multi_audio_lang.mp4", "mp4"),
                                     ("fixtures/mp4/mpeg4_bf2.mp4", "mp4"),
                                     ("fixtures/mp4/aac_mono.m4a", "m4a")])
def test_fragmented(tmp_path, rel, ext, flags):
    mine, ref = _remux(tmp_path, rel, ext, None, ref_out=("-movflags", flags),
                       options={"movflags": flags})
    assert mine == ref


@needs_ffmpeg
def test_frag_duration(tmp_path):
    mine, ref = _remux(tmp_path, "fixtures/mp4/h264_aac.mp4", "mp4", None,
                       ref_out=("-frag_duration", "200000"), options={"frag_duration": "200000"})
    assert mine == ref


@needs_ffmpeg
def test_fragmented_to_pipe(tmp_path):
    import sys
    from .util import ROOT
    inp = fixture("fixtures/mp4/h264_aac.mp4")
    ref = subprocess.run([FFMPEG, "-v", "error", "-nostdin", "-i", inp, "-map", "0", "-c", "copy",
                          "-movflags", "frag_keyframe+empty_moov", "-f", "mp4", "-"],
                         capture_output=True, check=True).stdout
    code = ("import sys; sys.path.insert(0, %r); from tests.engine.mux.util import cine_remux; "
            "cine_remux(%r, '-', [0, 1], 'mp4', {'movflags': 'frag_keyframe+empty_moov'})"
            % (ROOT, inp))
    mine = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=ROOT)
    assert mine.returncode == 0, mine.stderr.decode()[-800:]
    assert mine.stdout == ref


@needs_ffmpeg
def test_non_seekable_needs_fragments(tmp_path):
    import sys
    from .util import ROOT
    inp = fixture("fixtures/mp4/h264_aac.mp4")
    code = ("import sys; sys.path.insert(0, %r); from tests.engine.mux.util import cine_remux\n"
            "try:\n    cine_remux(%r, '-', [0, 1], 'mp4')\nexcept Exception as e:\n"
            "    print(type(e).__name__, e.code)" % (ROOT, inp))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=ROOT, text=True)
    assert out.stdout.split() == ["HeaderError", "-22"]


@needs_ffmpeg
@pytest.mark.parametrize("rel,ext,maps,ss,t", [
    ("fixtures/mp4/h264_aac.mp4", "mp4", [0, 1], "0.3", None),
    ("fixtures/mp4/h264_aac.mp4", "mp4", [0, 1], "0.5", "0.3"),
    ("fixtures/mp4/h264_aac.mp4", "m4a", [1], "0.4", None),
    ("fixtures/mp4/h264_aac.mp4", "h264", [0], "0.6", None),
    ("fixtures/mp4/many_samples.mp4", "mp4", [0], "1", None),
    ("fixtures/wav/s16_stereo.wav", "wav", [0], "0.25", None),
])
def test_input_seek(tmp_path, rel, ext, maps, ss, t):
    """-ss (and -t) as input options: the input is seeked to the keyframe before the time
    and the packets before it keep their negative timestamps (edit lists trim them)."""
    inp = fixture(rel)
    ref = tmp_path / ("ref." + ext)
    mine = tmp_path / ("cine." + ext)
    rin = ["-ss", ss] + (["-t", t] if t else [])
    argv = [FFMPEG, "-v", "error", "-nostdin", "-y", *rin, "-i", inp]
    for m in maps:
        argv += ["-map", "0:%d" % m]
    subprocess.run(argv + ["-c", "copy", str(ref)], check=True)
    spec = InputSpec(inp, start_time=round(float(ss) * 1e6),
                     recording_time=round(float(t) * 1e6) if t else None)
    src = open_input(inp)
    logs = []
    job = Job(inputs=[spec], outputs=[OutputSpec(str(mine), guess_format(str(mine)),
                                                 [StreamMap(0, m) for m in maps])])
    r = Remux(job, [src], lambda c, l, m: logs.append(m))
    r.init_outputs()
    r.run()
    src.close()
    assert not [m for m in logs if "could not seek" in m]
    assert mine.read_bytes() == ref.read_bytes()
