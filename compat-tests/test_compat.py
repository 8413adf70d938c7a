"""Golden suite runner: replay every case in compat-tests/cases through `python -m cine`.

Each case compares stdout bytes, the exit code and stderr (after normalising `@ 0x...`
addresses and the banner's build lines) with the recorded FFmpeg 5.1.9 output; a mismatch
fails with a unified diff. Cases run in parallel once per session (a thread pool of
subprocesses), then each test only compares.

LIVE mode: with CINE_LIVE=1 the expected side of every golden case is the real
/usr/bin/ffprobe run now, not the recorded files; extra variations (test_live_extra) always
run against the real tool when it is installed and are skipped otherwise.
"""
from __future__ import annotations

import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compat_suite as cs  # noqa: E402
from cases import XFAIL  # noqa: E402
import audio_cases  # noqa: E402

LIVE = os.environ.get("CINE_LIVE") == "1"
CASES = cs.load_cases()

_FIX = "fixtures/mp4"
LIVE_EXTRA = []
for _fx in ("h264_aac.mp4", "multi_audio_lang.mp4", "tmcd.mov", "cover_art.m4a", "mov_text.mp4",
            "metadata_rich.mp4", "qt_keys_location.mov", "chapters.mp4"):
    for _w in ("compact=nk=1", "compact=e=c", "compact=e=csv:s=,", "csv=s=;", "csv=nk=1:p=0",
               "flat=s=.", "flat=h=0", "ini=h=0", "xml=x=1", "xml=q=1", "json=compact=1",
               "default=noprint_wrappers=1:nokey=1", "compact=item_sep=#:print_section=0"):
        LIVE_EXTRA.append(("-hide_banner", "-v", "error", "-print_format", _w, "-show_format",
                           "-show_streams", "-show_chapters", f"{_FIX}/{_fx}"))
for _lv in ("warning", "info", "error", "fatal", "panic", "quiet", "24", "32"):
    LIVE_EXTRA.append(("-hide_banner", "-loglevel", _lv, "-show_format", f"{_FIX}/tmcd.mov"))
for _e in ("stream=index:stream_tags=handler_name,vendor_id", "format_tags=major_brand",
           "stream=nb_read_frames", "program", "stream=codec_name:format=filename",
           "stream_side_data_list:stream=index", "format=duration:format_tags"):
    LIVE_EXTRA.append(("-hide_banner", "-v", "error", "-of", "json", "-show_entries", _e,
                       f"{_FIX}/h264_rotate90.mp4"))


@pytest.fixture(scope="session")
def golden_results(request):
    """Run every selected golden case through cine (and, in LIVE mode, the reference) at once."""
    selected = []
    for item in request.session.items:
        cs_ = getattr(item, "callspec", None)
        if cs_ is not None and isinstance(cs_.params.get("case"), cs.DiskCase):
            selected.append(cs_.params["case"])

    def one(case):
        if case.needs_corpus and not cs.corpus_present():
            return case.id, (None, None)
        actual = cs.run_cine(case.argv, case.stdin)
        expected = cs.run_reference(case.argv, case.stdin) if LIVE else case.expected
        return case.id, (expected, actual)

    return dict(cs.run_parallel(one, selected))


def test_cases_exist():
    assert len(CASES) >= 1000, "compat-tests/cases is missing or incomplete: run compat-tests/regen"
    missing = [c.id for c in CASES if c.expected is None]
    assert not missing, f"cases without goldens: {missing[:10]}"


def _param(case):
    marks = []
    pending = audio_cases.pending(case.name) if case.group == "audio" else None
    if case.id in XFAIL:  # known cine gaps (cases.XFAIL): must fail until fixed (strict)
        marks.append(pytest.mark.xfail(strict=True, reason=XFAIL[case.id]))
    elif pending:         # an audio codec cine has no decoder for yet
        marks.append(pytest.mark.xfail(strict=True, reason=pending))
    return pytest.param(case, id=case.id, marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_golden(case, golden_results):
    if LIVE and not cs.have_reference():
        pytest.skip("CINE_LIVE=1 but /usr/bin/ffprobe is absent")
    if LIVE and case.argv[0] == "ffmpeg" and not os.access(cs.REFERENCE_FFMPEG, os.X_OK):
        pytest.skip("CINE_LIVE=1 but /usr/bin/ffmpeg is absent")
    if case.needs_corpus and not cs.corpus_present():
        pytest.skip("the shared corpus (../shared/corpus) is absent")
    expected, actual = golden_results[case.id]
    label = "live-ffprobe" if LIVE else "golden"
    d = cs.diff_results(expected, actual, label)
    if d and case.group == "audio" and audio_cases.tolerant(case.name):
        d = _audio_tolerance(expected, actual, label)
    if d:
        argv = " ".join(case.argv) + (f" < {case.stdin}" if case.stdin else "")
        pytest.fail(f"{case.id}: {argv}\n{d}", pytrace=False)


def _audio_tolerance(expected, actual, label: str) -> str:
    """The audio group's lossy cases: exit code and stderr as always, the PCM bytes (stdout
    or the output file) within issue 7's tolerance where both sides' bytes are known."""
    parts = []
    if expected.rc != actual.rc:
        parts.append(f"exit code: {label} {expected.rc}, cine {actual.rc}\n")
    if expected.stderr != actual.stderr:
        parts.append(cs.diff_results(cs.Result(b"", expected.stderr, expected.rc),
                                     cs.Result(b"", actual.stderr, expected.rc), label))
    pairs = []
    if isinstance(expected.stdout, cs.OutFile):     # a big golden: bytes must match
        parts.append(cs.diff_results(cs.Result(expected.stdout, b"", 0),
                                     cs.Result(actual.stdout, b"", 0), label))
    else:
        pairs.append(("stdout", expected.stdout, actual.stdout))
    efiles, afiles = expected.files or {}, actual.files or {}
    if sorted(efiles) != sorted(afiles):
        parts.append(cs.diff_files(efiles, afiles, label))
    for name in sorted(set(efiles) & set(afiles)):
        e = efiles[name].data if isinstance(efiles[name], cs.OutFile) else efiles[name]
        if e is None:       # a big golden: only its md5 is known, so bytes must match
            parts.append(cs.diff_files({name: efiles[name]}, {name: afiles[name]}, label))
        else:
            pairs.append((name, e, afiles[name]))
    for what, e, a in pairs:
        if e != a:
            why = audio_cases.within_tolerance(e, a)
            if why:
                parts.append(f"{what}: {why}\n")
    return "".join(parts)


@pytest.fixture(scope="session")
def live_results(request):
    selected = []
    for item in request.session.items:
        cs_ = getattr(item, "callspec", None)
        if cs_ is not None and "live_argv" in cs_.params:
            selected.append(cs_.params["live_argv"])
    if not selected or not cs.have_reference():
        return {}

    def one(argv):
        argv = ["ffprobe", *argv]
        return tuple(argv[1:]), (cs.run_reference(argv, None), cs.run_cine(argv, None))

    return dict(cs.run_parallel(one, selected))


@pytest.mark.parametrize("live_argv", LIVE_EXTRA, ids=lambda a: " ".join(a[3:]))
def test_live_extra(live_argv, live_results):
    if not cs.have_reference():
        pytest.skip("/usr/bin/ffprobe is not installed")
    expected, actual = live_results[tuple(live_argv)]
    d = cs.diff_results(expected, actual, "live-ffprobe")
    if d:
        pytest.fail("ffprobe " + " ".join(live_argv) + "\n" + d, pytrace=False)


def test_banner_library_lines():
    """cine's -version identifies cine yet keeps 5.1.9's library version lines exactly."""
    golden = [c for c in CASES if c.id == "banner/version"]
    assert golden, "banner/version case missing: run compat-tests/regen"
    actual = cs.run_tool(cs.cine_command("ffprobe") + ["-version"], None)
    exp_lines = [ln for ln in golden[0].expected.stdout.split(b"\n") if ln.startswith(b"lib")]
    got_lines = [ln for ln in actual.stdout.split(b"\n") if ln.startswith(b"lib")]
    assert len(exp_lines) == 8
    assert got_lines == exp_lines
    first = actual.stdout.split(b"\n", 1)[0]
    assert first.startswith(b"ffprobe version 5.1.9") and b"cine" in first, first
