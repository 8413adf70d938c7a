"""Test-only ISO BMFF walker: builds the Stream the MP4 demuxer would hand to the audio
analyzers (codec, container rate/channels, extradata as mov.c stores it) plus the first
samples, so analyzers can be tested before the real demuxer lands."""
from __future__ import annotations

import struct

from cine.engine.model import CodecParameters, Packet, Stream

CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl", b"edts", b"udta", b"mvex"}

SAMPLE_ENTRY_CODEC = {
    b"mp4a": None, b"Opus": "opus", b"fLaC": "flac", b"alac": "alac", b"ac-3": "ac3",
    b"ec-3": "eac3", b"samr": "amr_nb", b"sawb": "amr_wb", b".mp3": "mp3",
    b"twos": "pcm_s16be", b"sowt": "pcm_s16le", b"raw ": "pcm_u8", b"alaw": "pcm_alaw",
    b"ulaw": "pcm_mulaw", b"ima4": "adpcm_ima_qt", b"agsm": "gsm",
}
ESDS_OBJECT = {0x40: "aac", 0x66: "aac", 0x67: "aac", 0x68: "aac", 0x69: "mp3", 0x6B: "mp3",
               0xA5: "ac3", 0xA6: "eac3", 0xAD: "opus", 0xDD: "vorbis"}


def boxes(data: bytes, start: int = 0, end: int | None = None):
    end = len(data) if end is None else end
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


def _descr(data: bytes, pos: int):
    tag = data[pos]
    pos += 1
    n = 0
    for _ in range(4):
        b = data[pos]
        pos += 1
        n = (n << 7) | (b & 0x7F)
        if not b & 0x80:
            break
    return tag, n, pos


def parse_esds(payload: bytes):
    """(objectTypeIndication, avgBitrate, DecoderSpecificInfo or b"")."""
    pos = 4                                        # version/flags
    tag, n, pos = _descr(payload, pos)
    if tag == 3:
        pos += 2
        flags = payload[pos]
        pos += 1
        if flags & 0x80:
            pos += 2
        if flags & 0x40:
            pos += 1 + payload[pos]
        if flags & 0x20:
            pos += 2
        tag, n, pos = _descr(payload, pos)
    if tag != 4:
        return None, 0, b""
    oti = payload[pos]
    avg = struct.unpack(">I", payload[pos + 9:pos + 13])[0]
    pos += 13
    if pos >= len(payload):
        return oti, avg, b""
    tag, n, pos = _descr(payload, pos)
    return oti, avg, (payload[pos:pos + n] if tag == 5 else b"")


def _tracks(data: bytes):
    for typ, s, e in boxes(data):
        if typ == b"moov":
            for t2, s2, e2 in boxes(data, s, e):
                if t2 == b"trak":
                    yield s2, e2


def _find(data, s, e, path):
    for typ, s2, e2 in boxes(data, s, e):
        if typ == path[0]:
            if len(path) == 1:
                return s2, e2
            return _find(data, s2, e2, path[1:])
    return None


def audio_streams(path: str, max_packets: int = 8) -> list[Stream]:
    data = open(path, "rb").read()
    out = []
    for ts, te in _tracks(data):
        hdlr = _find(data, ts, te, [b"mdia", b"hdlr"])
        if not hdlr or data[hdlr[0] + 8:hdlr[0] + 12] != b"soun":
            continue
        mdhd = _find(data, ts, te, [b"mdia", b"mdhd"])
        stbl = _find(data, ts, te, [b"mdia", b"minf", b"stbl"])
        stsd = _find(data, stbl[0], stbl[1], [b"stsd"])
        es = stsd[0] + 8
        size, fourcc = struct.unpack(">I4s", data[es:es + 8])
        entry = data[es + 8:es + size]
        version = struct.unpack(">H", entry[8:10])[0]
        channels, bits = struct.unpack(">HH", entry[16:20])
        rate = struct.unpack(">I", entry[24:28])[0] >> 16
        child = 28 + (16 if version == 1 else 36 if version == 2 else 0)
        par = CodecParameters(codec_type="audio", codec_name=SAMPLE_ENTRY_CODEC.get(fourcc),
                              codec_tag=struct.unpack("<I", fourcc)[0], sample_rate=rate,
                              channels=channels, bits_per_coded_sample=bits)
        if version == 2:
            rate_f = struct.unpack(">d", entry[32:40])[0]
            par.sample_rate = int(rate_f)
            par.channels = struct.unpack(">I", entry[40:44])[0]
        if fourcc in (b"samr", b"sawb"):
            par.sample_rate = 8000 if fourcc == b"samr" else 16000
            par.channels, par.channel_layout = 1, "mono"
        for typ, s, e in boxes(entry, child):
            body = entry[s:e]
            if typ == b"wave":
                for t2, s2, e2 in boxes(body):
                    if t2 == b"esds":
                        typ, body = t2, body[s2:e2]
            if typ == b"esds":
                oti, avg, dsi = parse_esds(body)
                par.codec_name = ESDS_OBJECT.get(oti, par.codec_name)
                par.bit_rate = avg
                if dsi and oti not in (0x69, 0x6B):
                    par.extradata = dsi
                if par.codec_name == "aac" and dsi:
                    from cine.engine.codecs.aac.asc import parse_config
                    cfg = parse_config(dsi)
                    par.channels = cfg.channels
                    par.channel_layout = None
                    par.sample_rate = cfg.ext_sample_rate or cfg.sample_rate
                    if cfg.object_type == 36:
                        par.codec_name = "mp4als"
            elif typ == b"dOps":
                # mov.c: OpusHead rebuilt from dOps (big-endian fields -> little-endian)
                ver, ch = body[0], body[1]
                preskip, irate = struct.unpack(">HI", body[2:8])
                gain = struct.unpack(">h", body[8:10])[0]
                family = body[10]
                head = b"OpusHead" + bytes([1, ch]) + struct.pack("<HIhB", preskip, irate, gain, family)
                head += body[11:]
                par.extradata = head
                par.channels = ch
                par.sample_rate = 48000
                par.initial_padding = preskip
            elif typ == b"dfLa":
                par.extradata = body[8:8 + 34]
            elif typ == b"alac" and fourcc == b"alac":
                par.extradata = entry[s - 8:e]
            elif typ == b"dac3":
                par.extradata = b""
                v = int.from_bytes(body[:3], "big")
                fscod, bsid, bsmod = v >> 22, (v >> 17) & 31, (v >> 14) & 7
                acmod, lfe, brc = (v >> 11) & 7, (v >> 10) & 1, (v >> 5) & 31
                from cine.engine.codecs.ac3 import header as H
                mask = H.channel_mask(acmod, lfe)
                from cine.engine import chlayout
                par.channels, par.channel_layout = chlayout.layout_from_mask(mask)
        # first samples
        stsz = _find(data, stbl[0], stbl[1], [b"stsz"])
        stco = _find(data, stbl[0], stbl[1], [b"stco"]) or _find(data, stbl[0], stbl[1], [b"co64"])
        stsc = _find(data, stbl[0], stbl[1], [b"stsc"])
        pkts = []
        if stsz and stco and stsc:
            fixed, count = struct.unpack(">II", data[stsz[0] + 4:stsz[0] + 12])
            sizes = ([fixed] * count if fixed else
                     list(struct.unpack(">%dI" % count, data[stsz[0] + 12:stsz[0] + 12 + 4 * count])))
            co64 = data[stco[0] - 4:stco[0]] == b"co64"
            nco = struct.unpack(">I", data[stco[0] + 4:stco[0] + 8])[0]
            fmt = ">%d%s" % (nco, "Q" if co64 else "I")
            offs = struct.unpack(fmt, data[stco[0] + 8:stco[0] + 8 + nco * (8 if co64 else 4)])
            nsc = struct.unpack(">I", data[stsc[0] + 4:stsc[0] + 8])[0]
            sc = [struct.unpack(">III", data[stsc[0] + 8 + 12 * i:stsc[0] + 20 + 12 * i]) for i in range(nsc)]
            si = 0
            for ci, off in enumerate(offs):
                per = 0
                for first, spc, _ in sc:
                    if first <= ci + 1:
                        per = spc
                for _ in range(per):
                    if si >= len(sizes) or len(pkts) >= max_packets:
                        break
                    size = sizes[si]
                    if fourcc in (b"twos", b"sowt", b"raw ", b"lpcm", b"in24", b"fl32") or fixed == 1:
                        size = 0
                    pkts.append(Packet(stream_index=len(out), data=data[off:off + size], pts=None, dts=None))
                    off += size
                    si += 1
        out.append(Stream(index=len(out), codecpar=par))
        out[-1].priv = pkts
    return out
