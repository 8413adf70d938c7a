"""VP8-in-Ogg mapping (Xiph "OggVP8" draft: "OVP80" stream header with size, aspect ratio and
frame rate; granule = frame number << 32 | invisible count << 30 | keyframe distance << 3),
as FFmpeg 5.1.9's oggparsevp8.c reads it."""
from __future__ import annotations

from ...errors import InvalidData
from ...model import Rational
from .page import FLAG_EOS

MAGIC = b"OVP80"
NB_HEADER = 1
HEADER_SIZE = 26


def header(dmx, idx: int) -> int:
    from .map_vorbis import stream_comment
    os = dmx.os[idx]
    st = dmx.ctx.streams[idx]
    p = os.packet()
    if len(p) < 7 or p[0] != 0x4F:
        return 0
    if p[5] == 1:
        if len(p) < HEADER_SIZE:
            dmx.log.error("Invalid OggVP8 header packet")
            raise InvalidData("short OggVP8 header")
        if p[6] != 1:
            dmx.log.warning("Unknown OggVP8 version %d.%d\n" % (p[6], p[7]))
            raise InvalidData("OggVP8 version")
        par = st.codecpar
        par.width = int.from_bytes(p[8:10], "big")
        par.height = int.from_bytes(p[10:12], "big")
        st.sample_aspect_ratio = Rational(int.from_bytes(p[12:15], "big"), int.from_bytes(p[15:18], "big"))
        num = int.from_bytes(p[18:22], "big", signed=True)
        den = int.from_bytes(p[22:26], "big", signed=True)
        if num > 0 and den > 0:
            from ...timebase import reduce
            st.time_base = reduce(den, num, 0x7FFFFFFF)
        else:
            # FFmpeg 5.1.9: avpriv_set_pts_info logs this without a context prefix
            from ...log import Logger
            Logger("", dmx.log.sink).error("Ignoring attempt to set invalid timebase %d/%d for st:%d\n"
                                           % (den, num, idx))
        par.codec_type = "video"
        par.codec_name = "vp8"
    elif p[5] == 2:
        if p[6] != 0x20:
            raise InvalidData("OggVP8 comment header")
        stream_comment(dmx, st, p[7:])
    else:
        dmx.log.error("Unknown VP8 header type 0x%02X\n" % p[5])
        raise InvalidData("OggVP8 header type")
    return 1


def gptopts(dmx, idx: int, gp: int):
    os = dmx.os[idx]
    invcnt = 0 if (gp >> 30) & 3 else 1
    pts = ((gp >> 32) - invcnt) & ((1 << 64) - 1)
    if not (gp >> 3) & 0x07FFFFFF:
        os.pflags |= 1
    return pts, pts


def packet(dmx, idx: int) -> None:
    os = dmx.os[idx]
    st = dmx.ctx.streams[idx]
    buf = os.buf
    if (not os.lastpts) and not (os.flags & FLAG_EOS):
        p = os.pstart
        duration = (buf[p] >> 4) & 1 if p < len(buf) else 0
        last = nxt = p + os.psize
        for seg in range(os.segp, os.nsegs):
            if os.segments[seg] < 255:
                duration += (buf[last] >> 4) & 1 if last < len(buf) else 0
                last = nxt + os.segments[seg]
            nxt += os.segments[seg]
        pts, _ = gptopts(dmx, idx, os.granule & ((1 << 64) - 1))
        if pts > (1 << 63) - 1:
            pts -= 1 << 64
        os.lastpts = os.lastdts = pts - duration
        if st.start_time is None:
            st.start_time = os.lastpts
            if st.duration:
                st.duration -= st.start_time
    if os.psize > 0:
        os.pduration = (buf[os.pstart] >> 4) & 1
