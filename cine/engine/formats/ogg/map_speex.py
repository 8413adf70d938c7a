"""Speex-in-Ogg mapping (Speex manual, "Ogg file format"): the 80-byte Speex header, comment
header, and packet durations from frames per packet, as FFmpeg 5.1.9's oggparsespeex.c."""
from __future__ import annotations

from ... import chlayout as CL
from ...errors import InvalidData
from ...model import Rational
from .page import FLAG_EOS

MAGIC = b"Speex   "
NB_HEADER = 2
INT32_MAX = 0x7FFFFFFF


class _Priv:
    def __init__(self):
        self.packet_size = 0
        self.final_packet_duration = 0
        self.seq = 0


def header(dmx, idx: int) -> int:
    from .map_vorbis import stream_comment
    os = dmx.os[idx]
    st = dmx.ctx.streams[idx]
    if os.private is None:
        os.private = _Priv()
    sp = os.private
    if sp.seq > 1:
        return 0
    p = os.packet()
    if sp.seq == 0:
        par = st.codecpar
        par.codec_type = "audio"
        par.codec_name = "speex"
        if len(p) < 68:
            dmx.log.error("speex packet too small\n")
            raise InvalidData("short speex header")

        def i32(o: int) -> int:
            return int.from_bytes(p[o:o + 4], "little", signed=True)
        par.sample_rate = i32(36)
        if par.sample_rate <= 0:
            dmx.log.error("Invalid sample rate %d\n" % par.sample_rate)
            raise InvalidData("bad rate")
        channels = i32(48)
        if channels < 1 or channels > 2:
            dmx.log.error("invalid channel count. Speex must be mono or stereo.\n")
            raise InvalidData("bad channels")
        par.channels = channels
        par.channel_layout = CL.default_layout(channels)
        sp.packet_size = i32(56)
        fpp = i32(64)
        if sp.packet_size < 0 or fpp < 0 or sp.packet_size * fpp > INT32_MAX // 256:
            dmx.log.error("invalid packet_size, frames_per_packet %d %d\n" % (sp.packet_size, fpp))
            sp.packet_size = 0
            raise InvalidData("bad packet size")
        if fpp:
            sp.packet_size *= fpp
        par.extradata = p
        st.time_base = Rational(1, par.sample_rate)
    else:
        stream_comment(dmx, st, p)
    sp.seq += 1
    return 1


U64 = (1 << 64) - 1


def _wrap(v: int, bits: int) -> int:
    """v as a two's complement integer of the given width."""
    v &= (1 << bits) - 1
    return v - (1 << bits) if v >> (bits - 1) else v


def packet(dmx, idx: int) -> None:
    os = dmx.os[idx]
    sp = os.private
    size = sp.packet_size
    # FFmpeg 5.1.9: the granule is unsigned here (an all-ones one counts as set), the
    # duration an int and the timestamps int64_t
    if os.flags & FLAG_EOS and os.lastpts is not None and os.granule & U64:
        sp.final_packet_duration = _wrap(os.granule - os.lastpts
                                         - size * (os.page_packets() - 1), 32)
    if os.lastpts == 0 and os.granule & U64:
        os.lastpts = os.lastdts = _wrap(os.granule - size * os.page_packets(), 64)
    if os.flags & FLAG_EOS and os.segp == os.nsegs and sp.final_packet_duration:
        os.pduration = sp.final_packet_duration
    else:
        os.pduration = size
