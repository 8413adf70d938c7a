"""ID3v2.3/2.4 tag writer (FFmpeg 5.1.9 libavformat/id3v2enc.c behaviour; id3.org ID3v2.3.0 and
ID3v2.4.0 structure/frames): text frames from the metadata (generic names mapped to frame ids),
TXXX for other keys, PRIV for "id3v2_priv.*", CTOC/CHAP chapters, APIC pictures, and the
10 bytes of padding the reference appends.
"""
from __future__ import annotations

import errno

from ..errors import CineError
from ..model import Rational, Tags
from ..timebase import rescale_q

HEADER_SIZE = 10
CONV_34 = (("TALB", "album"), ("TCOM", "composer"), ("TCON", "genre"), ("TCOP", "copyright"),
           ("TENC", "encoded_by"), ("TIT2", "title"), ("TLAN", "language"), ("TPE1", "artist"),
           ("TPE2", "album_artist"), ("TPE3", "performer"), ("TPOS", "disc"),
           ("TPUB", "publisher"), ("TRCK", "track"), ("TSSE", "encoder"), ("USLT", "lyrics"))
CONV_4 = (("TCMP", "compilation"), ("TDRC", "date"), ("TDRL", "date"),
          ("TDEN", "creation_time"), ("TSOA", "album-sort"), ("TSOP", "artist-sort"),
          ("TSOT", "title-sort"), ("TIT1", "grouping"))
TAGS = ("TALB", "TBPM", "TCOM", "TCON", "TCOP", "TDLY", "TENC", "TEXT", "TFLT", "TIT1", "TIT2",
        "TIT3", "TKEY", "TLAN", "TLEN", "TMED", "TOAL", "TOFN", "TOLY", "TOPE", "TOWN", "TPE1",
        "TPE2", "TPE3", "TPE4", "TPOS", "TPUB", "TRCK", "TRSN", "TRSO", "TSRC", "TSSE")
TAGS_4 = ("TDEN", "TDOR", "TDRC", "TDRL", "TDTG", "TIPL", "TMCL", "TMOO", "TPRO", "TSOA",
          "TSOP", "TSOT", "TSST")
TAGS_3 = ("TDAT", "TIME", "TORY", "TRDA", "TSIZ", "TYER")
PICTURE_TYPES = ("Other", "32x32 pixels 'file icon'", "Other file icon", "Cover (front)",
                 "Cover (back)", "Leaflet page", "Media (e.g. label side of CD)",
                 "Lead artist/lead performer/soloist", "Artist/performer", "Conductor",
                 "Band/Orchestra", "Composer", "Lyricist/text writer", "Recording Location",
                 "During recording", "During performance", "Movie/video screen capture",
                 "A bright coloured fish", "Illustration", "Band/artist logotype",
                 "Publisher/Studio logotype")
MIME_TAGS = (("image/gif", "gif"), ("image/jpeg", "mjpeg"), ("image/jpg", "mjpeg"),
             ("image/png", "png"), ("image/tiff", "tiff"), ("image/bmp", "bmp"),
             ("JPG", "mjpeg"), ("PNG", "png"))
PRIV_PREFIX = "id3v2_priv."
ENC_ISO8859, ENC_UTF16BOM, ENC_UTF8 = 0, 1, 3


def syncsafe(size: int) -> bytes:
    return bytes(((size >> 21) & 0x7F, (size >> 14) & 0x7F, (size >> 7) & 0x7F, size & 0x7F))


def convert(tags: Tags, table) -> Tags:
    """ff_metadata_conv(generic -> native), case-insensitive on the generic name."""
    out = Tags()
    for key, value in tags.items():
        low = key.lower()
        for native, generic in table:
            if low == generic:
                key = native
                break
        out.set(key, value)
    return out


def _c_str(s: str) -> bytes:
    """The bytes C sees: the UTF-8 text up to the first NUL."""
    b = s.encode("utf-8", "surrogateescape")
    i = b.find(b"\0")
    return b if i < 0 else b[:i]


def _is_ascii(b: bytes) -> bool:
    return all(c < 128 for c in b)


def _encode(b: bytes, enc: int) -> bytes:
    if enc == ENC_UTF16BOM:
        return b"\xff\xfe" + b.decode("utf-8", "replace").encode("utf-16-le") + b"\0\0"
    return b + b"\0"


class Id3v2Writer:
    def __init__(self, pb, version: int, magic: bytes = b"ID3"):
        self.pb = pb
        self.version = version
        self.len = 0
        pb.write(magic + bytes((version, 0, 0)))
        self.size_pos = pb.tell()
        pb.wb32(0)

    def _frame_size(self, n: int) -> bytes:
        return n.to_bytes(4, "big") if self.version == 3 else syncsafe(n)

    def _put_frame(self, out, tag: bytes, body: bytes) -> int:
        out.write(tag + self._frame_size(len(body)) + b"\0\0")
        out.write(body)
        return len(body) + HEADER_SIZE

    def _ttag(self, out, s1: bytes, s2: bytes | None, tag: bytes, enc: int) -> int:
        if enc == ENC_UTF16BOM and _is_ascii(s1) and (s2 is None or _is_ascii(s2)):
            enc = ENC_ISO8859
        body = bytes((enc,)) + _encode(s1, enc) + (_encode(s2, enc) if s2 is not None else b"")
        return self._put_frame(out, tag, body)

    def _priv(self, out, key: str, data: str, log) -> int:
        if not key.startswith(PRIV_PREFIX):
            return 0
        owner = _c_str(key[len(PRIV_PREFIX):])
        raw = _c_str(data)
        body = bytearray(owner + b"\0")
        i = 0
        hexd = b"0123456789abcdefABCDEF"
        while i < len(raw):
            if raw[i:i + 2] == b"\\x":
                d = raw[i + 2:i + 4]
                if len(d) == 2 and d[0] in hexd and d[1] in hexd:
                    body.append(int(d, 16))
                    i += 4
                    continue
                log.error("Invalid escape '\\x%s' in metadata tag 'id3v2_priv.%s'.\n"
                          % (d.decode("latin-1")[:2], owner.decode("utf-8", "replace")))
                raise CineError(code=-errno.EINVAL)
            body.append(raw[i])
            i += 1
        return self._put_frame(out, b"PRIV", bytes(body))

    def write_metadata(self, out, tags: Tags, enc: int, log) -> Tags:
        """write_metadata: converts the dictionary (returned: it replaces the caller's) and
        writes one frame per entry to `out`."""
        tags = convert(tags, CONV_34)
        if self.version == 3:
            tags = _split_date(tags)
        elif self.version == 4:
            tags = convert(tags, CONV_4)
        for key, value in tags.items():
            kb = _c_str(key)
            vb = _c_str(value)
            if kb[:1] == b"T" and len(kb) == 4:
                k = kb.decode("latin-1")
                if k in TAGS or k in (TAGS_3 if self.version == 3 else TAGS_4):
                    self.len += self._ttag(out, vb, None, kb, enc)
                    continue
            n = self._priv(out, key, value, log)
            if n > 0:
                self.len += n
                continue
            self.len += self._ttag(out, kb, vb, b"TXXX", enc)
        return tags

    def write_all(self, ctx, log) -> None:
        """ff_id3v2_write_metadata: global metadata, then CTOC and CHAP frames."""
        enc = ENC_UTF16BOM if self.version == 3 else ENC_UTF8
        ctx.tags = self.write_metadata(self.pb, ctx.tags, enc, log)
        if ctx.chapters:
            body = b"toc\0" + bytes((3, len(ctx.chapters) & 0xFF))
            for i in range(len(ctx.chapters)):
                body += ("ch%d" % i).encode() + b"\0"
            self.len += len(body) + HEADER_SIZE
            self.pb.write(b"CTOC" + len(body).to_bytes(4, "big") + b"\0\0" + body)
            for i, ch in enumerate(ctx.chapters):
                from ..io.sink import MemorySink
                buf = MemorySink()
                name = ("ch%d" % i).encode() + b"\0"
                buf.write(name)
                self.len += len(name)
                ms = Rational(1, 1000)
                buf.wb32(rescale_q(ch.start, ch.time_base, ms))
                buf.wb32(rescale_q(ch.end, ch.time_base, ms))
                buf.wb32(0xFFFFFFFF)
                buf.wb32(0xFFFFFFFF)
                ch.tags = self.write_metadata(buf, ch.tags, enc, log)
                data = buf.getvalue()
                self.len += 16 + HEADER_SIZE
                self.pb.write(b"CHAP" + len(data).to_bytes(4, "big") + b"\0\0" + data)

    def write_apic(self, st, data: bytes, log) -> None:
        """ff_id3v2_write_apic."""
        mime = next((m for m, c in MIME_TAGS if c == st.codecpar.codec_name), None)
        if mime is None:
            log.error("No mimetype is known for stream %d, cannot write an attached picture.\n"
                      % st.index)
            raise CineError(code=-errno.EINVAL)
        enc = ENC_UTF16BOM if self.version == 3 else ENC_UTF8
        ptype = 0
        c = st.tags.get("comment")
        if c is not None:
            for i, name in enumerate(PICTURE_TYPES):
                if c.lower() == name.lower():
                    ptype = i
                    break
        desc = _c_str(st.tags.get("title") or "")
        if enc == ENC_UTF16BOM and _is_ascii(desc):
            enc = ENC_ISO8859
        body = bytes((enc,)) + mime.encode() + b"\0" + bytes((ptype,)) + _encode(desc, enc) + data
        self.len += self._put_frame(self.pb, b"APIC", body)

    def finish(self, padding: int = -1) -> None:
        """ff_id3v2_finish: padding (at least 10 bytes) and the tag size."""
        if padding < 0:
            padding = 10
        padding = max(10, min(padding, 268435455 - self.len))
        self.pb.fill(0, padding)
        self.len += padding
        cur = self.pb.tell()
        self.pb.seek(self.size_pos)
        self.pb.write(syncsafe(self.len))
        self.pb.seek(cur)


def _split_date(tags: Tags) -> Tags:
    """id3v2_3_metadata_split_date: "date" YYYY[-MM-DD] becomes TYER (+ TDAT as DDMM)."""
    out = Tags()
    for key, value in tags.items():
        if key.lower() == "date":
            i = 0
            while i < len(value) and value[i].isdigit() and value[i] < "\x80":
                i += 1
            if i == len(value) or value[i] == "-":
                out.set("TYER", value[:4])
                v = value + "\0" * 7
                if (v[i] == "-" and "0" <= v[i + 1] <= "1" and "0" <= v[i + 2] <= "9"
                        and v[i + 3] == "-" and "0" <= v[i + 4] <= "3" and "0" <= v[i + 5] <= "9"
                        and v[i + 6] in ("\0", " ")):
                    out.set("TDAT", v[i + 4:i + 6] + v[i + 1:i + 3])
            else:
                out.set(key, value)
        else:
            out.set(key, value)
    return out
