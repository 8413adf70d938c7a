"""MP4/MOV detection score (mov,mp4,m4a,3gp,3g2,mj2): top-level box names as FFmpeg 5.1.9's
mov_probe rates them (ISO/IEC 14496-12 clause 4.2 box headers). Stdlib only, never raises.
"""
from __future__ import annotations

SCORE_MAX = 100
SCORE_EXTENSION = 50

_STRONG = {b"moov", b"mdat", b"pnot", b"udta", b"ftyp"}
_COMMON = {b"ediw", b"wide", b"free", b"junk", b"pict"}
_WEAK = {b"\x82\x82\x7f\x7d", b"skip", b"uuid", b"prfl"}
_INT64_MAX = (1 << 63) - 1


def probe(buf: bytes, filename: str = "") -> int:
    n = len(buf)
    score = 0
    moov_offset = -1
    offset = 0
    while offset + 8 <= n:
        size = int.from_bytes(buf[offset:offset + 4], "big")
        minsize = 8
        if size == 1 and offset + 16 <= n:
            size = int.from_bytes(buf[offset + 8:offset + 16], "big")
            if size > _INT64_MAX:
                size -= 1 << 64
            minsize = 16
        elif size == 0:
            size = n - offset
        if size < minsize:
            offset += 4
            continue
        t = buf[offset + 4:offset + 8]
        if t in _STRONG:
            if t == b"moov":
                moov_offset = offset + 4
            brand = buf[offset + 8:offset + 12]
            # FFmpeg 5.1.9: reads the brand even past the buffer (zero padding there)
            if t == b"ftyp" and brand in (b"jp2 ", b"jpx ", b"jxl "):
                score = max(score, 5)
            else:
                score = SCORE_MAX
        elif t in _COMMON:
            score = max(score, SCORE_MAX - 5)
        elif t in _WEAK:
            score = max(score, SCORE_EXTENSION)
        if size > _INT64_MAX - offset:
            break
        offset += size
    if score > SCORE_MAX - 50 and moov_offset != -1:
        # a MOV-packed MPEG-PS: hdlr with subtype mhlr/MPEG
        off = moov_offset
        while off < n - 16:
            if (buf[off:off + 4] == b"hdlr" and buf[off + 8:off + 12] == b"mhlr"
                    and buf[off + 12:off + 16] == b"MPEG"):
                return 5
            off += 2
    return score
