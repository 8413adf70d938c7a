"""The plain-packet lane of audio decode runs (engine/pipeline/audio_lane.py) changes what
runs, never what comes out: cine's ffmpeg with the lane and with it turned off writes the
same bytes and the same stderr, and exits the same way, for clean inputs (where the lane
takes nearly every packet) and for damaged ones (where packets it gives up on go back to
the general path after the decoder's kernel has seen them)."""
from __future__ import annotations

import os
import random
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__)))))
FIXTURES = os.path.join(ROOT, "fixtures")

# (runs cine's ffmpeg in this process's interpreter; LANE=0 turns the lane off, and the
# number of packets the lane took is printed to stderr's last line)
_RUNNER = r"""
import os, sys
from cine.engine.pipeline import audio_lane as L
if os.environ["LANE"] == "0":
    L.AudioLane.for_run = classmethod(lambda cls, run: None)
taken = [0]
plain = L.AudioLane._hold
def counted(self, f, pkt):
    ok = plain(self, f, pkt)
    taken[0] += ok
    return ok
L.AudioLane._hold = counted
from cine.compat.ffmpeg.run import main
try:
    code = main(sys.argv[1:])
finally:
    sys.stderr.write("\nlane-packets=%d\n" % taken[0])
sys.exit(code)
"""

CLEAN = ["mp3/noise48.mp3", "mp3/lsf22_mono.mp3", "mp3/clicks_js.mp3", "aac/main_stereo.m4a",
         "aac/tns.m4a", "aac/s51.m4a", "aac/sbr_stereo.m4a", "aac/adts.aac",
         "aac/param_change.aac", "ogg/opus_stereo.ogg", "ogg/opus_mono.opus",
         "ogg/opus_51.ogg", "ogg/chained_opus.ogg", "opus/hybrid_mono_40ms.opus",
         "opus/celt_5ms_stereo.opus", "wav/alaw.wav", "wav/ext_51.wav", "wav/s24.wav",
         "wav/truncated.wav", "wav/s16_stereo.wav"]
DAMAGED = ["mp3/noise48.mp3", "mp3/clicks_js.mp3", "aac/main_stereo.m4a", "aac/tns.m4a",
           "ogg/opus_stereo.ogg", "opus/hybrid_mono_40ms.opus", "opus/silk_wb_stereo_10ms.opus"]
WHISPER = ["-f", "s16le", "-ac", "1", "-acodec", "pcm_s16le", "-ar", "16000"]


def _run(lane: str, src: str, out: str, extra: list[str]) -> tuple[int, bytes, bytes]:
    argv = ["-hide_banner", "-nostdin", "-y", "-i", src] + extra + [out]
    env = dict(os.environ, LANE=lane)
    p = subprocess.run([sys.executable, "-c", _RUNNER] + argv, capture_output=True, env=env,
                       timeout=300, cwd=ROOT)
    data = b""
    if os.path.exists(out):
        with open(out, "rb") as f:
            data = f.read()
        os.remove(out)
    return p.returncode, p.stderr, data


def _compare(src: str, tmp_path, extra: list[str]) -> int:
    out = str(tmp_path / "out.raw")
    code1, err1, data1 = _run("1", src, out, extra)
    code0, err0, data0 = _run("0", src, out, extra)
    body1, _, count1 = err1.rpartition(b"lane-packets=")
    body0, _, count0 = err0.rpartition(b"lane-packets=")
    assert b"Traceback" not in body1
    assert int(count0) == 0
    assert (code1, data1) == (code0, data0)
    # (the progress lines carry the run's speed: compared without them)
    strip = [line for line in body1.split(b"\r") if b"speed=" not in line]
    strip0 = [line for line in body0.split(b"\r") if b"speed=" not in line]
    assert strip == strip0
    return int(count1)


@pytest.mark.parametrize("name", CLEAN)
def test_lane_clean(name, tmp_path):
    src = os.path.join(FIXTURES, name)
    taken = _compare(src, tmp_path, WHISPER)
    if name.endswith(".m4a") and "sbr" not in name and "s51" not in name \
            or name.endswith(".mp3") or name in ("ogg/opus_stereo.ogg", "ogg/opus_mono.opus"):
        assert taken > 10           # the lane carries these (MP4 AAC-LC, MP3, Opus)
    _compare(src, tmp_path, ["-f", "wav"])


def _ogg_crcs(data: bytearray) -> bytearray:
    """Every Ogg page's CRC made right again for its (damaged) bytes; pages whose header
    the damage broke are left as they are."""
    from cine.engine.formats.ogg.page import crc
    i = data.find(b"OggS")
    while 0 <= i and i + 27 <= len(data):
        nseg = data[i + 26]
        size = 27 + nseg + sum(data[i + 27:i + 27 + nseg])
        if i + size <= len(data):
            data[i + 22:i + 26] = bytes(4)
            data[i + 22:i + 26] = crc(bytes(data[i:i + size])).to_bytes(4, "little")
        i = data.find(b"OggS", i + 4)
    return data


@pytest.mark.parametrize("name", DAMAGED)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_lane_damaged(name, seed, tmp_path):
    with open(os.path.join(FIXTURES, name), "rb") as f:
        data = bytearray(f.read())
    rng = random.Random(seed)
    # flips in the second half, where the packets are (the headers stay readable)
    for _ in range(12):
        i = rng.randrange(len(data) // 2, len(data))
        data[i] ^= 1 << rng.randrange(8)
    if name.startswith(("ogg/", "opus/")):
        data = _ogg_crcs(data)      # (else the demuxer drops the damaged pages whole)
    src = tmp_path / ("damaged" + os.path.splitext(name)[1])
    src.write_bytes(bytes(data))
    _compare(str(src), tmp_path, WHISPER)
