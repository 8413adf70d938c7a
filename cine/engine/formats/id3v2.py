"""ID3v2 tags (id3.org ID3v2.2, ID3v2.3 and ID3v2.4 informal standards): tag header, extended
header, unsynchronisation, text/comment/lyrics frames mapped to FFmpeg 5.1.9's metadata keys,
APIC pictures, CHAP chapters and PRIV frames, as avformat_open_input reads them from every
input's start.
"""
from __future__ import annotations

from ..record import FACTORY, Record
from ..model import PKT_FLAG_KEY, Packet, Rational, Stream, Chapter, Tags
from .id3v1 import GENRES

HEADER_SIZE = 10
MAX_FRAME_LEN = 1 << 28

# frame ID -> FFmpeg key (metadata conversion tables applied after reading, in this order)
CONV_34 = {"TALB": "album", "TCOM": "composer", "TCON": "genre", "TCOP": "copyright",
           "TENC": "encoded_by", "TIT2": "title", "TLAN": "language", "TPE1": "artist",
           "TPE2": "album_artist", "TPE3": "performer", "TPOS": "disc", "TPUB": "publisher",
           "TRCK": "track", "TSSE": "encoder", "USLT": "lyrics"}
CONV_22 = {"TAL": "album", "TCO": "genre", "TCP": "compilation", "TT2": "title",
           "TEN": "encoded_by", "TP1": "artist", "TP2": "album_artist", "TP3": "performer",
           "TRK": "track"}
CONV_4 = {"TCMP": "compilation", "TDRC": "date", "TDRL": "date", "TDEN": "creation_time",
          "TSOA": "album-sort", "TSOP": "artist-sort", "TSOT": "title-sort", "TIT1": "grouping"}

PICTURE_TYPES = (
    "Other", "32x32 pixels 'file icon'", "Other file icon", "Cover (front)", "Cover (back)",
    "Leaflet page", "Media (e.g. label side of CD)", "Lead artist/lead performer/soloist",
    "Artist/performer", "Conductor", "Band/Orchestra", "Composer", "Lyricist/text writer",
    "Recording Location", "During recording", "During performance",
    "Movie/video screen capture", "A bright coloured fish", "Illustration",
    "Band/artist logotype", "Publisher/Studio logotype",
)
PICTURE_MIMES = (("image/gif", "gif"), ("image/jpeg", "mjpeg"), ("image/jpg", "mjpeg"),
                 ("image/png", "png"), ("image/tiff", "tiff"), ("image/bmp", "bmp"),
                 ("JPG", "mjpeg"), ("PNG", "png"))
PNG_SIG = b"\x89PNG\r\n\x1a\n"
FORMATS_WITH_EXTRA = ("mp3", "aac", "tta", "wav")

_FLAG_DATALEN, _FLAG_UNSYNCH, _FLAG_ENCRYPTION, _FLAG_COMPRESSION = 0x0001, 0x0002, 0x0004, 0x0008


class Picture(Record):
    codec: str
    kind: str
    description: str
    data: bytes

    def __init__(self, codec, kind, description, data):
        self.codec = codec
        self.kind = kind
        self.description = description
        self.data = data


class ChapterFrame(Record):
    element_id: str
    start: int
    end: int
    tags: Tags

    def __init__(self, element_id, start, end, tags):
        self.element_id = element_id
        self.start = start
        self.end = end
        self.tags = tags


class Extra(Record):
    """What ID3v2ExtraMeta carries: pictures, chapters and PRIV frames in tag order."""
    pictures: list[Picture]
    chapters: list[ChapterFrame]
    privs: list[tuple[str, bytes]]

    def __init__(self, pictures=FACTORY, chapters=FACTORY, privs=FACTORY):
        self.pictures = [] if pictures is FACTORY else pictures
        self.chapters = [] if chapters is FACTORY else chapters
        self.privs = [] if privs is FACTORY else privs

    def __bool__(self) -> bool:
        return bool(self.pictures or self.chapters or self.privs)


def match(buf: bytes) -> bool:
    """ff_id3v2_match with the "ID3" magic."""
    return (len(buf) >= HEADER_SIZE and buf[:3] == b"ID3" and buf[3] != 0xFF and buf[4] != 0xFF
            and not (buf[6] | buf[7] | buf[8] | buf[9]) & 0x80)


def tag_len(buf: bytes) -> int:
    """ff_id3v2_tag_len: header + body (+ footer)."""
    n = ((buf[6] & 0x7F) << 21) + ((buf[7] & 0x7F) << 14) + ((buf[8] & 0x7F) << 7) + (buf[9] & 0x7F)
    n += HEADER_SIZE
    if buf[5] & 0x10:
        n += HEADER_SIZE
    return n


def _syncsafe(size: int) -> int:
    return ((size & 0x7F) + ((size & 0x7F00) >> 1) + ((size & 0x7F0000) >> 2)
            + ((size & 0x7F000000) >> 3))


def _to_str(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")


def decode_str(data: bytes, pos: int, encoding: int, left: int, log=None) -> tuple[str | None, int, int]:
    """One string from data[pos:pos+left] in an ID3v2 text encoding: (text or None on error,
    new pos, bytes left). Stops at a NUL character like the reference."""
    left = min(left, max(0, len(data) - pos))
    out = bytearray()
    if encoding == 0:             # ISO-8859-1 -> UTF-8
        while left:
            ch = data[pos]
            pos += 1
            left -= 1
            if not ch:
                break
            out += chr(ch).encode("utf-8")
        return _to_str(bytes(out)), pos, left
    if encoding == 3:             # UTF-8 as is
        while left:
            ch = data[pos]
            pos += 1
            left -= 1
            if not ch:
                break
            out.append(ch)
        return _to_str(bytes(out)), pos, left
    if encoding not in (1, 2):
        if log is not None:
            log.warning("Unknown encoding\n")
        return "", pos, left
    little = False
    if encoding == 1:
        if left < 2:
            if log is not None:
                log.error("Cannot read BOM value, input too short\n")
            return None, pos, left
        bom = (data[pos] << 8) | data[pos + 1]
        pos += 2
        left -= 2
        if bom == 0xFFFE:
            little = True
        elif bom != 0xFEFF:
            if log is not None:
                log.error("Incorrect BOM value\n")
            return None, pos, left
    chars = []

    def unit() -> int:
        nonlocal pos, left
        left -= 2
        if left < 0:
            return 0
        a, b = data[pos], data[pos + 1]
        pos += 2
        return (b << 8 | a) if little else (a << 8 | b)

    while left > 1:
        val = unit()
        hi = val - 0xD800
        if 0 <= hi < 0x800:
            lo = unit() - 0xDC00
            if lo < 0 or lo > 0x3FF or hi > 0x3FF:
                break
            val = lo + (hi << 10) + 0x10000
        if not val:
            break
        chars.append(val)
    if left < 0:
        left += 2
    text = "".join(chr(c) if not 0xD800 <= c < 0xE000 else "\ufffd" for c in chars)
    return text, pos, left


def _genre(text: str) -> str | None:
    import re                   # (genre tags only: `re` is not paid at start-up)
    m = re.match(r"\(\s*([+-]?\d+)", text) or re.match(r"\s*([+-]?\d+)", text)
    if m:
        n = int(m.group(1))
        if 0 <= n < len(GENRES):
            return GENRES[n]
    return None


def _read_ttag(data: bytes, key: str, tags: Tags, log) -> None:
    if len(data) < 1:
        return
    enc = data[0]
    value, pos, left = decode_str(data, 1, enc, len(data) - 1, log)
    if value is None:
        log.error("Error reading frame %s, skipped\n" % key)
        return
    if key in ("TCON", "TCO") and _genre(value) is not None:
        value = _genre(value)
    elif key in ("TXXX", "TXX"):
        key = value
        value, pos, left = decode_str(data, pos, enc, left, log)
        if value is None:
            log.error("Error reading frame %s, skipped\n" % key)
            return
    elif not value:
        return
    tags.set(key, value, dont_overwrite=True)


def _read_uslt(data: bytes, tags: Tags, log) -> None:
    ok = False
    if len(data) >= 4:
        enc = data[0]
        lang = data[1:4].split(b"\0", 1)[0].decode("latin-1")
        desc, pos, left = decode_str(data, 4, enc, len(data) - 4, log)
        if desc is not None and left >= 0:
            text, pos, left = decode_str(data, pos, enc, left, log)
            if text is not None and left >= 0:
                key = "lyrics-%s%s%s" % (desc, "-" if desc else "", lang)
                tags.set(key, text)
                ok = True
    if not ok:
        log.error("Error reading lyrics, skipped\n")


def _read_comment(data: bytes, tags: Tags, log) -> None:
    if len(data) < 4:
        return
    enc = data[0]
    desc, pos, left = decode_str(data, 4, enc, len(data) - 4, log)
    if desc is None:
        log.error("Error reading comment frame, skipped\n")
        return
    key = desc if desc else "comment"
    value, pos, left = decode_str(data, pos, enc, left, log)
    if value is None:
        log.error("Error reading comment frame, skipped\n")
        return
    tags.set(key, value, dont_overwrite=True)


def _read_apic(data: bytes, isv34: bool, extra: Extra, log) -> None:
    n = len(data)
    if n <= 4 or (not isv34 and n <= 6):
        return
    enc = data[0]
    pos = 1
    left = n - 1
    if isv34:
        end = data.find(b"\0", pos, pos + left)
        used = (end - pos + 1) if end >= 0 else left
        if used >= left:
            return
        mime = data[pos:pos + min(used, 64)].split(b"\0", 1)[0]
        pos += used
        left -= used
    else:
        mime = data[pos:pos + 3]
        pos += 3
        left -= 3
    mime_s = mime.decode("latin-1")
    codec = None
    for name, cid in PICTURE_MIMES:
        if name.lower() == mime_s.lower():
            codec = cid
            break
    if codec is None:
        log.warning("Unknown attached picture mimetype: %s, skipping.\n" % _to_str(mime))
        return
    ptype = data[pos]
    pos += 1
    left -= 1
    if ptype >= len(PICTURE_TYPES):
        log.warning("Unknown attached picture type %d.\n" % ptype)
        ptype = 0
    desc, pos, left = decode_str(data, pos, enc, left, log)
    if desc is None:
        log.error("Error decoding attached picture description.\n")
        return
    if left <= 0 or len(data) - pos < left:
        return
    extra.pictures.append(Picture(codec, PICTURE_TYPES[ptype], desc.rstrip(" "), data[pos:pos + left]))


def _read_chapter(data: bytes, extra: Extra, log) -> None:
    element_id, pos, left = decode_str(data, 0, 0, len(data), log)
    if left < 16 or len(data) - pos < 16:
        return
    start = int.from_bytes(data[pos:pos + 4], "big")
    end = int.from_bytes(data[pos + 4:pos + 8], "big")
    pos += 16
    left -= 16
    tags = Tags()
    while left > 10:
        if len(data) - pos < 10:
            return
        tag = data[pos:pos + 4]
        taglen = int.from_bytes(data[pos + 4:pos + 8], "big", signed=True)
        pos += 10
        left -= 10
        if taglen < 0 or taglen > left:
            return
        if tag[:1] == b"T":
            _read_ttag(data[pos:pos + taglen], tag.split(b"\0", 1)[0].decode("latin-1"), tags, log)
        pos += taglen
        left -= taglen
    tags = _convert(_convert(tags, CONV_34), CONV_4)
    extra.chapters.append(ChapterFrame(element_id, start, end, tags))


def _read_priv(data: bytes, extra: Extra, log) -> None:
    owner, pos, left = decode_str(data, 0, 0, len(data), log)
    if len(data) - pos < left:
        return
    extra.privs.append((owner, data[pos:pos + left]))


def _convert(tags: Tags, table: dict[str, str]) -> Tags:
    """ff_metadata_conv: rebuild the dictionary with native keys renamed."""
    out = Tags()
    upper = {k.upper(): v for k, v in table.items()}
    for key, value in tags:
        out.set(upper.get(key.upper(), key), value)
    return out


def _is_tag(raw: bytes) -> bool:
    return bool(raw) and all(0x41 <= c <= 0x5A or 0x30 <= c <= 0x39 for c in raw)


def parse_body(body: bytes, version: int, flags: int, tags: Tags, extra: Extra | None, log) -> None:
    """id3v2_parse over the tag body (the bytes after the 10-byte header)."""
    length = len(body)
    if version == 2:
        if flags & 0x40:
            log.info("ID3v2.%d tag skipped, cannot handle %s\n" % (version, "compression"))
            return
        isv34, hdrlen, comm = False, 6, "COM"
    elif version in (3, 4):
        isv34, hdrlen, comm = True, 10, "COMM"
    else:
        log.info("ID3v2.%d tag skipped, cannot handle %s\n" % (version, "version"))
        return
    unsync = flags & 0x80
    pos = 0
    if isv34 and flags & 0x40:
        if len(body) < 4:
            return
        extlen = 0
        for b in body[:4]:
            extlen = (extlen << 7) + (b & 0x7F)
        pos = 4
        if version == 4:
            extlen -= 4
        if extlen < 0:
            log.info("ID3v2.%d tag skipped, cannot handle %s\n" % (version, "invalid extended header length"))
            return
        pos += extlen
        length -= extlen + 4
        if length < 0:
            log.info("ID3v2.%d tag skipped, cannot handle %s\n" % (version, "extended header too long."))
            return

    def check_tag(off: int) -> int:
        raw = body[off:off + 4]
        if off < 0 or len(raw) < 4:
            return -1
        return 1 if raw == b"\0\0\0\0" or _is_tag(raw) else 0

    while length >= hdrlen:
        tflags = 0
        if isv34:
            if len(body) - pos < 8:
                break
            tag = body[pos:pos + 4]
            tlen = int.from_bytes(body[pos + 4:pos + 8], "big")
            pos += 8
            if version == 4 and tlen > 0x7F:
                if tlen < length:
                    if check_tag(pos + 2 + _syncsafe(tlen)) == 1:
                        tlen = _syncsafe(tlen)
                    elif check_tag(pos + 2 + tlen) != 1:
                        break
                else:
                    tlen = _syncsafe(tlen)
            tflags = int.from_bytes(body[pos:pos + 2], "big") if len(body) - pos >= 2 else 0
            pos += 2
        else:
            if len(body) - pos < 6:
                break
            tag = body[pos:pos + 3]
            tlen = int.from_bytes(body[pos + 3:pos + 6], "big")
            pos += 6
        name = tag.split(b"\0", 1)[0].decode("latin-1")
        if tlen > MAX_FRAME_LEN:
            break
        length -= hdrlen + tlen
        if length < 0:
            break
        nxt = pos + tlen
        if not tlen:
            if tag[:1] != b"\0":
                log.debug("Invalid empty frame %s, skipping.\n" % name)
            continue
        dlen = tlen
        if tflags & _FLAG_DATALEN:
            if tlen < 4:
                break
            dlen = int.from_bytes(body[pos:pos + 4].ljust(4, b"\0"), "big")
            pos += 4
            tlen -= 4
        tcomp = tflags & _FLAG_COMPRESSION
        tencr = tflags & _FLAG_ENCRYPTION
        special = (name in ("APIC", "CHAP", "PRIV") if isv34 else name == "PIC")
        if tencr:
            kind = "encrypted and compressed" if tcomp else "encrypted"
            log.warning("Skipping %s ID3v2 frame %s.\n" % (kind, name))
        elif tag[:1] == b"T" or name == "USLT" or name == comm or (extra is not None and special):
            data = body[pos:pos + tlen]
            if unsync or tflags & _FLAG_UNSYNCH:
                if len(data) < tlen:
                    log.error("Failed to read tag data\n")
                    pos = nxt
                    continue
                data = data.replace(b"\xff\x00", b"\xff")
            if tcomp:
                data = _uncompress(data, dlen, log)
                if data is None:
                    pos = nxt
                    continue
            if tag[:1] == b"T":
                _read_ttag(data, name, tags, log)
            elif name == "USLT":
                _read_uslt(data, tags, log)
            elif name == comm:
                _read_comment(data, tags, log)
            elif name in ("APIC", "PIC"):
                _read_apic(data, isv34, extra, log)
            elif name == "CHAP":
                _read_chapter(data, extra, log)
            elif name == "PRIV":
                _read_priv(data, extra, log)
        elif tag[:1] == b"\0":
            if tag[1:2] not in (b"\0", b""):
                log.warning("invalid frame id, assuming padding\n")
            break
        pos = nxt


def _uncompress(data: bytes, dlen: int, log) -> bytes | None:
    """A compressed frame (zlib, ID3v2.4 4.1.2) inflated into at most its declared data
    length, as the reference's uncompress() into a dlen-byte buffer; None when skipped.

    FFmpeg 5.1.9: a frame whose data length exceeds 32768 times its size is skipped
    silently, a length past INT_MAX fails to allocate, and output that does not fit the
    declared length fails with Z_BUF_ERROR (-5), so a zlib bomb inflates no further."""
    if not data or dlen // 32768 > len(data):
        return None
    if dlen > 0x7FFFFFFF or not dlen:
        log.error("Failed to alloc %d bytes\n" % dlen)
        return None
    import zlib  # a shared library: loaded only for compressed frames
    z = zlib.decompressobj()
    try:
        out = z.decompress(data, dlen)
        if z.eof:
            return out
        err = -3                                        # Z_DATA_ERROR: cut short
        if len(out) >= dlen:
            # the buffer is full: fine only where the stream ends with no more output
            if not z.decompress(z.unconsumed_tail, 1) and z.eof:
                return out
            err = -5                                    # Z_BUF_ERROR
    except zlib.error:
        err = -3
    log.error("Failed to uncompress tag: %d\n" % err)
    return None


def _merge_date(tags: Tags) -> None:
    def date_tag(*names):
        for name in names:
            for k, v in tags:
                if k == name:
                    if len(v) == 4 and v.isdigit() and v.isascii():
                        return v
                    break
        return None
    year = date_tag("TYER", "TYE")
    if year is None:
        return
    date = year[:4]
    tags.set("TYER", None)
    tags.set("TYE", None)
    day = date_tag("TDAT", "TDA")
    if day is not None:
        date += "-%s-%s" % (day[2:4], day[0:2])
        tags.set("TDAT", None)
        tags.set("TDA", None)
        hm = date_tag("TIME", "TIM")
        if hm is not None:
            date += " %s:%s" % (hm[0:2], hm[2:4])
            tags.set("TIME", None)
            tags.set("TIM", None)
    if date:
        tags.set("date", date)


def read_tags(source, log, want_extra: bool = True) -> tuple[Tags, Extra]:
    """ff_id3v2_read_dict: every consecutive ID3v2 tag at the current position; the source
    is left after the last one (or where it was when none is there)."""
    tags = Tags()
    extra = Extra()
    while True:
        off = source.tell()
        hdr = source.read(HEADER_SIZE)
        if len(hdr) != HEADER_SIZE or not match(hdr):
            source.seek(off)
            break
        size = ((hdr[6] & 0x7F) << 21) | ((hdr[7] & 0x7F) << 14) | ((hdr[8] & 0x7F) << 7) | (hdr[9] & 0x7F)
        log.debug("id3v2 ver:%d flags:%02X len:%d\n" % (hdr[3], hdr[5], size))
        # a tag claiming more bytes than the file holds reads (and allocates) what is there
        left = source.size - source.tell() if source.seekable and source.size is not None else size
        body = source.read(min(size, max(0, left)))
        parse_body(body, hdr[3], hdr[5], tags, extra if want_extra else None, log)
        end = off + HEADER_SIZE + size
        if hdr[3] == 4 and hdr[5] & 0x10:
            end += HEADER_SIZE
        if len(body) < size:
            break
        if end != source.tell():
            source.seek(end)
    return generic_keys(tags), extra


def generic_keys(tags: Tags) -> Tags:
    """The conversions after reading: v2.3/2.4, v2.2 and v2.4-only frame IDs to FFmpeg's
    keys, then TYER/TDAT/TIME merged into date."""
    for table in (CONV_34, CONV_22, CONV_4):
        tags = _convert(tags, table)
    _merge_date(tags)
    return tags


def priv_tags(extra: Extra, tags: Tags) -> None:
    """ff_id3v2_parse_priv_dict: PRIV frames as id3v2_priv.<owner> with escaped bytes."""
    for owner, data in extra.privs:
        text = "".join(chr(b) if 32 <= b <= 126 and b != 0x5C else "\\x%02x" % b for b in data)
        tags.set("id3v2_priv." + owner, text, dont_overwrite=True)


def apply_extra(ctx, demuxer, extra: Extra) -> None:
    """ff_id3v2_parse_apic/chapters/priv for the formats that take them: attached picture
    streams (queued as the first packets), chapters in 1/1000 and PRIV tags."""
    for pic in extra.pictures:
        st = Stream(index=len(ctx.streams))
        st.codecpar.codec_type = "video"
        st.codecpar.codec_name = "png" if pic.data[:8] == PNG_SIG else pic.codec
        st.disposition.add("attached_pic")
        st.time_base = Rational(1, 90000)
        if pic.description:
            st.tags.set("title", pic.description)
        st.tags.set("comment", pic.kind)
        ctx.streams.append(st)
        queue = demuxer.__dict__.setdefault("queued_packets", [])
        queue.append(Packet(st.index, pic.data, None, None, 0, -1, PKT_FLAG_KEY))
    for i, ch in enumerate(extra.chapters):
        tags = Tags()
        tags.set("title", ch.element_id)
        for k, v in ch.tags:
            tags.set(k, v)
        ctx.chapters.append(Chapter(i, Rational(1, 1000), ch.start, ch.end, tags))
    priv_tags(extra, ctx.tags)


def after_header(ctx, demuxer, format_name: str, extra: Extra, log) -> None:
    """What avformat_open_input does after read_header with the tags read before it: they
    become the format tags unless the demuxer found its own (or took them, like mp3)."""
    tags = getattr(demuxer, "id3_tags", None)
    if tags:
        if not ctx.tags:
            ctx.tags = tags
        else:
            log.warning("Discarding ID3 tags because more suitable tags were found.\n")
    if extra:
        if format_name in FORMATS_WITH_EXTRA:
            apply_extra(ctx, demuxer, extra)
        else:
            log.debug("demuxer does not support additional id3 data, skipping\n")
    offset = getattr(demuxer, "data_offset", None)
    if offset is not None:
        ctx.data_offset = offset
