"""A/53 captions in H.264 SEI mark the stream "Closed Captions" in the stderr dump, exactly
as the reference's find_stream_info decoder reports them (corpus HLS segments carry them)."""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]
FILES = ROOT.parent / "shared" / "corpus" / "files"
FFPROBE = "/usr/bin/ffprobe"
ADDR = re.compile(rb"@ 0x[0-9a-f]+")
CASES = ["shaka/hls-ts-h264_fileSequence0.ts", "shaka/hls-ts-h264_fileSequence5.ts",
         "shaka/hls-ts-muxed-aac-h264_n_0_0_0.ts"]


@pytest.mark.skipif(not FILES.is_dir() or not os.path.exists(FFPROBE),
                    reason="needs ../shared/corpus and the real ffprobe")
@pytest.mark.parametrize("name", CASES)
def test_dump_closed_captions_like_reference(name):
    if not (FILES / name).exists():
        pytest.skip("corpus file missing")
    ref = subprocess.run([FFPROBE, "-hide_banner", name], capture_output=True, cwd=FILES)
    got = subprocess.run([sys.executable, "-m", "cine", "ffprobe", "-hide_banner", name],
                         capture_output=True, cwd=FILES, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert ADDR.sub(b"@ 0x", got.stderr) == ADDR.sub(b"@ 0x", ref.stderr)
    assert got.returncode == ref.returncode


def test_a53_sei_detection():
    from cine.engine.codecs.sei import a53_cc_present
    # T.35 USA, ATSC provider, GA94, cc_data type 3, process flag + cc_count 1, reserved,
    # one 3-byte cc triple, marker byte
    good = bytes([0xB5, 0x00, 0x31]) + b"GA94" + bytes([3, 0x40 | 1, 0xFF, 0xFC, 0x80, 0x80, 0xFF])
    assert a53_cc_present(good)
    assert not a53_cc_present(good[:7] + bytes([3, 0x00 | 1]) + good[9:])    # process flag clear
    assert not a53_cc_present(good[:7] + bytes([3, 0x40]) + good[9:])        # cc_count 0
    assert not a53_cc_present(good[:-2])                                     # truncated
