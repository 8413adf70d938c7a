"""Decode the first MP3 stream of a file with cine's Mp3Decoder, run the reference on it, and
measure the agreement; shared by the tests and make_mp3_goldens.py."""
from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]
CORPUS = ROOT.parent / "shared" / "corpus" / "files"
GOLDENS = HERE / "mp3_goldens.txt"

# every fixture with an MP3 stream (relative to the repository) and the corpus's (relative to
# the corpus); the first MP3 stream of each is decoded
FIXTURE_FILES = sorted(
    [str(p.relative_to(ROOT)) for p in (ROOT / "fixtures" / "mp3").glob("*.mp3")]
    + [str(p.relative_to(ROOT)) for p in (ROOT / "fixtures" / "elementary").glob("*.mp3")
       if p.name != "flacnamed.mp3"]
    + ["fixtures/avi/xvid_mp3.avi",
       "fixtures/avi/multi_audio_tags.avi", "fixtures/avi/truncated.avi",
       "fixtures/mkv/mp3.mka", "fixtures/ts/mp3.ts"])
CORPUS_FILES = sorted(
    [f"mdnaudio/{p.name}" for p in (CORPUS / "mdnaudio").glob("*.mp3")]
    + [f"shaka/{p.name}" for p in (CORPUS / "shaka").glob("*mp3*")])


def resolve(name: str) -> Path:
    return ROOT / name if name.startswith("fixtures/") else CORPUS / name


def have_reference() -> bool:
    if not shutil.which("ffmpeg"):
        return False
    out = subprocess.run(["ffmpeg", "-version"], capture_output=True, text=True).stdout
    return "5.1.9" in out.splitlines()[0] if out else False


def decode(path, data_hook=None):
    """(float32 array channels x samples, [(level, message)]) of the first MP3 stream, every
    frame concatenated (no trimming). data_hook(bytes) -> bytes may damage each packet."""
    from cine.engine.codecs.mp3.decoder import Mp3Decoder
    from cine.engine.demux import open_input
    from cine.engine.log import Logger
    messages = []
    inp = open_input(str(path))
    try:
        index = next(st.index for st in inp.ctx.streams if st.codecpar.codec_name == "mp3")
        dec = Mp3Decoder(inp.ctx.streams[index].codecpar,
                         Logger("mp3float", lambda c, level, m: messages.append((level, m))))
        chunks = []
        while True:
            pkt = inp.read_packet()
            if pkt is None:
                break
            if pkt.stream_index != index:
                continue
            data = data_hook(pkt.data) if data_hook else pkt.data
            for frame in dec.decode(data, pkt.pts, pkt.dts, pkt.duration):
                assert frame.sample_fmt == "fltp" and frame.data.dtype == np.float32
                chunks.append(frame.data)
    finally:
        inp.close()
    if not chunks:
        return np.zeros((1, 0), np.float32), messages
    return np.concatenate(chunks, axis=1), messages


def reference(path, fmt: str = "f32le"):
    """The reference's output of the first audio stream, untrimmed (-flags2 +skip_manual
    leaves the decoder delay and the gapless padding in), interleaved."""
    out = subprocess.run(["ffmpeg", "-v", "error", "-flags2", "+skip_manual", "-i", str(path),
                          "-map", "0:a:0", "-f", fmt, "-"], capture_output=True).stdout
    return np.frombuffer(out, np.float32 if fmt == "f32le" else np.int16)


def to_s16(x):
    """libswresample's float -> s16: lrintf(x * 32768) saturated."""
    return np.clip(np.rint(x * np.float32(32768)), -32768, 32767).astype(np.int16)


def agreement(mine, ref_f32, ref_s16):
    """(samples, % bit-identical float32, max |float diff|, % identical s16, max s16 diff)
    over the common length (the reference's output is interleaved)."""
    ch = mine.shape[0]
    n = min(mine.shape[1], ref_f32.size // ch, ref_s16.size // ch)
    a = mine[:, :n]
    b = ref_f32[:n * ch].reshape(n, ch).T
    s = ref_s16[:n * ch].reshape(n, ch).T
    if n == 0:
        return 0, 100.0, 0.0, 100.0, 0
    same = float((a.view(np.uint32) == np.ascontiguousarray(b).view(np.uint32)).mean()) * 100
    diff = float(np.abs(a.astype(np.float64) - b).max())
    d16 = np.abs(to_s16(a).astype(np.int32) - s)
    return n, same, diff, float((d16 == 0).mean()) * 100, int(d16.max())


def digest(samples) -> str:
    return hashlib.md5(np.ascontiguousarray(samples).tobytes()).hexdigest()


def read_goldens() -> dict[str, tuple]:
    """name -> (md5 of cine's float32 output, channels, samples, % bit-identical float32,
    % identical s16, max s16 difference) as make_mp3_goldens.py measured them."""
    table = {}
    for line in GOLDENS.read_text().splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name, md5, ch, n, same, same16, max16 = line.split()
        table[name] = (md5, int(ch), int(n), float(same), float(same16), int(max16))
    return table
