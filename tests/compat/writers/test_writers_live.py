"""Every writer and writer option against the reference ffprobe, on contexts rebuilt from the
reference's JSON (so that only the output face is under test)."""
from __future__ import annotations

import pytest

WRITERS = ["json", "json=c=1", "json=compact=true", "default", "default=nk=1", "default=nw=1",
           "default=noprint_wrappers=1:nokey=1", "compact", "compact=p=0", "compact=s=;:nk=1",
           "compact=e=none", "compact=e=csv:s=\\,", "compact=item_sep=\\:", "csv", "csv=p=0",
           "csv=nk=0:e=c", "csv=s=|", "flat", "flat=s=_", "flat=h=0", "flat=sep_char=:",
           "ini", "ini=h=0", "xml", "xml=q=1", "xml=fully_qualified=1:xsd_strict=0",
           "json=sv=ignore", "default=string_validation=fail", "json=svr=X"]

FILES = ["h264_aac.mp4", "hevc10.mp4", "mpeg4_mp3.mov", "alac.m4a", "rot_sar.mp4",
         "chapters.m4a", "pcm.mov", "tmcd.mov", "multi.mp4"]


@pytest.mark.parametrize("writer", WRITERS)
@pytest.mark.parametrize("name", FILES)
def test_writer_matches_reference(media_dir, compare, name, writer):
    compare(name, ["-v", "quiet", "-of", writer, "-show_format", "-show_streams",
                   "-show_chapters", "-show_programs"], media_dir)


@pytest.mark.parametrize("writer", ["json", "default", "compact", "csv", "flat", "ini", "xml"])
def test_error_section_each_writer(media_dir, live, writer):
    """A missing input through the real engine: error line, error section, exit code 1."""
    got, ref = live(["-hide_banner", "-of", writer, "-show_error", "-show_format",
                     "missing.mp4"], media_dir)
    assert got == ref
    assert ref[2] == 1


@pytest.mark.parametrize("bad", ["foo", "json=zz=1", "json=c", "json=c=2", "json=c=auto",
                                 "compact=s=ab", "compact=e=x", "flat=s=xy", "xml=x=1",
                                 "json=sv=foo", "json=sv=5", "json=:c=1", "json=C=1",
                                 "csv=p=maybe", "=", "json=c=1:c=0"])
def test_writer_option_errors(media_dir, compare, bad):
    compare("alac.m4a", ["-hide_banner", "-of", bad, "-show_format"], media_dir,
            check_stderr=True)
