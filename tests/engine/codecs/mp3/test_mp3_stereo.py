"""Intensity stereo, which no encoder at hand writes: stereo fixtures rewritten to say joint
stereo with intensity and M/S in every header (the data is then read with the intensity
rules: for LSF the right channel's scale factors too), decoded like the reference."""
from __future__ import annotations

import pytest

import mp3_support as S
from cine.engine.codecs.mp3.header import parse


@pytest.mark.skipif(not S.have_reference(), reason="needs FFmpeg 5.1.9")
@pytest.mark.parametrize("name", ["clicks_js.mp3", "mpeg25_8k.mp3", "noise48.mp3"])
def test_intensity_stereo_as_the_reference(name, tmp_path):
    data = bytearray((S.ROOT / "fixtures" / "mp3" / name).read_bytes())
    pos = data.index(b"\xff")
    while pos + 4 <= len(data):
        h = parse(bytes(data[pos:pos + 4]))
        if h is None or not h.frame_size:
            break
        data[pos + 3] = (data[pos + 3] & 0x0F) | 0x70     # mode 1, mode_ext 3
        pos += h.frame_size
    path = tmp_path / name
    path.write_bytes(bytes(data))
    mine, _ = S.decode(path)
    ref = S.reference(path)
    assert ref.size == mine.size
    _, _, _, same16, max16 = S.agreement(mine, ref, S.to_s16(ref))
    assert same16 >= 99.9 and max16 <= 2


def _bits(data, pos, n):
    v = 0
    for k in range(n):
        v = v << 1 | (data[(pos + k) >> 3] >> (7 - ((pos + k) & 7))) & 1
    return v


@pytest.mark.skipif(not S.have_reference(), reason="needs FFmpeg 5.1.9")
def test_mixed_blocks_as_the_reference(tmp_path):
    """Mixed blocks, which libmp3lame does not write: the switch_point bit set in every short
    block granule of an MPEG-1 fixture (the data is then read as mixed blocks)."""
    data = bytearray((S.ROOT / "fixtures" / "mp3" / "clicks_js.mp3").read_bytes())
    pos = data.index(b"\xff\xfb")
    mixed = 0
    while pos + 36 <= len(data):
        h = parse(bytes(data[pos:pos + 4]))
        if h is None or not h.frame_size:
            break
        bit = pos * 8 + 32 + 9 + 3 + 8          # MPEG-1 stereo, no CRC
        for _gr in range(2):
            for _ch in range(2):
                bit += 12 + 9 + 8 + 4
                split = _bits(data, bit, 1)
                bit += 1
                if split and _bits(data, bit, 2) == 2:
                    data[(bit + 2) >> 3] |= 0x80 >> ((bit + 2) & 7)
                    mixed += 1
                bit += 22                        # both layouts hold 22 bits
                bit += 3
        pos += h.frame_size
    assert mixed > 5
    path = tmp_path / "mixed.mp3"
    path.write_bytes(bytes(data))
    mine, _ = S.decode(path)
    ref = S.reference(path)
    assert ref.size == mine.size
    _, _, _, same16, max16 = S.agreement(mine, ref, S.to_s16(ref))
    assert same16 >= 99.9 and max16 <= 2
