"""Hostile AVI input: truncated and corrupted fixtures raise only CineError and finish
quickly; chunks that declare 4 GiB sizes allocate nothing; where the reference ffprobe is
installed, pipe input (no index) gives the same output as the reference."""
import os
import random
import struct
import subprocess
import sys

import pytest

from cine.engine.demux import open_input
from cine.engine.errors import CineError

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
FIXTURES = os.path.join(ROOT, "fixtures", "avi")
NAMES = sorted(n for n in os.listdir(FIXTURES) if not n.endswith((".sh", ".md"))) \
    if os.path.isdir(FIXTURES) else []
FFPROBE = "/usr/bin/ffprobe"


def _exercise(path):
    try:
        inp = open_input(path)
        for _ in range(300):
            if inp.read_packet() is None:
                break
        inp.close()
    except CineError:
        pass


@pytest.mark.parametrize("name", NAMES[:8])
def test_damaged_copies_raise_only_cine_errors(name, tmp_path):
    data = open(os.path.join(FIXTURES, name), "rb").read()
    rnd = random.Random(name)
    variants = [data[:n] for n in (0, 3, 11, 12, 40, 200, 4000)]
    for _ in range(6):
        b = bytearray(data[:12000])
        for _ in range(8):
            p = rnd.randrange(len(b))
            b[p] ^= rnd.randrange(1, 256)
        variants.append(bytes(b))
    for i, v in enumerate(variants):
        p = tmp_path / ("v%d.avi" % i)
        p.write_bytes(v)
        _exercise(str(p))


def test_huge_declared_sizes(tmp_path):
    """A 4 GiB strf/strd/JUNK/idx1 in a tiny file: nothing is allocated up front."""
    base = open(os.path.join(FIXTURES, "xvid_mp3.avi"), "rb").read()
    for tag in (b"strf", b"strd", b"JUNK", b"idx1", b"strh", b"LIST"):
        i = base.find(tag)
        if i < 0:
            continue
        b = bytearray(base)
        b[i + 4:i + 8] = struct.pack("<I", 0xFFFFFFF0)
        p = tmp_path / ("huge_%s.avi" % tag.decode().strip())
        p.write_bytes(bytes(b))
        _exercise(str(p))


@pytest.mark.skipif(not os.access(FFPROBE, os.X_OK), reason="reference ffprobe not installed")
@pytest.mark.parametrize("name", ["xvid_mp3.avi", "mjpeg_pcm.avi", "non_interleaved.avi",
                                  "odml.avi", "h264_aac.avi"])
def test_pipe_input_matches_reference(name):
    path = os.path.join(FIXTURES, name)
    args = ["-v", "error", "-of", "json", "-show_format", "-show_streams", "-"]
    with open(path, "rb") as f:
        ref = subprocess.run([FFPROBE, *args], stdin=f, capture_output=True)
    env = dict(os.environ, PYTHONPATH=ROOT)
    with open(path, "rb") as f:
        got = subprocess.run([sys.executable, "-m", "cine", "ffprobe", *args], stdin=f,
                             capture_output=True, env=env, cwd=ROOT)
    assert got.returncode == ref.returncode
    assert got.stdout.decode() == ref.stdout.decode()


@pytest.mark.skipif(not os.access(FFPROBE, os.X_OK), reason="reference ffprobe not installed")
@pytest.mark.parametrize("name", ["xvid_mp3.avi", "mjpeg_pcm.avi", "non_interleaved.avi",
                                  "odml.avi", "no_idx1.avi", "pal8.avi", "h264_aac.avi",
                                  "adpcm_ms.avi"])
def test_packets_match_reference(name):
    """read_packet: stream order (interleaved resync, non-interleaved index order), dts, size,
    pos and key flags as the reference's -show_packets prints them."""
    args = ["-v", "error", "-of", "compact", "-show_packets", os.path.join("fixtures", "avi", name)]
    ref = subprocess.run([FFPROBE, *args], capture_output=True, cwd=ROOT)
    env = dict(os.environ, PYTHONPATH=ROOT)
    got = subprocess.run([sys.executable, "-m", "cine", "ffprobe", *args], capture_output=True,
                         env=env, cwd=ROOT)
    assert got.returncode == ref.returncode
    assert got.stdout.decode() == ref.stdout.decode()
