"""FLAC-in-Ogg mapping (Xiph "FLAC to Ogg mapping" 1.0): the 0x7F "FLAC" first packet with
STREAMINFO, and VORBIS_COMMENT metadata packets, as FFmpeg 5.1.9's oggparseflac.c reads them."""
from __future__ import annotations

from ...errors import CineError, InvalidData
from ...model import Rational

MAGIC = b"\x7fFLAC"
NB_HEADER = 2
STREAMINFO_SIZE = 34


def header(dmx, idx: int) -> int:
    from .map_vorbis import stream_comment
    os = dmx.os[idx]
    st = dmx.ctx.streams[idx]
    pkt = os.packet()
    if pkt[:1] == b"\xff":
        return 0
    mdt = pkt[0] & 0x7F if pkt else 0
    if mdt == 0x7F:
        # FFmpeg 5.1.9 returns -1 (EPERM) for these two checks
        if len(pkt) < 6 or pkt[5] != 1:
            raise CineError("unsupported ogg flac version", code=-1)
        if int.from_bytes(pkt[13:17].ljust(4, b"\0"), "big") != STREAMINFO_SIZE:
            raise CineError("bad STREAMINFO header", code=-1)
        par = st.codecpar
        par.codec_type = "audio"
        par.codec_name = "flac"
        par.extradata = pkt[17:17 + STREAMINFO_SIZE].ljust(STREAMINFO_SIZE, b"\0")
        rate = int.from_bytes(par.extradata[10:13], "big") >> 4
        if not rate:
            raise InvalidData("no sample rate")
        st.time_base = Rational(1, rate)
        # FFmpeg 5.1.9: AVSTREAM_PARSE_HEADERS (the flac parser sets packet durations)
        from types import SimpleNamespace
        st.priv = SimpleNamespace(need_parsing=2)
    elif mdt == 4:
        stream_comment(dmx, st, pkt[4:])
    return 1
