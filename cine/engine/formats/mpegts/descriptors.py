"""PMT elementary-stream descriptors (ISO/IEC 13818-1 2.6, ETSI EN 300 468 6.2, ATSC A/52
annex A) that change what ffprobe prints: language, registration, stream identifier,
metadata, DVB extension (Opus, supplementary audio), AC-3/E-AC-3 component types."""
from __future__ import annotations

from .psi import Cursor
from .streamtypes import DESC_TYPES, METADATA_TYPES, REGD_TYPES, STREAM_TYPE_PRIVATE_DATA, TAG_BSSD

OPUS_COUPLED = (1, 0, 1, 1, 2, 2, 2, 3, 3)
OPUS_STREAMS = (1, 1, 1, 2, 2, 3, 4, 4, 5)
OPUS_MAP = ((0,), (0, 1), (0, 2, 1), (0, 1, 2, 3), (0, 4, 1, 2, 3), (0, 4, 1, 2, 3, 5),
            (0, 4, 1, 2, 3, 5, 6), (0, 6, 1, 2, 3, 4, 5, 7))


def find_stream_type(st, key: int, table: dict) -> bool:
    hit = table.get(key)
    if hit is None:
        return False
    st.codecpar.codec_type, st.codecpar.codec_name = hit
    st.priv.request_probe = 0
    return True


def parse_descriptor(st, stream_type: int, c: Cursor, list_end: int, log) -> bool:
    """One descriptor; False when the list is exhausted or malformed."""
    tag = c.get8(list_end)
    if tag is None:
        return False
    ln = c.get8(list_end)
    if ln is None:
        return False
    end = c.pos + ln
    if end > list_end:
        return False
    par = st.codecpar
    pv = st.priv
    if (par.codec_name is None or pv.request_probe > 0) and stream_type == STREAM_TYPE_PRIVATE_DATA:
        find_stream_type(st, tag, DESC_TYPES)
    d = c.data
    if tag == 0x02:                                          # video_stream_descriptor
        v = c.get8(end)
        if v is not None and v & 1:
            st.disposition.add("still_image")
    elif tag == 0x0A:                                        # ISO_639_language_descriptor
        langs = []
        i = 0
        while i + 4 <= ln:
            code = bytes(d[c.pos:c.pos + 3])
            c.pos += 3
            langs.append(code)
            kind = c.get8(end)
            if kind == 1:
                st.disposition.add("clean_effects")
            elif kind == 2:
                st.disposition.add("hearing_impaired")
            elif kind == 3:
                st.disposition.update(("visual_impaired", "descriptions"))
            i += 4
        if i and langs[0][:1] != b"\0":
            text = b",".join(langs).split(b"\0")[0].decode("latin-1")
            st.tags.set("language", text, dont_overwrite=True)
    elif tag == 0x05:                                        # registration_descriptor
        if c.pos + 4 <= len(d):
            par.codec_tag = int.from_bytes(d[c.pos:c.pos + 4], "little")
            c.pos += 4
            if par.codec_name is None or pv.request_probe > 0:
                find_stream_type(st, par.codec_tag, REGD_TYPES)
                if par.codec_tag == TAG_BSSD:
                    pv.request_probe = 50
    elif tag == 0x52:                                        # stream_identifier_descriptor
        v = c.get8(end)
        pv.stream_identifier = 1 + (v if v is not None else -1)
    elif tag == 0x26:                                        # metadata_descriptor
        if c.get16(end) == 0xFFFF:
            c.pos += 4
        if c.get8(end) == 0xFF and c.pos + 4 <= len(d):
            par.codec_tag = int.from_bytes(d[c.pos:c.pos + 4], "little")
            c.pos += 4
            if par.codec_name is None:
                find_stream_type(st, par.codec_tag, METADATA_TYPES)
    elif tag == 0x7F:                                        # DVB extension descriptor
        ext = c.get8(end)
        if ext is None:
            return False
        if par.codec_name == "opus" and ext == 0x80 and not par.extradata:
            head = bytearray(b"OpusHead" + bytes([1]) + bytes(21))
            code = c.get8(end)
            if code is None:
                return False
            if code <= 8:
                ch = code if code else 2
                head[9] = ch
                head[12:16] = (48000).to_bytes(4, "little")
                head[18] = (1 if ch > 2 else 0) if code else 255
                head[19] = OPUS_STREAMS[code]
                head[20] = OPUS_COUPLED[code]
                head[21:21 + ch] = bytes(OPUS_MAP[ch - 1])
                par.extradata = bytes(head[:21 + ch] if head[18] else head[:19])
            else:
                par.extradata = bytes(head)
                log.warning("Opus in MPEG-TS - channel_config_code > 0x8 is not implemented. "
                            "Update your FFmpeg version to the newest one from Git. If the problem "
                            "still occurs, it means that your file has a feature which has not been "
                            "implemented.\n")
        if ext == 0x06:                                      # supplementary_audio_descriptor
            if ln < 1:
                return False
            flags = c.get8(end)
            if flags is None:
                flags = 0
            if not flags & 0x80:
                st.disposition.add("dependent")
            ec = (flags >> 2) & 0x1F
            if ec == 1:
                st.disposition.update(("visual_impaired", "descriptions"))
            elif ec == 2:
                st.disposition.add("hearing_impaired")
            elif ec == 3:
                st.disposition.add("visual_impaired")
            if flags & 1:
                if ln < 4:
                    return False
                lang = bytes(d[c.pos:c.pos + 3])
                c.pos += 3
                if lang[:1] != b"\0":
                    st.tags.set("language", lang.split(b"\0")[0].decode("latin-1"))
    elif tag in (0x6A, 0x7A):                                # AC-3 / E-AC-3 descriptor
        v = c.get8(end)
        if v is not None and v & 0x80:
            comp = c.get8(end)
            if comp is not None and ((comp & 0x38) >> 3) == 2:
                st.disposition.add("descriptions")
    elif tag in (0x56, 0x59):                                # teletext / subtitling
        unit = 5 if tag == 0x56 else 8
        if ln > 0 and ln % unit:
            return False
        count = ln // unit
        if count:
            langs = []
            extra = bytearray(par.extradata) if par.extradata else bytearray(count * (2 if tag == 0x56 else 5))
            for i in range(count):
                base = c.pos
                langs.append(bytes(d[base:base + 3]))
                if tag == 0x56:
                    extra[i * 2:i * 2 + 2] = d[base + 3:base + 5]
                    c.pos = base + 5
                else:
                    if d[base + 3] in range(0x20, 0x26):
                        st.disposition.add("hearing_impaired")
                    extra[i * 5 + 4] = d[base + 3]
                    extra[i * 5:i * 5 + 4] = d[base + 4:base + 8]
                    c.pos = base + 8
            par.extradata = bytes(extra)
            st.tags.set("language", b",".join(langs).split(b"\0")[0].decode("latin-1"))
    c.pos = end
    return True
