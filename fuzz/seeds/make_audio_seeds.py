#!/usr/bin/env python3
"""Write the seed inputs of the audio decoder fuzz targets (aac_decode, alac_decode,
flac_decode, mp3_decode, opus_decode, vorbis_decode) from the committed fixtures: the
configuration byte that picks the fixture's codec parameters in the target, then a few
consecutive packets of its first audio stream, joined by the targets' separator (runs from the
start, the middle and the end of the file: a decoder carries state across packets).
Fixtures that are not one of a target's configurations lend their first packets to the
configuration of the same channel count (Opus; MPEG audio Layer II) or to the only one (MP3).

  python3 fuzz/seeds/make_audio_seeds.py      (from anywhere; rewrites fuzz/seeds/<target>/)
"""
import hashlib
import importlib
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path[:0] = [ROOT, os.path.join(ROOT, "fuzz", "targets")]

from cine.engine.demux import open_input  # noqa: E402
from _audio import SEP  # noqa: E402 - fuzz/targets/_audio.py

RUN = 3                 # packets a seed holds
LIMIT = 11264           # bytes a seed may hold (fewer packets when they are big)
# fixtures outside the targets' configurations: (target, configuration index, fixture)
EXTRA = [("mp3_decode", 0, "fixtures/mp3/%s.mp3" % n)
         for n in ("lsf22_mono", "mono32", "mpeg25_11k", "mpeg25_8k", "noise48")] + [
        ("mp3_decode", 1, "fixtures/mp2/%s.mp2" % n) for n in ("dual32", "st44_384k")] + [
        ("mp3_decode", 2, "fixtures/mp2/%s.mp2" % n) for n in ("mono32_32k", "mono44_48k")] + [
        ("opus_decode", 0, "fixtures/opus/%s.opus" % n)
        for n in ("celt_2p5ms_mono", "celt_fb_10ms_mono", "hybrid_mono_40ms", "silk_wb_mono_60ms")
        ] + [("opus_decode", 1, "fixtures/opus/%s.opus" % n)
             for n in ("celt_40ms_stereo", "celt_5ms_stereo", "celt_fb_20ms_stereo",
                       "celt_lowrate_stereo", "silk_wb_stereo_10ms")] + [
        ("aac_decode", 0, "fixtures/aac/%s.aac" % n)
        for n in ("sbr_mono", "sbr_stereo", "sbr_header_change", "ps_mono")]
TARGETS = ["aac_decode", "alac_decode", "flac_decode", "mp3_decode", "opus_decode",
           "vorbis_decode"]


def audio_packets(path: str) -> list:
    """Every packet of the first audio stream, as the ffmpeg face hands them to a decoder."""
    inp = open_input(os.path.join(ROOT, path))
    try:
        index = next(st.index for st in inp.ctx.streams if st.codecpar.codec_type == "audio")
        out = []
        while (p := inp.read_packet()) is not None:
            if p.stream_index == index and p.data:
                out.append(bytes(p.data))
        return out
    finally:
        inp.close()


def runs(packets: list, starts: int = 3) -> list:
    """Runs of up to RUN whole packets and LIMIT bytes: from the start, the middle and the
    end (a short last frame), the first `starts` of these; a packet over LIMIT on its own
    is passed over."""
    out = []
    for start in sorted({0, max(0, len(packets) // 2 - 1), max(0, len(packets) - RUN)}
                        )[:starts]:
        run = []
        for p in packets[start:]:
            if len(run) == RUN or (run and sum(map(len, run)) + len(p) > LIMIT):
                break
            if len(p) <= LIMIT:
                run.append(p)
        if run:
            out.append(run)
    return out


def main() -> int:
    for target in TARGETS:
        configs = importlib.import_module(target).CONFIGS
        sources = [(i, f, 3) for i, f in enumerate(configs)] + [
            (i, f, 1) for t, i, f in EXTRA if t == target]      # the others' first packets
        seeds = set()
        for index, fixture, starts in sources:
            for run in runs(audio_packets(fixture), starts):
                seeds.add(bytes([index]) + SEP.join(run))
        d = os.path.join(HERE, target)
        os.makedirs(d, exist_ok=True)
        for f in os.listdir(d):
            os.remove(os.path.join(d, f))
        for s in sorted(seeds):
            with open(os.path.join(d, hashlib.sha1(s).hexdigest()[:12] + ".bin"), "wb") as fh:
                fh.write(s)
        print("%s: %d seeds, %d bytes" % (target, len(seeds), sum(map(len, seeds))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
