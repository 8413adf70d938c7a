#!/usr/bin/env python3
"""In-process H.264 intra decode benchmark (issue 6): CPU time per keyframe of cine's
H264Decoder (threads=1, skip_frame nokey), split by stage, against the reference's
`ffmpeg -threads 1 -skip_frame nokey -i FILE -f null -`.

Stages (CPU time of the decoding thread, time.thread_time_ns): `parse` the CAVLC/CABAC
kernels, `recon` reconstruct_slice, `deblock` deblock_picture, `python` the rest of
H264Decoder.decode/flush (NAL splitting, slice headers, allocation, cropping). Packets are
read before timing starts (`demux`, reported apart). Each figure is the best of N runs.

The reference's CPU time (user + sys from os.wait4) is taken on FILE and on a copy of FILE cut
to its first keyframe (`-frames:v 1 -c copy`), so that its start-up cost cancels:
per keyframe = (full - one) / (keyframes - 1). Speed is in megapixels (coded picture size) per
CPU second; the ratio is cine's speed over the reference's (goal: >= 0.5). The md5 of the
decoded pictures (every plane of every frame, cropped) shows that two versions decode alike.

Usage: python3 bench/h264_decode.py [-n 3] [--root DIR] FILE...
(default: bench/out/keyframes1080.mp4). --root decodes with the cine of another checkout
(`git archive REV | tar -x -C DIR` of an earlier revision), for before/after runs in one
session.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
REFERENCE = "/usr/bin/ffmpeg"
STAGES = ("parse", "recon", "deblock")
TOTALS = dict.fromkeys(STAGES, 0)     # CPU ns of each stage in the current run


def read_packets(path: str):
    """(codecpar, time_base, [(data, pts, dts, duration)]) of the first H.264 stream."""
    from cine.engine.demux import open_input
    inp = open_input(path)
    try:
        st = next(s for s in inp.ctx.streams if s.codecpar.codec_name == "h264")
        packets = []
        while True:
            pkt = inp.read_packet()
            if pkt is None:
                break
            if pkt.stream_index == st.index:
                packets.append((pkt.data, pkt.pts, pkt.dts, pkt.duration))
        return st.codecpar, (st.time_base.num, st.time_base.den), packets
    finally:
        inp.close()


def instrument() -> None:
    """Wrap the kernels the picture decoder calls (looked up on their modules at each call)
    so that their thread CPU time adds up in TOTALS[stage]."""
    from cine.engine.codecs.h264 import cabac_jit, cavlc_jit, deblock_jit, recon_jit
    for module, name, stage in ((cabac_jit, "parse_slice_cabac", "parse"),
                                (cabac_jit, "parse_slice_cabac_inter", "parse"),
                                (cavlc_jit, "parse_slice_cavlc", "parse"),
                                (cavlc_jit, "parse_slice_cavlc_inter", "parse"),
                                (recon_jit, "reconstruct_slice", "recon"),
                                (deblock_jit, "deblock_picture", "deblock"),
                                (deblock_jit, "deblock_picture_inter", "deblock")):
        fn = getattr(module, name, None)
        if fn is None:
            continue

        def timed(*args, _fn=fn, _stage=stage):
            t = time.thread_time_ns()
            try:
                return _fn(*args)
            finally:
                TOTALS[_stage] += time.thread_time_ns() - t
        setattr(module, name, timed)


def decode_once(codecpar, tb, packets):
    from cine.engine.codecs.h264.decoder import H264Decoder
    for k in TOTALS:
        TOTALS[k] = 0
    t = time.thread_time_ns()
    dec = H264Decoder(codecpar.extradata, skip_frame="nokey", time_base=tb,
                      video_delay=codecpar.video_delay, threads=1)
    frames = []
    for data, pts, dts, duration in packets:
        frames.extend(dec.decode(data, pts, dts, duration))
    frames.extend(dec.flush())
    total = time.thread_time_ns() - t
    return frames, total


def reference_cpu(path: str) -> float:
    """User + sys seconds of one reference run decoding the keyframes of path."""
    argv = [REFERENCE, "-hide_banner", "-nostdin", "-loglevel", "error", "-threads", "1",
            "-skip_frame", "nokey", "-i", path, "-f", "null", "-"]
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, ru = os.wait4(proc.pid, 0)
    if status != 0:
        raise RuntimeError("reference failed on %s" % path)
    return ru.ru_utime + ru.ru_stime


def bench_file(path: str, n: int) -> None:
    t = time.process_time()
    codecpar, tb, packets = read_packets(path)
    demux = time.process_time() - t
    best = None
    for _ in range(n):
        frames, total = decode_once(codecpar, tb, packets)
        run = dict(TOTALS, total=total)
        if best is None or run["total"] < best["total"]:
            best = run
    keys = len(frames)
    mpix = codecpar.width * codecpar.height / 1e6
    with tempfile.TemporaryDirectory() as tmp:
        one = os.path.join(tmp, "one" + os.path.splitext(path)[1])
        subprocess.run([REFERENCE, "-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-i",
                        path, "-map", "0:v:0", "-frames:v", "1", "-c", "copy", one], check=True)
        full = min(reference_cpu(path) for _ in range(n))
        single = min(reference_cpu(one) for _ in range(n))
    ref_ms = 1e3 * (full - single) / max(1, keys - 1)
    ms = {k: best[k] / 1e6 / keys for k in (*STAGES, "total")}
    ms["python"] = ms["total"] - sum(ms[k] for k in STAGES)
    digest = hashlib.md5()
    for frame in frames:
        for plane in frame.planes:
            digest.update(plane.tobytes())
    print("%s: %dx%d, %d keyframes of %d packets (demux %.1f ms/keyframe, not counted), "
          "md5 of the pictures %s" % (os.path.basename(path), codecpar.width, codecpar.height,
                                      keys, len(packets), 1e3 * demux / keys, digest.hexdigest()))
    print("  cine ms/keyframe: total %.2f = parse %.2f + recon %.2f + deblock %.2f + python %.2f"
          % (ms["total"], ms["parse"], ms["recon"], ms["deblock"], ms["python"]))
    print("  reference ms/keyframe: %.2f (full %.3f s, one-keyframe start-up %.3f s)"
          % (ref_ms, full, single))
    print("  speed: cine %.1f MP/s, reference %.1f MP/s, ratio %.2fx"
          % (mpix / ms["total"] * 1e3, mpix / ref_ms * 1e3, ref_ms / ms["total"]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=3, help="runs of each; the best counts")
    ap.add_argument("--root", help="import cine from this checkout instead")
    ap.add_argument("files", nargs="*", default=[os.path.join(HERE, "out", "keyframes1080.mp4")])
    args = ap.parse_args()
    if args.root:
        sys.path.insert(0, os.path.abspath(args.root))
    instrument()
    for path in args.files:
        bench_file(path, args.n)


if __name__ == "__main__":
    main()
