"""Elementary-stream muxers (adts, raw h264/hevc with the automatic *_mp4toannexb filters,
raw ac3/eac3/mjpeg, mp3 with ID3v2 + Xing, flac) byte-identical to FFmpeg 5.1.9."""
from __future__ import annotations

import pytest

from .util import compare, needs_ffmpeg

CASES = [
    # (fixture, output extension, input stream indices in output order)
    ("fixtures/mp4/h264_aac.mp4", "aac", [1]),
    ("fixtures/mp4/aac_51.mp4", "aac", [0]),
    ("fixtures/mp4/aac_mono.m4a", "aac", [0]),
    ("fixtures/mp4/audio_only_many.m4a", "aac", [0]),
    ("fixtures/mkv/h264_aac.mkv", "aac", [1]),
    ("fixtures/ts/h264_aac.ts", "aac", [1]),
    ("fixtures/elementary/stereo.aac", "aac", [0]),
    ("fixtures/elementary/s51.aac", "aac", [0]),
    ("fixtures/elementary/id3.aac", "aac", [0]),
    ("fixtures/mp4/h264_aac.mp4", "h264", [0]),
    ("fixtures/mkv/h264_aac.mkv", "h264", [0]),
    ("fixtures/elementary/raw.h264", "h264", [0]),
    ("fixtures/mp4/h264_high.mp4", "h264", [0]),
    ("fixtures/mp4/h264_bframes_refs.mp4", "h264", [0]),
    ("fixtures/mp4/h264_interlaced_tff.mp4", "h264", [0]),
    ("fixtures/mp4/h264.mov", "h264", [0]),
    ("fixtures/mp4/frag_keyframe.mp4", "h264", [0]),
    ("fixtures/mkv/interlaced.mkv", "h264", [0]),
    ("fixtures/mkv/colour.mkv", "h264", [0]),
    ("fixtures/mp4/hevc_main.mp4", "hevc", [0]),
    ("fixtures/mp4/hevc_aac.mov", "hevc", [0]),
    ("fixtures/mp4/hevc_main10_hdr.mp4", "hevc", [0]),
    ("fixtures/mkv/hevc.mkv", "hevc", [0]),
    ("fixtures/elementary/r25.hevc", "hevc", [0]),
    ("fixtures/elementary/raw.ac3", "ac3", [0]),
    ("fixtures/mp4/ac3.mp4", "ac3", [0]),
    ("fixtures/mkv/eac3.mka", "eac3", [0]),
    ("fixtures/mkv/mjpeg.mkv", "mjpeg", [0]),
    ("fixtures/elementary/cbr.mp3", "mp3", [0]),
    ("fixtures/elementary/vbr.mp3", "mp3", [0]),
    ("fixtures/elementary/vbrnox.mp3", "mp3", [0]),
    ("fixtures/elementary/chap.mp3", "mp3", [0]),
    ("fixtures/elementary/cover3.mp3", "mp3", [1, 0]),
    ("fixtures/elementary/id3v1.mp3", "mp3", [0]),
    ("fixtures/elementary/junk.mp3", "mp3", [0]),
    ("fixtures/elementary/m11.mp3", "mp3", [0]),
    ("fixtures/elementary/m22.mp3", "mp3", [0]),
    ("fixtures/elementary/m8.mp3", "mp3", [0]),
    ("fixtures/elementary/st320.mp3", "mp3", [0]),
    ("fixtures/elementary/v23.mp3", "mp3", [0]),
    ("fixtures/mp4/mp3.mp4", "mp3", [0]),
    ("fixtures/avi/xvid_mp3.avi", "mp3", [1]),
    ("fixtures/elementary/f16.flac", "flac", [0]),
    ("fixtures/elementary/f24pic.flac", "flac", [0, 1]),
    ("fixtures/mkv/flac.mka", "flac", [0]),
    ("fixtures/mp4/flac.mp4", "flac", [0]),
    ("fixtures/ogg/flac.ogg", "flac", [0]),
    ("fixtures/ogg/flac_s32.oga", "flac", [0]),
]


@needs_ffmpeg
@pytest.mark.parametrize("rel,ext,maps", CASES, ids=["%s->%s" % (c[0].split("/", 1)[1], c[1]) for c in CASES])
def test_identical(tmp_path, rel, ext, maps):
    mine, ref = compare(tmp_path, rel, ext, maps)
    assert len(mine) == len(ref)
    assert mine == ref


@needs_ffmpeg
@pytest.mark.parametrize("rel,ext,maps,args,opts", [
    ("fixtures/elementary/cbr.mp3", "mp3", [0], ("-id3v2_version", "3"), {"id3v2_version": "3"}),
    ("fixtures/elementary/cbr.mp3", "mp3", [0], ("-write_xing", "0"), {"write_xing": "0"}),
    ("fixtures/elementary/cbr.mp3", "mp3", [0], ("-write_id3v1", "1"), {"write_id3v1": "1"}),
    ("fixtures/elementary/chap.mp3", "mp3", [0], ("-id3v2_version", "3"), {"id3v2_version": "3"}),
    ("fixtures/mp4/h264_aac.mp4", "aac", [1], ("-write_mpeg2", "1"), {"write_mpeg2": "1"}),
    ("fixtures/elementary/f16.flac", "flac", [0], ("-write_header", "0"), {"write_header": "0"}),
])
def test_muxer_options(tmp_path, rel, ext, maps, args, opts):
    mine, ref = compare(tmp_path, rel, ext, maps, args=args, options=opts)
    assert mine == ref


@needs_ffmpeg
def test_null_muxer_counts(tmp_path):
    from .util import cine_remux, fixture
    ctxs, summary, logs = cine_remux(fixture("fixtures/mp4/h264_aac.mp4"), "-", [0, 1], "null")
    import subprocess
    out = summary.outputs[0]
    assert out.total_size is None
    counts = subprocess.run(["/usr/bin/ffprobe", "-v", "error", "-count_packets", "-show_entries",
                             "stream=nb_read_packets", "-of", "csv=p=0",
                             fixture("fixtures/mp4/h264_aac.mp4")],
                            capture_output=True, text=True, check=True).stdout.split()
    assert [s.packets for s in out.streams] == [int(c) for c in counts]
    assert out.payload("video") > 0 and out.payload("audio") > 0
