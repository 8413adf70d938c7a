"""Theora-in-Ogg mapping (Theora I specification sections 6.2 and A.2): identification header
-> size, frame rate time base, aspect ratio and granule shift; headers collected into 16-bit
length-prefixed extradata; granule -> frame number, as FFmpeg 5.1.9's oggparsetheora.c."""
from __future__ import annotations

from ...bitstream.bitreader import BitReader
from ...errors import CineError, InvalidData
from ...model import Rational

MAGIC = b"\x80theora"
NB_HEADER = 3
ENOSYS = -38


class _Priv:
    def __init__(self):
        self.gpshift = 0
        self.gpmask = 0
        self.version = 0


def header(dmx, idx: int) -> int:
    from .map_vorbis import stream_comment
    os = dmx.os[idx]
    st = dmx.ctx.streams[idx]
    pkt = os.packet()
    if not pkt or not pkt[0] & 0x80:
        return 0
    if os.private is None:
        os.private = _Priv()
    thp = os.private
    par = st.codecpar
    kind = pkt[0]
    if kind == 0x80:
        br = BitReader(pkt + bytes(64))
        br.skip(56)
        thp.version = br.u(24)
        if thp.version < 0x030100:
            dmx.log.error("Too old or unsupported Theora (%x)\n" % thp.version)
            raise CineError("old theora", code=ENOSYS)
        par.width = br.u(16) << 4
        par.height = br.u(16) << 4
        if thp.version >= 0x030400:
            br.skip(100)
        if thp.version >= 0x030200:
            w, h = br.u(24), br.u(24)
            if par.width - 16 < w <= par.width and par.height - 16 < h <= par.height:
                par.width, par.height = w, h
            br.skip(16)
        den, num = br.u(32), br.u(32)
        if den >= 1 << 31:
            den -= 1 << 32
        if num >= 1 << 31:
            num -= 1 << 32
        if not (num > 0 and den > 0):
            dmx.log.warning("Invalid time base in theora stream, assuming 25 FPS\n")
            num, den = 1, 25
        st.time_base = _reduce(num, den)
        st.sample_aspect_ratio = Rational(br.u(24), br.u(24))
        if thp.version >= 0x030200:
            br.skip(38)
        if thp.version >= 0x304000:
            br.skip(2)
        thp.gpshift = br.u(5)
        thp.gpmask = (1 << thp.gpshift) - 1
        par.codec_type = "video"
        par.codec_name = "theora"
    elif kind in (0x81, 0x82):
        if kind == 0x81:
            stream_comment(dmx, st, pkt[7:])
        if not thp.version:
            raise InvalidData("theora header order")
    else:
        dmx.log.error("Unknown header type %X\n" % kind)
        raise InvalidData("theora header type")
    par.extradata = par.extradata + len(pkt).to_bytes(2, "big") + pkt
    return 1


def _reduce(num: int, den: int) -> Rational:
    """avpriv_set_pts_info's reduction of the time base (av_reduce with INT_MAX bound)."""
    from ...timebase import reduce
    return reduce(num, den, 0x7FFFFFFF)


def gptopts(dmx, idx: int, gp: int):
    os = dmx.os[idx]
    thp = os.private
    if thp is None:
        return None, None
    iframe = gp >> thp.gpshift
    pframe = gp & thp.gpmask
    if thp.version < 0x030201:
        iframe += 1
    if not pframe:
        os.pflags |= 1
    v = (iframe + pframe) & ((1 << 64) - 1)
    return v, v


def packet(dmx, idx: int) -> None:
    os = dmx.os[idx]
    st = dmx.ctx.streams[idx]
    if (not os.lastpts) and not (os.flags & 4):
        duration = 1 + sum(1 for s in os.segments[os.segp:os.nsegs] if s < 255)
        pts, _ = gptopts(dmx, idx, os.granule & ((1 << 64) - 1))
        if pts is not None:
            if pts > (1 << 63) - 1:
                pts -= 1 << 64
            pts -= duration
        os.lastpts = os.lastdts = pts
        if st.start_time is None and os.lastpts is not None:
            st.start_time = os.lastpts
            if st.duration is not None and st.duration > 0:
                st.duration -= st.start_time
    if os.psize > 0:
        os.pduration = 1
