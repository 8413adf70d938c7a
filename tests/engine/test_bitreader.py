"""BitReader (whole-byte reads) against a bit-string model: values, positions after reads and
where overreads / invalid Exp-Golomb codes raise; unescape_rbsp against the byte-wise rule."""
import random

import pytest

from cine.engine.bitstream.bitreader import BitReader, unescape_rbsp
from cine.engine.errors import InvalidData


class Model:
    def __init__(self, data, start=0):
        self.bits = "".join(format(b, "08b") for b in data)
        self.pos = start

    def u(self, n):
        if n <= 0:
            if n and self.pos + n > len(self.bits):
                raise InvalidData("bitstream overread")
            return 0
        if self.pos + n > len(self.bits):
            raise InvalidData("bitstream overread")
        v = int(self.bits[self.pos:self.pos + n], 2)
        self.pos += n
        return v

    def flag(self):
        return self.u(1) == 1

    def ue(self):
        zeros = 0
        while self.u(1) == 0:
            zeros += 1
            if zeros > 32:
                raise InvalidData("invalid exp-golomb code")
        return (1 << zeros) - 1 + self.u(zeros)

    def se(self):
        k = self.ue()
        return (k + 1) >> 1 if k & 1 else -(k >> 1)


def _run(obj, ops):
    out = []
    for op, arg in ops:
        try:
            out.append(getattr(obj, op)(*arg))
        except InvalidData as e:
            out.append(("raise", str(e)))
        out.append(obj.pos)
    return out


@pytest.mark.parametrize("seed", range(40))
def test_reader_matches_model(seed):
    rnd = random.Random(seed)
    n = rnd.choice([0, 1, 2, 5, 17, 64])
    data = bytes(rnd.choice([0, 0, 0, 1, 0x80, 0xFF, rnd.randrange(256)]) for _ in range(n))
    start = rnd.randrange(0, 8 * n + 2)
    ops = [rnd.choice([("u", (rnd.randrange(0, 40),)), ("flag", ()), ("ue", ()), ("se", ()),
                       ("u", (1,)), ("u", (rnd.randrange(1, 9),))]) for _ in range(60)]
    for kind in (bytes, bytearray, memoryview):
        assert _run(BitReader(kind(data), start), ops) == _run(Model(data, start), ops)


def test_exp_golomb_limits():
    r = BitReader(bytes(5))           # 40 zero bits: 33 zeros then an invalid code
    with pytest.raises(InvalidData, match="invalid exp-golomb"):
        r.ue()
    assert r.pos == 33
    assert BitReader(b"\x00\x01\xff\xff").ue() == (1 << 15) - 1 + 0x7FFF
    r = BitReader(b"\x00")
    with pytest.raises(InvalidData, match="overread"):
        r.ue()
    assert r.pos == 8


def _unescape_model(nal):
    out, zeros = bytearray(), 0
    for b in nal:
        if zeros >= 2 and b == 3:
            zeros = 0
            continue
        out.append(b)
        zeros = zeros + 1 if b == 0 else 0
    return bytes(out)


def test_unescape_rbsp_matches_bytewise_rule():
    rnd = random.Random(7)
    for _ in range(3000):
        nal = bytes(rnd.choice([0, 0, 0, 3, 3, 1]) for _ in range(rnd.randrange(0, 24)))
        assert unescape_rbsp(nal) == _unescape_model(nal)
        assert unescape_rbsp(bytearray(nal)) == _unescape_model(nal)
    assert type(unescape_rbsp(bytearray(b"ab"))) is bytes
