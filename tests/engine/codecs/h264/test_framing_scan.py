"""framing.consumed_length (one regex scan per NAL unit) against its definition, two plain
searches: a NAL unit ends at the first 00 00 01 or 00 00 02 lying wholly inside it
(ff_h2645_extract_rbsp), on random data dense in zero bytes and at every window."""
from __future__ import annotations

import random

from cine.engine.codecs.h264.framing import consumed_length, decoder_split


def _definition(data: bytes, pos: int, length: int) -> int:
    cut = length
    for code in (b"\x00\x00\x01", b"\x00\x00\x02"):
        j = data.find(code, pos, pos + length)
        if j >= 0:
            cut = min(cut, j - pos)
    return cut


def test_consumed_length_matches_the_definition():
    rng = random.Random(6)
    for _ in range(150):
        n = rng.randrange(0, 40)
        data = bytes(rng.choice((0, 0, 0, 1, 2, 3, 0x65, 0xFF)) for _ in range(n))
        for pos in range(n + 1):
            for length in range(n - pos + 1):
                assert consumed_length(data, pos, length) == _definition(data, pos, length), \
                    (data.hex(), pos, length)


def test_split_cuts_at_embedded_start_codes():
    # a length-prefixed unit holding an embedded 00 00 02 (cut there) and a clean one
    first = b"\x65\x88\x00\x00\x02\x11"
    second = b"\x41\x9a\x00\x00\x03\x01\x7f"
    packet = (len(first).to_bytes(4, "big") + first + len(second).to_bytes(4, "big") + second)
    nals, events, ok = decoder_split(packet, True, 4)
    assert ok and not events
    assert nals == [b"\x65\x88", second]
    # Annex B: the same units after start codes
    nals, events, ok = decoder_split(b"\x00\x00\x00\x01" + first + b"\x00\x00\x01" + second,
                                     False, 0)
    assert ok and nals == [b"\x65\x88", second]
