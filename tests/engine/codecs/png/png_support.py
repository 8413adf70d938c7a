"""Shared helpers of the PNG encoder tests: deterministic synthetic pictures and the
reference ffmpeg as an oracle."""
from __future__ import annotations

import hashlib
import os
import subprocess

import numpy as np

from cine.engine.codecs.png.encoder import PIX_FMTS, PngEncoder
from cine.engine.frame import VideoFrame

FFMPEG = "/usr/bin/ffmpeg"
HERE = os.path.dirname(os.path.abspath(__file__))
GOLDENS = os.path.join(HERE, "goldens", "encode.txt")


def have_reference() -> bool:
    if not os.path.exists(FFMPEG):
        return False
    out = subprocess.run([FFMPEG, "-version"], capture_output=True, text=True).stdout
    return out.startswith("ffmpeg version 5.1.9")


def synthetic_frame(w: int, h: int, pix_fmt: str) -> VideoFrame:
    """Gradients, hard edges and a little hashed noise, packed as pix_fmt."""
    bpp = PIX_FMTS[pix_fmt][0]
    y, x = np.mgrid[0:h, 0:w * bpp].astype(np.uint64)
    noise = ((x * np.uint64(73856093)) ^ (y * np.uint64(19349663))) * np.uint64(2654435761)
    board = ((x // np.uint64(7) + y // np.uint64(5)) % np.uint64(2)) * np.uint64(60)
    v = (x * np.uint64(3) + y * np.uint64(2) + board
         + (noise >> np.uint64(13)) % np.uint64(8)) % np.uint64(256)
    return VideoFrame((v.astype(np.uint8),), w, h, pix_fmt)


def frame_from_raw(data: bytes, w: int, h: int, pix_fmt: str) -> VideoFrame:
    bpp = PIX_FMTS[pix_fmt][0]
    return VideoFrame((np.frombuffer(data, np.uint8).reshape(h, w * bpp),), w, h, pix_fmt)


def reference_png(raw_path: str, out_path: str, w: int, h: int, pix_fmt: str,
                  extra: tuple[str, ...] = ()) -> bytes:
    subprocess.run([FFMPEG, "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
                    "-f", "rawvideo", "-pix_fmt", pix_fmt, "-s", f"{w}x{h}", "-i", raw_path,
                    *extra, "-frames:v", "1", out_path], check=True)
    with open(out_path, "rb") as f:
        return f.read()


def encode(frame: VideoFrame, **kw) -> bytes:
    return PngEncoder(frame.width, frame.height, frame.pix_fmt, **kw).encode(frame)


def md5(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()
