"""Decoding a file with cine's Opus decoder and with the reference, aligned the way the
reference's pipeline trims (pre-skip at the start, the container's end trimming applied to
the last packet, then what the decoder's drain returns)."""
from __future__ import annotations

import os
import functools
import shutil
import subprocess

import numpy as np

from cine.engine.codecs.opus.decoder import OpusDecoder
from cine.engine.demux import open_input

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))

# fixture (relative to the repository) -> kind: "exact" (bit-identical floats) or "float"
FIXTURES = {
    "fixtures/opus/silk_nb_mono.opus": "exact",
    "fixtures/opus/silk_wb_mono_60ms.opus": "exact",
    "fixtures/opus/silk_wb_stereo_10ms.opus": "exact",
    "fixtures/opus/hybrid_mono_40ms.opus": "float",
    "fixtures/opus/hybrid_stereo.opus": "float",
    "fixtures/opus/celt_fb_20ms_stereo.opus": "float",
    "fixtures/opus/celt_fb_10ms_mono.opus": "float",
    "fixtures/opus/celt_5ms_stereo.opus": "float",
    "fixtures/opus/celt_2p5ms_mono.opus": "float",
    "fixtures/opus/celt_40ms_stereo.opus": "float",
    "fixtures/opus/celt_lowrate_stereo.opus": "float",
    "fixtures/opus/surround_51.opus": "float",
    "fixtures/ogg/opus_stereo.ogg": "float",
    "fixtures/ogg/opus_51.ogg": "float",
    "fixtures/ogg/opus_mono.opus": "float",
    "fixtures/mkv/opus51.mka": "float",
}


class ErrorLog:
    def __init__(self):
        self.lines = []

    def error(self, text):
        self.lines.append(text)

    warning = error


def reference_available() -> bool:
    if not shutil.which("ffmpeg"):
        return False
    out = subprocess.run(["ffmpeg", "-version"], capture_output=True, text=True).stdout
    return "5.1.9" in out.split("\n", 1)[0]


@functools.lru_cache(maxsize=None)
def reference_f32(path: str, channels: int) -> np.ndarray:
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-map", "0:a:0", "-f", "f32le",
                          "-"], capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.float32).reshape(-1, channels).T


@functools.lru_cache(maxsize=None)
def decode(path: str):
    """(decoder, body, drained): the concatenated packet outputs and the drain's output."""
    inp = open_input(path)
    try:
        index = next(i for i, s in enumerate(inp.ctx.streams)
                     if s.codecpar.codec_name == "opus")
        dec = OpusDecoder(inp.ctx.streams[index].codecpar, ErrorLog())
        chunks = []
        while True:
            pkt = inp.read_packet()
            if pkt is None:
                break
            if pkt.stream_index == index:
                chunks += [f.data for f in dec.decode(pkt.data, pkt.pts, pkt.dts,
                                                      pkt.duration)]
    finally:
        inp.close()
    drained = [f.data for f in dec.flush()]
    body = np.concatenate(chunks, axis=1)
    tail = np.concatenate(drained, axis=1) if drained else body[:, :0]
    return dec, body, tail


def aligned(dec, body, tail, length: int) -> np.ndarray:
    """The reference's output of `length` samples: pre-skip dropped, the end trimmed, the
    drained samples last."""
    skip = dec.head.pre_skip
    kept = body[:, skip:skip + length - tail.shape[1]]
    return np.concatenate([kept, tail], axis=1)


def to_s16(x: np.ndarray) -> np.ndarray:
    return np.clip(np.rint(x.astype(np.float64) * 32768), -32768, 32767).astype(np.int16)
