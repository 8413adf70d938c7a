"""AC-3 / E-AC-3 audio block validation (cine/engine/codecs/ac3/audblk.py, bitalloc.py)
against FFmpeg 5.1.9: seeded damaged first frames of the elementary fixtures must give the
reference decoder's error lines (goldens/ac3_audblk.json, written by
make_ac3_audblk_goldens.py from /usr/bin/ffprobe), and intact frames must parse to their end."""
from __future__ import annotations

import json
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import ac3_damage as D  # noqa: E402

from cine.engine.codecs.ac3 import audblk as B  # noqa: E402
from cine.engine.codecs.ac3 import header as H  # noqa: E402
from cine.engine.log import ERROR  # noqa: E402

with open(os.path.join(HERE, "goldens", "ac3_audblk.json")) as _f:
    GOLDEN = json.load(_f)


@pytest.mark.parametrize("key", sorted(GOLDEN))
def test_damaged_first_frame(key):
    name, seed = key.split(":")
    data = D.damaged(name, int(seed))
    hdr = H.parse(data)
    # the raw demuxer's parser hands the decoder one frame per packet
    res = B.check_frame(data[:hdr.frame_size], hdr)
    assert [m for lvl, m in res.logs if lvl <= ERROR] == GOLDEN[key]["errors"]
    assert (res.status == B.BLOCK_ERROR) == bool(GOLDEN[key]["errors"])
    if hdr.is_eac3:      # no parser bit rate: the decoder's is the only one
        assert (res.status == B.OK) == GOLDEN[key]["bit_rate"]


def test_goldens_cover_block_errors():
    errors = {line for v in GOLDEN.values() for line in v["errors"]}
    assert "error decoding the audio block\n" in errors and len(errors) >= 5


@pytest.mark.parametrize("name", D.FIXTURES)
def test_intact_frames_parse_to_their_end(name):
    """Every block of every frame parses, and what is left before the CRC is padding."""
    data = D.fixture(name)
    pos = 0
    while pos + 7 <= len(data):
        hdr = H.parse(data[pos:])
        frame = data[pos:pos + hdr.frame_size]
        br = B._Bits(frame)
        res = B.FrameCheck()
        ctx = B._eac3_bsi(br, hdr, res, {}) if hdr.is_eac3 else B._ac3_bsi(br, hdr)
        for blk in range(hdr.num_blocks):
            assert B._block(br, ctx, blk, res) is True
        left = hdr.frame_size * 8 - 17 - br.pos           # crcrsv + crc2
        assert left >= 0
        while left > 0:
            n = min(left, 16)
            assert br.u(n) == 0
            left -= n
        pos += hdr.frame_size


def test_hostile_frames_never_raise():
    import random
    rng = random.Random(7)
    base = D.fixture("raw.eac3")
    for _ in range(200):
        buf = bytearray(base[:rng.randrange(8, 2000)])
        for _ in range(rng.randrange(1, 20)):
            buf[rng.randrange(6, len(buf))] = rng.randrange(256)
        try:
            hdr = H.parse(bytes(buf))
        except Exception:
            continue
        B.check_frame(bytes(buf), hdr)
