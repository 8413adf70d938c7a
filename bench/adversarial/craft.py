"""Byte builders for the crafted adversarial files (make_files.py): ISO BMFF boxes, EBML
elements, Ogg pages, RIFF chunks, MP3/ADTS/FLAC headers, MPEG-TS packets, raw NAL units.
Each builds what the container's spec says (ISO/IEC 14496-12/-14/-15, Matroska/EBML RFC 8794,
RFC 3533, RIFF/RF64/Sony W64, ISO/IEC 11172-3, 13818-7, FLAC format, 13818-1, H.264/H.265
Annex B); make_files.py then breaks one field per attack.
"""
from __future__ import annotations

import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def box(t: bytes, payload: bytes = b"") -> bytes:
    return struct.pack(">I4s", 8 + len(payload), t) + payload


def fbox(t: bytes, payload: bytes = b"", version: int = 0, flags: int = 0) -> bytes:
    return box(t, struct.pack(">I", version << 24 | flags) + payload)


MATRIX = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)
FTYP = box(b"ftyp", b"isom" + struct.pack(">I", 512) + b"isomiso2mp41")


def desc(tag: int, payload: bytes, size: int | None = None) -> bytes:
    n = len(payload) if size is None else size
    return bytes([tag, 0x80 | (n >> 21) & 0x7F, 0x80 | (n >> 14) & 0x7F,
                  0x80 | (n >> 7) & 0x7F, n & 0x7F]) + payload


def esds(asc: bytes = b"\x12\x10", dsi_size: int | None = None) -> bytes:
    dcd = bytes([0x40, 0x15]) + b"\0\0\0" + struct.pack(">II", 128000, 128000) + desc(5, asc, dsi_size)
    es = struct.pack(">HB", 1, 0) + desc(4, dcd) + desc(6, b"\x02")
    return fbox(b"esds", desc(3, es))


def mp4a(esds_box: bytes) -> bytes:
    return box(b"mp4a", b"\0" * 6 + struct.pack(">H", 1) + b"\0" * 8
               + struct.pack(">HHHHI", 2, 16, 0, 0, 44100 << 16) + esds_box)


H264_SPS = bytes.fromhex("67f4000b919b28508fc4e022000003000200000300641e28532c")
H264_PPS = bytes.fromhex("68ebe3c44844")


def avcc(sps: bytes = H264_SPS, pps: bytes = H264_PPS, sps_len: int | None = None) -> bytes:
    n = len(sps) if sps_len is None else sps_len
    return box(b"avcC", bytes([1, sps[1], sps[2], sps[3], 0xFF, 0xE1]) + struct.pack(">H", n) + sps
               + b"\x01" + struct.pack(">H", len(pps)) + pps)


def avc1(avcc_box: bytes) -> bytes:
    return box(b"avc1", b"\0" * 6 + struct.pack(">H", 1) + b"\0" * 16
               + struct.pack(">HHII", 320, 240, 0x480000, 0x480000) + b"\0" * 4
               + struct.pack(">H", 1) + b"\0" * 32 + struct.pack(">Hh", 24, -1) + avcc_box)


def stbl(entry: bytes, n: int, chunk_off: int, size: int = 6, delta: int = 1024,
         stsz: bytes | None = None, stco: bytes | None = None, extra: bytes = b"") -> bytes:
    return box(b"stbl",
               fbox(b"stsd", struct.pack(">I", 1) + entry)
               + fbox(b"stts", struct.pack(">III", 1, n, delta))
               + fbox(b"stsc", struct.pack(">IIII", 1, 1, n, 1))
               + (stsz if stsz is not None else fbox(b"stsz", struct.pack(">II", size, n)))
               + (stco if stco is not None else fbox(b"stco", struct.pack(">II", 1, chunk_off)))
               + extra)


def trak(stbl_box: bytes, handler: bytes = b"soun", timescale: int = 44100, dur: int = 10240,
         edts: bytes = b"") -> bytes:
    media_hdr = (fbox(b"smhd", b"\0" * 4) if handler == b"soun"
                 else fbox(b"vmhd", b"\0" * 8, flags=1))
    tkhd = fbox(b"tkhd", struct.pack(">IIIII", 0, 0, 1, 0, 232) + b"\0" * 8
                + struct.pack(">hhHH", 0, 0, 0x100 if handler == b"soun" else 0, 0) + MATRIX
                + struct.pack(">II", 0 if handler == b"soun" else 320 << 16,
                              0 if handler == b"soun" else 240 << 16), flags=3)
    mdhd = fbox(b"mdhd", struct.pack(">IIIIHH", 0, 0, timescale, dur, 0x55C4, 0))
    hdlr = fbox(b"hdlr", struct.pack(">I4s12x", 0, handler) + b"h\0")
    dinf = box(b"dinf", fbox(b"dref", struct.pack(">I", 1) + fbox(b"url ", flags=1)))
    return box(b"trak", tkhd + edts + box(b"mdia", mdhd + hdlr + box(b"minf", media_hdr + dinf + stbl_box)))


def mvhd() -> bytes:
    return fbox(b"mvhd", struct.pack(">IIIIIH", 0, 0, 1000, 232, 0x10000, 0x100) + b"\0" * 10
                + MATRIX + b"\0" * 24 + struct.pack(">I", 2))


AAC_SILENT = bytes.fromhex("211004608c1c")   # one silent AAC-LC stereo frame (what the real encoder writes)


def mp4_file(trak_box: bytes, mdat_payload: bytes = AAC_SILENT * 10) -> bytes:
    """ftyp + mdat + moov, with the chunk offset pointing at the mdat payload (offset 40)."""
    return FTYP + box(b"mdat", mdat_payload) + box(b"moov", mvhd() + trak_box)


MDAT_OFF = len(FTYP) + 8


def audio_trak(**kw) -> bytes:
    edts = kw.pop("edts", b"")
    return trak(stbl(mp4a(kw.pop("esds", esds())), kw.pop("n", 10), kw.pop("off", MDAT_OFF), **kw),
                edts=edts)


def vint_size(n: int, width: int = 0) -> bytes:
    if not width:
        width = 1
        while n >= (1 << (7 * width)) - 1:
            width += 1
    return ((1 << (7 * width)) | n).to_bytes(width, "big")


def el(eid: int, payload: bytes = b"", size: int | None = None, width: int = 0) -> bytes:
    idb = eid.to_bytes((eid.bit_length() + 7) // 8, "big")
    return idb + vint_size(len(payload) if size is None else size, width) + payload


def uint(eid: int, v: int) -> bytes:
    return el(eid, v.to_bytes(max(1, (v.bit_length() + 7) // 8), "big"))


def ebml_header(doctype: bytes = b"matroska") -> bytes:
    return el(0x1A45DFA3, uint(0x4286, 1) + uint(0x42F7, 1) + uint(0x42F2, 4) + uint(0x42F3, 8)
              + el(0x4282, doctype) + uint(0x4287, 4) + uint(0x4285, 2))


def mkv_info() -> bytes:
    return el(0x1549A966, uint(0x2AD7B1, 1000000) + el(0x4D80, b"adv") + el(0x5741, b"adv")
              + el(0x4489, struct.pack(">f", 1000.0)))


def mkv_track_entry(codec_private: bytes | None = None, cp_size: int | None = None) -> bytes:
    cp = b"" if codec_private is None else el(0x63A2, codec_private, cp_size)
    audio = el(0xE1, el(0xB5, struct.pack(">f", 44100.0)) + uint(0x9F, 2))
    return el(0xAE, uint(0xD7, 1) + uint(0x73C5, 1) + uint(0x83, 2) + el(0x86, b"A_AAC") + cp + audio)


def mkv_tracks(codec_private: bytes | None = None, cp_size: int | None = None) -> bytes:
    return el(0x1654AE6B, mkv_track_entry(codec_private, cp_size))


def mkv_cluster(n: int = 10) -> bytes:
    blocks = b"".join(el(0xA3, b"\x81" + struct.pack(">hB", i * 23, 0x80) + b"\x21\x00" * 8) for i in range(n))
    return el(0x1F43B675, uint(0xE7, 0) + blocks)


def seek(eid: bytes, pos: int) -> bytes:
    return el(0x4DBB, el(0x53AB, eid) + el(0x53AC, pos.to_bytes(8, "big")))


def segment(body: bytes, size: int | None = None) -> bytes:
    return el(0x18538067, body, size, width=8)


def mkv_file(body: bytes) -> bytes:
    return ebml_header() + segment(body)


SEG_DATA_OFF = len(ebml_header()) + 12   # segment payload starts after the 4-byte ID + 8-byte size


def _crc_table() -> list[int]:
    t = []
    for i in range(256):
        r = i << 24
        for _ in range(8):
            r = ((r << 1) ^ 0x04C11DB7) if r & 0x80000000 else r << 1
        t.append(r & 0xFFFFFFFF)
    return t


CRC = _crc_table()


def ogg_crc(data: bytes) -> int:
    c = 0
    for b in data:
        c = ((c << 8) & 0xFFFFFFFF) ^ CRC[(c >> 24) ^ b]
    return c


def ogg_page(segments: list[int], body: bytes, flags: int = 0, granule: int = 0, serial: int = 1,
             seq: int = 0) -> bytes:
    hdr = b"OggS" + struct.pack("<BBqIII", 0, flags, granule, serial, seq, 0) + bytes([len(segments)]) \
        + bytes(segments)
    page = bytearray(hdr + body)
    struct.pack_into("<I", page, 22, ogg_crc(bytes(page)))
    return bytes(page)


def lacing(n: int) -> list[int]:
    return [255] * (n // 255) + [n % 255]


OPUS_HEAD = b"OpusHead" + struct.pack("<BBHIhB", 1, 2, 312, 48000, 0, 0)
OPUS_TAGS = b"OpusTags" + struct.pack("<I", 3) + b"adv" + struct.pack("<I", 0)


def ogg_opus_start() -> bytes:
    return ogg_page(lacing(len(OPUS_HEAD)), OPUS_HEAD, flags=2)


def chunk(cid: bytes, payload: bytes, size: int | None = None) -> bytes:
    n = len(payload) if size is None else size
    return cid + struct.pack("<I", n) + payload + (b"\0" if len(payload) & 1 else b"")


def fmt_pcm(ch: int = 2, rate: int = 44100, bits: int = 16, align: int | None = None) -> bytes:
    a = ch * bits // 8 if align is None else align
    return chunk(b"fmt ", struct.pack("<HHIIHH", 1, ch, rate, rate * a, a, bits))


W64_RIFF = bytes.fromhex("726966662e91cf11a5d628db04c10000")
W64_WAVE = bytes.fromhex("77617665f3acd3118cd100c04f8edb8a")
W64_FMT = bytes.fromhex("666d7420f3acd3118cd100c04f8edb8a")
W64_DATA = bytes.fromhex("64617461f3acd3118cd100c04f8edb8a")
W64_JUNK = bytes.fromhex("6a756e6bf3acd3118cd100c04f8edb8a")


def avi_file(strl_extra: bytes = b"", n_frames: int = 10, idx1: bytes | None = None,
             movi_size: int | None = None, streams: int = 1, strls: int = 1) -> bytes:
    """RIFF AVI with one PCM audio stream (no decoder involved): 10 chunks of 34 bytes."""
    avih = chunk(b"avih", struct.pack("<14I", 40000, 0, 0, 0x10, n_frames, 0, streams, 0, 0, 0, 0, 0, 0, 0))
    strh = chunk(b"strh", b"auds" + b"\0\0\0\0" + struct.pack("<IHHIIIIIIIIhhhh", 0, 0, 0, 0, 4, 44100 * 4,
                                                              0, n_frames * 8, 0, 0xFFFFFFFF, 4, 0, 0, 0, 0))
    strf = chunk(b"strf", struct.pack("<HHIIHH", 1, 2, 44100, 176400, 4, 16))
    strl = chunk(b"LIST", b"strl" + strh + strf + strl_extra)
    hdrl = chunk(b"LIST", b"hdrl" + avih + strl * strls)
    frames = b"".join(chunk(b"00wb", bytes([i]) * 34) for i in range(n_frames))
    movi = b"LIST" + struct.pack("<I", len(frames) + 4 if movi_size is None else movi_size) + b"movi" + frames
    if idx1 is None:
        ents, off = [], 4
        for i in range(n_frames):
            ents.append(b"00wb" + struct.pack("<III", 0x10, off, 34))
            off += 42
        idx1 = chunk(b"idx1", b"".join(ents))
    body = b"AVI " + hdrl + movi + idx1
    return b"RIFF" + struct.pack("<I", len(body)) + body


def indx(entries: list[tuple[int, int]]) -> bytes:
    body = struct.pack("<HBBI4s12x", 4, 0, 0, len(entries), b"00wb")
    body += b"".join(struct.pack("<QII", off, size, 10) for off, size in entries)
    return chunk(b"indx", body)


MP3_HDR = b"\xff\xfb\x90\x64"   # MPEG-1 layer III, 128 kb/s, 44100 Hz, stereo: 417-byte frames


def mp3_frames(n: int, fill: int = 0) -> bytes:
    return (MP3_HDR + bytes([fill]) * 413) * n


def syncsafe(n: int) -> bytes:
    return bytes([(n >> 21) & 0x7F, (n >> 14) & 0x7F, (n >> 7) & 0x7F, n & 0x7F])


def adts(length: int) -> bytes:
    return bytes([0xFF, 0xF1, 0x50, 0x80 | (length >> 11) & 3, (length >> 3) & 0xFF,
                  ((length & 7) << 5) | 0x1F, 0xFC])


def flac_block(t: int, payload: bytes, last: bool = False, size: int | None = None) -> bytes:
    n = len(payload) if size is None else size
    return bytes([(0x80 if last else 0) | t]) + n.to_bytes(3, "big") + payload


def streaminfo(rate: int = 44100, ch: int = 2, bps: int = 16, bs: int = 4096) -> bytes:
    v = (rate << 44) | ((ch - 1 & 7) << 41) | ((bps - 1 & 31) << 36) | 44100
    return struct.pack(">HH", bs, bs) + b"\0\0\0\0\0\0" + v.to_bytes(8, "big") + b"\0" * 16


FLAC_FRAME = bytes.fromhex("fff8c90800") + b"\0" * 40


def ts_crc(data: bytes) -> int:
    c = 0xFFFFFFFF
    for b in data:
        c = ((c << 8) & 0xFFFFFFFF) ^ CRC[(c >> 24) ^ b]
    return c


def ts_packet(pid: int, payload: bytes, pusi: bool = True, cc: int = 0) -> bytes:
    hdr = struct.pack(">BHB", 0x47, (0x4000 if pusi else 0) | pid, 0x10 | (cc & 15))
    return (hdr + payload + b"\xff" * 184)[:188]


def section(table_id: int, ext: int, body: bytes, length: int | None = None) -> bytes:
    sec = struct.pack(">BHHBBB", table_id, 0xB000 | ((len(body) + 9) if length is None else length),
                      ext, 0xC1, 0, 0) + body
    return b"\0" + sec + struct.pack(">I", ts_crc(sec))


def pat(programs: list[tuple[int, int]], length: int | None = None) -> bytes:
    return section(0, 1, b"".join(struct.pack(">HH", p, 0xE000 | pid) for p, pid in programs), length)


def pmt(prog: int, pcr: int, streams: list[tuple[int, int]]) -> bytes:
    body = struct.pack(">HH", 0xE000 | pcr, 0xF000) + b"".join(
        struct.pack(">BHH", t, 0xE000 | pid, 0xF000) for t, pid in streams)
    return section(2, prog, body)


def pes(sid: int, payload: bytes, length: int | None = None, pts: int = 0) -> bytes:
    p = pts
    pts_b = bytes([0x21 | (p >> 29) & 0x0E, (p >> 22) & 0xFF, 0x01 | (p >> 14) & 0xFE, (p >> 7) & 0xFF,
                   0x01 | (p << 1) & 0xFE])
    body = b"\x80\x80\x05" + pts_b + payload
    return b"\0\0\x01" + bytes([sid]) + struct.pack(">H", len(body) if length is None else length) + body


H264_IDR = bytes.fromhex("6588840033fffef686f814d85323909f9f212dc600e560b1cdba8e2ba261e00edebe5a29")


def fixture(rel: str) -> bytes:
    with open(os.path.join(os.path.dirname(os.path.dirname(HERE)), "fixtures", rel), "rb") as f:
        return f.read()


HEVC_VPS = bytes.fromhex("40010c01ffff01600000030090000003000003001e95980900")
HEVC_SPS = bytes.fromhex("42010101600000030090000003000003001ea014207965959a4932bc05a0200000030020000003032100")
HEVC_PPS = bytes.fromhex("4401c172b46240")
HEVC_IDR = bytes.fromhex("2801af1d42a5d8bffa4233247d02024413ffeb60e69ac39cea2ee59ab20c664923e6ec76")
