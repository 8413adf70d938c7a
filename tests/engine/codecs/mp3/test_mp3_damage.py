"""Damaged and odd packets: what the reference's decoder logs and outputs for them, and bit
flips through a whole file compared with the reference's decoding of the same bytes."""
from __future__ import annotations

import re
import subprocess

import numpy as np
import pytest

import mp3_support as S
from cine.engine.codecs.mp3.decoder import Mp3Decoder
from cine.engine.codecs.mp3.header import parse
from cine.engine.errors import AVERROR_INVALIDDATA
from cine.engine.log import Logger

CLICKS = S.ROOT / "fixtures" / "mp3" / "clicks_js.mp3"


def _decoder():
    messages = []
    return Mp3Decoder(None, Logger("mp3float", lambda c, l, m: messages.append(m))), messages


def _frames(path):
    """The frames of an elementary MP3 file (after its ID3v2 tag and Xing frame)."""
    data = path.read_bytes()
    pos = data.index(b"\xff\xfb")
    out = []
    while pos + 4 <= len(data):
        h = parse(data[pos:pos + 4])
        if h is None or not h.frame_size:
            break
        out.append(data[pos:pos + h.frame_size])
        pos += h.frame_size
    return out


def test_packets_without_a_frame():
    dec, messages = _decoder()
    assert dec.decode(b"\xff\xfb") == [] and dec.last_error == AVERROR_INVALIDDATA
    assert dec.decode(b"\0\0\0\0\0") == [] and dec.last_error == AVERROR_INVALIDDATA
    assert dec.decode(b"TAG" + bytes(125)) == [] and dec.last_error == 0
    assert messages == []
    assert dec.decode(b"\x12\x34\x56\x78" * 20) == [] and dec.last_error == AVERROR_INVALIDDATA
    assert messages == ["Header missing\n"]
    # free format (bit rate index 0): the reference's decoder does not size these frames
    assert dec.decode(b"\xff\xfb\x00\xc4" + bytes(400)) == []
    assert dec.last_error == AVERROR_INVALIDDATA and len(messages) == 1


def test_bad_side_information():
    frame = bytearray(_frames(CLICKS)[5])
    dec, messages = _decoder()
    # big_values of granule 0, channel 0 (after main_data_begin 9, private 3, scfsi 2 x 4,
    # part2_3_length 12) set to 511
    bitpos = 32 + 9 + 3 + 8 + 12
    for k in range(9):
        byte, bit = divmod(bitpos + k, 8)
        frame[byte] |= 0x80 >> bit
    assert dec.decode(bytes(frame)) == [] and dec.last_error == AVERROR_INVALIDDATA
    assert messages == ["big_values too big\n", "Error while decoding MPEG audio frame.\n"]
    # the next frame decodes (its reservoir is the end of the bad frame)
    out = dec.decode(_frames(CLICKS)[6])
    assert len(out) == 1 and out[0].data.shape == (2, 1152) and dec.last_error == 0


def test_truncated_and_garbage_packets_never_raise():
    rng = np.random.default_rng(7)
    dec, _ = _decoder()
    for frame in _frames(CLICKS)[:40]:
        cut = frame[:int(rng.integers(0, len(frame)))]
        noisy = bytearray(frame)
        for _ in range(int(rng.integers(1, 40))):
            noisy[int(rng.integers(4, len(frame)))] = int(rng.integers(0, 256))
        for data in (cut, bytes(noisy), frame + frame[:7], rng.bytes(int(rng.integers(0, 900)))):
            for out in dec.decode(data):
                assert out.data.dtype == np.float32 and out.data.shape[1] in (576, 1152)
                assert np.isfinite(out.data).all()


@pytest.mark.skipif(not S.have_reference(), reason="needs FFmpeg 5.1.9")
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_bit_flips_decode_as_the_reference(seed, tmp_path):
    """One bit flipped in half of the frames (headers kept): the same output and the same
    per-frame lines as the reference."""
    rng = np.random.default_rng(seed)
    data = bytearray(CLICKS.read_bytes())
    pos = data.index(b"\xff\xfb")
    while pos + 4 <= len(data):
        h = parse(bytes(data[pos:pos + 4]))
        if h is None or not h.frame_size:
            break
        if rng.random() < 0.5:
            k = int(rng.integers(pos + 4, pos + h.frame_size))
            data[k] ^= 1 << int(rng.integers(0, 8))
        pos += h.frame_size
    path = tmp_path / "damaged.mp3"
    path.write_bytes(bytes(data))
    mine, messages = S.decode(path)
    ref = S.reference(path)
    assert ref.size == mine.size
    _, _, _, same16, max16 = S.agreement(mine, ref, S.to_s16(ref))
    assert same16 >= 99.9 and max16 <= 2
    err = subprocess.run(["ffmpeg", "-v", "info", "-flags2", "+skip_manual", "-i", str(path),
                          "-f", "null", "-"], capture_output=True, text=True).stderr
    ref_lines = re.findall(r"\[mp3float @ [^\]]*\] ([^\n\r]*)", err)
    mine = [m.rstrip("\n") for _, m in messages]
    # the reference's log prints a repeated line once (then "Last message repeated")
    assert [m for i, m in enumerate(mine) if i == 0 or m != mine[i - 1]] == ref_lines
