"""Header packets of the Ogg muxer per codec mapping (FFmpeg 5.1.9 oggenc.c behaviour):
Vorbis I section 4.2 / Theora section 6 (identification, rewritten comment, setup), RFC 7845
section 5 (OpusHead as stored, OpusTags), the Ogg FLAC mapping 1.0 (0x7F "FLAC" + STREAMINFO,
then a VORBIS_COMMENT block), Speex (80-byte header, comment), OggVP8 (stream info header and
optional comment header); comments per the Vorbis comment field specification with the
reference's key conversions and CHAPTERxxx entries.
"""
from __future__ import annotations

from ...model import Rational, Tags
from ...timebase import rescale, rescale_q

VENDOR = "Lavf59.27.100"
# ff_vorbiscomment_metadata_conv: (native, generic)
VORBIS_CONV = (("ALBUMARTIST", "album_artist"), ("TRACKNUMBER", "track"),
               ("DISCNUMBER", "disc"), ("DESCRIPTION", "comment"))
FLAC_STREAMINFO_SIZE = 34
SPEEX_HEADER_SIZE = 80
OPUS_HEADER_SIZE = 19
VP8_HEADER_SIZE = 26
INT_MAX = (1 << 31) - 1


def _c(s: str) -> bytes:
    """A C string: UTF-8, cut at the first NUL."""
    b = s.encode("utf-8", "surrogateescape")
    i = b.find(b"\0")
    return b if i < 0 else b[:i]


def convert_tags(tags: Tags) -> Tags:
    """ff_metadata_conv(m, vorbiscomment conv, NULL): generic keys to Vorbis names, rebuilt
    with av_dict_set (a later duplicate replaces an earlier one)."""
    out = Tags()
    for key, value in tags.items():
        low = key.lower()
        for native, generic in VORBIS_CONV:
            if low == generic:
                key = native
                break
        out.set(key, value)
    return out


def _chapter_time(ch) -> bytes:
    tb = ch.time_base
    s = rescale(ch.start, tb.num, tb.den)
    s = _int(s)
    h = _cdiv(s, 3600)
    m = _cmod(_cdiv(s, 60), 60)
    ms = _cmod(_int(rescale_q(ch.start, tb, Rational(1, 1000))), 1000)
    s = _cmod(s, 60)
    return ("%02d:%02d:%02d.%03d" % (h, m, s, ms)).encode()[:12]


def _int(v: int) -> int:
    v &= 0xFFFFFFFF
    return v - (1 << 32) if v >= 1 << 31 else v


def _cdiv(a: int, b: int) -> int:
    q = abs(a) // b
    return q if a >= 0 else -q


def _cmod(a: int, b: int) -> int:
    return a - _cdiv(a, b) * b


def vorbiscomment(tags: Tags, vendor: str, chapters=()) -> bytes:
    """ff_vorbiscomment_length + ff_vorbiscomment_write into a zeroed buffer of that length.

    FFmpeg 5.1.9: with no tags at all the count is written as 0 and the chapter entries are
    left out, but their length was counted: the buffer keeps that many zero bytes."""
    v = _c(vendor)
    length = 8 + len(v)
    chapter_entries: list[bytes] = []
    for i, ch in enumerate(chapters):
        num = ("%03d" % i).encode()[:3]
        length += 4 + 12 + 1 + 10
        chapter_entries.append(b"CHAPTER" + num + b"=" + _chapter_time(ch).ljust(12, b"\0"))
        for k, val in ch.tags.items():
            key = b"NAME" if k == "title" else _c(k)
            value = _c(val)
            length += 4 + 10 + len(key) + 1 + len(value)
            chapter_entries.append(b"CHAPTER" + num + key + b"=" + value)
    items = tags.items()
    for k, val in items:
        length += 4 + len(_c(k)) + 1 + len(_c(val))
    out = bytearray(len(v).to_bytes(4, "little") + v)
    if items:
        out += (len(items) + len(chapter_entries)).to_bytes(4, "little")
        for k, val in items:
            e = _c(k) + b"=" + _c(val)
            out += len(e).to_bytes(4, "little") + e
        for e in chapter_entries:
            out += len(e).to_bytes(4, "little") + e
    else:
        out += b"\0\0\0\0"
    if len(out) < length:
        out += bytes(length - len(out))
    return bytes(out[:length])


def split_xiph(extradata: bytes, first_size: int):
    """avpriv_split_xiph_headers: (starts, lengths) of the three headers, None when corrupt.
    Starts are offsets into `extradata` (a header may be read past its end, as the reference
    reads the padded extradata)."""
    n = len(extradata)
    if n >= 6 and int.from_bytes(extradata[:2], "big") == first_size:
        starts, lens = [], []
        pos = 0
        overall = 6
        for _ in range(3):
            if pos + 2 > n:
                return None
            ln = int.from_bytes(extradata[pos:pos + 2], "big")
            pos += 2
            starts.append(pos)
            lens.append(ln)
            pos += ln
            if overall > n - ln:
                return None
            overall += ln
        return starts, lens
    if n >= 3 and extradata[0] == 2:
        overall = 3
        pos = 1
        lens = []
        for _ in range(2):
            ln = 0
            while overall < n and pos < n and extradata[pos] == 0xFF:
                ln += 0xFF
                overall += 0xFF + 1
                pos += 1
            b = extradata[pos] if pos < n else 0
            ln += b
            overall += b
            if overall > n:
                return None
            lens.append(ln)
            pos += 1
        lens.append(n - overall)
        s0 = pos
        return [s0, s0 + lens[0], s0 + lens[0] + lens[1]], lens
    return None


def flac_headers(par, tags: Tags, vendor: str):
    """(STREAMINFO packet, VORBIS_COMMENT packet) or None when the extradata is too short."""
    ex = par.extradata or b""
    if len(ex) < FLAC_STREAMINFO_SIZE:
        return None
    first = (b"\x7fFLAC\x01\x00\x00\x01fLaC\x00" + (34).to_bytes(3, "big")
             + bytes(ex[:FLAC_STREAMINFO_SIZE]))
    body = vorbiscomment(tags, vendor)
    second = b"\x84" + (len(body) & 0xFFFFFF).to_bytes(3, "big") + body
    return first, second


def speex_headers(par, tags: Tags, vendor: str):
    ex = par.extradata or b""
    if len(ex) < SPEEX_HEADER_SIZE:
        return None
    first = bytes(ex[:68]) + b"\0\0\0\0" + bytes(ex[72:SPEEX_HEADER_SIZE])
    return first, vorbiscomment(tags, vendor)


def opus_headers(par, tags: Tags, vendor: str, chapters):
    ex = par.extradata or b""
    if len(ex) < OPUS_HEADER_SIZE:
        return None
    return bytes(ex), b"OpusTags" + vorbiscomment(tags, vendor, chapters)


def vp8_header(par, time_base: Rational) -> bytes:
    sar = par.sample_aspect_ratio
    return (b"\x4fVP80\x01\x01\x00" + (par.width & 0xFFFF).to_bytes(2, "big")
            + (par.height & 0xFFFF).to_bytes(2, "big")
            + (sar.num & 0xFFFFFF).to_bytes(3, "big") + (sar.den & 0xFFFFFF).to_bytes(3, "big")
            + (time_base.den & 0xFFFFFFFF).to_bytes(4, "big")
            + (time_base.num & 0xFFFFFFFF).to_bytes(4, "big"))


def vp8_comment(tags: Tags, vendor: str) -> bytes:
    return b"\x4fVP80\x02\x20" + vorbiscomment(tags, vendor)


def xiph_comment(codec: str, tags: Tags, vendor: str) -> bytes:
    """The rewritten Vorbis/Theora comment header (Vorbis keeps its framing bit)."""
    if codec == "vorbis":
        return b"\x03vorbis" + vorbiscomment(tags, vendor) + b"\x01"
    return b"\x81theora" + vorbiscomment(tags, vendor)
