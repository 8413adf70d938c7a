"""What the reference FFmpeg 5.1.9 says about an intra-only H.264 stream, for the deblocking
tests: each picture decoded without the loop filter (`-skip_loop_filter all`) and with it, the
macroblock types and QPs (`-debug mb_type+qp`), and the slice and PPS fields the filter reads
(`-bsf:v trace_headers`). Intra prediction reads unfiltered samples, so for an all-intra stream
the first decode is exactly the picture before deblocking, and deblock_picture() applied to it
with those parameters must give the second decode bit for bit.

The debug output names Intra4x4 and Intra8x8 macroblocks alike ('i'), and x264 mixes them
whenever the PPS enables the 8x8 transform. For such streams the transform size of each 'i'
macroblock is inferred: filtering macroblocks 0..k (the later ones marked not decoded) leaves
the samples of macroblock k outside its last three rows and columns final, so the size that
makes them equal to the reference's output is the one it has (a tie there: the one that makes
more of the whole macroblock equal, then I_8x8). The whole filtered picture is compared
afterwards either way.
"""
from __future__ import annotations

import base64
import hashlib
import os
import re
import subprocess
import zlib

import numpy as np

from cine.engine.codecs.h264 import layout as L

FFMPEG = "/usr/bin/ffmpeg"


def have_reference() -> bool:
    if not os.path.exists(FFMPEG):
        return False
    out = subprocess.run([FFMPEG, "-version"], capture_output=True, text=True).stdout
    return out.startswith("ffmpeg version 5.1.9")


def encode_command(width: int, height: int, frames: int, x264: str, extra: list[str]) -> list[str]:
    """The ffmpeg arguments (before the output path) that make one test stream."""
    return ["-f", "lavfi", "-i", "testsrc2=size=%dx%d:rate=25" % (width, height),
            "-frames:v", str(frames), *extra, "-c:v", "libx264", "-threads", "1",
            "-x264-params", x264, "-f", "h264"]


def encode(args: list[str], path: str) -> None:
    subprocess.run([FFMPEG, "-hide_banner", "-nostdin", "-loglevel", "error", "-y", *args, path],
                   check=True)


def _decode(path: str, *options: str) -> bytes:
    args = [FFMPEG, "-hide_banner", "-nostdin", "-loglevel", "error", "-threads", "1", *options,
            "-i", path, "-f", "rawvideo", "-"]
    return subprocess.run(args, check=True, capture_output=True).stdout


def _mb_grids(path: str, pictures: int):
    """(type chars, qps) per picture from -debug mb_type+qp (the last `pictures` reports: the
    stream-info probe decodes a few pictures first)."""
    args = [FFMPEG, "-hide_banner", "-nostdin", "-threads", "1", "-debug", "mb_type+qp", "-i", path,
            "-f", "null", "-"]
    err = subprocess.run(args, capture_output=True, text=True).stderr
    reports, rows = [], None
    for line in err.splitlines():
        body = re.sub(r"^\[h264 @ 0x[0-9a-f]+\] ", "", line)
        if body.startswith("New frame, type:"):
            rows = []
            reports.append(rows)
        elif rows is not None and re.fullmatch(r"( ?\d+\S[ +\-|?][ =])+", body):
            rows.append(body)
        else:
            rows = None
    grids = []
    for rows in reports[-pictures:]:
        cells = [m for row in rows for m in re.findall(r"( ?\d+)(\S)[ +\-|?][ =]", row)]
        grids.append(("".join(c for _, c in cells), [int(q) for q, _ in cells]))
    return grids


def _headers(path: str):
    """Per picture: a list of slices (first_mb, idc, offset_a, offset_b, cb_offset, cr_offset),
    and the chroma_format_idc / transform_8x8_mode_flag seen."""
    err = subprocess.run([FFMPEG, "-hide_banner", "-nostdin", "-i", path, "-c", "copy",
                          "-bsf:v", "trace_headers", "-f", "null", "-"],
                         capture_output=True, text=True).stderr
    pictures, slice_, pps = [], None, {}
    state = {"chroma_format_idc": 1, "transform_8x8_mode_flag": 0}
    for line in err.splitlines():
        m = re.match(r"\[trace_headers @ 0x[0-9a-f]+\] "
                     r"(?:\d+\s+(\w+)\s+[01]+ = (-?\d+)|(.+))$", line)
        if not m:
            continue
        name, value, title = m.group(1), m.group(2), m.group(3)
        if title is not None:
            slice_ = None
            if title == "Picture Parameter Set":
                pps = {}
            elif title == "Slice Header":
                slice_ = {"disable_deblocking_filter_idc": 0, "slice_alpha_c0_offset_div2": 0,
                          "slice_beta_offset_div2": 0}
            continue
        value = int(value)
        if slice_ is not None:
            slice_[name] = value
            if name == "first_mb_in_slice":
                if value == 0:
                    pictures.append([])
                pictures[-1].append(slice_)
                slice_["pps"] = pps
        else:
            pps[name] = value
            if name in state:
                state[name] = value
    out = []
    for slices in pictures:
        rows = []
        for s in slices:
            cb = s["pps"]["chroma_qp_index_offset"]
            rows.append((s["first_mb_in_slice"], s["disable_deblocking_filter_idc"],
                         2 * s["slice_alpha_c0_offset_div2"], 2 * s["slice_beta_offset_div2"],
                         cb, s["pps"].get("second_chroma_qp_index_offset", cb)))
        out.append(rows)
    return out, state


KIND_CHARS = {"i": L.KIND_I4x4, "I": L.KIND_I16x16, "P": L.KIND_IPCM}


def reference(path: str, width: int, height: int, deblock_picture) -> dict:
    """Everything a deblocking test needs about one stream (width, height: multiples of 16)."""
    slices, state = _headers(path)
    chroma_format = state["chroma_format_idc"]
    grids = _mb_grids(path, len(slices))
    plane = width * height
    size = plane * 3 // 2   # monochrome decodes to 4:2:0 too, with constant chroma
    keep = size if chroma_format else plane
    unfiltered = _decode(path, "-skip_loop_filter", "all")
    filtered = _decode(path)
    assert len(unfiltered) == len(filtered) == size * len(slices) == size * len(grids)
    stream = {"mb_width": width // 16, "mb_height": height // 16, "chroma_format": chroma_format,
              "frames": []}
    for i, (rows, (chars, qps)) in enumerate(zip(slices, grids)):
        assert set(chars) <= set(KIND_CHARS)
        mb_slice = np.zeros(len(chars), np.int32)
        for k, row in enumerate(rows):
            mb_slice[row[0]:] = k
        frame = {
            "kinds": [KIND_CHARS[c] for c in chars],
            "qp": qps,
            "mb_slice": mb_slice.tolist(),
            "slice_params": [list(r[1:]) for r in rows],
            "unfiltered": unfiltered[i * size:i * size + keep],
            "filtered_md5": hashlib.md5(filtered[i * size:i * size + keep]).hexdigest(),
        }
        if state["transform_8x8_mode_flag"]:
            luma = filtered[i * size:i * size + plane]
            _infer_transform_size(deblock_picture, stream, frame, luma)
        stream["frames"].append(frame)
    return stream


def _infer_transform_size(deblock_picture, stream: dict, frame: dict, target: bytes) -> None:
    width = 16 * stream["mb_width"]
    want = np.frombuffer(target, np.uint8).reshape(-1, width)
    kinds = frame["kinds"]
    for mb, kind in enumerate(kinds):
        if kind != L.KIND_I4x4:
            continue
        y0, x0 = 16 * (mb // stream["mb_width"]), 16 * (mb % stream["mb_width"])
        scores = []
        for guess in (L.KIND_I8x8, L.KIND_I4x4):
            kinds[mb] = guess
            prefix = dict(frame, kinds=kinds[:mb + 1] + [L.KIND_NONE] * (len(kinds) - mb - 1))
            same = run(deblock_picture, stream, prefix)[0][y0:y0 + 16, x0:x0 + 16] == \
                want[y0:y0 + 16, x0:x0 + 16]
            scores.append((bool(same[:13, :13].all()), int(same.sum()), guess))
        kinds[mb] = max(scores)[2]


def pack(data: bytes) -> str:
    return base64.b64encode(zlib.compress(data, 9)).decode()


def unpack(text: str) -> bytes:
    return zlib.decompress(base64.b64decode(text))


def run(deblock_picture, stream: dict, frame: dict):
    """The kernel applied to a frame's unfiltered picture: the filtered planes (Y, Cb, Cr)."""
    mb_width, mb_height = stream["mb_width"], stream["mb_height"]
    chroma_format = stream["chroma_format"]
    kinds = np.array(frame["kinds"], np.int8)
    qp = np.array(frame["qp"], np.int32)
    mb_slice = np.array(frame["mb_slice"], np.int32)
    params = np.zeros((len(frame["slice_params"]), L.SP_STRIDE), np.int32)
    for k, (idc, a, b, cb, cr) in enumerate(frame["slice_params"]):
        params[k, [L.SP_DISABLE_DEBLOCK, L.SP_FILTER_OFFSET_A, L.SP_FILTER_OFFSET_B,
                   L.SP_CHROMA_QP_OFFSET, L.SP_CHROMA_QP_OFFSET2]] = idc, a, b, cb, cr
    w, h = 16 * mb_width, 16 * mb_height
    raw = np.frombuffer(frame["unfiltered"], np.uint8)
    y = raw[:w * h].reshape(h, w).copy()
    if chroma_format:
        cb = raw[w * h:w * h * 5 // 4].reshape(h // 2, w // 2).copy()
        cr = raw[w * h * 5 // 4:].reshape(h // 2, w // 2).copy()
    else:
        cb = cr = np.zeros((0, 0), np.uint8)
    assert deblock_picture(mb_width, mb_height, chroma_format, kinds, qp, mb_slice, params,
                           y, cb, cr) == 0
    return y, cb, cr


def deblocked_md5(deblock_picture, stream: dict, frame: dict) -> str:
    y, cb, cr = run(deblock_picture, stream, frame)
    return hashlib.md5(y.tobytes() + cb.tobytes() + cr.tobytes()).hexdigest()
