"""Issue 5 error fidelity: the crafted and fuzz-found inputs kept under fuzz/regressions/ for
the RIFF-family and audio elementary targets (wav, w64, avi, mp3, adts, flac, ac3) probe as
FFmpeg 5.1.9 does: same exit code, same stderr at -v error (the first error line included)
and the same streams (and packets, where the input is small).

Each input is opened with the format its fuzz target forces, so a damaged header reaches
the same demuxer in both tools. Skipped where /usr/bin/ffprobe is absent.
"""
from __future__ import annotations

import os

import pytest

from _reference import FFPROBE, ROOT, cine_cmd, norm_addresses, reference_ok, run

REGRESSIONS = os.path.join(ROOT, "fuzz", "regressions")
# fuzz target -> the demuxer it forces
FORMATS = {"wav": "wav", "w64": "w64", "avi": "avi", "mp3": "mp3", "adts": "aac",
           "flac": "flac", "ac3": "ac3"}
ARGS = ["-v", "error", "-show_streams", "-show_packets"]


def _cases() -> list[tuple[str, str]]:
    out = []
    for target in sorted(FORMATS):
        d = os.path.join(REGRESSIONS, target)
        if os.path.isdir(d):
            out += [(target, n) for n in sorted(os.listdir(d)) if n.endswith(".bin")]
    return out


def _run(cmd: list) -> tuple[int, bytes, bytes]:
    rc, out, err = run(cmd, env={"LC_ALL": "C"})
    return rc, out, norm_addresses(err)


CASES = _cases()


def test_cases_exist():
    assert len(CASES) >= 20
    names = {n for _, n in CASES}
    # the four adversarial shapes the issue names for these formats
    assert "id3v2-tag-larger-than-file.bin" in names
    assert "riff-and-list-size-ffffffff.bin" in names
    assert "indx-super-index-claims-2p31-entries.bin" in names
    assert "no-last-flag-chain-to-eof.bin" in names


@pytest.mark.skipif(not reference_ok(), reason="reference ffprobe 5.1.9 not installed")
@pytest.mark.parametrize("target,name", CASES, ids=[f"{t}/{n}" for t, n in CASES])
def test_same_as_reference(target, name):
    path = os.path.join(REGRESSIONS, target, name)
    fmt = ["-f", FORMATS[target]]
    ref = _run([FFPROBE, *ARGS, *fmt, path])
    cine = _run([*cine_cmd("ffprobe"), *ARGS, *fmt, path])
    assert b"Traceback" not in cine[2] and b"internal error" not in cine[2]
    assert cine[0] == ref[0]
    assert cine[2].decode("latin-1") == ref[2].decode("latin-1")
    assert cine[1].decode("latin-1") == ref[1].decode("latin-1")
