"""The kernel-side bit reader (cine/engine/bitstream/bits_jit.py) against hand-made bits:
fixed-length reads, Exp-Golomb codes (9.1), and reads past the end, which return zeros and
set the overrun flag instead of raising."""
from __future__ import annotations

import numpy as np

from cavlc_support import Bits
from cine.engine.bitstream import bits_jit as B
from cine.engine.codecs.h264.ps_decode import rbsp_stop_bit


def _state(bits: Bits):
    buf, end = bits.rbsp()
    return buf, B.bit_state(buf, 0, end)


def test_fixed_length_reads():
    buf, st = _state(Bits().u(3, 5).u(1, 1).u(13, 0x1ABC).u(32, 0xDEADBEEF).u(7, 0))
    assert B.read_bits(buf, st, 3) == 5
    assert B.read_bit(buf, st) == 1
    assert B.peek_bits(buf, st, 13) == 0x1ABC
    assert B.read_bits(buf, st, 13) == 0x1ABC
    assert B.read_bits(buf, st, 0) == 0
    assert B.read_bits(buf, st, 32) == 0xDEADBEEF
    assert B.bits_left(st) == 7
    assert B.read_bits(buf, st, 7) == 0
    assert B.bits_left(st) == 0 and st[B.ST_OVERRUN] == 0


def test_exp_golomb_codes():
    values = [0, 1, 2, 3, 4, 7, 8, 254, 255, 65535, 2 ** 31 - 1, 2 ** 32 - 2]
    signed = [0, 1, -1, 2, -2, 100, -100, 2 ** 30, -(2 ** 30)]
    bits = Bits()
    for v in values:
        bits.ue(v)
    for v in signed:
        bits.se(v)
    buf, st = _state(bits)
    assert [B.read_ue(buf, st) for _ in values] == values
    assert [B.read_se(buf, st) for _ in signed] == signed
    assert B.bits_left(st) == 0 and st[B.ST_OVERRUN] == 0


def test_exp_golomb_spec_examples():
    # Table 9-2: bit strings and their codeNum
    for text, value in (("1", 0), ("010", 1), ("011", 2), ("00100", 3), ("00111", 6),
                        ("0001000", 7), ("0001110", 13)):
        buf, st = _state(Bits().code(text))
        assert B.read_ue(buf, st) == value and B.bits_left(st) == 0


def test_exp_golomb_longer_than_32_bits_is_an_error():
    buf, st = _state(Bits().u(32, 0).u(1, 1).u(32, 0))
    assert B.read_ue(buf, st) == 0
    assert st[B.ST_OVERRUN] == 1
    buf, st = _state(Bits().u(31, 0).u(1, 1).u(31, 5))
    assert B.read_ue(buf, st) == 2 ** 31 - 1 + 5 and st[B.ST_OVERRUN] == 0


def test_reads_past_the_end_give_zeros_and_set_the_flag():
    buf = np.array([0xFF, 0xFF], np.uint8)
    st = B.bit_state(buf, 4, 12)                # bits 4..11 readable
    assert B.peek_bits(buf, st, 16) == 0xFF00   # bits past the end read as zero
    assert st[B.ST_OVERRUN] == 0                 # peeking is no read
    assert B.read_bits(buf, st, 6) == 0x3F
    assert B.read_bits(buf, st, 5) == 0b11000
    assert st[B.ST_OVERRUN] == 1
    assert B.read_bit(buf, st) == 0 and B.read_bits(buf, st, 32) == 0
    assert B.read_ue(buf, st) == 0 and st[B.ST_OVERRUN] == 1
    st = B.bit_state(buf, 0, 1000)               # the end is clipped to the buffer
    assert st[B.ST_END] == 16
    assert B.peek_bits(np.zeros(0, np.uint8), B.bit_state(np.zeros(0, np.uint8), 0, 0), 32) == 0
    assert B.bit_state(buf, 20, 16)[B.ST_OVERRUN] == 1


def test_stop_bit_position():
    """The rbsp_stop_one_bit as the CAVLC parser is given it (ps_decode.rbsp_stop_bit):
    more_rbsp_data() is pos < that."""
    assert rbsp_stop_bit(bytes([0x12, 0x80, 0, 0])) == 8
    assert rbsp_stop_bit(bytes([0x12, 0x01])) == 15
    assert rbsp_stop_bit(bytes([0x12, 0x34])) == 13
    assert rbsp_stop_bit(bytes(3)) == -1
    assert rbsp_stop_bit(b"") == -1
    buf, end = Bits().ue(37).se(-3).rbsp()
    assert rbsp_stop_bit(bytes(buf)) == end


def test_leading_zeros():
    assert [B.leading_zeros32(v) for v in (0, 1, 2, 255, 256, 0xFFFF, 0x10000, 0xFFFFFF,
                                           0x1000000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF)] == [
        32, 31, 30, 24, 23, 16, 15, 8, 7, 1, 0, 0]


def test_byte_windows():
    buf = np.arange(1, 11, dtype=np.uint8)
    w = B.byte_windows(buf)
    assert w.size == 11
    assert w[0] == int.from_bytes(bytes(range(1, 8)), "big")
    assert w[5] == int.from_bytes(bytes([6, 7, 8, 9, 10, 0, 0]), "big")
    assert w[10] == 0
    assert B.byte_windows(np.zeros(0, np.uint8)).tolist() == [0]
