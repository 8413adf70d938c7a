"""Segment index and producer reference time boxes of the fragmented MP4 muxer (ISO/IEC
14496-12 8.16.3 sidx, 8.16.5 prft), as FFmpeg 5.1.9's movenc.c writes them: one sidx per
track in front of each DASH fragment, or one global sidx per track over every fragment
(-movflags global_sidx, inserted after the moov at the end), and a prft box per fragment
with -write_prft pts.
"""
from __future__ import annotations

from ...model import Rational
from ...timebase import rescale_q
from .mux_buf import BoxBuf
from .mux_track import MOV_SYNC_SAMPLE

NTP_OFFSET_US = 2208988800 * 1000000


def _sidx(bb: BoxBuf, mux, trk, ref_size: int, remaining: int) -> int:
    """mov_write_sidx_tag: returns the box size (0 when nothing was written)."""
    n = len(trk.samples)
    if n:
        s0 = trk.samples[0]
        entries = 1
        first_pts = s0.dts + s0.cts
        pts = first_pts - trk.start_dts - trk.start_cts
        duration = trk.end_pts - first_pts
        sap = 1 if s0.flags & MOV_SYNC_SAMPLE else 0
        # FFmpeg 5.1.9: a negative start is cut away (an edit list would do it)
        if pts < 0:
            duration += pts
            pts = 0
    else:
        entries = len(trk.frag_info)
        if entries <= 0:
            return 0
        pts = trk.frag_info[0][0]
        if pts > 0:
            pts -= trk.start_dts + trk.start_cts
        duration = sap = 0
    pos = bb.start("sidx")
    bb.w8(1)
    bb.wb24(0)
    bb.wb32(trk.track_id)
    bb.wb32(trk.timescale)
    bb.wb64(pts)
    offset_pos = bb.tell()
    bb.wb64(0)
    bb.wb16(0)
    bb.wb16(entries)
    for i in range(entries):
        if not n:
            time, off, size, dur = trk.frag_info[i][:4]
            if i > 1:
                p_off, p_size = trk.frag_info[i - 1][1], trk.frag_info[i - 1][2]
                if off != p_off + p_size:
                    mux.log.sink("", 16, "Non-consecutive fragments, writing incorrect sidx\n")
            duration, ref_size, sap = dur, size, 1
        bb.wb32(ref_size & 0x7FFFFFFF)
        bb.wb32(duration)
        bb.wb32(sap << 31)
    size = bb.end(pos)
    bb.b[offset_pos:offset_pos + 8] = (remaining - size).to_bytes(8, "big", signed=True)
    return size


def sidx_tags(mux, tracks: int, ref_size: int) -> bytes:
    """mov_write_sidx_tags: every selected track's sidx, each pointing past all of them."""
    def one_round(total: int) -> bytes:
        bb = BoxBuf()
        remaining = total
        for i, trk in enumerate(mux.tracks):
            if tracks >= 0 and i != tracks:
                continue
            if not trk.samples and ref_size > 0:
                continue
            remaining -= _sidx(bb, mux, trk, ref_size, remaining)
        return bytes(bb.b)
    return one_round(len(one_round(0)))


def _ntp_time(us: int) -> int:
    """ff_get_formatted_ntp_time."""
    us &= 0xFFFFFFFFFFFFFFFF
    sec, usec = divmod(us, 1000000)
    return ((sec << 32) | (usec * 0xFFFFFFFF // 1000000)) & 0xFFFFFFFFFFFFFFFF


def prft(mux, tracks: int) -> bytes:
    """mov_write_prft_tag with the pts time source: the first track's first pts as NTP time."""
    if tracks > 0:
        return b""
    trk = mux.tracks[0]
    if not trk.samples:
        mux.log.warning("Unable to write PRFT, no entries in the track\n")
        return b""
    s0 = trk.samples[0]
    if s0.pts is None:
        mux.log.warning("Unable to write PRFT, first PTS is invalid\n")
        return b""
    if mux.write_prft == 1:
        # no producer reference time travels with copied packets: the time of writing
        import time
        ntp = _ntp_time(int(time.time() * 1000000) + NTP_OFFSET_US)
    elif mux.write_prft == 2:
        pts_us = rescale_q(s0.pts, trk.st.time_base, Rational(1, 1000000))
        ntp = _ntp_time(pts_us + NTP_OFFSET_US)
    else:
        mux.log.warning("Unsupported PRFT box configuration: %d\n" % mux.write_prft)
        return b""
    bb = BoxBuf()
    p = bb.start("prft")
    bb.w8(1)
    bb.wb24(24)
    bb.wb32(trk.track_id)
    bb.wb64(ntp)
    bb.wb64(s0.pts)
    bb.end(p)
    return bytes(bb.b)
