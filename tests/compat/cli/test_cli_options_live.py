"""ffprobe option parsing against the real FFmpeg 5.1.9 ffprobe: the same argv must give the same
stdout, stderr and exit code (the program-identification banner lines normalised, context
addresses normalised). Inputs are names that do not exist, so every case stops at or before
opening the input and does not depend on a demuxer."""
from __future__ import annotations

import pytest

from _cli_live import normalise, real_available, run_cine, run_real

pytestmark = pytest.mark.skipif(not real_available(), reason="needs /usr/bin/ffprobe 5.1.9")

M = "missing-input.mp4"
HB = "-hide_banner"

CASES = [
    # unknown options, missing arguments, AVOption passthrough
    ["-foo"], [HB, "-foo"], [HB, "-foo", "bar", M], [HB, "-of"], [HB, "-loglevel"], [HB, "-v"], ["-v"],
    [HB, "-i"], [HB, "-x:y", "1", M], [HB, "-vfflags", "1", M], [HB, "-srcw", "10", M],
    [HB, "-probesize", "100", M], [HB, "-crf", "20", M], [HB, "-vb", "100", M], [HB, "-threads", "2", M],
    [HB, "-fflags", "+genpts", "-fflags", "+igndts", M], [HB, "-no"],
    # no input
    [HB], [], [HB, "-show_format", "-of", "json"],
    # log levels and flags
    [HB, "-v", "foo"], ["-v", "foo"], [HB, "-v", "99x"], [HB, "-v", "0", "-foo"], [HB, "-v", "-8", "-foo"],
    [HB, "-v", " 16", "-foo"], [HB, "-v", "+16", "-foo"], [HB, "-v", "-level", "-foo"],
    [HB, "-v", "info", "-v", "quiet", "-foo"], ["-v", "quiet", "-v", "info", "-foo"],
    ["-loglevel", "quiet", "-v", "info", "-foo"], [M], ["-v", "error", M], ["-v", "quiet", M],
    [HB, "-v", "level+info", M], [HB, "-v", "+level", M], [HB, "-v", "level", M],
    [HB, "-v", "repeat+level+error", "-foo"], ["-nohide_banner", M], [HB, "-report", "-v", "error", M],
    # writer name, hash, -show_entries, -read_intervals, inputs/outputs, -f
    [HB, "-of", "foo", M], [HB, "-of", "", M], [HB, "-of", "=", M], [HB, "-of", "json=c=1", "-show_error", M],
    [HB, "-of:x", "json", M], [HB, "-nof", "mp4", M],
    [HB, "-show_data_hash", "foo", M], [HB, "-show_data_hash", "md5", M],
    [HB, "-show_entries", "foo", M], [HB, "-show_entries", "format=duration:foo=bar", M],
    [HB, "-show_entries", ":", M], [HB, "-show_entries", "'format'=\\duration", "-show_error", M],
    [HB, "-v", "verbose", "-show_entries", " stream = index , codec_name : format", M],
    [HB, "-show_entries", "stream=", "-of", "json", "-show_error", M],
    [HB, "-read_intervals", "", M], [HB, "-read_intervals", "x%", M], [HB, "-read_intervals", "1%y", M],
    [HB, "-read_intervals", "1%+#x", M], [HB, "-read_intervals", "99999999999999999999", M],
    [HB, "-v", "verbose", "-read_intervals", "1.5%+#3,%2,+1", M],
    [HB, "-v", "verbose", "-read_intervals", "01:02:03.5%+00:10", M],
    [HB, "-v", "verbose", "-read_intervals", "-1.5ms%+10us", M],
    [HB, "a.mp4", "b.mp4"], [HB, "-i", "a.mp4", "-i", "b.mp4"], [HB, "-o", "x", "-o", "y"],
    [HB, "--", "-" + M], [HB, "-f", "foo", M], [HB, "-f", "MP4", M], [HB, "-f", "ALL", M],
    # -bitexact, booleans and their -no forms, the odd '-no' of a non-boolean
    [HB, "-bitexact", "-show_versions"], [HB, "-bitexact", "-show_program_version"],
    [HB, "-noshow_format", "-of", "json", M], [HB, "-nopretty", M], [HB, "-show_log", "x", M],
    [HB, "-show_optional_fields", "x", M], [HB, "-show_optional_fields", "5", M],
    [HB, "-show_optional_fields", "always", "-show_error", M], [HB, "-max_alloc", "1x", M],
    [HB, "-max_alloc", "100000", M], [HB, "-pretty", "-show_error", M],
    [HB, "-unit", "-nounit", "-show_error", M], [HB, "-private", M], [HB, "-noprivate", M],
    [HB, "-print_filename", "foo", M], [HB, "-nofind_stream_info", M],
    # exit options
    ["-version"], ["-v", "quiet", "-version"], [HB, "-v", "error", "-version"], ["-version", "-foo"],
    ["-foo", "-version"], ["-sections"], [HB, "-dispositions"],
    # library versions (program_version differs by design: it names cine)
    [HB, "-show_library_versions", "-of", "csv"], [HB, "-show_entries", "library_version=ident,major"],
    [HB, "-show_library_versions", "-of", "json"], [HB, "-show_library_versions", "-of", "xml"],
]


@pytest.mark.parametrize("argv", CASES, ids=[" ".join(c) or "(none)" for c in CASES])
def test_same_as_reference(argv, tmp_path):
    cine = run_cine(argv, cwd=str(tmp_path))
    real = run_real(argv, cwd=str(tmp_path))
    assert normalise(cine[1]) == normalise(real[1]), "stderr differs"
    assert normalise(cine[0]) == normalise(real[0]), "stdout differs"
    assert cine[2] == real[2], "exit code differs"


def _report(tmp_path, runner, argv, env_value):
    import os
    os.environ["FFREPORT"] = env_value
    try:
        out = runner(argv, cwd=str(tmp_path))
    finally:
        del os.environ["FFREPORT"]
    files = sorted(p.name for p in tmp_path.iterdir())
    texts = []
    for name in files:
        texts.append((tmp_path / name).read_text())
        (tmp_path / name).unlink()
    return out, files, texts


def _norm_report(text):
    import re
    text = re.sub(r"started on \d{4}-\d\d-\d\d at \d\d:\d\d:\d\d", "started on DATE", text)
    text = re.sub(r"(?m)^\S*ffprobe(?= )", "ffprobe", text)     # argv[0] of the command line
    text = re.sub(r"ffprobe-\d{8}-\d{6}\.log", "ffprobe-DATE-TIME.log", text)  # default report name
    return text


@pytest.mark.parametrize("env_value,argv", [
    ("file=r%%-%p.log:level=32", ["-hide_banner", "-v", "error", "in put.mp4"]),
    ("file=r.log:level=40", ["-hide_banner", M]),
    ("level=3x", ["-hide_banner", M]),
    ("foo=1:file=q.txt:level=32", ["-hide_banner", "-v", "error", M]),
    ("", ["-hide_banner", "-v", "quiet", "-report", "-foo"]),
])
def test_report_file_like_reference(tmp_path, env_value, argv):
    mine, mine_files, mine_texts = _report(tmp_path, run_cine, argv, env_value)
    real, real_files, real_texts = _report(tmp_path, run_real, argv, env_value)
    assert mine[2] == real[2]
    assert _norm_report(normalise(mine[1])) == _norm_report(normalise(real[1]))
    assert len(mine_files) == len(real_files)
    if "%t" not in env_value and "file=" in env_value:
        assert mine_files == real_files
    assert [_norm_report(normalise(t.encode())) for t in mine_texts] == \
        [_norm_report(normalise(t.encode())) for t in real_texts]
