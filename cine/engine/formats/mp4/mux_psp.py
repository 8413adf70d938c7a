"""The PSP mode of the MP4 muxer (FFmpeg 5.1.9 movenc.c, muxer "psp"; Sony's undocumented
'uuid' boxes as the reference writes them): the PROF box after the ftyp, the per-track USMT
box after the mdia, and the movie's USMT box (the title) in place of the udta."""
from __future__ import annotations

import errno

from ...errors import CineError
from .mux_track import Track

# the 96-bit tail shared by the PROF and USMT uuids
_UUID_TAIL = (0x21D24FCE).to_bytes(4, "big") + (0xBB88695C).to_bytes(4, "big") + \
    (0xFAC9C740).to_bytes(4, "big")


def _b32(v: int) -> bytes:
    return (v & 0xFFFFFFFF).to_bytes(4, "big")


def _b16(v: int) -> bytes:
    return (v & 0xFFFF).to_bytes(2, "big")


def _lang(code: str) -> int:
    b = code.encode("latin-1")
    return (((b[0] - 0x60) & 0x1F) << 10) + (((b[1] - 0x60) & 0x1F) << 5) + ((b[2] - 0x60) & 0x1F)


def track_uuid(trk: Track) -> bytes:
    """The fixed USMT/MTDT box every PSP track carries after its mdia."""
    return (_b32(0x34) + b"uuid" + b"USMT" + _UUID_TAIL + _b32(0x1C) + b"MTDT" +
            _b32(0x00010012) + _b32(0x0A) + _b32(0x55C40000) + _b32(1) + _b32(0))


def profile_box(mux) -> bytes:
    """The PROF uuid written after the ftyp: exactly one video and one audio stream; the
    video is taken as stream 0 and the audio as stream 1, whatever their order."""
    ctx = mux.ctx
    counts = {"video": 0, "audio": 0, "other": 0}
    for trk in mux.tracks:
        if getattr(trk, "is_cover", False) or getattr(trk, "is_chapter", False):
            continue
        t = trk.par.codec_type
        counts[t if t in ("video", "audio") else "other"] += 1
    if counts["video"] != 1 or counts["audio"] != 1 or counts["other"]:
        mux.log.error("PSP mode need one video and one audio stream\n")
        raise CineError(code=-errno.EINVAL)
    vst = ctx.streams[0]
    vpar, apar = vst.codecpar, ctx.streams[1].codecpar
    fr = vst.avg_frame_rate
    frame_rate = (fr.num * 0x10000) // fr.den if fr.den else 0   # both positive here
    if fr.den and fr.num * fr.den < 0:
        frame_rate = -((abs(fr.num) * 0x10000) // abs(fr.den))
    a_kbit = int(apar.bit_rate / 1000) if apar.bit_rate >= 0 else -int(-apar.bit_rate / 1000)
    v_kbit = min(int(vpar.bit_rate / 1000), 800 - a_kbit)
    if frame_rate < 0 or frame_rate > 0x7FFFFFFF:
        mux.log.error("Frame rate %f outside supported range\n" % (frame_rate / 0x10000))
        raise CineError(code=-errno.EINVAL)
    b = bytearray()
    b += _b32(0x94) + b"uuid" + b"PROF" + _UUID_TAIL + _b32(0) + _b32(3)
    b += _b32(0x14) + b"FPRF" + _b32(0) * 3
    b += _b32(0x2C) + b"APRF" + _b32(0) + _b32(2) + b"mp4a" + _b32(0x20F) + _b32(0)
    b += _b32(a_kbit) + _b32(a_kbit) + _b32(apar.sample_rate) + _b32(apar.channels)
    b += _b32(0x34) + b"VPRF" + _b32(0) + _b32(1)
    if vpar.codec_name == "h264":
        b += b"avc1" + _b16(0x014D) + _b16(0x0015)
    else:
        b += b"mp4v" + _b16(0) + _b16(0x0103)
    b += _b32(0) + _b32(v_kbit) + _b32(v_kbit) + _b32(frame_rate) + _b32(frame_rate)
    b += _b16(vpar.width) + _b16(vpar.height) + _b32(0x010001)
    return bytes(b)


def _wide_string(text: str, lang: str, kind: int) -> bytes:
    """One MTDT entry: size, type, language, 1, then the text as 16-bit code units."""
    chars = [ord(c) & 0xFFFF for c in text.split("\0", 1)[0]]
    out = bytearray(_b16((len(chars) + 1) * 2 + 10) + _b32(kind) + _b16(_lang(lang)) + _b16(1))
    for c in chars:
        out += _b16(c)
    out += _b16(0)
    return bytes(out)


def movie_usmt(mux) -> bytes:
    """The movie-level USMT box (only where the output has a title)."""
    from .mux_udta import LIBAVFORMAT_IDENT
    title = mux.ctx.tags.get("title")
    if title is None:
        return b""
    mtdt = bytearray(b"MTDT" + _b16(4))
    mtdt += _b16(0x0C) + _b32(0x0B) + _b16(_lang("und")) + _b16(0) + _b16(0x021C)
    if not mux.bitexact:
        mtdt += _wide_string(LIBAVFORMAT_IDENT, "eng", 0x04)
    mtdt += _wide_string(title, "eng", 0x01)
    mtdt += _wide_string("2006/04/01 11:11:11", "und", 0x03)
    body = b"USMT" + _UUID_TAIL + _b32(len(mtdt) + 4) + bytes(mtdt)
    return _b32(len(body) + 8) + b"uuid" + body
