"""SEI message framing shared by H.264 and H.265 (ITU-T H.264 7.3.2.3 / H.265 7.3.5) and the
few payloads probing reads: registered user data (ATSC A/53 captions), alternative transfer
characteristics (H.264 D.1.30 / H.265 D.2.38) and film grain characteristics."""
from __future__ import annotations

from ..bitstream.bitreader import unescape_rbsp

USER_DATA_REGISTERED = 4
FILM_GRAIN_CHARACTERISTICS = 19
ALTERNATIVE_TRANSFER = 147


def sei_messages(rbsp_payload: bytes) -> list[tuple[int, bytes]]:
    """(payloadType, payload) pairs of an SEI RBSP (after the NAL header)."""
    data = unescape_rbsp(rbsp_payload)
    out = []
    pos = 0
    n = len(data)
    while pos < n and not (n - pos == 1 and data[pos] == 0x80):
        ptype = 0
        while pos < n and data[pos] == 0xFF:
            ptype += 255
            pos += 1
        if pos >= n:
            break
        ptype += data[pos]
        pos += 1
        size = 0
        while pos < n and data[pos] == 0xFF:
            size += 255
            pos += 1
        if pos >= n:
            break
        size += data[pos]
        pos += 1
        if size > n - pos:
            break
        out.append((ptype, data[pos:pos + size]))
        pos += size
    return out


def is_a53_captions(payload: bytes) -> bool:
    """ITU-T T.35 USA / ATSC provider, 'GA94' user identifier, cc_data type 3."""
    return (len(payload) >= 8 and payload[0] == 0xB5 and payload[1:3] == b"\x00\x31"
            and payload[3:7] == b"GA94" and payload[7] == 3)


def a53_cc_present(payload: bytes) -> bool:
    """A registered-user-data SEI carrying ATSC A/53 captions that a decoder would attach to
    its frame (ATSC A/53 part 4 cc_data: process_cc_data_flag set, cc_count > 0, and the
    cc_count * 3 bytes present before the marker byte)."""
    if not is_a53_captions(payload) or len(payload) < 10:
        return False
    flags = payload[8]
    cc_count = flags & 0x1F
    if not flags & 0x40 or not cc_count:
        return False
    return cc_count * 3 < len(payload) - 10


def preferred_transfer(payload: bytes) -> int | None:
    return payload[0] if payload else None


def film_grain_present(payload: bytes) -> bool:
    """film_grain_characteristics_cancel_flag == 0."""
    return bool(payload) and not payload[0] & 0x80
