"""The -show_entries grammar and section marking (cine/compat/entries.py) as ffprobe 5.1.9's
opt_show_entries/match_section/mark_section_show_entries behave, plus the do_show_* flags
probe_opts derives from them."""
from __future__ import annotations

import pytest

from cine.compat import log as clog
from cine.compat.entries import (EntriesError, get_token, parse_show_entries, shows_entry,
                                 shows_section)
from cine.compat.optable import ExitProgram
from cine.compat.probe_opts import parse_args


def _parse(*args):
    e = {}
    for a in args:
        parse_show_entries(a, e)
    return e


def test_issue_example():
    e = _parse("format=duration,size:stream=index,codec_name:stream_tags=language")
    assert e == {"format": {"duration", "size"}, "stream": {"index", "codec_name"},
                 "program_stream": {"index", "codec_name"}, "stream_tags": {"language"}}


def test_bare_section_shows_all_descendants():
    assert _parse("format") == {"format": None, "format_tags": None}
    e = _parse("stream")
    assert e["stream"] is None and e["stream_disposition"] is None
    assert e["stream_side_data_list"] is None and e["stream_side_data"] is None
    assert e["program_stream"] is None and e["program_stream_tags"] is None
    assert "streams" not in e          # parents are not marked


def test_ambiguous_names_match_every_section():
    e = _parse("tags=language")
    assert set(e) == {"chapter_tags", "format_tags", "frame_tags", "packet_tags",
                      "program_stream_tags", "program_tags", "stream_tags"}
    assert set(_parse("disposition")) == {"stream_disposition", "program_stream_disposition"}
    assert set(_parse("side_data_list=x")) == {"frame_side_data_list", "packet_side_data_list",
                                               "stream_side_data_list"}


def test_unique_names():
    assert _parse("stream_disposition=default") == {"stream_disposition": {"default"}}
    assert _parse("format_tags") == {"format_tags": None}
    assert _parse("program_stream_tags") == {"program_stream_tags": None}
    assert _parse("stream_side_data_list") == {"stream_side_data_list": None,
                                               "stream_side_data": None}


def test_lists_accumulate_and_clear_show_all():
    e = _parse("stream=index", "stream=codec_name")
    assert e["stream"] == {"index", "codec_name"}
    e = _parse("stream", "stream=index")
    assert e["stream"] == {"index"} and e["stream_tags"] is None
    e = _parse("stream=index", "stream")
    assert e["stream"] is None
    assert _parse("stream=") == {}
    assert _parse("stream=index", "stream=")["stream"] == {"index"}


def test_case_insensitive_entries():
    e = _parse("stream=INDEX")
    assert shows_entry(e, "stream", "index") and shows_entry(e, "stream", "Index")
    assert not shows_entry(e, "stream", "codec_name")
    assert not shows_entry(e, "format", "duration")


def test_tokens():
    assert get_token(" 'a b' , c", 0, ",:") == ("a b", 7)
    assert get_token("a\\:b:c", 0, "=:") == ("a:b", 4)
    assert get_token("x  :", 0, ":") == ("x", 3)
    assert get_token("'x  ':", 0, ":") == ("x  ", 5)
    assert get_token("x\\ ", 0, ":") == ("x ", 3)
    assert get_token("", 0, ":") == ("", 0)
    e = _parse(" format = duration , size : stream ")
    assert e["format"] == {"duration", "size"} and e["stream"] is None


@pytest.mark.parametrize("arg,msg", [
    ("foo", "No match for section 'foo'\n"), (":", "No match for section ''\n"),
    ("=x", "No match for section ''\n"), ("format=duration:foo=bar", "No match for section 'foo'\n"),
    ("Format", "No match for section 'Format'\n"),
])
def test_errors(arg, msg):
    with pytest.raises(EntriesError) as exc:
        _parse(arg)
    assert exc.value.message == msg


def test_empty_argument_marks_nothing():
    assert _parse("") == {}


def test_shows_section_looks_at_descendants():
    e = _parse("stream_tags")
    assert shows_section(e, "streams") and shows_section(e, "root")
    assert not shows_section(e, "programs") and not shows_section(e, "format")


@pytest.fixture(autouse=True)
def _quiet_log():
    yield
    clog.reset()


def test_do_show_flags_from_options():
    o = parse_args(["-hide_banner", "-show_entries", "stream_tags=language", "x"])
    assert o.show_streams and o.show_stream_tags and not o.show_programs
    assert not o.show_format and not o.show_stream_disposition
    o = parse_args(["-hide_banner", "-show_format", "x"])
    assert o.show_format and o.show_format_tags and o.entries == {"format": None, "format_tags": None}
    o = parse_args(["-hide_banner", "-show_versions"])
    assert o.show_program_version and o.show_library_versions
    assert o.entries == {"program_version": None, "library_version": None}
    o = parse_args(["-hide_banner", "-show_entries", "tags", "x"])
    assert o.show_packets and o.show_frames and o.show_chapters and o.show_format
    o = parse_args(["-hide_banner", "-show_streams", "-show_entries", "stream=index", "x"])
    assert o.entries["stream"] == {"index"} and o.entries["stream_disposition"] is None


def test_bad_entries_exit_1(capfd):
    with pytest.raises(ExitProgram) as exc:
        parse_args(["-hide_banner", "-show_entries", "nope", "x"])
    assert exc.value.code == 1
    assert capfd.readouterr().err == ("No match for section 'nope'\n"
                                      "Failed to set value 'nope' for option 'show_entries': "
                                      "Invalid argument\n")
