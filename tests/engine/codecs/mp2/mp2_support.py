"""Decode the first audio stream of a file (or of Layer I bytes made by layer1_writer) with
cine's Layer I/II decoder, run the reference on the same input, and keep the md5 goldens of
the reference's output; shared by the tests and make_mp2_goldens.py."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np

import layer1_writer as W

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]
GOLDENS = HERE / "mp2_goldens.txt"

# every fixture with an MPEG audio Layer II stream (repository-relative)
FIXTURE_FILES = sorted(
    [str(p.relative_to(ROOT)) for p in (ROOT / "fixtures" / "mp2").glob("*.mp2")]
    + ["fixtures/mp2/noise.mka", "fixtures/elementary/l2.mp2", "fixtures/avi/mpeg1_mp2.avi",
       "fixtures/ts/mpeg2_mp2.ts", "fixtures/ts/two_programs.ts"])

# Layer I streams written by layer1_writer: name -> its arguments
LAYER1 = {
    "layer1/48k_stereo_384": dict(rate=48000, kbps=384, mode="stereo"),
    "layer1/44k_joint_192": dict(rate=44100, kbps=192, mode="joint"),
    "layer1/32k_mono_128": dict(rate=32000, kbps=128, mode="mono"),
    "layer1/48k_dual_448_crc": dict(rate=48000, kbps=448, mode="dual", crc=True),
    "layer1/32k_joint_ext3_256": dict(rate=32000, kbps=256, mode="joint", mode_ext=3),
    "layer1/24k_mono_64_crc": dict(rate=24000, kbps=64, mode="mono", crc=True),
    "layer1/22k_joint_96": dict(rate=22050, kbps=96, mode="joint", seed=7),
    "layer1/16k_stereo_256": dict(rate=16000, kbps=256, mode="stereo", seed=3),
}


def layer1_bytes(name: str) -> bytes:
    return W.write(**LAYER1[name])


def source(name: str) -> tuple[Path, bool]:
    """(path, temporary) of a golden's input: the fixture, or the Layer I stream written to
    a temporary .mp1 file."""
    if name in LAYER1:
        fd, path = tempfile.mkstemp(suffix=".mp1")
        with os.fdopen(fd, "wb") as f:
            f.write(layer1_bytes(name))
        return Path(path), True
    return ROOT / name, False


def input_digest(name: str) -> str:
    if name in LAYER1:
        return hashlib.md5(layer1_bytes(name)).hexdigest()
    return hashlib.md5((ROOT / name).read_bytes()).hexdigest()


def have_reference() -> bool:
    if not shutil.which("ffmpeg"):
        return False
    out = subprocess.run(["ffmpeg", "-version"], capture_output=True, text=True).stdout
    return "5.1.9" in out.splitlines()[0] if out else False


def decode(path, data_hook=None):
    """(the s16 samples interleaved frame by frame, as the reference writes them with -f
    s16le, [(level, message)], the sample formats of the frames) of the first audio stream,
    decoded by the decoder cine registers for its codec. data_hook(bytes) -> bytes may damage
    each packet; a packet that fails with CineError is dropped, as the ffmpeg face drops it."""
    from cine.engine.codecs.decoders import decoder_class
    from cine.engine.demux import open_input
    from cine.engine.errors import CineError
    from cine.engine.log import Logger
    messages = []
    inp = open_input(str(path))
    try:
        st = next(st for st in inp.ctx.streams if st.codecpar.codec_type == "audio")
        cls = decoder_class(st.codecpar.codec_name)
        dec = cls(st.codecpar, Logger("mp2", lambda c, level, m: messages.append((level, m))))
        chunks, formats = [], set()
        while True:
            pkt = inp.read_packet()
            if pkt is None:
                break
            if pkt.stream_index != st.index:
                continue
            data = data_hook(pkt.data) if data_hook else pkt.data
            try:
                frames = dec.decode(data, pkt.pts, pkt.dts, pkt.duration)
            except CineError:
                continue
            for frame in frames:
                formats.add((frame.sample_fmt, frame.data.dtype.str))
                chunks.append(np.ascontiguousarray(frame.data.T).reshape(-1))
    finally:
        inp.close()
    samples = np.concatenate(chunks) if chunks else np.zeros(0, np.int16)
    return samples, messages, formats


def reference(path) -> bytes:
    """The reference's s16 output of the first audio stream."""
    return subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-map", "0:a:0", "-f",
                           "s16le", "-"], capture_output=True, check=True).stdout


def digest(data) -> str:
    return hashlib.md5(bytes(data)).hexdigest()


def read_goldens() -> dict[str, tuple[str, str, int]]:
    """name -> (md5 of the input, md5 of the reference's s16 output, its bytes)."""
    table = {}
    for line in GOLDENS.read_text().splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name, md5_in, md5_out, size = line.split()
        table[name] = (md5_in, md5_out, int(size))
    return table


def agreement(mine: np.ndarray, ref: bytes) -> tuple[float, int]:
    """(% identical samples, max difference) over the common length."""
    r = np.frombuffer(ref, np.int16).astype(np.int32)
    n = min(r.size, mine.size)
    if not n:
        return 100.0, 0
    d = np.abs(mine[:n].astype(np.int32) - r[:n])
    return float((d == 0).mean()) * 100, int(d.max())
