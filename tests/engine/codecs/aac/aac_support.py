"""Shared helpers of the AAC decoder tests: decode a file's first audio stream with cine
(every frame, untrimmed), decode it with the reference when FFmpeg 5.1.9 is installed, and
compare the two the way the issue's acceptance measures it."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess

import numpy as np

from cine.engine.demux import open_input
from cine.engine.errors import CineError
from cine.engine.log import Logger

ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..")
CORPUS = os.path.join(ROOT, "..", "shared", "corpus", "files")
GOLDENS = os.path.join(os.path.dirname(__file__), "goldens", "aac_decode.json")

# Files of the repository and of the shared corpus the goldens cover (paths from the repo
# root; corpus ones are skipped when the corpus is absent).
FIXTURES = [
    "fixtures/aac/tools.m4a", "fixtures/aac/transients_mono.m4a", "fixtures/aac/s51.m4a",
    "fixtures/aac/s71.m4a", "fixtures/aac/r8k.m4a", "fixtures/aac/r96k.m4a",
    "fixtures/aac/tns.m4a", "fixtures/aac/adts.aac", "fixtures/aac/pce_hexagonal.m4a",
    "fixtures/elementary/s51.aac", "fixtures/elementary/mono.aac", "fixtures/mkv/h264_aac.mkv",
    "fixtures/ts/h264_aac.ts", "fixtures/avi/aac_only.avi", "fixtures/mp4/h263.3gp",
    "fixtures/mp4/editlist_ss_copy.mp4", "fixtures/mp4/aac_51.mp4",
]
CORPUS_FILES = [
    "mp4parse/mp4parse_capi_tests_afconvert-aac-0.5s.mp4",
    "mp4parse/mp4parse_tests_metadata.mp4",
    "shaka/hls-ts-aac_segment_6.ts", "shaka/hls-raw-aac_fileSequence0.aac",
    "shaka/hls-ts-muxed-aac-h265_1.ts",
    "shaka/hls-ts-rollover_360p30_h264_48k_160_aac_ts-0000000031.ts",
    "shaka/6339_a.mp4", "mp4rust/big_buck_bunny_metadata.m4v",
]


def path_of(name: str) -> str:
    if name.startswith("fixtures/"):
        return os.path.join(ROOT, name)
    return os.path.join(CORPUS, name)


def fixture_module(name: str):
    """A script of fixtures/aac (the SBR/PS crafter and its tables) imported as a module."""
    import importlib.util
    import sys
    folder = os.path.join(ROOT, "fixtures", "aac")
    if folder not in sys.path:
        sys.path.insert(0, folder)
    spec = importlib.util.spec_from_file_location(name, os.path.join(folder, name + ".py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def have_reference() -> bool:
    if not shutil.which("ffmpeg"):
        return False
    out = subprocess.run(["ffmpeg", "-version"], capture_output=True, text=True).stdout
    return "ffmpeg version 5.1.9" in out


def cine_decode(path: str):
    """(samples (n, channels) float32, layout, sample rate, log lines, errors) of the first
    audio stream: every frame the decoder gives, less the samples it asks the decode layer
    to skip (libfaac streams)."""
    from cine.engine.codecs.aac.decoder import AacDecoder
    inp = open_input(path)
    try:
        index = next(i for i, s in enumerate(inp.ctx.streams)
                     if s.codecpar.codec_type == "audio")
        lines: list[tuple[int, str]] = []
        dec = AacDecoder(inp.ctx.streams[index].codecpar,
                         Logger("aac", lambda _c, level, msg: lines.append((level, msg))))
        frames, errors, layout, rate, skip = [], 0, None, 0, 0
        while True:
            try:
                pkt = inp.read_packet()
            except CineError:
                break
            if pkt is None:
                break
            if pkt.stream_index != index:
                continue
            try:
                for f in dec.decode(pkt.data, pkt.pts, pkt.dts, pkt.duration):
                    skip = dec.new_skip_samples or skip
                    frames.append(f.data.T[skip:])
                    skip = max(0, skip - f.nb_samples)
                    layout, rate = f.layout, f.sample_rate
            except CineError:
                errors += 1
    finally:
        inp.close()
    data = np.concatenate(frames) if frames else np.zeros((0, 1), np.float32)
    return data, layout, rate, lines, errors


def reference_decode(path: str, channels: int) -> np.ndarray:
    """The reference decoder's float32 output, untrimmed (edit lists ignored)."""
    mov = os.path.splitext(path)[1] in (".mp4", ".m4a", ".mov", ".3gp", ".3g2", ".m4v")
    opts = ["-ignore_editlist", "1"] if mov else []
    out = subprocess.run(["ffmpeg", "-v", "error"] + opts + ["-i", path, "-map", "0:a:0",
                          "-f", "f32le", "-"], capture_output=True).stdout
    return np.frombuffer(out, np.float32).reshape(-1, channels)


def to_s16(x: np.ndarray) -> np.ndarray:
    """libswresample's float -> s16: lrintf(x * 32768) clipped."""
    scaled = np.rint(x.astype(np.float32) * np.float32(32768))
    return np.clip(scaled, -32768, 32767).astype(np.int16)


def s16_md5(x: np.ndarray) -> str:
    return hashlib.md5(to_s16(x).tobytes()).hexdigest()


def agreement(ours: np.ndarray, ref: np.ndarray) -> dict:
    """Per-sample agreement: float32 bit-identical share and max |difference|, s16 share
    identical and max difference."""
    a, b = to_s16(ours).astype(np.int32), to_s16(ref).astype(np.int32)
    return {"f32_identical": float(np.mean(ours.view(np.uint32) == ref.view(np.uint32))),
            "f32_maxdiff": float(np.abs(ours.astype(np.float64) - ref).max()),
            "s16_identical": float(np.mean(a == b)),
            "s16_maxdiff": int(np.abs(a - b).max())}
