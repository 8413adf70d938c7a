"""consumed_length (ff_h2645_extract_rbsp's raw NAL length): the short scans' two-find path
and the long scans' regex agree with the definition (up to the first 00 00 01 or 00 00 02
wholly inside the unit) on random bytes rich in zeros."""
from __future__ import annotations

import random
import re

import pytest

from cine.engine.codecs.h264.framing import consumed_length

_DEFINITION = re.compile(b"\x00\x00[\x01\x02]")


@pytest.mark.parametrize("size", [8, 64, 5000, 9000])
def test_matches_the_definition(size):
    rng = random.Random(size)
    for _ in range(3000 if size < 1000 else 100):
        n = rng.randrange(0, size)
        data = bytes(rng.choice(b"\x00\x00\x00\x01\x02\x03") for _ in range(n))
        pos = rng.randrange(0, n + 1)
        length = rng.randrange(0, n - pos + 1)
        m = _DEFINITION.search(data, pos, pos + length)
        assert consumed_length(data, pos, length) == (length if m is None else m.start() - pos)
