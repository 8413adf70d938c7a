"""The PNG encoder: byte-identical with the reference's PNGs of synthetic pictures (goldens
from make_goldens.py), chunk layout and colour chunks, argument checks; a live comparison on
an H.264 fixture's BT.709 frame when FFmpeg 5.1.9 is installed."""
from __future__ import annotations

import os
import struct
import subprocess
import zlib

import numpy as np
import pytest

from cine.engine.codecs.png.encoder import PngEncoder, filter_rows
from cine.engine.errors import CineError

from png_support import (FFMPEG, GOLDENS, encode, frame_from_raw, have_reference, md5,
                         synthetic_frame)


def _cases():
    with open(GOLDENS) as f:
        for line in f:
            if not line.startswith("#"):
                fmt, size, pred, level, nbytes, digest = line.split()
                w, h = map(int, size.split("x"))
                level = None if level == "default" else int(level)
                yield fmt, w, h, pred, level, int(nbytes), digest


CASES = list(_cases())


@pytest.mark.parametrize("fmt,w,h,pred,level,size,digest", CASES,
                         ids=["-".join(map(str, c[:5])) for c in CASES])
def test_identical_to_reference(fmt, w, h, pred, level, size, digest):
    data = encode(synthetic_frame(w, h, fmt), pred=pred, compression_level=level)
    assert (len(data), md5(data)) == (size, digest)


def _chunks(data: bytes):
    i, out = 8, []
    while i < len(data):
        n, tag = struct.unpack(">I4s", data[i:i + 8])
        body = data[i + 8:i + 8 + n]
        assert struct.unpack(">I", data[i + 8 + n:i + 12 + n])[0] == zlib.crc32(tag + body)
        out.append((tag.decode(), body))
        i += 12 + n
    return out


def test_chunk_layout_and_colour_description():
    f = synthetic_frame(200, 100, "rgb24")
    chunks = _chunks(encode(f, sar=(4, 3), color_primaries="bt709", color_trc="iec61966-2-1"))
    tags = [t for t, _ in chunks]
    assert tags[:5] == ["IHDR", "pHYs", "sRGB", "cHRM", "gAMA"] and tags[-1] == "IEND"
    assert dict(chunks)["pHYs"] == struct.pack(">IIB", 4, 3, 0)
    assert dict(chunks)["gAMA"] == struct.pack(">I", 45455)
    idat = [b for t, b in chunks if t == "IDAT"]
    assert all(len(b) == 4096 for b in idat[:-1]) and 0 < len(idat[-1]) <= 4096
    rows = np.frombuffer(zlib.decompress(b"".join(idat)), np.uint8).reshape(100, 601)
    assert (rows[:, 0] == 0).all() and (rows[:, 1:] == f.planes[0]).all()
    plain = [t for t, _ in _chunks(encode(f, dpi=300, color_trc="bt709"))]
    assert plain[:3] == ["IHDR", "pHYs", "gAMA"]


def test_filters_invert():
    rows = synthetic_frame(31, 7, "rgba").planes[0]
    for method in range(6):
        out = filter_rows(rows, method, 4).astype(np.int64)
        rec = np.zeros((7, 31 * 4), np.int64)
        for y in range(7):
            kind, line = out[y, 0], out[y, 1:]
            for x in range(31 * 4):
                a = rec[y, x - 4] if x >= 4 else 0
                b = rec[y - 1, x] if y else 0
                c = rec[y - 1, x - 4] if y and x >= 4 else 0
                p = a + b - c
                paeth = a if abs(p - a) <= abs(p - b) and abs(p - a) <= abs(p - c) else (
                    b if abs(p - b) <= abs(p - c) else c)
                pred = (0, a, b, (a + b) // 2, paeth)[kind]
                rec[y, x] = (line[x] + pred) & 255
        assert (rec == rows).all()


def test_rejected_arguments():
    with pytest.raises(CineError):
        PngEncoder(8, 8, "yuv420p")
    with pytest.raises(CineError):
        PngEncoder(8, 8, "rgb24", dpi=72, dpm=100)
    with pytest.raises(CineError):
        PngEncoder(8, 8, "rgb24", pred="best")
    with pytest.raises(CineError):
        PngEncoder(8, 8, "rgb24").encode(synthetic_frame(8, 8, "gray"))


@pytest.mark.skipif(not have_reference(), reason="needs /usr/bin/ffmpeg 5.1.9")
def test_h264_bt709_frame(tmp_path):
    src = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "fixtures", "mp4",
                       "h264_bt709.mp4")
    raw, png = str(tmp_path / "f.rgb"), str(tmp_path / "f.png")
    common = [FFMPEG, "-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-i", src,
              "-frames:v", "1"]
    subprocess.run(common + ["-f", "rawvideo", "-pix_fmt", "rgb24", raw], check=True)
    subprocess.run(common + [png], check=True)
    with open(raw, "rb") as f:
        frame = frame_from_raw(f.read(), 160, 120, "rgb24")
    data = encode(frame, sar=(1, 1), color_primaries="bt709", color_trc="bt709")
    with open(png, "rb") as f:
        assert data == f.read()


@pytest.mark.skipif(not have_reference(), reason="needs /usr/bin/ffmpeg 5.1.9")
def test_srgb_tagged_frame(tmp_path):
    mp4, raw, png = str(tmp_path / "s.mp4"), str(tmp_path / "s.rgb"), str(tmp_path / "s.png")
    base = [FFMPEG, "-hide_banner", "-loglevel", "error", "-nostdin", "-y"]
    subprocess.run(base + ["-f", "lavfi", "-i", "testsrc2=size=64x48:d=0.04", "-c:v", "libx264",
                           "-color_primaries", "bt709", "-color_trc", "iec61966-2-1",
                           "-colorspace", "bt709", mp4], check=True)
    subprocess.run(base + ["-i", mp4, "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24",
                           raw], check=True)
    subprocess.run(base + ["-i", mp4, "-frames:v", "1", png], check=True)
    with open(raw, "rb") as f:
        frame = frame_from_raw(f.read(), 64, 48, "rgb24")
    data = encode(frame, sar=(1, 1), color_primaries="bt709", color_trc="iec61966-2-1")
    assert b"sRGB" in data
    with open(png, "rb") as f:
        assert data == f.read()
