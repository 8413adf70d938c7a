"""PES packetisation of the MPEG-TS muxer (ISO/IEC 13818-1 2.4.3.6 PES header, 2.4.3.4-5
adaptation field with PCR, random access and stuffing), as FFmpeg 5.1.9's mpegtsenc.c
splits one PES packet into 188-byte transport packets.
"""
from __future__ import annotations

from .mux_psi import TS_PACKET_SIZE

NOPTS = None
SID_PRIVATE_1, SID_AUDIO_0, SID_VIDEO_0 = 0xBD, 0xC0, 0xE0
SID_METADATA, SID_EXTENDED = 0xFC, 0xFD
# stream ids whose PES header has no optional fields
_NO_HEADER_IDS = {0xBC, 0xBE, 0xBF, 0xF0, 0xF1, 0xFF, 0xF2, 0xF8}
FLAG_PAT_PMT_AT_FRAMES, FLAG_REEMIT = 0x04, 0x01
INT64_MAX = (1 << 63) - 1


def cdiv(a: int, b: int) -> int:
    """C integer division (truncates toward zero)."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b > 0) else -q


def pcr_bits(pcr: int) -> bytes:
    high = cdiv(pcr, 300)
    low = pcr - high * 300
    return bytes((high >> 25 & 0xFF, high >> 17 & 0xFF, high >> 9 & 0xFF, high >> 1 & 0xFF,
                  (high << 7 | low >> 8 | 0x7E) & 0xFF, low & 0xFF))


def pts_bits(fourbits: int, pts: int) -> bytes:
    a = fourbits << 4 | ((pts >> 30) & 7) << 1 | 1
    b = ((pts >> 15) & 0x7FFF) << 1 | 1
    c = (pts & 0x7FFF) << 1 | 1
    return bytes((a & 0xFF, b >> 8, b & 0xFF, c >> 8, c & 0xFF))


def pes_stream_id(mx, st, stream_id: int):
    """(stream_id, async) as get_pes_stream_id chooses them."""
    par = st.codecpar
    t, c = par.codec_type, par.codec_name
    if t == "video":
        return (SID_EXTENDED if c == "dirac" else SID_VIDEO_0), False
    if t == "audio" and c in ("mp2", "mp3", "aac"):
        return SID_AUDIO_0, False
    if t == "audio" and c == "ac3" and mx.m2ts:
        return SID_EXTENDED, False
    if t == "data" and c == "timed_id3":
        return SID_PRIVATE_1, False
    if t == "data":
        return (stream_id if stream_id != -1 else SID_METADATA), stream_id == SID_PRIVATE_1
    return SID_PRIVATE_1, False


class _Af:
    """One TS packet being built: 4-byte header, optional adaptation field, then data."""

    __slots__ = ("head", "af", "af_on")

    def __init__(self, head: bytearray):
        self.head = head
        self.af = bytearray()     # adaptation field bytes after the length byte
        self.af_on = False

    def set_flag(self, flag: int) -> None:
        if not self.af_on:
            self.af_on = True
            self.head[3] |= 0x20
            self.af = bytearray(b"\x00")
        self.af[0] |= flag


def write_pes(mx, st, ts_st, payload: bytes, pts, dts, key: bool, stream_id: int) -> None:
    par = st.codecpar
    is_video = par.codec_type == "video"
    is_dvb_sub = par.codec_name == "dvb_subtitle"
    is_teletext = par.codec_name == "dvb_teletext"
    delay = mx.delay90
    force_pat = is_video and key and not ts_st.prev_payload_key
    force_sdt = force_nit = False
    if mx.flags & FLAG_PAT_PMT_AT_FRAMES and is_video:
        force_pat = True
    if mx.flags & FLAG_REEMIT:
        force_pat = force_sdt = force_nit = True
        mx.flags &= ~FLAG_REEMIT
    payload_size = len(payload)
    pos = 0
    is_start = True
    write = mx.write_ts
    while payload_size > 0:
        pcr = NOPTS
        if mx.mux_rate > 1:
            pcr = mx.get_pcr()
        elif dts is not NOPTS:
            pcr = (dts - delay) * 300
        mx.retransmit_si_info(force_pat, force_sdt, force_nit, pcr)
        force_pat = force_sdt = force_nit = False
        write_pcr = False
        if mx.mux_rate > 1:
            pcr = mx.get_pcr()
            if pcr >= mx.next_pcr:
                next_pcr = INT64_MAX
                n = len(mx.sts)
                for i in range(n):
                    j = i if i < st.index else (st.index if i + 1 == n else i + 1)
                    s2 = mx.sts[j]
                    if s2.pcr_period:
                        if pcr - s2.last_pcr >= s2.pcr_period:
                            s2.last_pcr = max(pcr - s2.pcr_period, s2.last_pcr + s2.pcr_period)
                            if j != st.index:
                                mx.insert_pcr_only(s2)
                                pcr = mx.get_pcr()
                            else:
                                write_pcr = True
                        next_pcr = min(next_pcr, s2.last_pcr + s2.pcr_period)
                mx.next_pcr = next_pcr
            if dts is not NOPTS and dts - cdiv(pcr, 300) > delay:
                if write_pcr:
                    mx.insert_pcr_only(ts_st)
                else:
                    mx.insert_null()
                continue
        elif ts_st.pcr_period and pcr is not NOPTS:
            if pcr - ts_st.last_pcr >= ts_st.pcr_period and is_start:
                ts_st.last_pcr = max(pcr - ts_st.pcr_period, ts_st.last_pcr + ts_st.pcr_period)
                write_pcr = True
        b1 = ts_st.pid >> 8
        if mx.m2ts and par.codec_name == "ac3":
            b1 |= 0x20
        if is_start:
            b1 |= 0x40
        ts_st.cc = (ts_st.cc + 1) & 15
        pk = _Af(bytearray((0x47, b1, ts_st.pid & 0xFF, 0x10 | ts_st.cc)))
        if ts_st.discontinuity:
            pk.set_flag(0x80)
            ts_st.discontinuity = False
        if key and is_start and pts is not NOPTS and not is_teletext:
            if ts_st.pcr_period:
                write_pcr = True
            pk.set_flag(0x40)
        if write_pcr:
            pk.set_flag(0x10)
            if dts is not NOPTS and dts < cdiv(pcr, 300):
                mx.log.warning("dts < pcr, TS is invalid\n")
            pk.af += pcr_bits(pcr)
        body = bytearray()
        if is_start:
            sid, async_ = pes_stream_id(mx, st, stream_id)
            stream_id = sid
            if async_:
                pts = dts = NOPTS
            body += bytes((0, 0, 1, sid))
            if sid not in _NO_HEADER_IDS:
                header_len = 0
                flags = 0
                pes_ext = False
                stuffing = 0
                if pts is not NOPTS:
                    header_len += 5
                    flags |= 0x80
                if dts is not NOPTS and pts is not NOPTS and dts != pts:
                    header_len += 5
                    flags |= 0x40
                if is_video and par.codec_name == "dirac":
                    pes_ext = True
                    flags |= 0x01
                    header_len += 3
                if mx.m2ts and par.codec_type == "audio" and par.codec_name == "ac3":
                    pes_ext = True
                    flags |= 0x01
                    header_len += 3
                if is_teletext:
                    stuffing = 0x24 - header_len
                    header_len = 0x24
                length = payload_size + header_len + 3
                if is_dvb_sub:
                    length += 3
                    payload_size += 1
                if length > 0xFFFF:
                    length = 0
                if mx.omit_video_pes_length and is_video:
                    length = 0
                body += bytes((length >> 8 & 0xFF, length & 0xFF))
                v = 0x80
                if par.codec_type in ("subtitle", "data"):
                    v |= 0x04
                body += bytes((v, flags, header_len))
                if pts is not NOPTS:
                    body += pts_bits(flags >> 6, pts)
                if dts is not NOPTS and pts is not NOPTS and dts != pts:
                    body += pts_bits(1, dts)
                if pes_ext and par.codec_name == "dirac":
                    body += b"\x01\x81\x60"
                if mx.m2ts and pes_ext and par.codec_name == "ac3":
                    body += b"\x01\x81\x71"
                if is_dvb_sub:
                    body += b"\x20\x00"
                if is_teletext:
                    body += b"\xff" * stuffing
            else:
                body += bytes((payload_size >> 8 & 0xFF, payload_size & 0xFF))
            is_start = False
        head = pk.head
        afb = (bytes((len(pk.af),)) + pk.af) if pk.af_on else b""
        header_len = 4 + len(afb) + len(body)
        n = min(TS_PACKET_SIZE - header_len, payload_size)
        stuffing_len = TS_PACKET_SIZE - header_len - n
        if stuffing_len > 0:
            if pk.af_on:
                afb = bytes((len(pk.af) + stuffing_len,)) + pk.af + b"\xff" * stuffing_len
            else:
                head[3] |= 0x20
                afb = bytes((stuffing_len - 1,))
                if stuffing_len >= 2:
                    afb += b"\x00" + b"\xff" * (stuffing_len - 2)
        if is_dvb_sub and payload_size == n:
            data = payload[pos:pos + n - 1] + b"\xff"
        else:
            data = payload[pos:pos + n]
        write(bytes(head) + afb + bytes(body) + data)
        pos += n
        payload_size -= n
    ts_st.prev_payload_key = key
