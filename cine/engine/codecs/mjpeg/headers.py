"""The marker segments of a baseline JPEG image (T.81 Annex B) in the order and form the
reference's mjpeg encoder writes them: SOI, APP0 "JFIF" (only with a known sample aspect
ratio, which it stores as the pixel density), COM with the encoder name (unless bitexact),
COM "CS=ITU601" (limited-range input), DQT, DHT (four tables), SOF0, SOS; after the scan, EOI.
"""
from __future__ import annotations

import struct

from ...timebase import reduce
from .tables import ZIGZAG

SOI = b"\xff\xd8"
EOI = b"\xff\xd9"
ENCODER_IDENT = "Lavc59.37.100"     # LIBAVCODEC_IDENT of the reference


def _segment(marker: int, body: bytes) -> bytes:
    return struct.pack(">BBH", 0xFF, marker, len(body) + 2) + body


def jfif(sar: tuple[int, int]) -> tuple[bytes, bool]:
    """(APP0 JFIF 1.02 with density unit 0 (aspect ratio only) and no thumbnail, or b"" when
    the SAR is unknown; whether the SAR fits exactly in the 16-bit fields)."""
    num, den = sar
    if num <= 0 or den <= 0:
        return b"", True
    exact = True
    if num > 65535 or den > 65535:
        rnum, rden = reduce(num, den, 65535)
        exact = rnum * den == num * rden
        num, den = rnum, rden
    return _segment(0xE0, b"JFIF\x00" + struct.pack(">HBHHBB", 0x0102, 0, num, den, 0, 0)), exact


def comment(text: str) -> bytes:
    return _segment(0xFE, text.encode("ascii") + b"\x00")


def quant_tables(matrices: list[tuple[int, ...]]) -> bytes:
    """DQT with 8-bit tables 0, 1, ... (natural-order matrices, written in zig-zag order)."""
    body = b"".join(bytes([i]) + bytes(m[z] for z in ZIGZAG) for i, m in enumerate(matrices))
    return _segment(0xDB, body)


def huffman_tables(tables) -> bytes:
    """DHT with four (bits[1..16], values) tables: DC 0, DC 1, AC 0, AC 1."""
    body = b""
    for (bits, vals), tc_th in zip(tables, (0x00, 0x01, 0x10, 0x11)):
        body += bytes([tc_th]) + bytes(bits) + bytes(vals)
    return _segment(0xC4, body)


def frame_header(width: int, height: int, sampling: tuple[tuple[int, int], ...]) -> bytes:
    """SOF0, 8-bit, three components (ids 1, 2, 3, all quantiser table 0); sampling gives
    (H, V) per component."""
    body = struct.pack(">BHHB", 8, height, width, 3)
    for cid, (h, v) in enumerate(sampling, 1):
        body += bytes([cid, h << 4 | v, 0])
    return _segment(0xC0, body)


def scan_header() -> bytes:
    """SOS: Y with tables 0/0, Cb and Cr with 1/1, spectral selection 0..63, no approximation."""
    return _segment(0xDA, bytes([3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0]))
