"""Vorbis decoder pieces: the tables against the properties the specification states, the
codeword assignment, the IMDCT against a float64 transform, and hostile packets."""
from __future__ import annotations

import math
import random

import numpy as np
import pytest

from vorbis_decode_support import ROOT


def test_inverse_db_table():
    from cine.engine.codecs.vorbis.tables import inverse_db
    table = inverse_db()
    assert table.size == 256 and table[-1] == 1.0 and np.all(np.diff(table) > 0)
    i = np.arange(256)
    assert np.abs(table / 10 ** ((i - 255) * 7 / 256) - 1).max() < 1e-6


@pytest.mark.parametrize("n", [64, 256, 2048, 8192])
def test_windows_are_power_complementary(n):
    from cine.engine.codecs.vorbis.tables import window
    w = window(n).astype(np.float64)
    assert w.size == n // 2
    assert np.abs(w ** 2 + w[::-1] ** 2 - 1).max() < 3e-7
    # the reference's table values: the formula written with ten decimals
    assert float(w[0]) == float(np.float32(float("%.10f" % math.sin(
        math.pi / 2 * math.sin(0.5 / n * math.pi) ** 2))))


def test_codewords_follow_the_specification_example():
    """Vorbis I section 3.2.1: lengths 2 4 4 4 4 2 3 3 give codewords 00 0100 0101 0110 0111
    10 110 111 (written here first bit read lowest)."""
    from cine.engine.codecs.vorbis.codebook import codewords
    lengths = [2, 4, 4, 4, 4, 2, 3, 3]
    spec = ["00", "0100", "0101", "0110", "0111", "10", "110", "111"]
    want = [int(s[::-1], 2) for s in spec]
    assert codewords(lengths) == want


def test_packed_books_decode_every_codeword():
    from cine.engine.codecs.vorbis import packet_jit
    from cine.engine.codecs.vorbis.codebook import Codebook, PackedBooks, codewords
    rng = random.Random(5)
    # a complete code with lengths up to 14 bits (the table and the tree both used)
    lengths = [1] + [k for k in range(2, 15)] + [14]
    order = list(range(len(lengths)))
    rng.shuffle(order)
    lengths = [lengths[i] for i in order]
    books = PackedBooks([Codebook(1, [0, 3, 3, 2, 2, 2], None), Codebook(1, lengths, None)])
    codes = codewords(lengths)
    bitstring = []
    syms = [rng.randrange(len(lengths)) for _ in range(400)]
    for s in syms:
        bitstring += [codes[s] >> k & 1 for k in range(lengths[s])]
    data = np.zeros(len(bitstring) // 8 + 16, dtype=np.uint8)
    for i, b in enumerate(bitstring):
        data[i >> 3] |= b << (i & 7)
    bits = np.array([0, (data.size - 8) * 8 + 8], dtype=np.int64)
    got = [packet_jit._vlc(data, bits, 1, books.lut_off, books.root, books.lut, books.tree)
           for _ in syms]
    assert got == syms and bits[0] == len(bitstring)
    # book 0 has an unused entry: symbol numbers keep it
    assert codewords([0, 3, 3, 2, 2, 2])[0] == -1


@pytest.mark.parametrize("n", [64, 512, 4096])
def test_imdct_matches_the_definition(n):
    """The half IMDCT (FFmpeg's scale -1): z[k] = sum X[j] cos(2 pi / n (k + n/4 + 1/2 +
    n/4) (j + 1/2)), the middle half of the full inverse transform."""
    from cine.engine.codecs.vorbis.imdct_jit import synthesize
    from cine.engine.codecs.vorbis.imdct_tables import ImdctTables
    rng = np.random.default_rng(n)
    spec = rng.standard_normal((1, n // 2)).astype(np.float32)
    t = ImdctTables(n)
    z = np.zeros(n // 2, dtype=np.float32)
    saved = np.zeros((1, n // 4), dtype=np.float32)
    out = np.zeros((1, n // 2), dtype=np.float32)
    win = np.zeros(n // 2, dtype=np.float32)
    synthesize(spec, 0, 0, n, n, t.tcos, t.tsin, t.revtab, t.schedule, t.costab, win, saved, z,
               out)
    k = np.arange(n // 4, 3 * n // 4)[:, None] + 0.5 + n / 4
    j = np.arange(n // 2)[None, :] + 0.5
    full = np.cos(2 * np.pi / n * k * j) @ spec[0].astype(np.float64)
    assert np.abs(z - full).max() < 1e-4 * np.abs(full).max()


def _packets(rel):
    from cine.engine.demux import open_input
    inp = open_input(str(ROOT / rel))
    st = inp.ctx.streams[0]
    pkts = []
    while (p := inp.read_packet()) is not None:
        pkts.append(p.data)
    inp.close()
    return st.codecpar, pkts


def test_hostile_packets_raise_only_cine_errors():
    from cine.engine.codecs.vorbis.decoder import VorbisDecoder
    from cine.engine.errors import CineError
    from cine.engine.log import Logger
    par, pkts = _packets("fixtures/vorbis/transients.ogg")
    rng = random.Random(11)
    dec = VorbisDecoder(par, Logger("vorbis"))
    for i, p in enumerate(pkts):
        p = bytearray(p)
        how = i % 5
        if how == 1 and p:
            p = p[:rng.randrange(len(p))]                   # truncated
        elif how == 2:
            for _ in range(3):
                if p:
                    p[rng.randrange(len(p))] ^= 1 << rng.randrange(8)
        elif how == 3:
            p = bytearray(rng.randrange(256) for _ in range(rng.randrange(1, 300)))
        try:
            frames = dec.decode(bytes(p), i, i, 0)
        except CineError:
            continue
        for f in frames:
            assert f.data.dtype == np.float32 and f.data.shape[0] == 2
            assert f.nb_samples in (128, 576, 1024)


def test_header_errors():
    from cine.engine.codecs.vorbis.decoder import VorbisDecoder
    from cine.engine.errors import InvalidData
    from cine.engine.log import Logger
    from cine.engine.model import CodecParameters
    lines = []
    log = Logger("vorbis", lambda c, level, m: lines.append(m))
    par, _ = _packets("fixtures/vorbis/transients.ogg")
    for extradata, line in ((b"", "Extradata missing.\n"), (b"\x07abc", "Extradata corrupt.\n")):
        bad = CodecParameters()
        bad.extradata = extradata
        with pytest.raises(InvalidData):
            VorbisDecoder(bad, log)
        assert lines[-1] == line
    # an audio packet before the setup header of a new identification header
    dec = VorbisDecoder(par, log)
    ident = par.extradata[3:3 + 30]
    assert ident[:7] == b"\x01vorbis"
    assert dec.decode(ident, 0, 0, 0) == []
    with pytest.raises(InvalidData):
        dec.decode(b"\x00" * 20, 0, 0, 0)
    assert lines[-1] == "Data packet before valid headers\n"
