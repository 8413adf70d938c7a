"""Where cine's H.264 keyframes differ from the reference's: decode FILE with H264Decoder and
with `ffmpeg -skip_frame nokey -f rawvideo -pix_fmt yuv420p`, then print, per differing frame,
the first differing macroblock (x, y, plane, cine's macroblock kind, QP and slice) and how
many macroblocks differ.

With --nodeblock both sides skip the loop filter (the reference with -skip_loop_filter all),
which tells parsing/reconstruction errors from deblocking ones.

Usage: python3 tests/engine/codecs/h264/h264_diff.py [--nodeblock] FILE [MAX_FRAMES]
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[4]))

import numpy as np  # noqa: E402

from h264_decode_support import decode_keyframes, first_h264_stream  # noqa: E402

KINDS = {0: "none", 1: "I4x4", 2: "I8x8", 3: "I16x16", 4: "I_PCM"}


def reference_frames(path: str, width: int, height: int, index: int, nodeblock: bool) -> list:
    skip = ["-skip_loop_filter", "all"] if nodeblock else []
    raw = subprocess.run(["/usr/bin/ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error",
                          "-skip_frame", "nokey", "-noautorotate", *skip, "-i", path, "-map", "0:%d" % index,
                          "-f", "rawvideo", "-pix_fmt", "yuv420p", "-"],
                         capture_output=True, check=False).stdout
    cw, ch = (width + 1) // 2, (height + 1) // 2
    size = width * height + 2 * cw * ch
    out = []
    for k in range(len(raw) // size):
        buf = np.frombuffer(raw, np.uint8, size, k * size)
        y = buf[:width * height].reshape(height, width)
        u = buf[width * height:width * height + cw * ch].reshape(ch, cw)
        v = buf[width * height + cw * ch:].reshape(ch, cw)
        out.append((y, u, v))
    return out


def main() -> None:
    args = sys.argv[1:]
    nodeblock = "--nodeblock" in args
    if nodeblock:
        args.remove("--nodeblock")
        from cine.engine.codecs.h264 import deblock_jit
        deblock_jit.deblock_picture = lambda *a: 0
    path = args[0]
    limit = int(args[1]) if len(args) > 1 else 5
    pics = []
    frames = decode_keyframes(path, capture=lambda job, arrays: pics.append((job, arrays)))
    if not frames:
        print("cine decoded no frames")
        return
    from cine.engine.demux import open_input
    inp = open_input(path)
    index = first_h264_stream(inp.ctx)
    inp.close()
    ref = reference_frames(path, frames[0].width, frames[0].height, index, nodeblock)
    print("%d frames from cine, %d from the reference" % (len(frames), len(ref)))
    shown = 0
    for n, (f, r, (job, a)) in enumerate(zip(frames, ref, pics)):
        sps = job.sps
        diffs = []
        for p, (mine, theirs) in enumerate(zip(f.planes, r)):
            if mine.shape != theirs.shape:
                print("frame %d plane %d: shape %s vs %s" % (n, p, mine.shape, theirs.shape))
                continue
            s = 16 if p == 0 else 8
            top, left = (sps.crop_top, sps.crop_left) if p == 0 else (sps.crop_top // 2, sps.crop_left // 2)
            ys, xs = np.nonzero(mine != theirs)
            for yy, xx in zip(ys, xs):
                diffs.append((((yy + top) // s), ((xx + left) // s), p, yy, xx))
        if not diffs:
            continue
        mbs = sorted({(my, mx) for my, mx, *_ in diffs})
        my, mx = mbs[0]
        mb = my * sps.mb_width + mx
        first = min(d for d in diffs if (d[0], d[1]) == (my, mx))
        print("frame %d: %d differing MBs; first MB x=%d y=%d (addr %d) plane %s at sample (%d,%d): "
              "kind %s qp %d slice %d cbp %d i16 %d chroma %d; %d pixel diffs"
              % (n, len(mbs), mx, my, mb, "YUV"[first[2]], first[4], first[3],
                 KINDS.get(int(a["mb_kind"][mb]), "?"), a["mb_qp"][mb], a["mb_slice"][mb],
                 a["mb_cbp"][mb], a["mb_i16_mode"][mb], a["mb_chroma_mode"][mb], len(diffs)))
        for y, x in mbs[:12]:
            m = y * sps.mb_width + x
            print("   MB x=%d y=%d kind %s qp %d slice %d: %d samples differ"
                  % (x, y, KINDS.get(int(a["mb_kind"][m]), "?"), a["mb_qp"][m], a["mb_slice"][m],
                     sum(1 for d in diffs if (d[0], d[1]) == (y, x))))
        shown += 1
        if shown >= limit:
            break
    if not shown:
        print("identical")


if __name__ == "__main__":
    main()
