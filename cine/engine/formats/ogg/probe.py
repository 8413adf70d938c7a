"""Ogg detection (RFC 3533 section 6): FFmpeg 5.1.9's ogg_probe. Stdlib only."""


def probe(buf: bytes, filename: str = "") -> int:
    """100 for a capture pattern "OggS" followed by stream structure version 0 and a header
    type with no undefined bits set (the reference compares 5 bytes, NUL included)."""
    if len(buf) >= 6 and buf[:5] == b"OggS\0" and buf[5] <= 7:
        return 100
    return 0
