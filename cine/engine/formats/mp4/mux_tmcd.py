"""Timecode tracks of the MP4/MOV muxer (FFmpeg 5.1.9 movenc.c, -write_tmcd; QuickTime File
Format 'tmcd' media): one tmcd track per video stream carrying a "timecode" tag (or the
global one), holding a single 4-byte sample with the start frame number, its sample entry,
media header and the video track's tref to it. The timecode string follows
av_timecode_init_from_string (libavutil/timecode.c). Copied data tracks of the same family
(a QuickTime tmcd track, GoPro 'gpmd' metadata) use the same sample entries and headers.
"""
from __future__ import annotations

from ...model import PKT_FLAG_KEY, CodecParameters, Packet, Rational
from ...timebase import rescale, rescale_q
from .mux_track import MODE_MOV, MODE_MP4, Track

TMCD = 0x64636D74          # MKTAG('t','m','c','d')
GPMD = 0x646D7067          # MKTAG('g','p','m','d')
TIMECODE_FLAG_DROPFRAME = 0x0001
SUPPORTED_FPS = (24, 25, 30, 48, 50, 60, 100, 120, 150)
_TC = r"\s*([+-]?\d+):\s*([+-]?\d+):\s*([+-]?\d+)(.)\s*([+-]?\d+)"


def parse_timecode(log, rate: Rational, text: str):
    """(start frame, drop frame) or None after logging the reference's error."""
    import re                   # (timecodes only: not paid at start-up)
    m = re.match(_TC, text, re.S)
    if not m:
        log.error("Unable to parse timecode, syntax: hh:mm:ss[:;.]ff\n")
        return None
    hh, mm, ss, ff = (int(m.group(i)) for i in (1, 2, 3, 5))
    drop = m.group(4) != ":"
    fps = (rate.num + rate.den // 2) // rate.den if rate.num and rate.den else -1
    if fps <= 0:
        log.error("Valid timecode frame rate must be specified. Minimum value is 1\n")
        return None
    if drop and fps % 30:
        log.error("Drop frame is only allowed with multiples of 30000/1001 FPS\n")
        return None
    if fps not in SUPPORTED_FPS:
        log.warning("Using non-standard frame rate %d/%d\n" % (rate.num, rate.den))
    s = hh * 3600 + mm * 60 + ss
    if not -(1 << 31) <= s < (1 << 31):
        return None
    s = s * fps + ff
    if not -(1 << 31) <= s < (1 << 31):
        return None
    if drop:
        tmins = 60 * hh + mm
        s -= (fps // 30 * 2) * (tmins - int(tmins / 10))
    return s, drop


def _wanted(mux) -> bool:
    v = mux.options.get("write_tmcd")
    v = {"true": 1, "false": 0, "auto": -1}.get(v, v)
    try:
        v = -1 if v is None else int(v)
    except ValueError:
        v = -1
    return (v == -1 and mux.mode in (MODE_MOV, MODE_MP4)) or v == 1


def _sources(mux):
    """(stream index, timecode string) of every video stream that gets a tmcd track."""
    glob = mux.ctx.tags.get("timecode")
    for i, st in enumerate(mux.ctx.streams):
        if st.codecpar.codec_type != "video":
            continue
        t = glob if glob is not None else st.tags.get("timecode")
        if t is not None:
            yield i, t


def count_tmcd(mux) -> None:
    """mov_init: how many timecode tracks the header will create."""
    mux.nb_meta_tmcd = 0
    if not _wanted(mux):
        return
    for i, t in _sources(mux):
        if parse_timecode(mux.log, mux.ctx.streams[i].avg_frame_rate, t) is not None:
            mux.nb_meta_tmcd += 1
    if mux.nb_meta_tmcd and any(st.codecpar.codec_tag == TMCD for st in mux.ctx.streams):
        mux.log.warning("You requested a copy of the original timecode track so timecode "
                        "metadata are now ignored\n")
        mux.nb_meta_tmcd = 0


def create_tmcd_tracks(mux) -> None:
    """mov_create_timecode_track for each source: the track and its only sample."""
    if not getattr(mux, "nb_meta_tmcd", 0):
        return
    for i, t in _sources(mux):
        st = mux.ctx.streams[i]
        parsed = parse_timecode(mux.log, st.avg_frame_rate, t)
        if parsed is None:
            continue
        start, drop = parsed
        src = mux.tracks[i]
        trk = Track(st, mux.mode)
        trk.par = CodecParameters(codec_type="data", codec_tag=TMCD)
        trk.tag = TMCD
        trk.tmcd_src = src
        trk.timescale = src.timescale
        trk.timecode_flags = TIMECODE_FLAG_DROPFRAME if drop else 0
        trk.dts_shift = None
        # FFmpeg 5.1.9: tracks past the streams start zeroed, not "unset"
        trk.start_dts = trk.start_cts = trk.end_pts = 0
        trk.language = 0
        src.tmcd_track = trk
        index = len(mux.tracks)
        mux.tracks.append(trk)
        rate = st.avg_frame_rate
        ts = rescale_q(start, Rational(rate.den, rate.num), Rational(1, mux.movie_timescale))
        pkt = Packet(index, (start & 0xFFFFFFFF).to_bytes(4, "big"), ts, ts, 0, -1, PKT_FLAG_KEY)
        mux._write_sample(trk, pkt)


def prepare_moov(mux) -> None:
    """mov_write_moov_tag: a tmcd track lasts as long as its video track."""
    for trk in mux.tracks:
        if trk.tag != TMCD:
            continue
        src = getattr(trk, "tmcd_src", None)
        if src is None:
            # FFmpeg 5.1.9: a copied tmcd track has no source track set, so the first
            # track refers to it and lends it its duration
            src = mux.tracks[0]
            src.tmcd_track = trk
        trk.track_duration = rescale(src.track_duration, trk.timescale, src.timescale)


def media_header(bb, trk) -> None:
    """tmcd: nmhd in MP4, gmhd with the tcmi timecode media information in MOV; gpmd (GoPro
    metadata): gmhd with an empty gpmd box."""
    gpmd = trk.tag == GPMD
    if trk.mode != MODE_MOV and not gpmd:
        bb.wb32(12)
        bb.write(b"nmhd")
        bb.wb32(0)
        return
    from .mux_boxes import write_gmin
    g = bb.start("gmhd")
    write_gmin(bb, text=True)
    if gpmd:
        if trk.par.codec_tag == GPMD:
            bb.wb32(12)
            bb.write(b"gpmd")
            bb.wb32(0)
        bb.end(g)
        return
    q = bb.start("tmcd")
    r = bb.start("tcmi")
    bb.wb32(0)
    for v in (0, 0, 12, 0, 0, 0, 0, 0xFFFF, 0xFFFF, 0xFFFF):
        bb.wb16(v)
    font = b"Lucida Grande"
    bb.w8(len(font))
    bb.write(font)
    bb.end(r)
    bb.end(q)
    bb.end(g)


def gpmd_entry(bb) -> None:
    """mov_write_gpmd_tag: the GoPro metadata sample entry."""
    p = bb.start("gpmd")
    bb.wb32(0)
    bb.wb16(0)
    bb.wb16(1)
    bb.wb32(0)
    bb.end(p)


def sample_entry(bb, mux, trk) -> None:
    """mov_write_tmcd_tag."""
    from ...errors import CineError
    import errno
    rate = trk.st.avg_frame_rate
    if not rate.num or not rate.den:
        mux.log.sink("", 16, "avg_frame_rate not set for tmcd track.\n")
        raise CineError(code=-errno.EINVAL)
    frame_duration = rescale(trk.timescale, rate.den, rate.num)
    n = rate.num
    d = rate.den
    nb_frames = (n + d // 2) // d if (n >= 0) == (d >= 0) else -((-n + d // 2) // d)
    if nb_frames > 255:
        mux.log.sink("", 16, "fps %d is too large\n" % nb_frames)
        raise CineError(code=-errno.EINVAL)
    p = bb.start("tmcd")
    bb.wb32(0)
    bb.wb32(1)
    bb.wb32(0)
    bb.wb32(trk.timecode_flags)
    bb.wb32(trk.timescale)
    bb.wb32(frame_duration)
    bb.w8(nb_frames)
    bb.w8(0)
    reel = trk.st.tags.get("reel_name")
    if reel and trk.mode != MODE_MP4:
        name = reel.encode("utf-8")
        q = bb.start("name")
        bb.wb16(len(name))
        bb.wb16(trk.language)
        bb.write(name)
        bb.end(q)
    else:
        bb.wb16(0)
    bb.end(p)
