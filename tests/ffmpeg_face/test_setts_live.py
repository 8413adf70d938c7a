"""The setts bitstream filter against the real FFmpeg 5.1.9 (live; skipped when /usr/bin/ffmpeg
is absent): random expressions over its variables for ts, pts, dts and duration, on video and
audio, through framecrc (every packet's dts, pts, duration and checksum on stdout), and
random option strings for the chain parser. Same comparison as
test_vs_reference.py: exit code, stdout, normalised stderr and the files written.
"""
from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from .test_vs_reference import FFMPEG, ROOT, run_both

pytestmark = pytest.mark.skipif(not os.access(FFMPEG, os.X_OK), reason="no /usr/bin/ffmpeg")

VARIABLES = ("N", "TS", "POS", "PREV_INPTS", "PREV_INDTS", "PREV_INDURATION", "PREV_OUTPTS",
             "PREV_OUTDTS", "PREV_OUTDURATION", "NEXT_PTS", "NEXT_DTS", "NEXT_DURATION", "PTS",
             "DTS", "DURATION", "STARTPTS", "STARTDTS", "TB", "TB_OUT", "SR", "NOPTS")
INPUTS = ("fixtures/mp4/h264_aac.mp4", "fixtures/mkv/h264_aac.mkv", "fixtures/ts/h264_aac.ts",
          "fixtures/elementary/cbr.mp3")

_var = st.sampled_from(VARIABLES)
_num = st.sampled_from(("0", "1", "2", "512", "1000", "-3", "0.5", "1e6"))
_term = st.one_of(_var, _num)


@st.composite
def expressions(draw):
    a, b = draw(_term), draw(_term)
    form = draw(st.sampled_from(("{a}", "{a}+{b}", "{a}-{b}", "{a}*{b}", "{a}/{b}",
                                 "if(gt({a}\\,{b})\\,{a}\\,{b})", "max({a}\\,0)",
                                 "{a}-STARTPTS", "TS+{b}*N")))
    return form.format(a=a, b=b)


@st.composite
def setts_options(draw):
    keys = draw(st.lists(st.sampled_from(("ts", "pts", "dts", "duration")), min_size=1,
                         max_size=3, unique=True))
    parts = ["%s=%s" % (k, draw(expressions())) for k in keys]
    if draw(st.booleans()):
        parts.append("time_base=%s" % draw(st.sampled_from(("1/1000", "1/90000", "1/50", "0"))))
    return ":".join(parts)


def _run_both(argv, tmp_path):
    """Both tools in their own folder of tmp_path (the inputs by absolute path): exit code,
    stdout, normalised stderr and the files written must be the same."""
    ref, cine = run_both(None, tmp_path, argv, files=())
    assert cine[2].decode("utf-8", "replace") == ref[2].decode("utf-8", "replace")
    assert (cine[0], cine[1]) == (ref[0], ref[1])
    assert cine[3] == ref[3]


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(opts=setts_options(), inp=st.sampled_from(INPUTS), stream=st.sampled_from(("", ":v", ":a")))
def test_random_expressions_match_the_reference(tmp_path_factory, opts, inp, stream):
    """framecrc: what the filter gave each packet, through the muxing layer's checks (dts
    made up from pts when an expression gives none, non-monotonic dts refused)."""
    d = tmp_path_factory.mktemp("setts")
    argv = ["-hide_banner", "-nostdin", "-y", "-i", os.path.join(ROOT, inp), "-c", "copy",
            "-bsf" + stream, "setts=" + opts, "-f", "framecrc", "-"]
    _run_both(argv, d)


_optchar = st.sampled_from(list("tsdp=:,'\\ ()+1N") + ["ts", "pts", "time_base", "null",
                                                       "setts", "TS", "1/25", "foo"])


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=st.lists(_optchar, min_size=1, max_size=12).map("".join))
def test_random_chains_parse_as_the_reference_does(tmp_path_factory, text):
    """-bsf values made of separators, quotes, escapes and option names: the same chain, the
    same parse errors (and the same init errors for expressions that do not parse)."""
    d = tmp_path_factory.mktemp("setts_parse")
    argv = ["-hide_banner", "-nostdin", "-y", "-i", os.path.join(ROOT, INPUTS[0]), "-c", "copy",
            "-bsf:v", "setts=" + text, "-frames:v", "3", "-f", "framecrc", "-"]
    _run_both(argv, d)
