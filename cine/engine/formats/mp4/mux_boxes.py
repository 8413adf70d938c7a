"""Box writers of the MP4/MOV muxer: moov, trak and the sample tables (ISO/IEC 14496-12
8.2-8.8; QuickTime File Format movie atoms), as FFmpeg 5.1.9's movenc.c lays them out for
the tracks a stream copy produces. Sample descriptions live in mux_stsd.py, user data in
mux_udta.py.

Everything is built in memory (BoxBuf) and handed to the output at once; sizes are patched
in the buffer, as update_size does through the output context.
"""
from __future__ import annotations

import struct

from ...timebase import ROUND_DOWN, ROUND_UP, rescale, rescale_rnd
from .mux_buf import BoxBuf, write_matrix
from .mux_stsd import write_audio_entry, write_btrt, write_video_entry
from .mux_track import (MODE_MOV, MODE_MP4, MOV_DISPOSABLE_SAMPLE, MOV_SYNC_SAMPLE,
                        MOV_TRACK_CTTS, MOV_TRACK_ENABLED, Track)
from .mux_udta import write_udta

UINT32_MAX = 0xFFFFFFFF
INT32_MAX = (1 << 31) - 1
DASH_ROLES = ((("hearing_impaired", "captions"), "caption"), (("comment",), "commentary"),
              (("visual_impaired", "descriptions"), "description"), (("dub",), "dub"),
              (("forced",), "forced-subtitle"))


# -- sample tables ----------------------------------------------------------------------------
def cluster_duration(trk: Track, i: int) -> int:
    if i >= len(trk.samples):
        return 0
    if i + 1 == len(trk.samples):
        nxt = trk.track_duration + trk.start_dts
    else:
        nxt = trk.samples[i + 1].dts
    return nxt - trk.samples[i].dts


def write_stbl(bb: BoxBuf, mux, trk: Track) -> None:
    par = trk.par
    p = bb.start("stbl")
    q = bb.start("stsd")
    bb.wb32(0)
    bb.wb32(1)
    if par.codec_type == "video":
        write_video_entry(bb, mux, trk)
    elif par.codec_type == "audio":
        write_audio_entry(bb, mux, trk)
    elif par.codec_type == "subtitle":
        e = bb.tell()
        bb.wb32(0)
        bb.wl32(trk.tag)
        bb.wb32(0)
        bb.wb16(0)
        bb.wb16(1)
        bb.write(par.extradata or b"")
        if mux.write_btrt:
            write_btrt(bb, trk)
        bb.end(e)
    bb.end(q)
    # stts
    if par.codec_type == "audio" and not trk.audio_vbr:
        entries = [(trk.sample_count, 1)]
    else:
        entries = []
        for i in range(len(trk.samples)):
            d = cluster_duration(trk, i)
            if entries and entries[-1][1] == d:
                entries[-1][0] += 1
            else:
                entries.append([1, d])
    bb.wb32(16 + 8 * len(entries))
    bb.write(b"stts")
    bb.wb32(0)
    bb.wb32(len(entries))
    for c, d in entries:
        bb.wb32(c)
        bb.wb32(d)
    n = len(trk.samples)
    if (par.codec_type == "video" or par.codec_name == "truehd") and trk.has_keyframes \
            and trk.has_keyframes < n:
        keys = [i + 1 for i, s in enumerate(trk.samples) if s.flags & MOV_SYNC_SAMPLE]
        bb.wb32(16 + 4 * len(keys))
        bb.write(b"stss")
        bb.wb32(0)
        bb.wb32(len(keys))
        for k in keys:
            bb.wb32(k)
    if par.codec_type == "video" and trk.has_disposable:
        bb.wb32(12 + n)
        bb.write(b"sdtp")
        bb.wb32(0)
        for s in trk.samples:
            dependent = 2 if s.flags & MOV_SYNC_SAMPLE else 1
            reference = 2 if s.flags & MOV_DISPOSABLE_SAMPLE else 0
            bb.w8((dependent << 4) | (reference << 2))
    if par.codec_type == "video" and trk.flags & MOV_TRACK_CTTS and n:
        ct = []
        for s in trk.samples:
            if ct and ct[-1][1] == s.cts:
                ct[-1][0] += 1
            else:
                ct.append([1, s.cts])
        bb.wb32(16 + 8 * len(ct))
        bb.write(b"ctts")
        bb.w8(1 if mux.negative_cts else 0)
        bb.wb24(0)
        bb.wb32(len(ct))
        for c, d in ct:
            bb.wb32(c)
            bb.wb32(d)
    # stsc
    q = bb.start("stsc")
    bb.wb32(0)
    rows = []
    old = -1
    for s in trk.samples:
        if s.chunk_num and s.samples_in_chunk != old:
            rows.append((s.chunk_num, s.samples_in_chunk))
            old = s.samples_in_chunk
    bb.wb32(len(rows))
    for a, b in rows:
        bb.wb32(a)
        bb.wb32(b)
        bb.wb32(1)
    bb.end(q)
    # stsz
    q = bb.start("stsz")
    bb.wb32(0)
    sizes = [s.size // s.entries for s in trk.samples]
    total = sum(s.entries for s in trk.samples)
    if n and all(x == sizes[0] for x in sizes):
        bb.wb32(max(1, sizes[0]))
        bb.wb32(total)
    else:
        bb.wb32(0)
        bb.wb32(total)
        for s, sz in zip(trk.samples, sizes):
            for _ in range(s.entries):
                bb.wb32(sz)
    bb.end(q)
    # stco / co64
    co64 = n > 0 and trk.samples[-1].pos + trk.data_offset > UINT32_MAX
    q = bb.start("co64" if co64 else "stco")
    bb.wb32(0)
    bb.wb32(trk.chunk_count)
    for s in trk.samples:
        if s.chunk_num:
            if co64:
                bb.wb64(s.pos + trk.data_offset)
            else:
                bb.wb32(s.pos + trk.data_offset)
    bb.end(q)
    if par.codec_name in ("aac", "opus"):
        _write_roll(bb, trk)
    bb.end(p)


def _write_roll(bb: BoxBuf, trk: Track) -> None:
    if not trk.samples:
        return
    groups = []        # [count, roll_distance, group index]
    group = 0
    if trk.par.codec_name == "opus":
        roll_samples = rescale(80, 48000, 1000)
        for i in range(len(trk.samples)):
            remaining = roll_samples
            distance = 0
            for j in range(i - 1, -1, -1):
                remaining -= cluster_duration(trk, j)
                distance += 1
                if remaining <= 0:
                    break
            if remaining > 0:
                distance = 0
            if i and groups and distance == groups[-1][1]:
                groups[-1][0] += 1
            else:
                idx = 0
                if distance:
                    group += 1
                    idx = group
                groups.append([1, distance, idx])
    else:
        group = 1
        groups.append([trk.sample_count, 1, 1])
    if not group:
        return
    bb.wb32(24 + group * 2)
    bb.write(b"sgpd")
    bb.wb32(1 << 24)
    bb.write(b"roll")
    bb.wb32(2)
    bb.wb32(group)
    for c, d, idx in groups:
        if idx:
            bb.wb16(-d)
    bb.wb32(20 + len(groups) * 8)
    bb.write(b"sbgp")
    bb.wb32(0)
    bb.write(b"roll")
    bb.wb32(len(groups))
    for c, d, idx in groups:
        bb.wb32(c)
        bb.wb32(idx)


# -- track and movie headers ----------------------------------------------------------------------
def pts_range(trk: Track) -> tuple[int, int]:
    if trk.end_pts is not None and trk.start_dts is not None and trk.start_cts is not None:
        return trk.start_dts + trk.start_cts, trk.end_pts
    return 0, trk.track_duration


def samples_pts_duration(trk: Track) -> int:
    s, e = pts_range(trk)
    return e - s


def pts_duration(mux, trk: Track) -> int:
    s, e = pts_range(trk)
    if mux.use_editlist:
        s = 0
    return e - s


def write_hdlr(bb: BoxBuf, mux, trk: Track | None) -> None:
    hdlr, htype, descr = b"dhlr", b"url ", "DataHandler"
    if trk is not None:
        hdlr = b"mhlr" if trk.mode == MODE_MOV else b"\0\0\0\0"
        t = trk.par.codec_type
        if t == "video":
            htype, descr = b"vide", "VideoHandler"
        elif t == "audio":
            htype, descr = b"soun", "SoundHandler"
        elif t == "subtitle":
            htype = {0x67337874: b"sbtl", 0x7334706D: b"subp"}.get(trk.tag, b"text")
            descr = "SubtitleHandler"
        else:
            mux.log.warning("Unknown hdlr_type for %s, writing dummy values\n" % _fourcc2str(trk.par.codec_tag))
            htype = b"\0\0\0\0"
        hn = None if trk.is_chapter else trk.st.tags.get("handler_name")
        if hn:
            descr = hn
    if mux.empty_hdlr_name:
        descr = ""
    d = descr.encode("utf-8")
    z = d.find(b"\0")
    if z >= 0:
        d = d[:z]
    p = bb.start("hdlr")
    bb.wb32(0)
    bb.write(hdlr)
    bb.write(htype)
    bb.write(bytes(12))
    if trk is None or trk.mode == MODE_MOV:
        bb.w8(len(d))
    bb.write(d)
    if trk is not None and trk.mode != MODE_MOV:
        bb.w8(0)
    bb.end(p)


def _fourcc2str(tag: int) -> str:
    out = []
    for i in range(4):
        c = (tag >> (8 * i)) & 0xFF
        ch = chr(c)
        out.append(ch if (ch.isalnum() or ch in " .-_") and c < 128 else "[%d]" % c)
    return "".join(out)


def write_trak(bb: BoxBuf, mux, trk: Track) -> None:
    p = bb.start("trak")
    st = trk.st
    par = trk.par
    # tkhd
    duration = rescale_rnd(pts_duration(mux, trk), mux.movie_timescale, trk.timescale, ROUND_UP)
    version = 0 if duration < INT32_MAX else 1
    flags = 2 | (1 if trk.flags & MOV_TRACK_ENABLED else 0)
    group = st.index if mux.per_stream_grouping else \
        {"video": 0, "audio": 1, "data": 2, "subtitle": 3, "attachment": 4}.get(par.codec_type, -1)
    if trk.is_chapter:
        group = 0
    bb.wb32(104 if version else 92)
    bb.write(b"tkhd")
    bb.w8(version)
    bb.wb24(flags)
    if version:
        bb.wb64(trk.time)
        bb.wb64(trk.time)
    else:
        bb.wb32(trk.time)
        bb.wb32(trk.time)
    bb.wb32(trk.track_id)
    bb.wb32(0)
    if not trk.samples:
        bb.wb64(0) if version else bb.wb32(0)
    else:
        bb.wb64(duration) if version else bb.wb32(duration)
    bb.wb32(0)
    bb.wb32(0)
    bb.wb16(0)
    bb.wb16(group)
    bb.wb16(0x0100 if par.codec_type == "audio" else 0)
    bb.wb16(0)
    dm = next((sd for sd in st.side_data if sd.type == "Display Matrix" and len(sd.data) >= 36), None)
    if dm is not None:
        for v in struct.unpack("<9i", dm.data[:36]):
            bb.wb32(v)
    else:
        write_matrix(bb, 1, 0, 0, 1, 0, 0)
    if par.codec_type in ("video", "subtitle") and not trk.is_chapter:
        if trk.mode == MODE_MOV:
            w1616 = par.width * 0x10000
        else:
            sar = st.sample_aspect_ratio
            w1616 = rescale(sar.num, par.width * 0x10000, sar.den) if sar.den else 0
            if not w1616 or trk.height != par.height or w1616 > UINT32_MAX:
                w1616 = par.width * 0x10000
        if w1616 > UINT32_MAX:
            mux.log.warning("track width is too large\n")
            w1616 = 0
        bb.wb32(w1616)
        if trk.height > 0xFFFF:
            mux.log.warning("track height is too large\n")
            bb.wb32(0)
        else:
            bb.wb32(trk.height * 0x10000)
    else:
        bb.wb32(0)
        bb.wb32(0)
    if trk.start_dts is not None and mux.use_editlist:
        _write_edts(bb, mux, trk)
    elif trk.start_dts is not None and trk.samples and trk.samples[0].dts:
        mux.log.warning("Not writing any edit list even though one would have been required\n")
    if mux.chapter_track is not None and not trk.is_chapter:
        bb.wb32(20)
        bb.write(b"tref")
        bb.wb32(12)
        bb.write(b"chap")
        bb.wb32(mux.chapter_track.track_id)
    # mdia
    q = bb.start("mdia")
    dur = samples_pts_duration(trk)
    version = 0 if dur < INT32_MAX else 1
    bb.wb32(44 if version else 32)
    bb.write(b"mdhd")
    bb.w8(version)
    bb.wb24(0)
    if version:
        bb.wb64(trk.time)
        bb.wb64(trk.time)
    else:
        bb.wb32(trk.time)
        bb.wb32(trk.time)
    bb.wb32(trk.timescale)
    if not trk.samples:
        bb.wb64(0) if version else bb.wb32(0)
    else:
        bb.wb64(dur) if version else bb.wb32(dur)
    bb.wb16(trk.language)
    bb.wb16(0)
    if version and trk.mode == MODE_MOV:
        mux.log.error("FATAL error, file duration too long for timebase, this file will not be\n"
                      "playable with QuickTime. Choose a different timebase with "
                      "-video_track_timescale or a different container format\n")
    write_hdlr(bb, mux, trk)
    r = bb.start("minf")
    if par.codec_type == "video":
        bb.wb32(0x14)
        bb.write(b"vmhd")
        bb.wb32(1)
        bb.wb64(0)
    elif par.codec_type == "audio":
        bb.wb32(16)
        bb.write(b"smhd")
        bb.wb32(0)
        bb.wb32(0)
    elif par.codec_type == "subtitle":
        if trk.tag in (0x74786574, 0x38303763, 0x38303663):     # 'text', c708, c608
            g = bb.start("gmhd")
            bb.wb32(0x18)
            bb.write(b"gmin")
            bb.wb32(0)
            bb.wb16(0x40)
            bb.wb16(0x8000)
            bb.wb16(0x8000)
            bb.wb16(0x8000)
            bb.wb16(0)
            bb.wb16(0)
            if trk.tag != 0x38303663:
                bb.wb32(0x2C)
                bb.write(b"text")
                bb.wb16(1)
                for v in (0, 0, 0, 1, 0, 0, 0, 0x4000):
                    bb.wb32(v)
                bb.wb16(0)
            bb.end(g)
        else:
            bb.wb32(12)
            bb.write(b"nmhd")
            bb.wb32(0)
    if trk.mode == MODE_MOV:
        write_hdlr(bb, mux, None)
    bb.wb32(36)
    bb.write(b"dinf")
    bb.wb32(28)
    bb.write(b"dref")
    bb.wb32(0)
    bb.wb32(1)
    bb.wb32(12)
    bb.write(b"url ")
    bb.wb32(1)
    write_stbl(bb, mux, trk)
    bb.end(r)
    bb.end(q)
    if trk.mode == MODE_MOV and par.codec_type == "video":
        sar = st.sample_aspect_ratio
        if sar.num and sar.num != sar.den:
            _write_tapt(bb, par)
    # track udta
    u = BoxBuf()
    if trk.mode in (MODE_MP4, MODE_MOV) and not trk.is_chapter:
        title = st.tags.get("title")
        if title:
            x = u.start("name")
            u.write(title.encode("utf-8"))
            u.end(x)
    if trk.mode == MODE_MP4 and not trk.is_chapter:
        for flags, value in DASH_ROLES:
            if any(f in st.disposition for f in flags):
                x = u.start("kind")
                u.wb32(0)
                u.write(b"urn:mpeg:dash:role:2011\0")
                u.write(value.encode() + b"\0")
                u.end(x)
    if u.b:
        bb.wb32(len(u.b) + 8)
        bb.write(b"udta")
        bb.write(bytes(u.b))
    bb.end(p)


def _write_tapt(bb: BoxBuf, par) -> None:
    sar = par.sample_aspect_ratio
    width = rescale(sar.num, par.width, sar.den) if sar.den else 0
    p = bb.start("tapt")
    for name, w in (("clef", width), ("prof", width), ("enof", par.width)):
        bb.wb32(20)
        bb.write(name.encode())
        bb.wb32(0)
        bb.wb32(w << 16)
        bb.wb32(par.height << 16)
    bb.end(p)


def _write_edts(bb: BoxBuf, mux, trk: Track) -> None:
    duration = rescale_rnd(samples_pts_duration(trk), mux.movie_timescale, trk.timescale, ROUND_UP)
    version = 0 if duration < INT32_MAX else 1
    start_ct = trk.start_cts
    start_dts = trk.start_dts
    if trk.samples:
        if start_dts != trk.samples[0].dts or start_ct != trk.samples[0].cts:
            start_dts = trk.samples[0].dts
            start_ct = trk.samples[0].cts
    delay = rescale_rnd(start_dts + start_ct, mux.movie_timescale, trk.timescale, ROUND_DOWN)
    if delay >= INT32_MAX:
        version = 1
    esize = 20 if version else 12
    count = 1 + (delay > 0)
    size = 24 + count * esize
    bb.wb32(size)
    bb.write(b"edts")
    bb.wb32(size - 8)
    bb.write(b"elst")
    bb.w8(version)
    bb.wb24(0)
    bb.wb32(count)
    if delay > 0:
        if version:
            bb.wb64(delay)
            bb.wb64(-1)
        else:
            bb.wb32(delay)
            bb.wb32(-1)
        bb.wb32(0x00010000)
    else:
        start_ct = -min(start_dts, 0)
        duration += delay
    if mux.fragment:
        duration = 0
    if version:
        bb.wb64(duration)
        bb.wb64(start_ct)
    else:
        bb.wb32(duration)
        bb.wb32(start_ct)
    bb.wb32(0x00010000)


def write_moov(mux) -> bytes:
    bb = BoxBuf()
    p = bb.start("moov")
    mux.setup_track_ids()
    for trk in mux.tracks:
        if not trk.samples and not mux.fragment:
            continue
        trk.time = mux.time
        if trk.samples:
            trk.build_chunks()
    # mvhd
    max_len, max_id = 0, 1
    for trk in mux.tracks:
        if trk.samples and trk.timescale:
            v = rescale_rnd(pts_duration(mux, trk), mux.movie_timescale, trk.timescale, ROUND_UP)
            max_len = max(max_len, v)
            max_id = max(max_id, trk.track_id)
    if mux.empty_moov:
        max_len, max_id = 0, 1
    version = 0 if max_len < UINT32_MAX else 1
    bb.wb32(120 if version else 108)
    bb.write(b"mvhd")
    bb.w8(version)
    bb.wb24(0)
    if version:
        bb.wb64(mux.time)
        bb.wb64(mux.time)
    else:
        bb.wb32(mux.time)
        bb.wb32(mux.time)
    bb.wb32(mux.movie_timescale)
    bb.wb64(max_len) if version else bb.wb32(max_len)
    bb.wb32(0x00010000)
    bb.wb16(0x0100)
    bb.write(bytes(10))
    write_matrix(bb, 1, 0, 0, 1, 0, 0)
    bb.write(bytes(24))
    bb.wb32(max_id + 1)
    for trk in mux.tracks:
        if trk.samples or mux.fragment:
            write_trak(bb, mux, trk)
    if mux.fragment:
        q = bb.start("mvex")
        for trk in mux.tracks:
            bb.wb32(0x20)
            bb.write(b"trex")
            bb.wb32(0)
            bb.wb32(trk.track_id)
            bb.wb32(1)
            bb.wb32(0)
            bb.wb32(0)
            bb.wb32(0)
        bb.end(q)
    write_udta(bb, mux)
    bb.end(p)
    return bytes(bb.b)
