"""Seeking in MPEG-TS (ff_seek_frame_binary over mpegts_get_dts) and transport streams read
from a pipe, against the live FFmpeg 5.1.9 ffprobe (skipped where it is absent): the Python
API's packets(start=...) and the ffprobe face with -read_intervals and stdin input."""
import json
import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
FFPROBE = "/usr/bin/ffprobe"
TS = sorted(p.name for p in (ROOT / "fixtures" / "ts").glob("*.*ts"))
live = pytest.mark.skipif(not os.path.exists(FFPROBE), reason="no reference ffprobe")
FIELDS = ("stream_index", "pts", "dts", "duration", "size", "pos", "flags")


def _reference_packets(args, stdin=None):
    r = subprocess.run([FFPROBE, "-v", "quiet", "-of", "json", "-show_packets", *args],
                       cwd=ROOT, capture_output=True, stdin=stdin)
    return [{k: p.get(k) for k in FIELDS} for p in json.loads(r.stdout)["packets"]]


def _cine(args, stdin=None):
    return subprocess.run([sys.executable, "-m", "cine", "ffprobe", *args], cwd=ROOT,
                          capture_output=True, stdin=stdin)


@live
@pytest.mark.parametrize("name", TS)
@pytest.mark.parametrize("start", [0.4, 0.85])
def test_api_packets_after_seek(name, start):
    import cine
    path = ROOT / "fixtures" / "ts" / name
    want = _reference_packets(["-read_intervals", "%g%%+#6" % start, str(path)])
    got = []
    with cine.open(str(path)) as c:
        for pkt in c.packets(start=start):
            got.append({"stream_index": pkt.stream_index, "pts": pkt.pts, "dts": pkt.dts,
                        "size": len(pkt.data),
                        "pos": None if pkt.pos is None or pkt.pos < 0 else pkt.pos})
            if len(got) == len(want):
                break
    # (json leaves out what ffprobe prints as N/A: no timestamp, no position)
    assert got == [{"stream_index": w["stream_index"], "pts": w["pts"], "dts": w["dts"],
                    "size": int(w["size"]), "pos": None if w["pos"] is None else int(w["pos"])}
                   for w in want]
    assert want


@live
@pytest.mark.parametrize("name", ["h264_aac.ts", "m2ts_192.m2ts", "h264_lpcm.m2ts"])
def test_read_intervals_identical(name):
    """Two intervals: the second seek starts from the index the first search built."""
    args = ["-hide_banner", "-v", "error", "-of", "compact", "-show_packets",
            "-read_intervals", "0.7%+#4,0.2%+#4", "fixtures/ts/" + name]
    ref = subprocess.run([FFPROBE, *args], cwd=ROOT, capture_output=True)
    got = _cine(args)
    assert (got.returncode, got.stdout) == (ref.returncode, ref.stdout)
    assert ref.stdout.count(b"packet|") == 8


@live
@pytest.mark.parametrize("name", ["h264_aac.ts", "hevc_aac.ts", "h264_lpcm.m2ts"])
def test_pipe_keeps_probe_timestamps(name):
    """From a pipe nothing is re-read after find_stream_info: the AAC frames of the first
    PES get their timestamps from update_initial_durations (1/90000 steps of 2089)."""
    path = ROOT / "fixtures" / "ts" / name
    args = ["-v", "quiet", "-of", "json", "-show_packets", "-"]
    with open(path, "rb") as f:
        ref = subprocess.run([FFPROBE, *args], cwd=ROOT, capture_output=True, stdin=f)
    with open(path, "rb") as f:
        got = _cine(args, stdin=f)
    assert got.stdout == ref.stdout
