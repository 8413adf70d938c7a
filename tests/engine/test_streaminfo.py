"""Stream-info completion (FFmpeg 5.1.9 libavformat/demux.c): timing estimation, r_frame_rate
estimation and chapter ends, on hand-built contexts; plus live checks on variable frame rate
MP4s made by the real ffmpeg."""
import json
import os
import subprocess

import pytest

from cine.engine.model import Chapter, FormatContext, Rational, Stream
from cine.engine.streaminfo import get_std_framerate, rfps_add_frame, rfps_calculate
from cine.engine.timings import compute_chapters_end, estimate_timings


def _stream(index, kind, tb, start, duration):
    st = Stream(index=index)
    st.codecpar.codec_type = kind
    st.time_base = tb
    st.start_time = start
    st.duration = duration
    return st


def test_std_framerates_table():
    assert get_std_framerate(0) == 1001
    assert get_std_framerate(30 * 12 - 1) == 360 * 1001
    assert get_std_framerate(30 * 12) == 31 * 1001 * 12
    assert get_std_framerate(30 * 12 + 30) == 80 * 1001 * 12
    assert get_std_framerate(30 * 12 + 30 + 3) == 24 * 1000 * 12
    assert get_std_framerate(30 * 12 + 30 + 3 + 5) == 48 * 1000 * 12


def test_timings_from_streams_and_bitrate():
    ctx = FormatContext(filename="x")
    ctx.size = 1_000_000
    ctx.streams = [_stream(0, "video", Rational(1, 90000), 9000, 900000),
                   _stream(1, "audio", Rational(1, 48000), 0, 480000)]
    estimate_timings(ctx)
    assert ctx.start_time == 0
    assert ctx.duration == 10_100_000          # video ends at 0.1 + 10 s
    assert ctx.bit_rate == int(1_000_000 * 8.0 * 1e6 / 10_100_000)
    assert ctx.duration_estimation_method == "from_stream"


def test_text_streams_start_ignored_when_far():
    ctx = FormatContext(filename="x")
    ctx.streams = [_stream(0, "audio", Rational(1, 1000), 5000, 1000),
                   _stream(1, "subtitle", Rational(1, 1000), 0, 100)]
    estimate_timings(ctx)
    # a subtitle starting more than 1 s before the primary streams is an outlier
    assert ctx.start_time == 5_000_000


def test_missing_stream_timing_filled_from_format():
    ctx = FormatContext(filename="x")
    ctx.duration = 2_000_000
    ctx.streams = [_stream(0, "video", Rational(1, 15360), 0, 30720),
                   _stream(1, "video", Rational(1, 90000), None, None)]
    estimate_timings(ctx)
    assert ctx.streams[1].start_time == 0
    assert ctx.streams[1].duration == 180000


def test_chapter_ends():
    ctx = FormatContext(filename="x")
    ctx.start_time = 0
    ctx.duration = 3_000_000
    ctx.chapters = [Chapter(0, Rational(1, 1000), 0, None), Chapter(1, Rational(1, 10_000_000), 10_000_000, None)]
    compute_chapters_end(ctx)
    assert ctx.chapters[0].end == 1000
    assert ctx.chapters[1].end == 30_000_000


def test_rfps_finds_standard_rate_from_jittery_timestamps():
    st = Stream(index=0)
    st.codecpar.codec_type = "video"
    st.codecpar.codec_name = "h264"
    st.time_base = Rational(1, 1000)
    # 29.97 fps in a 1/1000 time base: durations alternate 33/34 ms
    t = 0
    for i in range(40):
        rfps_add_frame(st, round(i * 1000 / (30000 / 1001)))
    rfps_calculate([st], lambda s: Rational(0, 1))
    assert st.r_frame_rate == Rational(30000, 1001)


FFMPEG, FFPROBE = "/usr/bin/ffmpeg", "/usr/bin/ffprobe"


@pytest.mark.skipif(not (os.path.exists(FFMPEG) and os.path.exists(FFPROBE)), reason="no reference tools")
@pytest.mark.parametrize("expr", ["if(lt(N,10),N*2,N+10)/30/TB", "N*1.5/25/TB", "(N+mod(N,3))/24/TB"])
def test_vfr_frame_rates_match_reference(tmp_path, expr):
    from cine.engine.demux import open_input
    out = str(tmp_path / "vfr.mp4")
    subprocess.run([FFMPEG, "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                    "testsrc=d=2:s=64x48:r=30,setpts='%s'" % expr, "-c:v", "libx264", "-fps_mode", "vfr", out],
                   check=True)
    ref = json.loads(subprocess.run([FFPROBE, "-v", "quiet", "-of", "json", "-show_streams", "-show_format", out],
                                    capture_output=True).stdout)
    ctx = open_input(out).ctx
    st = ctx.streams[0]
    assert str(st.r_frame_rate) == ref["streams"][0]["r_frame_rate"]
    assert str(st.avg_frame_rate) == ref["streams"][0]["avg_frame_rate"]
    assert "%f" % (ctx.duration / 1e6) == ref["format"]["duration"]
