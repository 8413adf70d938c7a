"""-show_packets on streams behind a full parser (FFmpeg 5.1.9 parse_packet): MPEG-TS audio PES
payloads cut into frames, H.264/HEVC access units that do not start where their PES does, the
flush order at the end, the parser's key flags and frame durations (also for mov H.264), live
against the reference on shared-corpus files (skipped where the corpus or /usr/bin/ffprobe is
absent). The fixtures/ts files are covered by compat-tests (group packets)."""
import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
CORPUS = ROOT.parent / "shared" / "corpus" / "files"
REFERENCE = "/usr/bin/ffprobe"

FILES = [
    # an access unit's tail at the start of the next PES
    "shaka/hls-ts-h264_fileSequence0.ts",
    # E-AC-3 frames end at the next sync word: the last one is flushed before the video's
    "shaka/hls-ts-muxed-ec3-h264_ChID_voices_1280x720p_25fps_h264_6ch_256kbps_ddp_sub_0000.ts",
    "shaka/hls-ts-muxed-opus-h264_file1.ts",
    "shaka/hls-ts-muxed-mp3-h264_seg-1-v1-a1.ts",
    "shaka/hls-ts-muxed-aac-h265_0.ts",
    "shaka/hls-ts-b-frames_1.ts",
    # mov H.264: the parser's frame rate (SPS timing) leaves the durations unset
    "mp4parse/mp4parse_capi_tests_white.mp4",
]
ARGS = ["-v", "error", "-of", "compact", "-show_packets", "-show_data_hash", "md5"]


@pytest.mark.skipif(not os.path.exists(REFERENCE), reason="no reference ffprobe")
@pytest.mark.parametrize("name", FILES)
def test_packets_match_reference(name):
    path = CORPUS / name
    if not path.exists():
        pytest.skip("corpus file missing")
    ref = subprocess.run([REFERENCE, *ARGS, str(path)], capture_output=True)
    got = subprocess.run([sys.executable, "-m", "cine", "ffprobe", *ARGS, str(path)],
                         capture_output=True, cwd=ROOT,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert got.returncode == ref.returncode
    assert got.stdout == ref.stdout
