#!/usr/bin/env python3
"""Write the seed inputs of the codec-header fuzz targets (opus_head, vorbis_headers,
vp9_header, av1_obu) from the committed fixtures: each stream's codec private data and its
first packets' headers, cut to a few hundred bytes (Vorbis setup headers, whose codebooks
cannot be cut without making them invalid, stay whole).

  python3 fuzz/seeds/make_header_seeds.py      (from anywhere; rewrites fuzz/seeds/<target>/)
"""
import glob
import hashlib
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, ROOT)

from cine.engine.demux import open_input  # noqa: E402
from cine.engine.errors import CineError  # noqa: E402
from cine.engine.codecs.vorbis.info import split_xiph  # noqa: E402

CUT = 256              # bytes kept of a frame payload
PACKETS = 3            # packets looked at per stream


def leb128(v: int) -> bytes:
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        out.append(b | (0x80 if v else 0))
        if not v:
            return bytes(out)


def read_leb128(data: bytes, pos: int):
    v = 0
    for i in range(8):
        b = data[pos]
        pos += 1
        v |= (b & 0x7F) << (7 * i)
        if not b & 0x80:
            break
    return v, pos


def cut_obus(data: bytes) -> bytes:
    """A temporal unit with every OBU payload cut to CUT bytes (sizes rewritten): the OBU
    headers, sequence header and the start of each frame header survive."""
    out = bytearray()
    pos = 0
    while pos < len(data):
        h = data[pos]
        hdr = data[pos:pos + (2 if h & 4 else 1)]
        pos += len(hdr)
        if h & 2:
            size, pos = read_leb128(data, pos)
        else:
            size = len(data) - pos
        payload = data[pos:pos + min(size, CUT)]
        pos += size
        out += bytes([hdr[0] | 2]) + hdr[1:] + leb128(len(payload)) + payload
    return bytes(out)


def cut_vp9(data: bytes) -> list:
    """The packet's frame(s) cut to CUT bytes; a superframe is rebuilt with the cut frames."""
    from cine.engine.codecs.vp9.info import superframe_frames
    frames = [f[:CUT] for f in superframe_frames(data)]
    if len(frames) == 1:
        return frames
    marker = 0xC0 | (1 << 3) | (len(frames) - 1)        # 2-byte sizes
    index = bytes([marker]) + b"".join(len(f).to_bytes(2, "little") for f in frames)
    return frames + [b"".join(frames) + index + bytes([marker])]


def streams(path: str):
    try:
        inp = open_input(path)
    except CineError:
        return
    try:
        per = {}
        pkts = []
        while len(pkts) < 200:
            try:
                p = inp.demuxer.read_packet()
            except CineError:
                break
            if p is None:
                break
            if per.get(p.stream_index, 0) < PACKETS:
                per[p.stream_index] = per.get(p.stream_index, 0) + 1
                pkts.append(p)
        for st in inp.ctx.streams:
            yield st.codecpar, [p.data for p in pkts if p.stream_index == st.index]
    finally:
        inp.close()


def main() -> int:
    out = {"opus_head": set(), "vorbis_headers": set(), "vp9_header": set(), "av1_obu": set()}
    files = sorted(glob.glob(os.path.join(ROOT, "fixtures", "*", "*")))
    for path in files:
        if path.endswith((".md", ".sh")):
            continue
        for par, packets in streams(path):
            ex = bytes(par.extradata or b"")
            name = par.codec_name
            if name == "opus" and ex:
                out["opus_head"].add(ex[:CUT])
                out["opus_head"].add(bytes([par.channels or 0]) + ex[:CUT])
            elif name == "vorbis" and ex:
                out["vorbis_headers"].add(ex)
                try:
                    ident, _comment, setup = split_xiph(ex)
                except CineError:
                    continue
                out["vorbis_headers"].add(ident[:30] + setup)    # the target's second form
            elif name == "vp9":
                for p in packets:
                    out["vp9_header"].update(cut_vp9(p))
            elif name == "av1":
                if ex:
                    out["av1_obu"].add(cut_obus(ex[4:]) if ex[0] & 0x80 else cut_obus(ex))
                    out["av1_obu"].add(ex[:4] + cut_obus(ex[4:]))
                for p in packets:
                    out["av1_obu"].add(cut_obus(p))
    for target, seeds in out.items():
        d = os.path.join(HERE, target)
        os.makedirs(d, exist_ok=True)
        for f in os.listdir(d):
            os.remove(os.path.join(d, f))
        for s in sorted(seeds):
            name = hashlib.sha1(s).hexdigest()[:12] + ".bin"
            with open(os.path.join(d, name), "wb") as fh:
                fh.write(s)
        print("%s: %d seeds" % (target, len(seeds)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
