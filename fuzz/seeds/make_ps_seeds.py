#!/usr/bin/env python3
"""Write the seed inputs of the h264_ps and hevc_ps fuzz targets (fuzz/targets/) from H.264/HEVC
files: each seed is one selector byte (the entry of the target) and a payload taken from the
file: its SPS, PPS, VPS and SEI NAL units, its avcC/hvcC, and its first access unit as Annex B
with the slices cut short (a seed stays a few hundred bytes).

  python3 fuzz/seeds/make_ps_seeds.py [FILE...]     (default: the H.264/HEVC files in fixtures/mp4)
"""
import glob
import hashlib
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, ROOT)

from cine.engine.codecs.h264.avcc import parse_avcc, split_length_prefixed  # noqa: E402
from cine.engine.codecs.hevc.hvcc import parse_hvcc  # noqa: E402
from cine.engine.demux import open_input  # noqa: E402
from cine.engine.errors import CineError  # noqa: E402

SLICE_KEEP = 48          # bytes of each slice NAL unit kept in the access-unit seeds
# selector bytes: the order of each target's ENTRIES
H264 = {"sps": 0, "pps": 1, "sei": 2, "annexb": 3, "avcc": 4}
HEVC = {"vps": 0, "sps": 1, "annexb": 2, "hvcc": 3}


def first_video(path):
    """(codec name, extradata, first packet data) of the file's first H.264/HEVC stream."""
    inp = open_input(path)
    try:
        for st in inp.ctx.streams:
            if st.codecpar.codec_name in ("h264", "hevc"):
                while True:
                    pkt = inp.demuxer.read_packet()
                    if pkt is None:
                        return None
                    if pkt.stream_index == st.index:
                        return st.codecpar.codec_name, st.codecpar.extradata or b"", pkt.data
    finally:
        inp.close()
    return None


def save(folder, selector, payload):
    data = bytes([selector]) + payload
    name = "%d-%s.bin" % (selector, hashlib.sha1(data).hexdigest()[:12])
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def annexb(nals, is_slice):
    return b"".join(b"\x00\x00\x00\x01" + (n[:SLICE_KEEP] if is_slice(n) else n) for n in nals)


def h264_seeds(folder, extradata, packet):
    cfg = parse_avcc(extradata)
    au = split_length_prefixed(packet, cfg.nal_length_size) if cfg.is_avc else parse_avcc(packet).nals
    for nal in cfg.nals + au:
        t = nal[0] & 0x1F
        if t in (6, 7, 8) and len(nal) <= 1024:
            save(folder, H264[{6: "sei", 7: "sps", 8: "pps"}[t]], nal[1:] if t == 6 else nal)
    save(folder, H264["avcc"], extradata)
    save(folder, H264["annexb"], annexb(cfg.nals + au, lambda n: n[0] & 0x1F in (1, 5)))


def hevc_seeds(folder, extradata, packet):
    cfg = parse_hvcc(extradata)
    au = split_length_prefixed(packet, cfg.nal_length_size) if cfg.is_nalff else parse_hvcc(packet).nals
    for nal in cfg.nals:
        t = (nal[0] >> 1) & 0x3F
        if t in (32, 33):
            save(folder, HEVC["vps" if t == 32 else "sps"], nal)
    save(folder, HEVC["hvcc"], extradata)
    save(folder, HEVC["annexb"], annexb(cfg.nals + au, lambda n: (n[0] >> 1) & 0x3F < 32))


def main(paths):
    here = os.path.dirname(os.path.abspath(__file__))
    out = {"h264": os.path.join(here, "h264_ps"), "hevc": os.path.join(here, "hevc_ps")}
    for d in out.values():
        os.makedirs(d, exist_ok=True)
    for path in paths:
        try:
            got = first_video(path)
        except CineError:
            got = None
        if got is None:
            continue
        codec, extradata, packet = got
        (h264_seeds if codec == "h264" else hevc_seeds)(out[codec], extradata, packet)
    for d in out.values():
        print(d, len(os.listdir(d)), "seeds")
    return 0


if __name__ == "__main__":
    files = sys.argv[1:] or sorted(p for p in glob.glob(os.path.join(ROOT, "fixtures", "mp4", "*"))
                                   if os.path.basename(p).startswith(("h264", "hevc")))
    sys.exit(main(files))
