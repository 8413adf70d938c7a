"""Shared helpers of the JPEG encoder tests: deterministic synthetic pictures (made here, so
the golden checks need no tool), raw-file plumbing and the reference ffmpeg as an oracle."""
from __future__ import annotations

import hashlib
import os
import subprocess

import numpy as np

from cine.engine.codecs.mjpeg.encoder import PIX_FMTS, MjpegEncoder
from cine.engine.frame import VideoFrame

FFMPEG = "/usr/bin/ffmpeg"
HERE = os.path.dirname(os.path.abspath(__file__))
GOLDENS = os.path.join(HERE, "goldens", "encode.txt")
PATTERNS = ("flat", "gradient", "noise", "mixed")


def have_reference() -> bool:
    if not os.path.exists(FFMPEG):
        return False
    out = subprocess.run([FFMPEG, "-version"], capture_output=True, text=True).stdout
    return out.startswith("ffmpeg version 5.1.9")


def _plane(pattern: str, w: int, h: int, seed: int) -> np.ndarray:
    y, x = np.mgrid[0:h, 0:w].astype(np.uint64)
    s = np.uint64(seed)
    noise = ((x * np.uint64(73856093)) ^ (y * np.uint64(19349663)) ^ (s * np.uint64(83492791)))
    noise = (noise * np.uint64(2654435761) >> np.uint64(13)) & np.uint64(255)
    if pattern == "flat":
        v = np.full((h, w), (seed * 37 + 11) % 256, np.uint64)
    elif pattern == "gradient":
        v = (x * np.uint64(255) // np.uint64(max(w - 1, 1)) + y * np.uint64(3) + s) % np.uint64(256)
    elif pattern == "noise":
        v = noise
    else:                                            # gradient, checkerboard edges, some noise
        grad = (x * np.uint64(2) + y + s * np.uint64(5)) % np.uint64(200)
        board = ((x // np.uint64(6) + y // np.uint64(5)) % np.uint64(2)) * np.uint64(40)
        v = grad + board + noise % np.uint64(16)
    return v.astype(np.uint8)


def synthetic_frame(pattern: str, w: int, h: int, pix_fmt: str, index: int = 0) -> VideoFrame:
    """Picture `index` of a synthetic sequence (index 0 is the still picture of the goldens)."""
    sx, sy, _ = PIX_FMTS[pix_fmt]
    cw, ch = (w + sx) >> sx, (h + sy) >> sy
    seed = 1 + 3 * index
    planes = (_plane(pattern, w, h, seed), _plane(pattern, cw, ch, seed + 1),
              _plane(pattern, cw, ch, seed + 2))
    return VideoFrame(planes, w, h, pix_fmt, pts=index, color_range="pc")


# rate-controlled sequences (no -q:v): name -> (patterns cycled per picture, w, h, frame rate)
RC_SEQUENCES = {
    "mixed96": (("mixed",), 96, 64, 25, 12),
    "alternating177": (("noise", "flat", "mixed", "gradient"), 177, 99, 10, 16),
}


def rc_sequence(name: str):
    patterns, w, h, rate, n = RC_SEQUENCES[name]
    return [synthetic_frame(patterns[k % len(patterns)], w, h, "yuvj420p", k) for k in range(n)]


def raw_bytes(frame: VideoFrame) -> bytes:
    return b"".join(np.ascontiguousarray(p).tobytes() for p in frame.planes)


def frame_from_raw(data: bytes, w: int, h: int, pix_fmt: str) -> VideoFrame:
    sx, sy, _ = PIX_FMTS[pix_fmt]
    cw, ch = (w + sx) >> sx, (h + sy) >> sy
    a = np.frombuffer(data, np.uint8)
    y = a[:w * h].reshape(h, w)
    u = a[w * h:w * h + cw * ch].reshape(ch, cw)
    v = a[w * h + cw * ch:w * h + 2 * cw * ch].reshape(ch, cw)
    return VideoFrame((y, u, v), w, h, pix_fmt, color_range="pc")


def reference_jpeg(raw_path: str, out_path: str, w: int, h: int, pix_fmt: str, q,
                   huffman: str = "optimal", extra: tuple[str, ...] = ()) -> bytes:
    """The reference's JPEG of one raw frame (image2 muxer, single file)."""
    subprocess.run([FFMPEG, "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
                    "-f", "rawvideo", "-pix_fmt", pix_fmt, "-s", f"{w}x{h}", "-i", raw_path,
                    "-q:v", str(q), "-huffman", huffman, *extra, "-frames:v", "1", out_path],
                   check=True)
    with open(out_path, "rb") as f:
        return f.read()


def encode(frame: VideoFrame, q, huffman: str = "optimal", **kw) -> bytes:
    return MjpegEncoder(frame.width, frame.height, frame.pix_fmt, q, huffman=huffman,
                        **kw).encode(frame)


def md5(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()


def reference_sequence(raw_path: str, out_dir: str, w: int, h: int, rate: int) -> list[bytes]:
    """The reference's rate-controlled JPEGs (no -q:v) of a raw yuvj420p sequence."""
    subprocess.run([FFMPEG, "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
                    "-f", "rawvideo", "-pix_fmt", "yuvj420p", "-s", f"{w}x{h}",
                    "-framerate", str(rate), "-i", raw_path,
                    os.path.join(out_dir, "%03d.jpg")], check=True)
    out = []
    for name in sorted(os.listdir(out_dir)):
        if name.endswith(".jpg"):
            with open(os.path.join(out_dir, name), "rb") as f:
                out.append(f.read())
    return out


def golden_cases():
    """(pattern, w, h, pix_fmt, q, huffman, size, md5) per line of the goldens file."""
    with open(GOLDENS) as f:
        for line in f:
            if line.startswith(("#", "rc ")) or not line.strip():
                continue
            pattern, size, pix_fmt, q, huffman, nbytes, digest = line.split()
            w, h = map(int, size.split("x"))
            yield pattern, w, h, pix_fmt, q, huffman, int(nbytes), digest


def rc_golden_cases():
    """(sequence name, picture index, size, md5) of the rate-controlled goldens."""
    with open(GOLDENS) as f:
        for line in f:
            if line.startswith("rc "):
                _, name, k, nbytes, digest = line.split()
                yield name, int(k), int(nbytes), digest
