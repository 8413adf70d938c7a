"""matroska,webm detection: an EBML header whose bytes name a known DocType (Matroska spec
section 'EBML Header'); scores as FFmpeg 5.1.9's matroska_probe. Stdlib only."""
from __future__ import annotations

EBML_MAGIC = b"\x1a\x45\xdf\xa3"
DOCTYPES = (b"matroska", b"webm")


def probe(buf: bytes, filename: str = "") -> int:
    if len(buf) < 5 or buf[:4] != EBML_MAGIC:
        return 0
    first = buf[4]
    size = 1
    mask = 0x80
    while size <= 8 and not first & mask:
        size += 1
        mask >>= 1
    if size > 8:
        return 0
    total = first & (mask - 1)
    for i in range(1, size):
        if 4 + i >= len(buf):
            return 0
        total = total << 8 | buf[4 + i]
    if total + 1 == 1 << (7 * size):
        # unknown-length header: look through the whole buffer
        total = len(buf) - 4 - size
    elif len(buf) < 4 + size + total:
        return 0
    body = buf[4 + size:4 + size + total]
    for doctype in DOCTYPES:
        if len(doctype) <= total and doctype in body:
            return 100
    # FFmpeg 5.1.9: a plausible EBML header without a known DocType scores as an extension match
    return 50
