"""Regenerate goldens/encode.txt: the size and MD5 of the reference's JPEG for each synthetic
picture of mjpeg_support (run from the repository root with FFmpeg 5.1.9 installed):

    python3 tests/engine/codecs/mjpeg/make_goldens.py

Each case runs `ffmpeg -f rawvideo -pix_fmt F -s WxH -i raw -q:v Q -huffman H -frames:v 1
out.jpg`; the rate-controlled sequences (lines "rc NAME INDEX size md5") run `ffmpeg -f
rawvideo -pix_fmt yuvj420p -s WxH -framerate R -i raw DIR/%03d.jpg` (no -q:v);
goldens/headers.txt keeps two DQT/DHT segments for the table tests.
"""
from __future__ import annotations

import os
import sys
import tempfile

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [_HERE, os.path.normpath(os.path.join(_HERE, "..", "..", "..", ".."))]

from mjpeg_support import (GOLDENS, HERE, RC_SEQUENCES, have_reference, md5,  # noqa: E402
                           raw_bytes, rc_sequence, reference_jpeg, reference_sequence,
                           synthetic_frame)

SIZES_420 = ((1, 1), (2, 3), (8, 8), (16, 16), (17, 9), (33, 17), (177, 99), (640, 360))
SIZES_OTHER = ((1, 1), (9, 5), (24, 20), (177, 99))


def cases():
    for pattern in ("flat", "gradient", "noise", "mixed"):
        for w, h in SIZES_420:
            for q in ("1", "2", "5", "13", "31"):
                yield pattern, w, h, "yuvj420p", q, "optimal"
        for fmt in ("yuvj422p", "yuvj444p"):
            for w, h in SIZES_OTHER:
                for q in ("2", "31"):
                    yield pattern, w, h, fmt, q, "optimal"
        for w, h in ((33, 17), (177, 99)):
            for q in ("2", "31"):
                yield pattern, w, h, "yuvj420p", q, "default"


def segment(data: bytes, marker: int) -> bytes:
    i = 2
    while i < len(data):
        m, n = data[i + 1], int.from_bytes(data[i + 2:i + 4], "big")
        if m == marker:
            return data[i:i + 2 + n]
        i += 2 + n
    raise ValueError("segment not found")


def main() -> None:
    if not have_reference():
        sys.exit("needs /usr/bin/ffmpeg 5.1.9")
    lines = ["# pattern WxH pix_fmt q huffman size md5 (reference JPEG; make_goldens.py)"]
    with tempfile.TemporaryDirectory() as tmp:
        raw, out = os.path.join(tmp, "in.yuv"), os.path.join(tmp, "out.jpg")
        for pattern, w, h, fmt, q, huffman in cases():
            with open(raw, "wb") as f:
                f.write(raw_bytes(synthetic_frame(pattern, w, h, fmt)))
            data = reference_jpeg(raw, out, w, h, fmt, q, huffman)
            lines.append(f"{pattern} {w}x{h} {fmt} {q} {huffman} {len(data)} {md5(data)}")
        for name, (_, w, h, rate, _) in RC_SEQUENCES.items():
            with open(raw, "wb") as f:
                f.write(b"".join(raw_bytes(fr) for fr in rc_sequence(name)))
            seq_dir = os.path.join(tmp, name)
            os.mkdir(seq_dir)
            for k, data in enumerate(reference_sequence(raw, seq_dir, w, h, rate)):
                lines.append(f"rc {name} {k} {len(data)} {md5(data)}")
        with open(raw, "wb") as f:
            f.write(raw_bytes(synthetic_frame("mixed", 33, 17, "yuvj420p")))
        dqt = segment(reference_jpeg(raw, out, 33, 17, "yuvj420p", 8), 0xDB)
        dht = segment(reference_jpeg(raw, out, 33, 17, "yuvj420p", 2, "default"), 0xC4)
    with open(GOLDENS, "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(HERE, "goldens", "headers.txt"), "w") as f:
        f.write("# reference segments: DQT at -q:v 8, DHT with -huffman default\n")
        f.write(f"dqt_q8 {dqt.hex()}\ndht_default {dht.hex()}\n")


if __name__ == "__main__":
    main()
