"""Crafted adversarial inputs, one per attack, for every container cine reads (issue 5, Bounds).

    python3 bench/adversarial/make_files.py [OUTDIR]     # default bench/adversarial/out/

Deterministic: the same bytes on every run (goldens recorded from the reference stay valid).
Each file is named <container>_<attack>.<ext>; ATTACKS maps the name to a one-line description.
Files are a few KB unless the attack needs size (a million tiny boxes, a never-ending page chain).
"""
from __future__ import annotations

import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from craft import (  # noqa: E402
    box, fbox, FTYP, esds, mp4a, H264_PPS, avcc, avc1, stbl, trak, mvhd, AAC_SILENT,
    mp4_file, MDAT_OFF, audio_trak, el, uint, ebml_header, mkv_info, mkv_track_entry, mkv_tracks,
    mkv_cluster, seek, segment, mkv_file, ogg_page, lacing, OPUS_HEAD, OPUS_TAGS, ogg_opus_start,
    chunk, fmt_pcm, W64_RIFF, W64_WAVE, W64_FMT, W64_DATA, W64_JUNK, avi_file, indx, MP3_HDR,
    mp3_frames, syncsafe, adts, flac_block, streaminfo, FLAC_FRAME, ts_packet, pat, pmt, pes,
    H264_IDR, fixture, HEVC_VPS, HEVC_SPS, HEVC_PPS, HEVC_IDR,
)

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(HERE, "out")

ATTACKS: dict[str, tuple[str, object]] = {}   # file name -> (description, builder)


def attack(name: str, desc: str):
    def deco(fn):
        ATTACKS[name] = (desc, fn)
        return fn
    return deco


# ---------------------------------------------------------------- ISO BMFF (mp4/mov)

@attack("mp4_stsz_2p32_entries.mp4", "stsz claims 2^32-1 sample sizes in a 100-byte table")
def _():
    return mp4_file(audio_trak(stsz=fbox(b"stsz", struct.pack(">II", 0, 0xFFFFFFFF) + b"\0\0\0\x10" * 8)))


@attack("mp4_stts_2p32_samples.mp4", "stts claims 2^32-1 samples of a fixed size (no table to check)")
def _():
    return mp4_file(trak(box(b"stbl", fbox(b"stsd", struct.pack(">I", 1) + mp4a(esds()))
                             + fbox(b"stts", struct.pack(">III", 1, 0xFFFFFFFF, 1024))
                             + fbox(b"stsc", struct.pack(">IIII", 1, 1, 0xFFFFFFFF, 1))
                             + fbox(b"stsz", struct.pack(">II", 16, 0xFFFFFFFF))
                             + fbox(b"stco", struct.pack(">II", 1, MDAT_OFF)))))


@attack("mp4_stco_beyond_eof.mp4", "stco chunk offsets far past the end of the file")
def _():
    return mp4_file(audio_trak(stco=fbox(b"stco", struct.pack(">II", 1, 0x7FFFFF00))))


@attack("mp4_co64_beyond_eof.mp4", "co64 chunk offset of 2^63-1")
def _():
    return mp4_file(audio_trak(stco=fbox(b"co64", struct.pack(">IQ", 1, (1 << 63) - 1))))


@attack("mp4_stco_2p32_entries.mp4", "stco claims 2^32-1 chunk offsets")
def _():
    return mp4_file(audio_trak(stco=fbox(b"stco", struct.pack(">II", 0xFFFFFFFF, MDAT_OFF))))


@attack("mp4_nested_trak_10000.mp4", "moov/trak/trak/... 10,000 boxes deep")
def _():
    inner = b""
    for _ in range(10000):
        inner = box(b"trak", inner)
    return FTYP + box(b"moov", mvhd() + inner)


@attack("mp4_nested_unknown_10000.mp4", "moov/udta/meta-less unknown containers (edts, mdia) 10,000 deep")
def _():
    inner = b""
    for i in range(10000):
        inner = box((b"mdia", b"minf", b"dinf", b"edts")[i % 4], inner)
    return FTYP + box(b"moov", mvhd() + box(b"trak", inner))


@attack("mp4_top_nested_moov_10000.mp4", "moov inside moov 10,000 times at the top level")
def _():
    inner = mvhd()
    for _ in range(10000):
        inner = box(b"moov", inner)
    return FTYP + inner


@attack("mp4_million_tiny_boxes.mp4", "500,000 empty 8-byte free boxes inside moov (4 MB)")
def _():
    return FTYP + box(b"mdat", AAC_SILENT * 10) + box(b"moov", mvhd() + box(b"free") * 500_000 + audio_trak())


@attack("mp4_top_million_tiny_boxes.mp4", "500,000 empty 8-byte free boxes at the top level (4 MB)")
def _():
    return FTYP + box(b"mdat", AAC_SILENT * 10) + box(b"free") * 500_000 + box(b"moov", mvhd() + audio_trak())


@attack("mp4_box_size_2p64m1.mp4", "a box whose 64-bit largesize is 2^64-1")
def _():
    return FTYP + struct.pack(">I4sQ", 1, b"moov", (1 << 64) - 1) + mvhd() + audio_trak()


@attack("mp4_box_size_2p64m1_inside_moov.mp4", "a trak with 64-bit largesize 2^64-1 inside moov")
def _():
    t = audio_trak()
    return FTYP + box(b"moov", mvhd() + struct.pack(">I4sQ", 1, b"trak", (1 << 64) - 1) + t[8:])


@attack("mp4_esds_huge_length.mp4", "esds DecoderSpecificInfo claiming 2^28-1 bytes")
def _():
    return mp4_file(audio_trak(esds=esds(dsi_size=(1 << 28) - 1)))


@attack("mp4_avcc_huge_sps_length.mp4", "avcC SPS length 65535 in a 40-byte box")
def _():
    t = trak(stbl(avc1(avcc(sps_len=0xFFFF)), 10, MDAT_OFF, delta=512), handler=b"vide", timescale=15360,
             dur=5120)
    return mp4_file(t)


@attack("mp4_elst_2p31_entries.mp4", "an edit list claiming 2^31 entries")
def _():
    edts = box(b"edts", fbox(b"elst", struct.pack(">I", 1 << 31) + struct.pack(">IiI", 232, 0, 0x10000)))
    return mp4_file(audio_trak(edts=edts))


@attack("mp4_ctts_huge_offsets.mp4", "ctts with offsets of -2^31 and 2^31-1 and a count of 2^32-1")
def _():
    ctts = fbox(b"ctts", struct.pack(">IIiIiIi", 3, 4, -(1 << 31), 4, (1 << 31) - 1, 0xFFFFFFFF, 7), version=1)
    t = trak(stbl(avc1(avcc()), 10, MDAT_OFF, delta=512, extra=ctts), handler=b"vide", timescale=15360,
             dur=5120)
    return mp4_file(t)


@attack("mp4_stsc_zero_and_huge.mp4", "stsc with first_chunk 0 and samples_per_chunk 2^32-1")
def _():
    t = trak(box(b"stbl", fbox(b"stsd", struct.pack(">I", 1) + mp4a(esds()))
                 + fbox(b"stts", struct.pack(">III", 1, 10, 1024))
                 + fbox(b"stsc", struct.pack(">IIIIIII", 2, 0, 0xFFFFFFFF, 1, 0xFFFFFFFF, 1, 1))
                 + fbox(b"stsz", struct.pack(">II", 16, 10))
                 + fbox(b"stco", struct.pack(">II", 1, MDAT_OFF))))
    return mp4_file(t)


@attack("mp4_stsd_2p32_entries.mp4", "stsd claiming 2^32-1 sample entries")
def _():
    return mp4_file(trak(box(b"stbl", fbox(b"stsd", struct.pack(">I", 0xFFFFFFFF) + mp4a(esds())))))


@attack("mp4_moov_2p32_tracks.mp4", "2,000 trak boxes (beyond the track limit)")
def _():
    return FTYP + box(b"mdat", AAC_SILENT * 10) + box(b"moov", mvhd() + audio_trak() * 2000)


def _fragmented_h264(trun: bytes, mdat_payload: bytes) -> bytes:
    """ftyp + moov (one avc1 track with empty sample tables, mvex/trex) + moof (tfhd with
    default duration 512, size 6, non-sync flags; tfdt 0; `trun`) + mdat."""
    empty = box(b"stbl", fbox(b"stsd", struct.pack(">I", 1) + avc1(avcc()))
                + fbox(b"stts", struct.pack(">I", 0)) + fbox(b"stsc", struct.pack(">I", 0))
                + fbox(b"stsz", struct.pack(">II", 0, 0)) + fbox(b"stco", struct.pack(">I", 0)))
    moov = box(b"moov", mvhd() + trak(empty, handler=b"vide", timescale=12800, dur=0)
               + box(b"mvex", fbox(b"trex", struct.pack(">5I", 1, 1, 0, 0, 0))))
    traf = box(b"traf", fbox(b"tfhd", struct.pack(">IIII", 1, 512, 6, 0x01010000), flags=0x020038)
               + fbox(b"tfdt", struct.pack(">Q", 0), version=1) + trun)
    moof = box(b"moof", fbox(b"mfhd", struct.pack(">I", 1)) + traf)
    return FTYP + moov + moof + box(b"mdat", mdat_payload)


@attack("mp4_trun_2m_fieldless_samples.mp4",
        "a trun without per-sample fields claiming 2,000,000 samples (tfhd defaults), 3 in the file")
def _():
    # data offset 0 with default-base-is-moof: the samples start at the moof, all but a few
    # thousand bytes' worth past the end of the file
    return _fragmented_h264(fbox(b"trun", struct.pack(">I", 2_000_000)), b"\0\0\0\x02\x09\xf0" * 3)


@attack("mp4_trun_1m_sized_samples.mp4",
        "a trun of 1,000,000 samples with a size field each (a 4 MB box), data 2 GB past the moof")
def _():
    return _fragmented_h264(fbox(b"trun", struct.pack(">Ii", 1_000_000, 0x7FFFFFFF)
                                 + struct.pack(">I", 6) * 1_000_000, flags=0x201), b"")


@attack("mov_ilst_meta_nested.mov", "udta/meta/ilst with 10,000 nested data atoms")
def _():
    inner = b"tail"
    for _ in range(10000):
        inner = box(b"data", inner)
    ilst = box(b"ilst", box(b"\xa9nam", inner))
    meta = fbox(b"meta", fbox(b"hdlr", struct.pack(">I4s12x", 0, b"mdir") + b"\0") + ilst)
    return (box(b"ftyp", b"qt  " + struct.pack(">I", 0x200) + b"qt  " * 4)   # as long as FTYP
            + box(b"mdat", AAC_SILENT * 10) + box(b"moov", mvhd() + audio_trak() + box(b"udta", meta)))


# ---------------------------------------------------------------- Matroska / WebM (EBML)

@attack("mkv_element_2p56.mkv", "a Tracks element claiming 2^56-2 bytes")
def _():
    return mkv_file(mkv_info() + el(0x1654AE6B, mkv_track_entry(b"\x12\x10"), size=(1 << 56) - 2, width=8)
                    + mkv_cluster())


@attack("mkv_codecprivate_2p56.mkv", "a CodecPrivate element claiming 2^56-2 bytes")
def _():
    return mkv_file(mkv_info() + mkv_tracks(b"\x12\x10", cp_size=(1 << 56) - 2) + mkv_cluster())


@attack("mkv_segment_2p56_short.mkv", "a Segment of 2^56-2 bytes in a 1 KB file, then garbage")
def _():
    return ebml_header() + segment(mkv_info() + mkv_tracks(b"\x12\x10") + mkv_cluster() + b"\xff" * 64,
                                   size=(1 << 56) - 2)


@attack("mkv_nested_chapters_10000.mkv", "ChapterAtom nested 10,000 deep")
def _():
    inner = uint(0x73C4, 1) + uint(0x91, 0)
    for i in range(10000):
        inner = el(0xB6, uint(0x73C4, i + 2) + uint(0x91, 0) + inner)
    chapters = el(0x1043A770, el(0x45B9, inner))
    return mkv_file(mkv_info() + mkv_tracks(b"\x12\x10") + chapters + mkv_cluster())


@attack("mkv_nested_unknown_10000.mkv", "unknown-ID master-looking elements nested 10,000 deep in Tags")
def _():
    inner = el(0x45A3, b"TITLE") + el(0x4487, b"x")
    for _ in range(10000):
        inner = el(0x67C8, inner)          # SimpleTag inside SimpleTag (recursive in the spec)
    tags = el(0x1254C367, el(0x7373, el(0x63C0, b"") + inner))
    return mkv_file(mkv_info() + mkv_tracks(b"\x12\x10") + tags + mkv_cluster())


@attack("mkv_seekhead_self.mkv", "a SeekHead whose only entry points at itself")
def _():
    sh = el(0x114D9B74, seek(b"\x11\x4D\x9B\x74", 0))
    return mkv_file(sh + mkv_info() + mkv_tracks(b"\x12\x10") + mkv_cluster())


@attack("mkv_seekhead_cycle.mkv", "two SeekHeads pointing at each other (placed after the clusters)")
def _():
    head = mkv_info() + mkv_tracks(b"\x12\x10") + mkv_cluster()
    sh1_len = len(el(0x114D9B74, seek(b"\x11\x4D\x9B\x74", 0) * 2))
    pos_a = 0                                  # first SeekHead at the segment start
    pos_b = sh1_len + len(head)                # second one after the cluster
    sh_a = el(0x114D9B74, seek(b"\x11\x4D\x9B\x74", pos_b) + seek(b"\x1C\x53\xBB\x6B", pos_b))
    sh_b = el(0x114D9B74, seek(b"\x11\x4D\x9B\x74", pos_a) + seek(b"\x1C\x53\xBB\x6B", pos_a))
    assert len(sh_a) == sh1_len
    return mkv_file(sh_a + head + sh_b)


@attack("mkv_seekhead_past_eof.mkv", "SeekHead entries pointing 2^50 bytes past the end")
def _():
    sh = el(0x114D9B74, seek(b"\x1C\x53\xBB\x6B", 1 << 50) + seek(b"\x12\x54\xC3\x67", (1 << 56) - 3)
            + seek(b"\x10\x43\xA7\x70", 1 << 40))
    return mkv_file(sh + mkv_info() + mkv_tracks(b"\x12\x10") + mkv_cluster())


@attack("mkv_cues_2p31.mkv", "Cues element claiming 2^31 CuePoints (2^40 bytes)")
def _():
    head = mkv_info() + mkv_tracks(b"\x12\x10") + mkv_cluster()
    sh_len = len(el(0x114D9B74, seek(b"\x1C\x53\xBB\x6B", 0)))
    sh = el(0x114D9B74, seek(b"\x1C\x53\xBB\x6B", sh_len + len(head)))
    point = el(0xBB, uint(0xB3, 0) + el(0xB7, uint(0xF7, 1) + uint(0xF1, sh_len + len(head) - 100)))
    cues = el(0x1C53BB6B, point * 4, size=1 << 40, width=8)
    return mkv_file(sh + head + cues)


@attack("mkv_unknown_size_clusters.mkv", "2,000 empty unknown-size Clusters back to back")
def _():
    return mkv_file(mkv_info() + mkv_tracks(b"\x12\x10")
                    + (b"\x1F\x43\xB6\x75\x01\xFF\xFF\xFF\xFF\xFF\xFF\xFF" + uint(0xE7, 0)) * 2000)


@attack("mkv_lacing_huge.mkv", "a Xiph-laced block claiming 255 frames of 2^16 bytes")
def _():
    lace = b"\x81\x00\x00\x82" + bytes([254]) + b"\xff" * 1024
    cl = el(0x1F43B675, uint(0xE7, 0) + el(0xA3, lace))
    return mkv_file(mkv_info() + mkv_tracks(b"\x12\x10") + cl)


@attack("webm_ebml_header_huge.webm", "an EBML header claiming 2^56-2 bytes (DocType webm)")
def _():
    return el(0x1A45DFA3, el(0x4282, b"webm"), size=(1 << 56) - 2, width=8) + b"\0" * 64


@attack("webm_doctype_max_read.webm", "EBMLMaxSizeLength 8 / EBMLMaxIDLength 4 with a 2^56 DocType")
def _():
    hdr = el(0x1A45DFA3, uint(0x4286, 1) + uint(0x42F2, 4) + uint(0x42F3, 8)
             + el(0x4282, b"webm", size=(1 << 56) - 2, width=8))
    return hdr + segment(mkv_info())


# ---------------------------------------------------------------- Ogg

@attack("ogg_endless_continuation.ogg", "after OpusHead, 4,000 pages each continuing one never-ending packet")
def _():
    out = [ogg_opus_start(), ogg_page([255], OPUS_TAGS + b"\0" * (255 - len(OPUS_TAGS)), seq=1,
                                      granule=-1)]
    for i in range(4000):
        out.append(ogg_page([255], bytes([i & 255]) * 255, flags=1, seq=2 + i, granule=-1))
    return b"".join(out)


@attack("ogg_lacing_255_forever.ogg", "after OpusHead, 32 pages of 255 lacing values of 255 (2 MB, no packet end)")
def _():
    out = [ogg_opus_start(), ogg_page([255] * 255, OPUS_TAGS + b"\0" * (255 * 255 - len(OPUS_TAGS)), seq=1,
                                      granule=-1)]
    for i in range(31):
        out.append(ogg_page([255] * 255, b"\x55" * (255 * 255), flags=1, seq=2 + i, granule=-1))
    return b"".join(out)


@attack("ogg_1000_bos_streams.ogg", "1,000 BOS pages of distinct serials")
def _():
    return b"".join(ogg_page(lacing(len(OPUS_HEAD)), OPUS_HEAD, flags=2, serial=i + 1) for i in range(1000))


@attack("ogg_tags_2p32_comments.opus", "OpusTags claiming 2^32-1 comments and a 2^32-1 vendor length")
def _():
    tags = b"OpusTags" + struct.pack("<I", 3) + b"adv" + struct.pack("<I", 0xFFFFFFFF) \
        + struct.pack("<I", 0xFFFFFFF0) + b"A=b"
    pkt = b"\xfc\xff\xfe"
    return (ogg_opus_start() + ogg_page(lacing(len(tags)), tags, seq=1)
            + b"".join(ogg_page([3], pkt, seq=2 + i, granule=960 * (i + 1)) for i in range(20)))


@attack("ogg_granule_chaos.ogg", "Opus pages with granules jumping between -1, 2^63-1 and 0")
def _():
    pkt = b"\xfc\xff\xfe"
    gr = [(1 << 63) - 1, -1, 0, -(1 << 63), 960, (1 << 62)]
    return (ogg_opus_start() + ogg_page(lacing(len(OPUS_TAGS)), OPUS_TAGS, seq=1)
            + b"".join(ogg_page([3], pkt, seq=2 + i, granule=gr[i % len(gr)]) for i in range(60)))


# ---------------------------------------------------------------- RIFF: WAV, RF64, W64, AVI

@attack("wav_riff_ffffffff.wav", "RIFF size 0xFFFFFFFF and a LIST chunk of 0xFFFFFFFF before data")
def _():
    return b"RIFF" + struct.pack("<I", 0xFFFFFFFF) + b"WAVE" + fmt_pcm() \
        + b"LIST" + struct.pack("<I", 0xFFFFFFFF) + b"INFOINAM\x04\0\0\0abc\0" + chunk(b"data", b"\0" * 1024)


@attack("wav_data_ffffffff.wav", "data chunk of 0xFFFFFFFF bytes holding 1 KB")
def _():
    return b"RIFF" + struct.pack("<I", 0xFFFFFFFF) + b"WAVE" + fmt_pcm() + b"data" \
        + struct.pack("<I", 0xFFFFFFFF) + b"\x01\x02" * 512


@attack("wav_fmt_zero_channels.wav", "fmt with 0 channels and block_align 0")
def _():
    body = b"WAVE" + fmt_pcm(ch=0, align=0) + chunk(b"data", b"\0" * 1024)
    return b"RIFF" + struct.pack("<I", len(body)) + body


@attack("wav_fmt_huge_cbsize.wav", "WAVE_FORMAT_EXTENSIBLE fmt chunk of 0xFFFFFFF0 bytes")
def _():
    fmt = struct.pack("<HHIIHHH", 0xFFFE, 2, 44100, 176400, 4, 16, 0xFFFF) + b"\0" * 22
    return b"RIFF" + struct.pack("<I", 0xFFFFFFFF) + b"WAVE" + b"fmt " + struct.pack("<I", 0xFFFFFFF0) + fmt


@attack("wav_100k_tiny_chunks.wav", "100,000 empty junk chunks between fmt and data (800 KB)")
def _():
    body = b"WAVE" + fmt_pcm() + b"junk\0\0\0\0" * 100_000 + chunk(b"data", b"\0" * 1024)
    return b"RIFF" + struct.pack("<I", len(body)) + body


@attack("wav_rf64_ds64_2p63.wav", "RF64 whose ds64 claims a data size of 2^63-1 and 2^32 table entries")
def _():
    ds64 = chunk(b"ds64", struct.pack("<QQQI", (1 << 63) - 1, (1 << 63) - 1, (1 << 63) - 1, 0xFFFFFFFF))
    return b"RF64" + struct.pack("<I", 0xFFFFFFFF) + b"WAVE" + ds64 + fmt_pcm() \
        + b"data" + struct.pack("<I", 0xFFFFFFFF) + b"\0" * 1024


@attack("w64_chunk_2p64m1.w64", "a W64 junk chunk of 2^64-1 bytes before data")
def _():
    fmt = struct.pack("<HHIIHH", 1, 2, 44100, 176400, 4, 16)
    return W64_RIFF + struct.pack("<Q", (1 << 64) - 1) + W64_WAVE + W64_FMT + struct.pack("<Q", 24 + len(fmt)) \
        + fmt + W64_JUNK + struct.pack("<Q", (1 << 64) - 1) + W64_DATA + struct.pack("<Q", 24 + 1024) \
        + b"\0" * 1024


@attack("w64_chunk_size_zero.w64", "a W64 chunk of size 0 (smaller than its own header), repeated")
def _():
    fmt = struct.pack("<HHIIHH", 1, 2, 44100, 176400, 4, 16)
    return W64_RIFF + struct.pack("<Q", 4096) + W64_WAVE + W64_FMT + struct.pack("<Q", 24 + len(fmt)) + fmt \
        + (W64_JUNK + struct.pack("<Q", 0)) * 100 + W64_DATA + struct.pack("<Q", 24 + 256) + b"\0" * 256


@attack("avi_idx1_huge_count.avi", "idx1 claiming 0xFFFFFFF0 bytes (2^28 entries) with 2 present")
def _():
    ents = b"00wb" + struct.pack("<III", 0x10, 4, 34) + b"00wb" + struct.pack("<III", 0, 46, 34)
    return avi_file(idx1=b"idx1" + struct.pack("<I", 0xFFFFFFF0) + ents)


@attack("avi_idx1_offsets_beyond_eof.avi", "idx1 entries whose offsets and sizes lie far past the end")
def _():
    ents = b"".join(b"00wb" + struct.pack("<III", 0x10, 0x7FFF0000 + i * 0x1000, 0x7FFFFFFF) for i in range(10))
    return avi_file(idx1=chunk(b"idx1", ents))


@attack("avi_indx_super_loop.avi", "OpenDML super index whose entries point back at the super index itself")
def _():
    probe = avi_file(strl_extra=indx([(0, 0)] * 4))
    pos = probe.index(b"indx")
    return avi_file(strl_extra=indx([(pos, 64)] * 4))


@attack("avi_indx_pair_loop.avi", "two OpenDML index chunks pointing at each other (ix00 <-> indx)")
def _():
    probe = avi_file(strl_extra=indx([(0, 0)] * 2))
    pos = probe.index(b"indx")
    ix = b"ix00" + struct.pack("<IHBBI4sQI", 24 + 8, 4, 0, 0, 1, b"00wb", 0, 0) + struct.pack("<QII", pos, 64, 1)
    data = avi_file(strl_extra=indx([(len(probe), len(ix))] * 2))
    data = data[:4] + struct.pack("<I", len(data) - 8 + len(ix)) + data[8:]
    return data + ix


@attack("avi_2000_strl.avi", "2,000 stream header lists (avih claims 2^31 streams)")
def _():
    return avi_file(streams=1 << 31, strls=2000)


@attack("avi_movi_ffffffff.avi", "a movi LIST of 0xFFFFFFFF bytes and no idx1")
def _():
    return avi_file(movi_size=0xFFFFFFFF, idx1=b"")


# ---------------------------------------------------------------- MP3 / ID3

@attack("mp3_id3_larger_than_file.mp3", "an ID3v2 tag claiming 256 MB in front of 10 frames")
def _():
    frame = b"TIT2" + struct.pack(">I", 4) + b"\0\0\0abc"
    return b"ID3\x03\x00\x00" + syncsafe((1 << 28) - 1) + frame + mp3_frames(10)


@attack("mp3_id3_1000_tags.mp3", "1,000 ID3v2 tags back to back before the frames")
def _():
    frame = b"TIT2" + struct.pack(">I", 4) + b"\0\0\0abc"
    tag = b"ID3\x03\x00\x00" + syncsafe(len(frame)) + frame
    return tag * 1000 + mp3_frames(10)


@attack("mp3_id3_frame_huge.mp3", "an ID3v2.4 frame claiming 2^28-1 bytes inside a small tag")
def _():
    frame = b"TIT2" + syncsafe((1 << 28) - 1) + b"\0\0\0abc"
    return b"ID3\x04\x00\x00" + syncsafe(len(frame) + 32) + frame + b"\0" * 32 + mp3_frames(10)


@attack("mp3_xing_2p32_frames.mp3", "a Xing header claiming 2^32-1 frames and bytes, then 10 frames")
def _():
    side = b"\0" * 32
    xing = b"Xing" + struct.pack(">III", 3, 0xFFFFFFFF, 0xFFFFFFFF)
    first = MP3_HDR + side + xing
    first += b"\0" * (417 - len(first))
    return first + mp3_frames(10)


@attack("mp3_vbri_huge_toc.mp3", "a VBRI header with 65,535 TOC entries of 4 bytes")
def _():
    vbri = b"VBRI" + struct.pack(">HHHIIHHHH", 1, 0, 0, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFF, 1, 4, 1)
    first = MP3_HDR + b"\0" * 32 + vbri
    first += b"\0" * (417 - len(first))
    return first + mp3_frames(10)


@attack("mp3_sync_only.mp3", "10,000 frame headers with nothing between them (4-byte 'frames')")
def _():
    return MP3_HDR * 10000


# ---------------------------------------------------------------- ADTS AAC

@attack("adts_frame_length_0.aac", "ADTS headers whose frame_length is 0, 1,000 times")
def _():
    return adts(0) * 1000


@attack("adts_frame_length_7.aac", "ADTS frames of only their 7-byte header, 5,000 times")
def _():
    return adts(7) * 5000


@attack("adts_frame_length_8191_short.aac", "ADTS frames claiming 8191 bytes, 20 bytes apart")
def _():
    return (adts(8191) + b"\0" * 13) * 200


# ---------------------------------------------------------------- FLAC

@attack("flac_no_last_block.flac", "STREAMINFO then 10,000 empty PADDING blocks, none flagged last")
def _():
    return b"fLaC" + flac_block(0, streaminfo()) + flac_block(1, b"") * 10000 + FLAC_FRAME


@attack("flac_streaminfo_zero.flac", "STREAMINFO with sample rate 0, block sizes 0 and channel field 0")
def _():
    return b"fLaC" + flac_block(0, streaminfo(rate=0, ch=0, bs=0), last=True) + FLAC_FRAME * 4


@attack("flac_comment_2p32.flac", "VORBIS_COMMENT claiming 2^32-1 comments")
def _():
    vc = struct.pack("<I", 3) + b"adv" + struct.pack("<I", 0xFFFFFFFF) + struct.pack("<I", 3) + b"A=b"
    return b"fLaC" + flac_block(0, streaminfo()) + flac_block(4, vc, last=True) + FLAC_FRAME * 4


@attack("flac_picture_huge.flac", "PICTURE block with a MIME length of 2^32-1")
def _():
    pic = struct.pack(">II", 3, 0xFFFFFFFF) + b"image/png" + b"\0" * 40
    return b"fLaC" + flac_block(0, streaminfo()) + flac_block(6, pic, last=True) + FLAC_FRAME * 4


@attack("flac_block_16m.flac", "a metadata block claiming 16 MB in a 200-byte file")
def _():
    return b"fLaC" + flac_block(0, streaminfo()) + flac_block(4, b"\0" * 64, last=True, size=0xFFFFFF)


# ---------------------------------------------------------------- AC-3

@attack("ac3_syncwords_only.ac3", "the AC-3 sync word 0x0B77 repeated 4,000 times")
def _():
    return b"\x0b\x77" * 4000


@attack("ac3_bad_frmsizecod.ac3", "AC-3 headers with reserved fscod/frmsizecod, back to back")
def _():
    return (b"\x0b\x77\x00\x00\xff\x40\x00\x00") * 1000


# ---------------------------------------------------------------- MPEG-TS

@attack("ts_only_0x47.ts", "188 x 64 bytes of 0x47 (sync bytes everywhere)")
def _():
    return b"\x47" * (188 * 64)


@attack("ts_pmt_cycle.ts", "two PMTs listing each other's PIDs as elementary streams")
def _():
    out = []
    for i in range(40):
        out.append(ts_packet(0, pat([(1, 0x100), (2, 0x101)]), cc=i))
        out.append(ts_packet(0x100, pmt(1, 0x101, [(0x1B, 0x101), (0x0F, 0x100)]), cc=i))
        out.append(ts_packet(0x101, pmt(2, 0x100, [(0x1B, 0x100), (0x0F, 0x101)]), cc=i))
    return b"".join(out)


@attack("ts_pes_claims_64k.ts", "PES packets declaring 65,535 bytes but cut after 1 KB by the next start")
def _():
    out = [ts_packet(0, pat([(1, 0x100)])), ts_packet(0x100, pmt(1, 0x200, [(0x0F, 0x200)]))]
    cc = 0
    for k in range(30):
        p = pes(0xC0, (adts(13) + AAC_SILENT) * 80, length=0xFFFF, pts=k * 1920)
        for j in range(0, 1024, 184):
            out.append(ts_packet(0x200, p[j:j + 184], pusi=j == 0, cc=cc))
            cc += 1
    return b"".join(out)


@attack("ts_section_length_overflow.ts", "PAT and PMT sections claiming 4,095 bytes")
def _():
    out = []
    for i in range(50):
        out.append(ts_packet(0, pat([(1, 0x100)], length=0xFFF), cc=i))
        out.append(ts_packet(0x100, pmt(1, 0x200, [(0x0F, 0x200)])[:8] + b"\xbf\xff" + b"\0" * 170, cc=i))
    return b"".join(out)


@attack("ts_pat_250_programs.ts", "a full PAT of 250 programs, each PMT listing 40 streams")
def _():
    progs = [(i + 1, 0x100 + i) for i in range(250)]
    out = [ts_packet(0, pat(progs[:44]))]
    for p, pid in progs[:44]:
        out.append(ts_packet(pid, pmt(p, 0x1000 + p, [(0x0F, 0x1000 + p * 40 + s) for s in range(32)])[:184]))
    return b"".join(out) * 4


# ---------------------------------------------------------------- raw H.264 / HEVC

@attack("h264_10000_empty_nals.h264", "fixtures/elementary/raw.h264 with 10,000 empty NAL units after its IDR")
def _():
    data = fixture("elementary/raw.h264")
    cut = data.index(b"\0\0\1\x41")                 # the first non-IDR slice
    return data[:cut] + b"\0\0\0\1" * 10000 + data[cut:]


@attack("h264_sps_huge_ue.h264", "an SPS whose exp-Golomb fields have 40 leading zero bits")
def _():
    sps = b"\x67\x64\x00\x1f" + b"\x00\x00\x03\x00\x00\x03\x00\x00\x03\x00\x01\xff"
    return (b"\0\0\0\1" + sps + b"\0\0\0\1" + H264_PPS + b"\0\0\0\1" + H264_IDR) * 50


@attack("hevc_10000_empty_nals.hevc", "VPS, SPS, PPS, IDR, then 10,000 empty NAL units")
def _():
    sc = b"\0\0\0\1"
    return sc + HEVC_VPS + sc + HEVC_SPS + sc + HEVC_PPS + sc + HEVC_IDR + sc * 10000 + sc + HEVC_IDR


@attack("hevc_vps_sps_max.hevc", "VPS/SPS with all-ones fields (max sub-layers, huge ids)")
def _():
    sc = b"\0\0\0\1"
    return (sc + b"\x40\x01" + b"\xff" * 40 + sc + b"\x42\x01" + b"\xff" * 60 + sc + HEVC_PPS
            + sc + HEVC_IDR) * 50


def build(out_dir: str = DEFAULT_OUT) -> dict[str, str]:
    """Write every file into out_dir; returns {file name: description}."""
    os.makedirs(out_dir, exist_ok=True)
    for name, (_desc, fn) in ATTACKS.items():
        data = fn()
        path = os.path.join(out_dir, name)
        try:
            with open(path, "rb") as f:
                if f.read() == data:
                    continue
        except OSError:
            pass
        with open(path, "wb") as f:
            f.write(data)
    return {name: d for name, (d, _fn) in ATTACKS.items()}


def main(argv: list[str]) -> int:
    out = argv[1] if len(argv) > 1 else DEFAULT_OUT
    files = build(out)
    total = sum(os.path.getsize(os.path.join(out, n)) for n in files)
    print(f"{len(files)} files, {total} bytes, in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
