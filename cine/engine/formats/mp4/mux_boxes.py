"""Box writers of the MP4/MOV muxer: moov, trak and the sample tables (ISO/IEC 14496-12
8.2-8.8; QuickTime File Format movie atoms), as FFmpeg 5.1.9's movenc.c lays them out for
the tracks a stream copy produces. Sample descriptions live in mux_stsd.py, user data in
mux_udta.py.

Everything is built in memory (BoxBuf) and handed to the output at once; sizes are patched
in the buffer, as update_size does through the output context.
"""
from __future__ import annotations

import struct
from array import array
from itertools import chain, compress, islice, repeat
from operator import ne, sub

from ...timebase import ROUND_DOWN, ROUND_UP, rescale, rescale_rnd
from .mux_buf import BoxBuf, write_matrix
from .mux_stsd import write_audio_entry, write_btrt, write_video_entry
from .mux_track import (MODE_ISM, MODE_MOV, MODE_MP4, MODE_PSP, MOV_DISPOSABLE_SAMPLE,
                        MOV_SYNC_SAMPLE, MOV_TRACK_CTTS, MOV_TRACK_ENABLED, SampleTable, Track,
                        columns)
from .mux_udta import write_udta

UINT32_MAX = 0xFFFFFFFF
INT32_MAX = (1 << 31) - 1
DASH_ROLES = ((("hearing_impaired", "captions"), "caption"), (("comment",), "commentary"),
              (("visual_impaired", "descriptions"), "description"), (("dub",), "dub"),
              (("forced",), "forced-subtitle"))


# -- sample tables ----------------------------------------------------------------------------
def cluster_duration(trk: Track, i: int) -> int:
    s = trk.samples
    n = len(s)
    if i >= n:
        return 0
    dts = s.dts if isinstance(s, SampleTable) else None
    if dts is None:
        nxt = trk.track_duration + trk.start_dts if i + 1 == n else s[i + 1].dts
        return nxt - s[i].dts
    nxt = trk.track_duration + trk.start_dts if i + 1 == n else dts[i + 1]
    return nxt - dts[i]


def _durations(trk: Track, dts) -> array:
    """cluster_duration of every sample."""
    out = array("q", map(sub, islice(dts, 1, None), dts))
    if len(dts):
        out.append(trk.track_duration + trk.start_dts - dts[-1])
    return out


def _runs(values) -> tuple[array, array]:
    """(counts, values) of the runs of equal values, as two arrays (the run starts found with
    C-level iteration: no Python work per sample)."""
    col = values if isinstance(values, array) else array("q", values)
    n = len(col)
    if not n:
        return array("I"), array("q")
    first = col[0]
    same = col.count(first)
    if same == n:
        return array("I", [n]), array("q", [first])        # (one run: constant durations)
    if same == n - 1 and col[-1] != first:
        return array("I", [n - 1, 1]), array("q", [first, col[-1]])     # (and the last)
    starts = [0]
    starts += compress(range(1, n), map(ne, islice(col, 1, None), col))
    ends = starts[1:]
    ends.append(n)
    return array("I", map(sub, ends, starts)), array("q", map(col.__getitem__, starts))


def _wb32_pairs(bb: BoxBuf, counts, values) -> None:
    """count, value, count, value... as big-endian 32-bit words (values modulo 2**32)."""
    a = array("I", map((0xFFFFFFFF).__and__, chain.from_iterable(zip(counts, values))))
    if array("I", [1]).tobytes()[0] == 1:
        a.byteswap()
    bb.write(a.tobytes())


def _wb32s(bb: BoxBuf, values) -> None:
    """Many big-endian 32-bit values at once (each taken modulo 2**32, as wb32 does)."""
    if isinstance(values, array) and values.typecode == "I":
        a = array("I", values)
    else:
        try:
            a = array("I", values)
        except OverflowError:
            a = array("I", [v & 0xFFFFFFFF for v in values])
    if array("I", [1]).tobytes()[0] == 1:
        a.byteswap()
    bb.write(a.tobytes())


# sdtp's byte of a sample by the low byte of its flags: sample_depends_on (2: an I picture,
# 1: not) and sample_is_depended_on (2: disposable)
_SDTP = bytes(((2 if f & MOV_SYNC_SAMPLE else 1) << 4) | ((2 if f & MOV_DISPOSABLE_SAMPLE else 0) << 2)
              for f in range(256))


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
    elif trk.tag == 0x64636D74:
        from .mux_tmcd import sample_entry
        sample_entry(bb, mux, trk)
    elif trk.tag == 0x646D7067:
        from .mux_tmcd import gpmd_entry
        gpmd_entry(bb)
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
        runs = ([trk.sample_count], [1])
    else:
        runs = _runs(_durations(trk, columns(trk.samples, "dts")[0]))
    bb.wb32(16 + 8 * len(runs[0]))
    bb.write(b"stts")
    bb.wb32(0)
    bb.wb32(len(runs[0]))
    _wb32_pairs(bb, *runs)
    n = len(trk.samples)
    flags = columns(trk.samples, "flags")[0]
    if (par.codec_type == "video" or par.codec_name == "truehd") and trk.has_keyframes \
            and trk.has_keyframes < n:
        keys = array("I", compress(range(1, n + 1), map(MOV_SYNC_SAMPLE.__and__, flags)))
        bb.wb32(16 + 4 * len(keys))
        bb.write(b"stss")
        bb.wb32(0)
        bb.wb32(len(keys))
        _wb32s(bb, keys)
    if par.codec_type == "video" and trk.has_disposable:
        bb.wb32(12 + n)
        bb.write(b"sdtp")
        bb.wb32(0)
        bb.write(bytes(map((0xFF).__and__, flags)).translate(_SDTP))
    if par.codec_type == "video" and trk.flags & MOV_TRACK_CTTS and n:
        ct = _runs(columns(trk.samples, "cts")[0])
        bb.wb32(16 + 8 * len(ct[0]))
        bb.write(b"ctts")
        bb.w8(1 if mux.negative_cts else 0)
        bb.wb24(0)
        bb.wb32(len(ct[0]))
        _wb32_pairs(bb, *ct)
    pos, size, entries_col = columns(trk.samples, "pos", "size", "entries")
    # stsc: a row where the samples per chunk change
    q = bb.start("stsc")
    bb.wb32(0)
    per = trk.chunk_samples
    firsts = [0]
    if not per:
        firsts = []
    elif per.count(per[0]) != len(per):
        firsts += compress(range(1, len(per)), map(ne, islice(per, 1, None), per))
    bb.wb32(len(firsts))
    _wb32s(bb, list(chain.from_iterable(zip(map((1).__add__, firsts),
                                            map(per.__getitem__, firsts), repeat(1)))))
    bb.end(q)
    # stsz
    q = bb.start("stsz")
    bb.wb32(0)
    if n and max(entries_col) == 1:
        sizes = size
        total = n
    else:
        sizes = [a // b for a, b in zip(size, entries_col)]
        total = sum(entries_col)
    if n and min(sizes) == max(sizes):
        bb.wb32(max(1, sizes[0]))
        bb.wb32(total)
    else:
        bb.wb32(0)
        bb.wb32(total)
        if sizes is size:
            _wb32s(bb, sizes)
        else:
            _wb32s(bb, [sz for sz, e in zip(sizes, entries_col) for _ in range(e)])
    bb.end(q)
    # stco / co64
    co64 = n > 0 and pos[-1] + trk.data_offset > UINT32_MAX
    q = bb.start("co64" if co64 else "stco")
    bb.wb32(0)
    bb.wb32(trk.chunk_count)
    off = trk.data_offset
    # positions grow: without co64 every chunk offset fits 32 bits
    code, mask = ("Q", (1 << 64) - 1) if co64 else ("I", UINT32_MAX)
    # (a chunk for every sample: the positions themselves)
    firsts = pos if len(trk.chunk_heads) == n else map(pos.__getitem__, trk.chunk_heads)
    try:
        heads = array(code, map(off.__add__, firsts) if off else firsts)
    except OverflowError:
        heads = array(code, [(p + off) & mask for p in map(pos.__getitem__, trk.chunk_heads)])
    if array("I", [1]).tobytes()[0] == 1:
        heads.byteswap()
    bb.write(heads.tobytes())
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
    src = getattr(trk, "tmcd_src", None)
    if src is not None:
        s, e = pts_range(src)
        return rescale(s, trk.timescale, src.timescale), rescale(e, trk.timescale, src.timescale)
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
        elif trk.par.codec_tag == 0x64636D74:
            htype, descr = b"tmcd", "TimeCodeHandler"
        elif trk.par.codec_tag == 0x646D7067:
            htype, descr = b"meta", "GoPro MET"
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



def write_gmin(bb, text: bool) -> None:
    """gmin (generic media information: graphics mode copy, opcolor grey) and, unless c608,
    the QuickTime 'text' box with an identity matrix, as movenc writes inside gmhd."""
    bb.wb32(0x18)
    bb.write(b"gmin")
    bb.wb32(0)
    bb.wb16(0x40)
    for _ in range(3):
        bb.wb16(0x8000)
    bb.wb16(0)
    bb.wb16(0)
    if text:
        bb.wb32(0x2C)
        bb.write(b"text")
        bb.wb16(1)
        for v in (0, 0, 0, 1, 0, 0, 0, 0x4000):
            bb.wb32(v)
        bb.wb16(0)

def write_trak(bb: BoxBuf, mux, trk: Track) -> None:
    p = bb.start("trak")
    st = trk.st
    par = trk.par
    # tkhd
    duration = rescale_rnd(pts_duration(mux, trk), mux.movie_timescale, trk.timescale, ROUND_UP)
    version = 0 if duration < INT32_MAX and trk.mode != MODE_ISM else 1
    flags = 2 | (1 if trk.flags & MOV_TRACK_ENABLED else 0)
    group = st.index if mux.per_stream_grouping else \
        {"video": 0, "audio": 1, "data": 2, "subtitle": 3, "attachment": 4}.get(par.codec_type, -1)
    tmcd_src = getattr(trk, "tmcd_src", None)
    if trk.is_chapter or tmcd_src is not None:
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
        empty = -1 if trk.mode == MODE_ISM else 0
        bb.wb64(empty) if version else bb.wb32(empty)
    else:
        bb.wb64(duration) if version else bb.wb32(duration)
    bb.wb32(0)
    bb.wb32(0)
    bb.wb16(0)
    bb.wb16(group)
    bb.wb16(0x0100 if par.codec_type == "audio" else 0)
    bb.wb16(0)
    dm = None if tmcd_src is not None else next(
        (sd for sd in st.side_data if sd.type == "Display Matrix" and len(sd.data) >= 36), None)
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
    elif trk.start_dts is not None and ((trk.samples and trk.samples[0].dts)
                                        or trk.mode == MODE_PSP):
        mux.log.warning("Not writing any edit list even though one would have been required\n")
    tmcd = getattr(trk, "tmcd_track", None)
    if tmcd is not None:
        bb.wb32(20)
        bb.write(b"tref")
        bb.wb32(12)
        bb.write(b"tmcd")
        bb.wb32(tmcd.track_id)
    elif mux.chapter_track is not None and not trk.is_chapter and tmcd_src is None:
        bb.wb32(20)
        bb.write(b"tref")
        bb.wb32(12)
        bb.write(b"chap")
        bb.wb32(mux.chapter_track.track_id)
    # mdia
    q = bb.start("mdia")
    dur = samples_pts_duration(trk)
    version = 0 if dur < INT32_MAX and trk.mode != MODE_ISM else 1
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
        empty = -1 if trk.mode == MODE_ISM else 0
        bb.wb64(empty) if version else bb.wb32(empty)
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
            write_gmin(bb, text=trk.tag != 0x38303663)
            bb.end(g)
        else:
            bb.wb32(12)
            bb.write(b"nmhd")
            bb.wb32(0)
    elif trk.tag in (0x64636D74, 0x646D7067):
        from .mux_tmcd import media_header
        media_header(bb, trk)
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
    if trk.mode == MODE_PSP:
        from .mux_psp import track_uuid
        bb.write(track_uuid(trk))
    if trk.mode == MODE_MOV and par.codec_type == "video":
        sar = st.sample_aspect_ratio
        if sar.num and sar.num != sar.den:
            _write_tapt(bb, par)
    # track udta
    u = BoxBuf()
    if trk.mode in (MODE_MP4, MODE_MOV) and not trk.is_chapter and tmcd_src is None:
        title = st.tags.get("title")
        if title:
            x = u.start("name")
            u.write(title.encode("utf-8"))
            u.end(x)
    if trk.mode == MODE_MP4 and not trk.is_chapter and tmcd_src is None:
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
    """The moov box. On failure the exception carries the bytes built so far (`partial`):
    FFmpeg 5.1.9 writes the moov straight to the output, so they end up in the file."""
    from ...errors import CineError
    bb = BoxBuf()
    try:
        return _moov(mux, bb)
    except CineError as exc:
        exc.partial = bytes(bb.b)
        raise


def _moov(mux, bb: BoxBuf) -> bytes:
    p = bb.start("moov")
    mux.setup_track_ids()
    from .mux_tmcd import prepare_moov
    prepare_moov(mux)
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
    if mux.mode == MODE_PSP:
        from .mux_psp import movie_usmt
        bb.write(movie_usmt(mux))
    else:
        write_udta(bb, mux)
    bb.end(p)
    return bytes(bb.b)
