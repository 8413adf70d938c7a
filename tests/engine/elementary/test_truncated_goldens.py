"""Damaged raw HEVC and ADTS AAC (make_truncated_goldens.py builds them from
fixtures/elementary) probe exactly as FFmpeg 5.1.9 did: HEVC codec parameters only once a
slice names a stored PPS and SPS, the SPS timing only then, an AAC sample rate only once a
whole frame decodes."""
import os
import pathlib
import subprocess
import sys

import pytest

from make_truncated_goldens import ARGS, CASES, ROOT, build, normalize_stderr

GOLD = pathlib.Path(__file__).resolve().parent / "goldens_truncated"
# the reference's decoder and parser also log each slice that names a missing PPS, in an
# order that follows its 1 KiB raw reads: cine does not reproduce those lines yet
STDERR_KNOWN_DIFFERENT = {"hevc_no_pps", "hevc_pps_bad_scaling_list", "hevc_vps_bad_hrd_count"}


def _cine(args, case, tmp_path):
    name, data = build(case)
    (tmp_path / name).write_bytes(data)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "cine", "ffprobe"] + args + [name],
                          cwd=tmp_path, capture_output=True, env=env)


@pytest.mark.parametrize("case", sorted(CASES))
def test_streams_match_golden(case, tmp_path):
    r = _cine(ARGS, case, tmp_path)
    assert r.stdout.decode() == (GOLD / (case + ".json")).read_text()
    assert b"Traceback" not in r.stderr


@pytest.mark.parametrize("case", sorted(set(CASES) - STDERR_KNOWN_DIFFERENT))
def test_stderr_dump_and_exit_code_match_golden(case, tmp_path):
    r = _cine(["-hide_banner"], case, tmp_path)
    assert normalize_stderr(r.stderr).decode() == (GOLD / (case + ".stderr")).read_text()
    assert r.returncode == int((GOLD / (case + ".rc")).read_text())


def test_cases_pin_both_sides_of_the_rule():
    """The goldens hold both outcomes, so a rule that always (or never) exports fails."""
    import json
    def first(case):
        return json.loads((GOLD / (case + ".json")).read_text())["streams"][0]
    assert first("hevc_no_slice")["width"] == 0 and first("hevc_first_slice_header")["width"] == 160
    assert first("hevc_rate_no_slice")["r_frame_rate"] == "25/1"
    assert first("hevc_rate_first_slice")["r_frame_rate"] == "30/1"
    assert first("hevc_pps_bad_scaling_list")["width"] == 0
    assert first("hevc_vps_bad_hrd_count")["coded_width"] == 0
    assert first("aac_partial_first_frame")["sample_rate"] == "0"
    assert first("aac_one_whole_frame")["sample_rate"] == "44100"
