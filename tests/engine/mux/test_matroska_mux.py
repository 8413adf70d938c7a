"""Matroska (mkv, mka) and WebM muxers against FFmpeg 5.1.9 for stream copy: byte-identical with
-fflags +bitexact (UIDs then fixed), packet-identical (ffprobe -show_packets -show_data_hash)
without it, trims, muxer options, and the reference's error messages."""
from __future__ import annotations

import subprocess

import pytest

from cine.engine.demux import open_input
from cine.engine.formats.muxers import guess_format
from cine.engine.pipeline.copy import HeaderError, Remux
from cine.engine.pipeline.job import InputSpec, Job, OutputSpec, StreamMap

from .util import FFMPEG, fixture, needs_ffmpeg

FFPROBE = "/usr/bin/ffprobe"
ALL = None

CASES = [
    # audio only, from MP4 / Ogg / elementary / WAV inputs
    ("fixtures/mp4/h264_aac.mp4", "mka", [1]), ("fixtures/mp4/aac_51.mp4", "mka", ALL),
    ("fixtures/mp4/aac_mono.m4a", "mka", ALL), ("fixtures/mp4/alac.m4a", "mka", ALL),
    ("fixtures/mp4/ac3.mp4", "mka", ALL), ("fixtures/mp4/eac3.mp4", "mka", ALL),
    ("fixtures/mp4/flac.mp4", "mka", ALL), ("fixtures/mp4/mp3.mp4", "mka", ALL),
    ("fixtures/mp4/opus.mp4", "mka", ALL), ("fixtures/mp4/opus.mp4", "webm", ALL),
    ("fixtures/mp4/audio_only_many.m4a", "mka", ALL), ("fixtures/mp4/pcm_s16le.mov", "mka", ALL),
    ("fixtures/mp4/pcm_s24be.mov", "mka", ALL), ("fixtures/mp4/pcm_f32le.mov", "mka", ALL),
    ("fixtures/ogg/opus_stereo.ogg", "mka", ALL), ("fixtures/ogg/opus_stereo.ogg", "webm", ALL),
    ("fixtures/ogg/opus_51.ogg", "mka", ALL), ("fixtures/ogg/opus_mono.opus", "webm", ALL),
    ("fixtures/ogg/vorbis_stereo.oga", "mka", ALL), ("fixtures/ogg/vorbis_stereo.oga", "webm", ALL),
    ("fixtures/ogg/vorbis_tags.ogg", "mka", ALL), ("fixtures/ogg/flac.ogg", "mka", ALL),
    ("fixtures/ogg/flac_s32.oga", "mka", ALL), ("fixtures/ogg/chained_opus.ogg", "mka", ALL),
    ("fixtures/ogg/chapters.ogg", "mka", ALL), ("fixtures/ogg/speex.spx", "mka", ALL),
    ("fixtures/ogg/opus_cover.opus", "mka", ALL),
    ("fixtures/elementary/stereo.aac", "mka", ALL), ("fixtures/elementary/s51.aac", "mka", ALL),
    ("fixtures/elementary/raw.ac3", "mka", ALL), ("fixtures/elementary/raw.eac3", "mka", ALL),
    ("fixtures/elementary/cbr.mp3", "mka", ALL), ("fixtures/elementary/vbr.mp3", "mka", ALL),
    ("fixtures/elementary/f16.flac", "mka", ALL),
    ("fixtures/wav/s16.wav", "mka", ALL), ("fixtures/wav/s24.wav", "mka", ALL),
    ("fixtures/mkv/pcm.mka", "mka", ALL), ("fixtures/mkv/ac3.mka", "mka", ALL),
    ("fixtures/mkv/alac.mka", "mka", ALL),
    # video (+ audio) into Matroska
    ("fixtures/mp4/h264_aac.mp4", "mkv", ALL), ("fixtures/mp4/h264_1080p.mp4", "mkv", ALL),
    ("fixtures/mp4/h264_bframes_refs.mp4", "mkv", ALL), ("fixtures/mp4/h264_sar43.mp4", "mkv", ALL),
    ("fixtures/mp4/h264_interlaced_tff.mp4", "mkv", ALL),
    ("fixtures/mp4/h264_hdr_bt2020.mp4", "mkv", ALL), ("fixtures/mp4/h264_rotate90.mp4", "mkv", ALL),
    ("fixtures/mp4/hevc_main10_hdr.mp4", "mkv", ALL), ("fixtures/mp4/hevc_aac.mov", "mkv", ALL),
    ("fixtures/mp4/mpeg4_bf2.mp4", "mkv", ALL), ("fixtures/mp4/av1.mp4", "mkv", ALL),
    ("fixtures/mp4/mjpeg_pcm.mov", "mkv", ALL), ("fixtures/mp4/prores_hq.mov", "mkv", ALL),
    ("fixtures/mp4/metadata_rich.mp4", "mkv", ALL), ("fixtures/mp4/multi_audio_lang.mp4", "mkv", ALL),
    ("fixtures/mp4/two_video.mp4", "mkv", ALL), ("fixtures/mp4/many_samples.mp4", "mkv", ALL),
    ("fixtures/mp4/editlist_neg_ts.mp4", "mkv", ALL), ("fixtures/mp4/cover_art.m4a", "mkv", ALL),
    ("fixtures/mkv/h264_aac.mkv", "mkv", ALL), ("fixtures/mkv/hevc.mkv", "mkv", ALL),
    ("fixtures/mkv/colour.mkv", "mkv", ALL), ("fixtures/mkv/interlaced.mkv", "mkv", ALL),
    ("fixtures/mkv/mjpeg.mkv", "mkv", ALL), ("fixtures/mkv/prores.mkv", "mkv", ALL),
    ("fixtures/mkv/png_vfw.mkv", "mkv", ALL), ("fixtures/ogg/theora_vorbis.ogv", "mkv", ALL),
    ("fixtures/avi/h264_aac.avi", "mkv", ALL), ("fixtures/mkv/stereo.mkv", "mkv", ALL),
    ("fixtures/mp4/h263.3gp", "mkv", ALL), ("fixtures/mp4/h264_aac.mp4", "mka", ALL),
    ("fixtures/mp4/creation_time.mov", "mkv", ALL),
    # chapters (and their tags)
    ("fixtures/mp4/chapters.mp4", "mkv", [0, 1]), ("fixtures/mp4/chapters.mp4", "mka", [1]),
    ("fixtures/elementary/chap.mp3", "mka", ALL), ("fixtures/ogg/chapters.ogg", "webm", ALL),
    # subtitles
    ("fixtures/mkv/subs_ass.mkv", "mkv", ALL), ("fixtures/mkv/subs_srt.mkv", "mkv", ALL),
    # WebM
    ("fixtures/mp4/vp9.mp4", "webm", ALL), ("fixtures/mp4/av1.mp4", "webm", ALL),
    ("fixtures/ogg/vp8_opus.ogv", "webm", ALL), ("fixtures/mkv/subs_vtt.webm", "webm", ALL),
    ("fixtures/mkv/subs_vtt.webm", "mkv", ALL),
]

# Matroska inputs whose packets come out of lavf's parsers (audio durations), with Skip
# Samples from DiscardPadding, BlockAdditional ids, attachments: the remux is identical only
# when the demuxer delivers the reference's packets.
FROM_MATROSKA = [
    ("fixtures/mkv/flac.mka", "mka", ALL), ("fixtures/mkv/opus51.mka", "mka", ALL),
    ("fixtures/mkv/vorbis51.mka", "mka", ALL), ("fixtures/mkv/chapters.mka", "mka", ALL),
    ("fixtures/mkv/font.mka", "mka", ALL), ("fixtures/mkv/mp3.mka", "mka", ALL),
    ("fixtures/mkv/vp9_opus.webm", "webm", ALL), ("fixtures/mkv/vp8_vorbis.webm", "webm", ALL),
    ("fixtures/mkv/alpha.webm", "webm", ALL), ("fixtures/mkv/eac3.mka", "mka", ALL),
    ("fixtures/mkv/vorbis_lace.mka", "mka", ALL), ("fixtures/mkv/av1_opus.webm", "webm", ALL),
    ("fixtures/mkv/cover.mka", "mka", ALL), ("fixtures/mkv/tags.mka", "mka", ALL),
    ("fixtures/mkv/multilang.mka", "mka", ALL), ("fixtures/mkv/live.webm", "webm", ALL),
    ("fixtures/mkv/hevc.mkv", "mkv", ALL), ("fixtures/mkv/subs_vtt.webm", "webm", ALL),
]


def _ids(cases):
    return ["%s->%s%s" % (c[0].split("/", 1)[1], c[1], "" if c[2] is None else c[2])
            for c in cases]


def _remux(tmp_path, rel, ext, maps, *, bitexact=True, ref_out=(), ospec=None, options=None,
           out_name=None):
    inp = fixture(rel)
    ref = tmp_path / ("ref." + ext)
    mine = tmp_path / (out_name or ("cine." + ext))
    src = open_input(inp)
    try:
        if maps is None:
            maps = list(range(len(src.ctx.streams)))
        argv = [FFMPEG, "-v", "error", "-nostdin", "-y", "-i", inp]
        for m in maps:
            argv += ["-map", "0:%d" % m]
        if bitexact:
            argv += ["-fflags", "+bitexact"]
        subprocess.run(argv + ["-c", "copy", *ref_out, str(ref)], check=True, capture_output=True)
        job = Job(inputs=[InputSpec(inp)],
                  outputs=[OutputSpec(str(mine), guess_format(str(mine)),
                                      [StreamMap(0, m) for m in maps], options=dict(options or {}),
                                      bitexact=bitexact, **(ospec or {}))])
        r = Remux(job, [src])
        r.init_outputs()
        r.run()
    finally:
        src.close()
    return mine, ref


def _packets(path) -> bytes:
    return subprocess.run([FFPROBE, "-v", "error", "-show_packets", "-show_data_hash", "md5",
                           str(path)], capture_output=True, check=True).stdout


@needs_ffmpeg
@pytest.mark.parametrize("rel,ext,maps", CASES, ids=_ids(CASES))
def test_bitexact_identical(tmp_path, rel, ext, maps):
    mine, ref = _remux(tmp_path, rel, ext, maps)
    assert mine.read_bytes() == ref.read_bytes()


@needs_ffmpeg
@pytest.mark.parametrize("rel,ext,maps", FROM_MATROSKA, ids=_ids(FROM_MATROSKA))
def test_bitexact_from_matroska(tmp_path, rel, ext, maps):
    mine, ref = _remux(tmp_path, rel, ext, maps)
    assert mine.read_bytes() == ref.read_bytes()


PACKET_CASES = [
    ("fixtures/mp4/h264_aac.mp4", "mkv", ALL), ("fixtures/mp4/h264_aac.mp4", "mka", [1]),
    ("fixtures/ogg/opus_stereo.ogg", "webm", ALL), ("fixtures/ogg/vorbis_stereo.oga", "mka", ALL),
    ("fixtures/mp4/vp9.mp4", "webm", ALL), ("fixtures/mkv/subs_srt.mkv", "mkv", ALL),
    ("fixtures/mp4/aac_51.mp4", "mka", ALL), ("fixtures/mkv/h264_aac.mkv", "mkv", ALL),
]


@needs_ffmpeg
@pytest.mark.parametrize("rel,ext,maps", PACKET_CASES, ids=_ids(PACKET_CASES))
def test_packets_identical(tmp_path, rel, ext, maps):
    """Without bitexact the SegmentUID and TrackUIDs are random: same size, same packets."""
    mine, ref = _remux(tmp_path, rel, ext, maps, bitexact=False)
    a, b = mine.read_bytes(), ref.read_bytes()
    assert len(a) == len(b)
    assert b"Lavf59.27.100" in a
    assert _packets(mine) == _packets(ref)


@needs_ffmpeg
@pytest.mark.parametrize("opts,ref_out", [
    ({"write_crc32": "0"}, ("-write_crc32", "0")),
    ({"cluster_size_limit": "2000"}, ("-cluster_size_limit", "2000")),
    ({"cluster_time_limit": "100"}, ("-cluster_time_limit", "100")),
    ({"reserve_index_space": "500"}, ("-reserve_index_space", "500")),
    ({"reserve_index_space": "20"}, ("-reserve_index_space", "20")),
    ({"cues_to_front": "1"}, ("-cues_to_front", "1")),
    ({"default_mode": "infer"}, ("-default_mode", "infer")),
    ({"live": "1"}, ("-live", "1")),
])
def test_options(tmp_path, opts, ref_out):
    mine, ref = _remux(tmp_path, "fixtures/mp4/h264_aac.mp4", "mkv", None, ref_out=ref_out,
                       options=opts)
    assert mine.read_bytes() == ref.read_bytes()


@needs_ffmpeg
@pytest.mark.parametrize("ospec,ref_out", [
    ({"recording_time": 500000}, ("-t", "0.5")),
    ({"start_time": 300000}, ("-ss", "0.3")),
])
def test_trims(tmp_path, ospec, ref_out):
    mine, ref = _remux(tmp_path, "fixtures/mp4/h264_aac.mp4", "mkv", None, ref_out=ref_out,
                       ospec=ospec)
    assert mine.read_bytes() == ref.read_bytes()


def _header_error(tmp_path, rel, name, fmt, maps):
    inp = fixture(rel)
    logs = []
    src = open_input(inp)
    job = Job(inputs=[InputSpec(inp)],
              outputs=[OutputSpec(str(tmp_path / name), fmt, [StreamMap(0, m) for m in maps])])
    try:
        with pytest.raises(HeaderError) as exc:
            Remux(job, [src], lambda c, l, m: logs.append((c, m))).init_outputs()
    finally:
        src.close()
    return exc.value, logs


@needs_ffmpeg
def test_webm_codec_restriction(tmp_path):
    err, logs = _header_error(tmp_path, "fixtures/mp4/h264_aac.mp4", "x.webm", "webm", [0, 1])
    assert ("webm", "Only VP8 or VP9 or AV1 video and Vorbis or Opus audio and WebVTT subtitles "
            "are supported for WebM.\n") in logs
    assert err.code == -22


@needs_ffmpeg
def test_unsupported_subtitle(tmp_path):
    err, logs = _header_error(tmp_path, "fixtures/mp4/mov_text.mp4", "x.mkv", "matroska", [1])
    assert ("matroska", "Subtitle codec 94213 is not supported.\n") in logs
    assert err.code == -38


@needs_ffmpeg
def test_data_stream_refused(tmp_path):
    err, logs = _header_error(tmp_path, "fixtures/mp4/tmcd.mov", "x.mkv", "matroska", [0, 1])
    assert ("matroska", "Only audio, video, and subtitles are supported for Matroska.\n") in logs
    assert err.code == -22
