"""Program-specific and DVB service information written by the MPEG-TS muxer (ISO/IEC 13818-1
2.4.4 PAT/PMT sections, ETSI EN 300 468 5.2.3 SDT / 5.2.1 NIT), as FFmpeg 5.1.9's mpegtsenc.c
lays them out: section framing with CRC, splitting over 188-byte packets, stream types per
codec and the elementary stream descriptors of the PMT.
"""
from __future__ import annotations

from .psi import crc32_mpeg

TS_PACKET_SIZE = 188
SECTION_LENGTH = 1020
PAT_TID, PMT_TID, SDT_TID, NIT_TID = 0x00, 0x02, 0x42, 0x40
PAT_PID, SDT_PID, NIT_PID = 0x0000, 0x0011, 0x0010

ST_VIDEO_MPEG2, ST_AUDIO_MPEG1, ST_AUDIO_MPEG2 = 0x02, 0x03, 0x04
ST_PRIVATE_DATA, ST_AUDIO_AAC, ST_VIDEO_MPEG4 = 0x06, 0x0F, 0x10
ST_AUDIO_AAC_LATM, ST_METADATA, ST_VIDEO_H264, ST_VIDEO_HEVC = 0x11, 0x15, 0x1B, 0x24
ST_VIDEO_CAVS, ST_VIDEO_DIRAC, ST_VIDEO_AVS2, ST_VIDEO_AVS3 = 0x42, 0xD1, 0xD2, 0xD4
ST_VIDEO_VC1, ST_AUDIO_AC3, ST_AUDIO_EAC3 = 0xEA, 0x81, 0x87
ST_AUDIO_DTS, ST_AUDIO_TRUEHD = 0x82, 0x83

DVB_TYPES = {
    "mpeg1video": ST_VIDEO_MPEG2, "mpeg2video": ST_VIDEO_MPEG2, "mpeg4": ST_VIDEO_MPEG4,
    "h264": ST_VIDEO_H264, "hevc": ST_VIDEO_HEVC, "cavs": ST_VIDEO_CAVS, "avs2": ST_VIDEO_AVS2,
    "avs3": ST_VIDEO_AVS3, "dirac": ST_VIDEO_DIRAC, "vc1": ST_VIDEO_VC1,
    "aac_latm": ST_AUDIO_AAC_LATM, "dts": ST_AUDIO_DTS, "truehd": ST_AUDIO_TRUEHD,
    "opus": ST_PRIVATE_DATA, "timed_id3": ST_METADATA, "dvb_subtitle": ST_PRIVATE_DATA,
    "dvb_teletext": ST_PRIVATE_DATA, "arib_caption": ST_PRIVATE_DATA,
}
M2TS_TYPES = {
    "mpeg2video": ST_VIDEO_MPEG2, "h264": ST_VIDEO_H264, "vc1": ST_VIDEO_VC1,
    "hevc": ST_VIDEO_HEVC, "pcm_bluray": 0x80, "ac3": 0x81, "truehd": 0x83, "eac3": 0x84,
    "hdmv_pgs_subtitle": 0x90, "hdmv_text_subtitle": 0x92,
}
FLAG_AAC_LATM, FLAG_SYSTEM_B, FLAG_NIT = 0x02, 0x08, 0x20
FF_PROFILE_KLVA_SYNC = 0


def reg_desc(tag: str) -> bytes:
    """A registration descriptor (tag 5) carrying a format identifier."""
    return b"\x05\x04" + tag.encode("latin-1")


def section_packets(pid: int, cc: int, discontinuity: bool, section: bytes):
    """Split one section (CRC appended here) over TS packets; returns (packets, last cc)."""
    crc = crc32_mpeg(section)
    buf = section + crc.to_bytes(4, "big")
    out = []
    pos = 0
    first = True
    while pos < len(buf):
        cc = (cc + 1) & 15
        head = bytearray((0x47, (pid >> 8) | (0x40 if first else 0), pid & 0xFF, 0x10 | cc))
        if discontinuity:
            head[3] |= 0x20
            head += b"\x01\x80"
            discontinuity = False
        if first:
            head.append(0)
        n = min(TS_PACKET_SIZE - len(head), len(buf) - pos)
        pkt = bytes(head) + buf[pos:pos + n]
        out.append(pkt + b"\xff" * (TS_PACKET_SIZE - len(pkt)))
        pos += n
        first = False
    return out, cc


def section1(tid: int, ident: int, version: int, data: bytes) -> bytes | None:
    """A long-form section header around `data` (None when it would exceed 1024 bytes)."""
    if 3 + 5 + len(data) + 4 > 1024:
        return None
    flags = 0xF000 if tid in (SDT_TID, NIT_TID) else 0xB000
    n = len(data) + 5 + 4
    return bytes((tid, (flags | n) >> 8 & 0xFF, n & 0xFF, ident >> 8 & 0xFF, ident & 0xFF,
                  0xC1 | (version << 1) & 0xFF, 0, 0)) + data


def encode_str8(text: str | None) -> bytes | None:
    """A DVB string with its length byte: valid UTF-8 with multibyte characters gets the 0x15
    (UTF-8) selector; anything else is kept as is. None when too long."""
    raw = (text or "").encode("utf-8", "surrogateescape")
    if raw and raw[0] >= 0x20:
        try:
            s = raw.decode("utf-8")
            multibyte = any(ord(c) > 127 for c in s)
        except UnicodeDecodeError:
            multibyte = False
        if multibyte:
            if len(raw) > 254:
                return None
            return bytes((len(raw) + 1, 0x15)) + raw
    if len(raw) > 255:
        return None
    return bytes((len(raw),)) + raw


def pat_data(services, nit: bool) -> bytes:
    q = bytearray()
    if nit:
        q += b"\x00\x00" + NIT_PID.to_bytes(2, "big")
    for sv in services:
        q += sv.sid.to_bytes(2, "big") + (0xE000 | sv.pmt_pid).to_bytes(2, "big")
    return bytes(q)


def sdt_data(onid: int, service_type: int, services) -> bytes:
    q = bytearray(onid.to_bytes(2, "big") + b"\xff")
    for sv in services:
        desc = bytes((service_type,)) + sv.provider_name + sv.name
        loop = bytes((0x48, len(desc))) + desc
        val = (4 << 13) | len(loop)          # running, not scrambled
        q += sv.sid.to_bytes(2, "big") + b"\xfc" + val.to_bytes(2, "big") + loop
    return bytes(q)


def nit_data(provider_name: bytes, tsid: int, onid: int, service_type: int, services) -> bytes:
    q = bytearray((0xF000 | (provider_name[0] + 2)).to_bytes(2, "big"))
    q += b"\x40" + provider_name
    sl = bytearray((0x41, (3 * len(services)) & 0xFF))
    for sv in services:
        sl += sv.sid.to_bytes(2, "big") + bytes((service_type,))
    inner = tsid.to_bytes(2, "big") + onid.to_bytes(2, "big") + \
        (0xF000 | len(sl)).to_bytes(2, "big") + sl
    q += (0xF000 | len(inner)).to_bytes(2, "big") + inner
    return bytes(q)


def _opus_desc(par, log) -> bytes:
    ch = par.channels
    ex = par.extradata or b""
    out = reg_desc("Opus") + b"\x7f\x02\x80"
    if len(ex) >= 19:
        if ex[18] == 0 and ch <= 2:
            return out + bytes((ch,))
        if ex[18] == 1 and ch <= 8 and len(ex) >= 21 + ch:
            coupled = (1, 0, 1, 1, 2, 2, 2, 3, 3)
            map_a = ((0,), (0, 1), (0, 2, 1), (0, 1, 2, 3), (0, 4, 1, 2, 3),
                     (0, 4, 1, 2, 3, 5), (0, 4, 1, 2, 3, 5, 6), (0, 6, 1, 2, 3, 4, 5, 7))
            if (ex[19] == ch - coupled[ch] and ex[20] == coupled[ch]
                    and tuple(ex[21:21 + ch]) == map_a[ch - 1]):
                return out + bytes((ch,))
            if (ch >= 2 and ex[19] == ch and ex[20] == 0
                    and tuple(ex[21:21 + ch]) == tuple(range(ch))):
                return out + bytes((ch | 0x80,))
            log.error("Unsupported Opus Vorbis-style channel mapping")
            return out + b"\xff"
        log.error("Unsupported Opus channel mapping for family %d" % ex[18])
        return out + b"\xff"
    if ch <= 2:
        return out + bytes((ch,))
    log.error("Unsupported Opus channel mapping")
    return out + b"\xff"


def _language_desc(language: str, is_default: bool, disp: set, room) -> bytes:
    """ISO 639 language descriptor: one entry per 3-letter code of a comma list."""
    if is_default and not disp & {"clean_effects", "hearing_impaired", "visual_impaired"}:
        return b""
    if "clean_effects" in disp:
        kind = 1
    elif "hearing_impaired" in disp:
        kind = 2
    elif "visual_impaired" in disp:
        kind = 3
    else:
        kind = 0
    body = bytearray()
    raw = language.encode("utf-8", "surrogateescape")
    p = 0
    while len(body) < 255 // 4 * 4:
        if room(len(body)) > SECTION_LENGTH - 4:
            break
        nxt = raw.find(b",", p)
        seg_ok = len(raw) - p == 3 or nxt == p + 3
        if seg_ok:
            body += raw[p:p + 3] + bytes((kind,))
        if nxt < 0:
            break
        p = nxt + 1
    if not body:
        return b""
    return bytes((0x0A, len(body))) + body


def pmt_data(st_entries, pcr_pid: int, m2ts: bool, flags: int, strict: int, log):
    """PMT body. st_entries: (index, stream, pid, stream_type, dvb_ac3_desc). Returns
    (bytes, first stream index that did not fit or None)."""
    q = bytearray((0xE000 | pcr_pid).to_bytes(2, "big"))
    info = b""
    if m2ts:
        info = reg_desc("HDMV") + b"\x88\x04\x0f\xff\xfc\xfc"
    q += (0xF000 | len(info)).to_bytes(2, "big") + info
    err_at = None
    for i, st, pid, stype, ac3d in st_entries:
        if len(q) > SECTION_LENGTH - 32:
            err_at = i
            break
        par = st.codecpar
        codec = par.codec_name
        lang = st.tags.get("language")
        is_default = not (lang is not None and len(lang.encode("utf-8", "surrogateescape")) >= 3)
        language = "und" if is_default else lang
        base = len(q) + 5
        d = bytearray()
        kind = par.codec_type
        if kind == "audio":
            if codec == "ac3":
                d += reg_desc("AC-3")
            if codec == "eac3":
                d += reg_desc("EAC3")
            if flags & FLAG_SYSTEM_B:
                if codec == "ac3":
                    if ac3d is not None:
                        ctype, bsid = ac3d
                        d += bytes((0x6A, 3, 0xC0, ctype, bsid))
                    else:
                        d += b"\x6a\x01\x00"
                elif codec == "eac3":
                    d += b"\x7a\x01\x00"
            if codec == "s302m":
                d += reg_desc("BSSD")
            if codec == "opus":
                if base + len(d) > SECTION_LENGTH - 6 - 4:
                    err_at = i
                    break
                d += _opus_desc(par, log)
            d += _language_desc(language, is_default, st.disposition,
                                lambda n, b0=base + len(d) + 2: b0 + n)
        elif kind == "subtitle":
            if codec == "dvb_subtitle":
                d += _dvb_sub_desc(par, language, st.disposition)
            elif codec == "dvb_teletext":
                d += _teletext_desc(par, language, base)
        elif kind == "video":
            if stype == ST_VIDEO_DIRAC:
                d += reg_desc("drac")
            elif stype == ST_VIDEO_VC1:
                d += reg_desc("VC-1")
            elif stype == ST_VIDEO_HEVC and strict <= 0:
                d += reg_desc("HEVC")
            elif stype in (ST_VIDEO_CAVS, ST_VIDEO_AVS2, ST_VIDEO_AVS3):
                d += reg_desc("AVSV")
        elif kind == "data":
            if codec == "klv":
                d += reg_desc("KLVA")
            elif codec == "timed_id3":
                d += b"\x26\x0d\xff\xffID3 \xffID3 \x00\x0f"
        q += bytes((stype,)) + (0xE000 | pid).to_bytes(2, "big")
        q += (0xF000 | len(d)).to_bytes(2, "big") + d
    return bytes(q), err_at


def _dvb_sub_desc(par, language: str, disp: set) -> bytes:
    ex = par.extradata or b""
    body = bytearray()
    lang = language.encode("utf-8", "surrogateescape")
    copied = 0
    p = 0
    while len(lang) - p >= 3:
        body += lang[p:p + 3]
        p += 3
        if p < len(lang):
            p += 1
        if len(ex) - copied >= 5:
            body += bytes((ex[copied + 4],)) + ex[copied:copied + 4]
            copied += 5
        else:
            body.append(0x20 if "hearing_impaired" in disp else 0x10)
            if len(ex) == 4 and copied == 0:
                body += ex[:4]
                copied += 4
            else:
                body += b"\x00\x01\x00\x01"
    return bytes((0x59, len(body) & 0xFF)) + body


def _teletext_desc(par, language: str, base: int) -> bytes:
    ex = par.extradata or b""
    body = bytearray()
    lang = language.encode("utf-8", "surrogateescape")
    copied = 0
    p = 0
    while len(lang) - p >= 3 and base + 2 + len(body) < SECTION_LENGTH - 6:
        body += lang[p:p + 3]
        p += 3
        if p < len(lang):
            p += 1
        if len(ex) - 1 > copied:
            body += ex[copied:copied + 2]
            copied += 2
        else:
            body += b"\x08\x00"
    return bytes((0x56, len(body) & 0xFF)) + body
