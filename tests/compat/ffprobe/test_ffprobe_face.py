"""The ffprobe face (sections, fields, value formatting, -show_entries, -select_streams, the
main flow) against the reference ffprobe 5.1.9."""
from __future__ import annotations

import os
import subprocess

import pytest

from cine.compat import units
from cine.compat.ffprobe.sections import print_sections

FILES = ["h264_aac.mp4", "hevc10.mp4", "mpeg4_mp3.mov", "rot_sar.mp4", "chapters.m4a",
         "tmcd.mov", "multi.mp4"]

VALUE_OPTIONS = [["-unit"], ["-prefix"], ["-prefix", "-byte_binary_prefix"], ["-sexagesimal"],
                 ["-pretty"], ["-unit", "-prefix"], ["-bitexact"], ["-noprivate"],
                 ["-show_optional_fields", "always"], ["-show_optional_fields", "never"],
                 ["-show_data"], ["-show_data_hash", "md5"], ["-show_data_hash", "murmur3"],
                 ["-show_data_hash", "CRC32"], ["-show_data_hash", "adler32"],
                 ["-show_data_hash", "sha256"]]


@pytest.mark.parametrize("opts", VALUE_OPTIONS, ids=lambda o: "_".join(o))
@pytest.mark.parametrize("writer", ["json", "default"])
@pytest.mark.parametrize("name", ["h264_aac.mp4", "hevc10.mp4", "chapters.m4a", "tmcd.mov"])
def test_value_options(media_dir, compare, name, writer, opts):
    compare(name, ["-v", "quiet", "-of", writer, *opts, "-show_format", "-show_streams",
                   "-show_chapters"], media_dir)


ENTRIES = [
    "format=duration,size", "stream=index,codec_name:stream_tags=language", "stream_disposition",
    "format_tags", "stream_tags", "stream=index:stream_disposition=default", "stream",
    "chapter=id:chapter_tags=title", "stream_side_data_list", "stream_side_data",
    "format=filename:streams", "program", "error", "format=NB_STREAMS,Format_Name",
    "stream=index,codec_type:format=nb_streams", "stream_tags=language,handler_name",
    "disposition", "format=filename:format_tags=encoder", "chapters",
]


@pytest.mark.parametrize("entries", ENTRIES)
@pytest.mark.parametrize("writer", ["json", "default", "compact", "xml"])
@pytest.mark.parametrize("name", ["h264_aac.mp4", "chapters.m4a"])
def test_show_entries(media_dir, compare, name, writer, entries):
    compare(name, ["-v", "quiet", "-of", writer, "-show_entries", entries], media_dir)


COMBOS = [
    ["-show_streams", "-show_entries", "stream=index"],
    ["-show_entries", "stream=index", "-show_streams"],
    ["-show_streams", "-show_entries", "stream_tags=language"],
    ["-show_entries", "format=duration", "-show_entries", "format=size"],
    ["-show_programs", "-show_streams"],
    ["-show_format", "-show_error"],
    ["-show_entries", "stream=index", "-show_entries", "stream_disposition=forced"],
]


@pytest.mark.parametrize("combo", COMBOS, ids=lambda c: "_".join(c))
@pytest.mark.parametrize("writer", ["json", "default", "compact", "xml"])
def test_option_combinations(media_dir, compare, writer, combo):
    compare("multi.mp4", ["-v", "quiet", "-of", writer, *combo], media_dir)


SPECS = ["v", "a", "a:0", "a:1", "v:1", "V", "d", "s", "t", "0", "1", "3", "5",
         "m:language:fra", "m:language", "m:language:eng", "p:0", "#1", "i:2", "u", ""]


@pytest.mark.parametrize("spec", SPECS)
@pytest.mark.parametrize("writer", ["json", "default", "flat"])
def test_select_streams(media_dir, compare, writer, spec):
    compare("multi.mp4", ["-v", "quiet", "-of", writer, "-select_streams", spec,
                          "-show_streams", "-show_format"], media_dir)


@pytest.mark.parametrize("spec", ["foo", "x:1", "a:b", "p:x"])
def test_select_streams_invalid(media_dir, compare, spec):
    compare("multi.mp4", ["-hide_banner", "-v", "error", "-of", "json", "-select_streams", spec,
                          "-show_streams", "-show_error"], media_dir, check_stderr=True)


def test_unsupported_codec_warning(media_dir, compare):
    # tmcd has no decoder: the reference warns after the dump
    err, ref_err = compare("tmcd.mov", ["-hide_banner", "-v", "warning", "-show_streams"],
                           media_dir)
    assert err.endswith(b"Unsupported codec with id 0 for input stream 1\n")
    assert err == ref_err


def test_sections_listing():
    ref = subprocess.run(["/usr/bin/ffprobe", "-hide_banner", "-sections"], capture_output=True)
    if ref.returncode != 0 and not ref.stdout:
        pytest.skip("reference ffprobe not installed")
    assert print_sections().encode() == ref.stdout


@pytest.mark.parametrize("value,unit,fmt,expected", [
    (48000, units.HERTZ, units.ValueFormat(prefix=True), "48 K"),
    (48000, units.HERTZ, units.ValueFormat(unit=True, prefix=True), "48 KHz"),
    (44100, units.HERTZ, units.ValueFormat(unit=True, prefix=True), "44.100000 KHz"),
    (2591, units.BYTE, units.ValueFormat(True, True, True), "2.530273 Kibyte"),
    (2591, units.BYTE, units.ValueFormat(unit=True), "2591 byte"),
    (1.0, units.SECOND, units.ValueFormat(), "1.000000"),
    (3725.5, units.SECOND, units.ValueFormat(sexagesimal=True), "1:02:05.500000"),
    (-0.021333, units.SECOND, units.ValueFormat(sexagesimal=True), "0:00:-0.021333"),
    (0, units.BIT_PER_SECOND, units.ValueFormat(True, True), "0 bit/s"),
])
def test_value_string(value, unit, fmt, expected):
    assert units.value_string(value, unit, fmt) == expected


# --- end to end on the real engine --------------------------------------------------------

CORPUS = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "shared", "corpus",
                      "files")


@pytest.mark.parametrize("writer", ["json", "default", "compact", "csv", "flat", "ini", "xml"])
def test_end_to_end_minimal(live, writer):
    path = "mp4rust/minimal.mp4"
    if not os.path.exists(os.path.join(CORPUS, path)):
        pytest.skip("corpus not present")
    got, ref = live(["-of", writer, "-show_format", "-show_streams", "-show_chapters",
                     "-show_programs", path], CORPUS)
    assert got[0] == ref[0] and got[2] == ref[2]


@pytest.mark.parametrize("args", [
    [], ["-of", "json"], ["-show_format"], ["-of", "xml", "-show_error"],
    ["-hide_banner", "-of", "json", "missing.mp4"], ["-hide_banner", "-show_error", "."],
    ["-hide_banner", "-v", "quiet", "-show_error", "missing.mp4"],
])
def test_main_flow_errors(media_dir, live, args):
    got, ref = live(args, media_dir)
    assert got[0] == ref[0] and got[2] == ref[2]
    if "-hide_banner" in args:
        assert got[1] == ref[1]


@pytest.mark.parametrize("args", [
    ["-show_pixel_formats"], ["-show_pixel_formats", "-of", "json"],
    ["-show_pixel_formats", "-of", "xml"], ["-show_pixel_formats", "-of", "csv"],
    ["-show_entries", "pixel_format=name:pixel_format_flags=rgb,alpha"],
    ["-show_entries", "pixel_format_components", "-of", "compact"],
    ["-show_library_versions"], ["-show_library_versions", "-of", "ini"],
    ["-show_entries", "library_version=name,ident", "-of", "flat"],
])
def test_global_sections(media_dir, live, args):
    got, ref = live(["-hide_banner", *args], media_dir)
    assert got == ref


def test_program_version_identifies_cine(media_dir, live):
    got, ref = live(["-v", "quiet", "-of", "flat", "-show_program_version"], media_dir)
    assert got[2] == ref[2] == 0
    assert got[0].startswith(b'program_version.version="5.1.9-cine-')
    assert [l.split(b"=")[0] for l in got[0].splitlines()] == \
        [l.split(b"=")[0] for l in ref[0].splitlines()]


def test_bitexact_with_versions_is_refused(media_dir, live):
    got, ref = live(["-hide_banner", "-bitexact", "-show_program_version"], media_dir)
    assert got == ref and ref[2] == 1


PROGRAM_ARGS = [["-show_programs"], ["-show_programs", "-show_streams", "-select_streams", "a"],
                ["-show_entries", "program=program_id:program_tags:stream=index"],
                ["-show_entries", "program_stream=index:program_stream_tags"],
                ["-show_programs", "-select_streams", "p:2"],
                ["-show_entries", "stream_disposition", "-show_programs"]]


@pytest.mark.parametrize("args", PROGRAM_ARGS, ids=lambda a: "_".join(a))
@pytest.mark.parametrize("writer", ["json", "default", "compact", "csv", "flat", "ini", "xml"])
def test_programs(media_dir, compare, writer, args):
    compare("programs.ts", ["-v", "quiet", "-of", writer, *args], media_dir)


PACKET_ARGS = [["-show_packets"], ["-show_packets", "-show_data"],
               ["-show_packets", "-show_data_hash", "md5"], ["-show_packets", "-pretty"],
               ["-count_packets", "-show_streams"], ["-show_packets", "-select_streams", "a"],
               ["-show_entries", "packet=pts,flags:packet_side_data"],
               ["-show_packets", "-show_streams", "-show_format"]]


@pytest.mark.parametrize("args", PACKET_ARGS, ids=lambda a: "_".join(a))
@pytest.mark.parametrize("writer", ["json", "default", "compact", "flat", "xml"])
def test_packets(media_dir, monkeypatch, capfdbinary, writer, args):
    """Packet sections from the reference's own packets (the demuxer is bypassed)."""
    import ffprobe_jsonctx as J
    name = "h264_aac.mp4"
    ctx, book = J.load_context(name, media_dir)
    packets = J.load_packets(name, media_dir)
    monkeypatch.chdir(media_dir)
    argv = ["-v", "quiet", "-of", writer, *args, name]
    with J.patched_engine(monkeypatch, ctx, book, packets):
        out, err, rc = J.run_cine(argv, capfdbinary)
    ref_out, _, ref_rc = J.reference(argv, media_dir)
    assert out.decode("utf-8", "replace") == ref_out.decode("utf-8", "replace")
    assert (out, rc) == (ref_out, ref_rc)
