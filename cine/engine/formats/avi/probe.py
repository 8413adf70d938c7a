"""AVI detection score (avi): the RIFF form types FFmpeg 5.1.9's avi_probe accepts
(Microsoft AVI RIFF File Reference: 'RIFF' <size> 'AVI '; OpenDML 'AVIX' extensions; the
broken 'AVI\\x19' writer; On2's 'ON2 ' 'ON2f'; AMV 'AMV '). Stdlib only, never raises.
"""
from __future__ import annotations

# (chunk id, form type) pairs that identify an AVI-family file
HEADERS = (
    (b"RIFF", b"AVI "), (b"RIFF", b"AVIX"), (b"RIFF", b"AVI\x19"),
    (b"ON2 ", b"ON2f"), (b"RIFF", b"AMV "),
)


def probe(buf: bytes, filename: str = "") -> int:
    """100 when the first 4 bytes and bytes 8..11 match one of HEADERS."""
    if len(buf) < 12:
        return 0
    head, form = bytes(buf[:4]), bytes(buf[8:12])
    for h, f in HEADERS:
        if head == h and form == f:
            return 100
    return 0
