"""Branches of the stderr dump that ffmpeg cannot easily produce in a file: hand-built contexts
with the text FFmpeg 5.1.9's dump.c / avcodec_string format strings give for them."""
from __future__ import annotations

import struct

from cine.compat.dump import dump_format, dump_format_messages, fps_text
from cine.compat.dump_codec import codec_string, fourcc_str
from cine.compat.dump_sidedata import display_rotation
from cine.engine.model import (Chapter, CodecParameters, FormatContext, Program, Rational,
                               SideData, Stream, Tags)


def _video(**kw) -> CodecParameters:
    base = dict(codec_type="video", codec_name="h264", profile=100, codec_tag=0x31637661,
                format="yuv420p", width=320, height=240, sample_aspect_ratio=Rational(1, 1),
                field_order="progressive", bit_rate=59000)
    base.update(kw)
    return CodecParameters(**base)


def _ctx(*streams, **kw) -> FormatContext:
    base = dict(filename="x", format_name="mov,mp4,m4a,3gp,3g2,mj2", duration=2_000_000,
                start_time=0, bit_rate=123456)
    base.update(kw)
    return FormatContext(streams=list(streams), **base)


def test_fps_formatting():
    assert fps_text(30000 / 1001, "fps") == "29.97 fps"
    assert fps_text(24000 / 1001, "tbr") == "23.98 tbr"
    assert fps_text(25.0, "fps, ") == "25 fps, "
    assert fps_text(12.5, "fps") == "12.50 fps"
    assert fps_text(90000.0, "tbn") == "90k tbn"
    assert fps_text(15360.0, "tbn") == "15360 tbn"
    assert fps_text(1_000_000.0, "tbn") == "1000k tbn"
    assert fps_text(0.00004, "fps") == "0.0000 fps"
    assert fps_text(0.004, "fps") == "0.0040 fps"      # lrintf(0.4) == 0


def test_duration_start_bitrate_lines():
    out = dump_format(_ctx(duration=None, start_time=-1_500_000, bit_rate=0), 0, "a.mp4")
    assert out == ("Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'a.mp4':\n"
                   "  Duration: N/A, start: -1.500000, bitrate: N/A\n")
    out = dump_format(_ctx(duration=3_725_999_000, start_time=None, bit_rate=999), 1, "b")
    assert out.splitlines()[1] == "  Duration: 01:02:06.00, bitrate: 0 kb/s"
    out = dump_format(_ctx(start_time=-500_000), 0, "c")
    assert ", start: -0.500000," in out


def test_programs_and_no_program():
    v = Stream(0, _video(), id=0x100, time_base=Rational(1, 90000))
    a = Stream(1, CodecParameters(codec_type="audio", codec_name="aac", profile=1,
                                  sample_rate=48000, channels=2, channel_layout="stereo",
                                  format="fltp", bit_rate=128000), id=0x101,
               time_base=Rational(1, 90000), tags=Tags([("language", "eng")]))
    ctx = _ctx(v, a, show_ids=True, format_name="mpegts",
               programs=[Program(1, 1, 0x1000, 0x100, [0], Tags([("name", "Main")]))])
    assert dump_format(ctx, 0, "t.ts") == (
        "Input #0, mpegts, from 't.ts':\n"
        "  Duration: 00:00:02.00, start: 0.000000, bitrate: 123 kb/s\n"
        "  Program 1 Main\n"
        "    Metadata:\n"
        "      name            : Main\n"
        "  Stream #0:0[0x100]: Video: h264 (High) (avc1 / 0x31637661), yuv420p(progressive), "
        "320x240 [SAR 1:1 DAR 4:3], 59 kb/s, 90k tbn\n"
        "  No Program\n"
        "  Stream #0:1[0x101](eng): Audio: aac (LC), 48000 Hz, stereo, fltp, 128 kb/s\n")


def test_chapters_and_metadata_only_language():
    ch = Chapter(7, Rational(1, 3), 1, 5, Tags([("title", "T")]))
    st = Stream(0, CodecParameters(codec_type="subtitle", codec_name="mov_text",
                                   codec_tag=0x67337874, width=640, height=60),
                time_base=Rational(1, 1000), tags=Tags([("language", "eng")]),
                disposition={"default", "forced", "hearing_impaired", "non_diegetic"})
    out = dump_format(_ctx(st, chapters=[ch]), 0, "x")
    assert out.split("\n", 2)[2] == (
        "  Chapters:\n"
        "    Chapter #0:0: start 0.333333, end 1.666667\n"
        "      Metadata:\n"
        "        title           : T\n"
        "  Stream #0:0(eng): Subtitle: mov_text (tx3g / 0x67337874), 640x60 (default) (forced)"
        " (hearing impaired) (non-diegetic)\n")


def test_codec_string_branches():
    assert codec_string(CodecParameters()) == "Unknown: none"
    assert codec_string(CodecParameters(codec_type="attachment", codec_name="ttf",
                                        bit_rate=5000)) == "Attachment: ttf"
    assert codec_string(CodecParameters(codec_type="data", bit_rate=999, codec_tag=0x64636D74)) \
        == "Data: none (tmcd / 0x64636D74), 0 kb/s"
    # unspecified layout, fixed-size PCM rate derived from rate x channels x bits
    assert codec_string(CodecParameters(codec_type="audio", codec_name="pcm_s24le",
                                        sample_rate=48000, channels=3, format="s32",
                                        bits_per_raw_sample=24, bit_rate=1)) == \
        "Audio: pcm_s24le, 48000 Hz, 3 channels, s32 (24 bit), 3456 kb/s"
    # no pix_fmt, no details: the parenthesis is dropped
    assert codec_string(CodecParameters(codec_type="video", codec_name="h264", width=16,
                                        height=16)) == "Video: h264, none, 16x16"
    # fewer bits than the format's depth, colour trio spelled out, closed captions
    assert codec_string(_video(format="yuv420p10le", bits_per_raw_sample=9, color_range="tv",
                               color_space="bt709", color_primaries=None,
                               color_transfer="bt709", field_order="bt", info_closed_captions=1,
                               sample_aspect_ratio=Rational(0, 1), bit_rate=0)) == (
        "Video: h264 (High) (avc1 / 0x31637661), yuv420p10le(9 bpc, tv, bt709/unknown/bt709, "
        "bottom coded first (swapped)), 320x240, Closed Captions")
    assert fourcc_str(0x00000001) == "[1][0][0][0]"
    assert fourcc_str(0x20656C72) == "rle "


def _sd_stream(*sds, **kw) -> Stream:
    return Stream(0, _video(**kw), time_base=Rational(1, 25), side_data=list(sds))


def _side_lines(st: Stream) -> list[str]:
    out = dump_format(_ctx(st), 0, "x")
    lines = out.splitlines()
    return lines[lines.index("    Side data:") + 1:]


def test_side_data_from_structures():
    matrix = struct.pack("<9i", 0, 65536, 0, -65536, 0, 0, 0, 0, 1 << 30)
    spherical = struct.pack("<iiiiIIIII", 1, 90 << 16, -(1 << 15), 0, 0, 0, 0, 0, 4)
    # FFmpeg 5.1.9 rounds the left bound up: 0.25 of 400 pixels gives 101 (and 99 right)
    tiled = struct.pack("<iiiiIIIII", 2, 0, 0, 0, 1 << 30, 0, 1 << 30, 0, 0)
    mastering = struct.pack("<20i2i", 34000, 50000, 16000, 50000, 13250, 50000, 34500, 50000,
                            7500, 50000, 3000, 50000, 15635, 50000, 16450, 50000,
                            50, 10000, 10000000, 10000, 1, 1)
    sds = [
        SideData("Display Matrix", data=matrix),
        SideData("Stereo 3D", data=struct.pack("<iii", 2, 1, 0)),
        SideData("Spherical Mapping", data=spherical),
        SideData("Spherical Mapping", data=tiled),
        SideData("Mastering display metadata", data=mastering),
        SideData("Content light level metadata", data=struct.pack("<II", 1000, 400)),
        SideData("DOVI configuration record", data=bytes([1, 0, 8, 4, 1, 0, 1, 1])),
        SideData("CPB properties", data=struct.pack("<4qQ", 1, 2, 3, 4, (1 << 64) - 1)),
        SideData("Audio Service Type", data=struct.pack("<i", 3)),
        SideData("Audio Service Type", data=struct.pack("<i", 42)),
        SideData("ICC Profile", data=b"abc"),
        SideData("Encryption initialization data", data=bytes(52)),
    ]
    assert _side_lines(_sd_stream(*sds, width=200, height=100)) == [
        "      displaymatrix: rotation of -90.00 degrees",
        "      stereo3d: top and bottom (inverted)",
        "      spherical: cubemap (90.000000/-0.500000/0.000000) [pad 4] ",
        "      spherical: tiled equirectangular (0.000000/0.000000/0.000000) [101, 0, 99, 0] ",
        "      Mastering Display Metadata, has_primaries:1 has_luminance:1 r(0.6800,0.3200) "
        "g(0.2650,0.6900) b(0.1500 0.0600) wp(0.3127, 0.3290) min_luminance=0.005000, "
        "max_luminance=1000.000000",
        "      Content Light Level Metadata, MaxCLL=1000, MaxFALL=400",
        "      DOVI configuration record: version: 1.0, profile: 8, level: 4, rpu flag: 1, "
        "el flag: 0, bl flag: 1, compatibility id: 1",
        "      cpb: bitrate max/min/avg: 1/2/3 buffer size: 4 vbv_delay: N/A",
        "      audio service type: hearing impaired",
        "      audio service type: unknown",   # printed at warning level
        "      ICC Profile",
        "      unknown side data type 24 (52 bytes)",
    ]


def test_side_data_from_ffprobe_fields():
    """Without the structure, the fields ffprobe prints for the entry are used."""
    sds = [
        SideData("Display Matrix", [("displaymatrix",
                                     "\n00000000:            0       65536           0\n"
                                     "00000001:       -65536           0           0\n"
                                     "00000002:            0           0  1073741824\n"),
                                    ("rotation", -90)]),
        SideData("Display Matrix", [("rotation", 180)]),
        SideData("Stereo 3D", [("type", "side by side"), ("inverted", 0)]),
        SideData("Content light level metadata", [("max_content", 10), ("max_average", 5)]),
        SideData("Mastering display metadata", [("min_luminance", "1/10"),
                                                ("max_luminance", "100/1")]),
    ]
    assert _side_lines(_sd_stream(*sds)) == [
        "      displaymatrix: rotation of -90.00 degrees",
        "      displaymatrix: rotation of 180.00 degrees",
        "      stereo3d: side by side",
        "      Content Light Level Metadata, MaxCLL=10, MaxFALL=5",
        "      Mastering Display Metadata, has_primaries:0 has_luminance:1 r(0.0000,0.0000) "
        "g(0.0000,0.0000) b(0.0000 0.0000) wp(0.0000, 0.0000) min_luminance=0.100000, "
        "max_luminance=100.000000",
    ]


def test_display_rotation_degenerate_matrix_is_nan():
    assert str(display_rotation([0] * 9)) == "nan"
    st = _sd_stream(SideData("Display Matrix", data=bytes(36)))
    assert _side_lines(st) == ["      displaymatrix: rotation of nan degrees"]


def test_stream_sar_differs_from_codec_sar():
    st = Stream(0, _video(codec_tag=0, sample_aspect_ratio=Rational(0, 1)),
                time_base=Rational(1, 15360), avg_frame_rate=Rational(30, 1),
                r_frame_rate=Rational(30, 1))
    st.sample_aspect_ratio = Rational(4, 3)
    line = dump_format(_ctx(st), 0, "x").splitlines()[2]
    assert line == ("  Stream #0:0: Video: h264 (High), yuv420p(progressive), 320x240, 59 kb/s, "
                    "SAR 4:3 DAR 16:9, 30 fps, 30 tbr, 15360 tbn")


def test_log_levels_and_sanitising():
    st = Stream(0, _video(chroma_location="left", coded_width=320, coded_height=256),
                time_base=Rational(1, 15360),
                tags=Tags([("a\x01b", "c\x1fd\x7f")]),
                side_data=[SideData("Audio Service Type", data=struct.pack("<i", 99))])
    ctx = _ctx(st)
    # at -v warning only the warning itself is printed (FFmpeg 5.1.9 behaves the same)
    assert dump_format(ctx, 0, "x", loglevel=24) == "unknown"
    assert dump_format(ctx, 0, "x", loglevel=16) == ""
    assert dump_format(ctx, 0, "x", loglevel=-8) == ""
    info = dump_format(ctx, 0, "x")
    assert "      a?b             : c?d\x7f\n" in info
    verbose = dump_format(ctx, 0, "x", loglevel=40)
    assert ("Video: h264 (High), 1 reference frame (avc1 / 0x31637661), "
            "yuv420p(progressive, left), 320x240 (320x256) [SAR 1:1 DAR 4:3]") in verbose
    assert "audio service type: unknown\n" in verbose
    msgs = dump_format_messages(ctx, 0, "x")
    assert (24, "unknown") in msgs
    assert dump_format(ctx, 0, "x", loglevel=48).count(", 0/1") == 1


def test_chapter_with_zero_time_base_prints_like_glibc():
    """0/0 on x86-64 is the default NaN (sign bit set): printf shows "-nan"; n/0 is inf."""
    chs = [Chapter(0, Rational(0, 0), 1, 2), Chapter(1, Rational(1, 0), 1, -2)]
    out = dump_format(_ctx(chapters=chs), 0, "x").splitlines()
    assert out[3:] == ["    Chapter #0:0: start -nan, end -nan",
                       "    Chapter #0:1: start inf, end -inf"]


def test_replaygain_single_precision():
    rg = struct.pack("<iIiI", -789000, 100000, -(1 << 31), 0)
    st = Stream(0, CodecParameters(codec_type="audio", codec_name="flac", sample_rate=44100,
                                   channels=2, channel_layout="stereo", format="s16"),
                side_data=[SideData("Replay Gain", data=rg), SideData("Replay Gain")])
    assert _side_lines(st) == [
        "      replaygain: track gain - -7.890000, track peak - 0.000023, album gain - unknown, "
        "album peak - unknown, ",
        "      replaygain: invalid data",
        "",
    ]
