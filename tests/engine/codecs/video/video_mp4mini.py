"""A tiny ISO BMFF walker for codec-analyzer tests: the first video track's sample entry, the
codecpar fields mov.c fills from it, and its first samples as Packets. Test support only."""
from __future__ import annotations

import struct

from cine.engine.codecs import colour
from cine.engine.model import CodecParameters, Packet, Rational, Stream

CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl", b"edts", b"udta"}
FOURCC_CODEC = {
    b"avc1": "h264", b"avc3": "h264", b"hvc1": "hevc", b"hev1": "hevc", b"av01": "av1",
    b"vp09": "vp9", b"s263": "h263", b"h263": "h263", b"H263": "h263", b"jpeg": "mjpeg",
    b"mjpa": "mjpeg", b"apch": "prores", b"apcn": "prores", b"apcs": "prores",
    b"apco": "prores", b"ap4h": "prores", b"ap4x": "prores", b"mp4v": None,
}
OTI_CODEC = {0x20: "mpeg4", 0x21: "h264", 0x6C: "mjpeg", 0x6A: "mpeg1video", 0x61: "mpeg2video"}


def boxes(data: bytes, start: int, end: int):
    pos = start
    while pos + 8 <= end:
        size, typ = struct.unpack(">I4s", data[pos:pos + 8])
        hdr = 8
        if size == 1:
            size = struct.unpack(">Q", data[pos + 8:pos + 16])[0]
            hdr = 16
        elif size == 0:
            size = end - pos
        if size < hdr or pos + size > end:
            return
        yield typ, pos + hdr, pos + size
        pos += size


def _desc(data: bytes, pos: int):
    tag = data[pos]
    pos += 1
    size = 0
    for _ in range(4):
        b = data[pos]
        pos += 1
        size = (size << 7) | (b & 0x7F)
        if not b & 0x80:
            break
    return tag, pos, size


def parse_esds(body: bytes):
    """(objectTypeIndication, DecoderSpecificInfo) from an esds payload (after version/flags)."""
    tag, pos, size = _desc(body, 4)
    if tag != 3:
        return None, b""
    flags = body[pos + 2]
    pos += 3
    if flags & 0x80:
        pos += 2
    if flags & 0x40:
        pos += 1 + body[pos]
    if flags & 0x20:
        pos += 2
    tag, pos, size = _desc(body, pos)
    if tag != 4:
        return None, b""
    oti = body[pos]
    end = pos + size
    pos += 13
    dsi = b""
    if pos < end:
        tag, p2, sz = _desc(body, pos)
        if tag == 5:
            dsi = body[p2:p2 + sz]
    return oti, dsi


class Track:
    def __init__(self):
        self.handler = None
        self.entry = None
        self.sizes = []
        self.chunk_offsets = []
        self.stsc = []
        self.stts = []
        self.ctts = []
        self.timescale = 0


def _walk(data, start, end, track_list, cur):
    for typ, b, e in boxes(data, start, end):
        if typ == b"trak":
            t = Track()
            track_list.append(t)
            _walk(data, b, e, track_list, t)
        elif typ in CONTAINERS:
            _walk(data, b, e, track_list, cur)
        elif cur is None:
            continue
        elif typ == b"hdlr":
            if cur.handler is None:
                cur.handler = data[b + 8:b + 12]
        elif typ == b"mdhd":
            v = data[b]
            cur.timescale = struct.unpack(">I", data[b + (20 if v == 1 else 12):][:4])[0]
        elif typ == b"stsd":
            for t2, b2, e2 in boxes(data, b + 8, e):
                cur.entry = (t2, b2, e2)
                break
        elif typ == b"stsz":
            ss, cnt = struct.unpack(">II", data[b + 4:b + 12])
            cur.sizes = [ss] * cnt if ss else list(struct.unpack(">%dI" % cnt, data[b + 12:b + 12 + 4 * cnt]))
        elif typ == b"stco":
            cnt = struct.unpack(">I", data[b + 4:b + 8])[0]
            cur.chunk_offsets = list(struct.unpack(">%dI" % cnt, data[b + 8:b + 8 + 4 * cnt]))
        elif typ == b"co64":
            cnt = struct.unpack(">I", data[b + 4:b + 8])[0]
            cur.chunk_offsets = list(struct.unpack(">%dQ" % cnt, data[b + 8:b + 8 + 8 * cnt]))
        elif typ == b"stsc":
            cnt = struct.unpack(">I", data[b + 4:b + 8])[0]
            cur.stsc = [struct.unpack(">III", data[b + 8 + 12 * i:b + 20 + 12 * i]) for i in range(cnt)]
        elif typ == b"stts":
            cnt = struct.unpack(">I", data[b + 4:b + 8])[0]
            cur.stts = [struct.unpack(">II", data[b + 8 + 8 * i:b + 16 + 8 * i]) for i in range(cnt)]
        elif typ == b"ctts":
            cnt = struct.unpack(">I", data[b + 4:b + 8])[0]
            cur.ctts = [struct.unpack(">Ii", data[b + 8 + 8 * i:b + 16 + 8 * i]) for i in range(cnt)]


def _sample_offsets(t: Track):
    offs = []
    n = len(t.sizes)
    si = 0
    for ci, co in enumerate(t.chunk_offsets):
        per = 0
        for first, spc, _ in t.stsc:
            if first - 1 <= ci:
                per = spc
        pos = co
        for _ in range(per):
            if si >= n:
                return offs
            offs.append(pos)
            pos += t.sizes[si]
            si += 1
    return offs


def _video_delay(t: Track) -> int:
    """mov_estimate_video_delay (libavformat/mov.c) for h264 tracks with ctts."""
    if not t.ctts:
        return 0
    dts = []
    d = 0
    for cnt, dur in t.stts:
        for _ in range(cnt):
            dts.append(d)
            d += dur
    comp = [off for cnt, off in t.ctts for _ in range(cnt)]
    buf = [-(1 << 63)] * 17
    start = 0
    delay = 0
    for i in range(min(len(dts), len(comp))):
        j = start
        start = (start + 1) % 17
        buf[j] = dts[i] + comp[i]
        swaps = 0
        while j != start:
            r = j - 1 if j else 16
            if buf[j] < buf[r]:
                buf[j], buf[r] = buf[r], buf[j]
                swaps += 1
            else:
                break
            j = r
        delay = max(delay, swaps)
    return delay


def load_video(path: str, max_packets: int = 40):
    """(Stream, [Packet]) for the first video track, codecpar filled as mov.c would."""
    data = open(path, "rb").read()
    tracks: list[Track] = []
    _walk(data, 0, len(data), tracks, None)
    for t in tracks:
        if t.handler == b"vide" and t.entry:
            break
    else:
        return None, []
    typ, b, e = t.entry
    par = CodecParameters(codec_type="video")
    par.codec_tag = struct.unpack("<I", typ)[0]
    par.codec_name = FOURCC_CODEC.get(typ)
    par.width, par.height = struct.unpack(">HH", data[b + 24:b + 28])
    par.bits_per_coded_sample = struct.unpack(">H", data[b + 74:b + 76])[0]
    st = Stream(index=0, codecpar=par)
    for t2, b2, e2 in boxes(data, b + 78, e):
        body = data[b2:e2]
        if t2 in (b"avcC", b"hvcC", b"av1C", b"glbl"):
            par.extradata = body
        elif t2 == b"esds":
            oti, dsi = parse_esds(body)
            par.codec_name = OTI_CODEC.get(oti, par.codec_name)
            par.extradata = dsi
        elif t2 == b"colr" and body[:4] in (b"nclx", b"nclc"):
            pri, trc, mat = struct.unpack(">HHH", body[4:10])
            if body[:4] == b"nclx":
                par.color_range = "pc" if body[10] & 0x80 else "tv"
            par.color_primaries = colour.primaries(pri)
            par.color_transfer = colour.transfer(trc)
            par.color_space = colour.space(mat)
        elif t2 == b"vpcC" and body[0] == 1:
            par.color_range = "pc" if body[6] & 1 else "tv"
            par.color_primaries = colour.primaries(body[7])
            par.color_transfer = colour.transfer(body[8])
            par.color_space = colour.space(body[9])
        elif t2 == b"pasp":
            num, den = struct.unpack(">II", body[:8])
            if den:
                from math import gcd
                g = gcd(num, den) or 1
                st.sample_aspect_ratio = Rational(num // g, den // g)
        elif t2 == b"fiel":
            v = struct.unpack(">H", body[:2])[0]
            fo = None
            if v & 0xFF00 == 0x100:
                fo = "progressive"
            elif v & 0xFF00 == 0x200:
                fo = {1: "tt", 6: "bb", 9: "tb", 14: "bt"}.get(v & 0xFF)
            par.field_order = fo
    if par.codec_name == "h264":
        par.video_delay = _video_delay(t)
    offs = _sample_offsets(t)
    pkts = [Packet(0, data[o:o + s], None, None) for o, s in zip(offs, t.sizes)
            if o + s <= len(data)][:max_packets]
    return st, pkts
