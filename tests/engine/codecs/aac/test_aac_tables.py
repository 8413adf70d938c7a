"""The AAC decoder's tables: the transcribed standard tables checked against properties
the standard states, the computed ones against their formulas, and the IMDCT against the
transform's definition (ISO/IEC 14496-3 4.6.11)."""
import math

import numpy as np
import pytest

from cine.engine.codecs.aac import bands, huffman, huffman_tables as H, numeric_tables as T


def _kraft_complete_prefix_free(bits, codes):
    assert sum(2.0 ** -b for b in bits) == 1.0          # a complete code
    words = sorted(format(c, "0%db" % b) for b, c in zip(bits, codes))
    for a, b in zip(words, words[1:]):                  # prefix-free (sorted neighbours)
        assert not b.startswith(a)
    assert all(c < 1 << b for b, c in zip(bits, codes))


def test_huffman_codebooks_are_complete_prefix_codes():
    _kraft_complete_prefix_free(H.SCALEFACTOR_BITS, H.SCALEFACTOR_CODES)
    assert len(H.SCALEFACTOR_BITS) == 121 and H.SCALEFACTOR_BITS[60] == 1
    sizes = [81, 81, 81, 81, 81, 81, 64, 64, 169, 169, 289]
    for book, (bits, codes) in enumerate(zip(H.SPECTRAL_BITS, H.SPECTRAL_CODES), 1):
        assert len(bits) == sizes[book - 1]
        _kraft_complete_prefix_free(bits, codes)


def test_lookup_tables_decode_every_codeword():
    books = [(H.SCALEFACTOR_BITS, H.SCALEFACTOR_CODES)] + list(zip(H.SPECTRAL_BITS,
                                                                   H.SPECTRAL_CODES))
    for book, (bits, codes) in enumerate(books):
        for symbol, (length, code) in enumerate(zip(bits, codes)):
            stream = (code << (40 - length)) | ((1 << (40 - length)) - 1)   # ones after
            pos, offset, nbits = 0, int(huffman.ROOTS[book]), huffman.ROOT_BITS
            while True:
                index = (stream >> (40 - pos - nbits)) & ((1 << nbits) - 1)
                e = int(huffman.TABLE[offset + index])
                if e >= 0:
                    assert (e >> 5, pos + (e & 31)) == (symbol, length)
                    break
                pos += nbits
                offset, nbits = (-e) >> 5, (-e) & 31


def test_signed_spectral_codes_decode_every_codeword_with_its_signs():
    """spectral_jit's tables of codewords followed by their sign bits: every codeword with
    every combination of signs for its nonzero values (unsigned books) decodes, through the
    bit cache, to the row of the values' |q|^(4/3) with those signs, and is 20 bits at most
    (the cache holds 32 before each codeword)."""
    from cine.engine.codecs.aac import spectral_jit as S
    for book in range(1, 12):
        dim = 4 if book <= 4 else 2
        rows = S.SPEC_QUADS if dim == 4 else S.SPEC_PAIRS
        unsigned = book not in (1, 2, 5, 6)
        for symbol, (length, code) in enumerate(zip(H.SPECTRAL_BITS[book - 1],
                                                    H.SPECTRAL_CODES[book - 1])):
            q = huffman.VALUES[book, symbol, :dim]
            nonzero = [j for j in range(dim) if q[j]] if unsigned else []
            for signs in range(1 << len(nonzero)):
                total = length + len(nonzero)
                assert total <= 20
                word = (code << len(nonzero)) | signs
                cache = (word << (32 - total)) | ((1 << (32 - total)) - 1)   # ones after
                row, count = S._lookup(np.int64(cache), 32, S.SPEC_TABLE, int(S.SPEC_ROOTS[book]),
                                       S.SPEC_ROOT_BITS)
                assert count == 32 - total
                expect = huffman.DEQUANT[book, symbol, :dim].copy()
                for i, j in enumerate(nonzero):
                    if (signs >> (len(nonzero) - 1 - i)) & 1:
                        expect[j] = -expect[j]
                assert rows[row].tobytes() == expect.tobytes()
                escaped = [j for j in range(dim) if book == 11 and q[j] == 16]
                if dim == 2:
                    assert S.SPEC_ESCAPED[row] == sum(1 << j for j in escaped)


def test_bit_cache_reads_the_bits_peek32_reads():
    """The bit cache of the spectral and scalefactor data reads what peek32 reads, from any
    position, zeros past the end of the buffer included, refill after refill."""
    from cine.engine.codecs.aac import spectral_jit as S
    rng = np.random.default_rng(7)
    for size in (0, 1, 3, 4, 5, 9, 40):
        buf = rng.integers(0, 256, size, dtype=np.uint8)
        for pos in range(0, 8 * size + 80, 3):
            cache, count, nxt = S._bits_at(buf, pos)
            assert count >= 32 and 8 * nxt - count == pos
            at = pos
            for step in (5, 19, 1, 13, 20, 7):
                assert (cache >> (count - 32)) & 0xFFFFFFFF == S.peek32(buf, at)
                count -= step
                at += step
                cache, count, nxt = S._refill(buf, cache, count, nxt)
                assert 32 <= count <= 63 and 8 * nxt - count == at


def test_codebook_values_match_the_index_packing():
    v = huffman.VALUES
    assert list(v[1, 0]) == [-1, -1, -1, -1] and list(v[2, 80]) == [1, 1, 1, 1]
    assert list(v[4, 5]) == [0, 0, 1, 2] and list(v[6, 40]) == [0, 0, 0, 0]
    assert list(v[5, 0, :2]) == [-4, -4] and list(v[8, 63, :2]) == [7, 7]
    assert list(v[10, 168, :2]) == [12, 12] and list(v[11, 288, :2]) == [16, 16]


def test_scalefactor_bands():
    for i in range(13):
        for table, size in ((bands.SWB_OFFSET_LONG[i], 1024), (bands.SWB_OFFSET_SHORT[i], 128)):
            assert table[0] == 0 and table[-1] == size
            assert all(b > a and (b - a) % 4 == 0 for a, b in zip(table, table[1:]))
    counts = [len(t) - 1 for t in bands.SWB_OFFSET_LONG]
    assert counts == [41, 41, 47, 49, 49, 51, 47, 47, 43, 43, 43, 40, 40]
    assert [len(t) - 1 for t in bands.SWB_OFFSET_SHORT] == [12] * 3 + [14] * 3 + [15] * 7
    assert all(b <= c for b, c in zip(bands.TNS_MAX_BANDS_LONG, counts))


def test_pow43_and_pow2sf():
    q = np.arange(8192, dtype=np.float64)
    exact = (q ** (4.0 / 3.0)).astype(np.float32)
    assert np.mean(T.POW43 == exact) > 0.99
    assert np.abs(T.POW43.astype(np.float64) - q ** (4.0 / 3.0)).max() / 8191 ** (4 / 3) < 1e-7
    i = np.arange(T.POW2SF_SIZE)
    assert np.array_equal(T.POW2SF, (2.0 ** ((i - 200) / 4.0)).astype(np.float32))


def test_tns_coefficients_follow_the_formula():
    for res, (pos, neg) in T._TNS_SIN.items():
        iq = ((1 << (res - 1)) - 0.5) / (math.pi / 2)
        iqm = ((1 << (res - 1)) + 0.5) / (math.pi / 2)
        for q, v in enumerate(pos, 1):
            assert abs(v - math.sin(q / iq)) < 1e-7
        for q, v in enumerate(neg, 1):
            assert abs(v - math.sin(q / iqm)) < 1e-7


@pytest.mark.parametrize("window", [T.SINE_LONG, T.SINE_SHORT, T.KBD_LONG, T.KBD_SHORT])
def test_windows_satisfy_princen_bradley(window):
    w = window.astype(np.float64)
    assert np.abs(w ** 2 + w[::-1] ** 2 - 1).max() < 1e-6
    assert np.all(np.diff(w) >= 0)


@pytest.mark.parametrize("n", [2048, 256])
def test_imdct_half_is_the_scaled_imdct(n):
    from cine.engine.codecs.aac.synthesis_jit import imdct_half
    rng = np.random.default_rng(1)
    spec = rng.standard_normal((1, n // 2)).astype(np.float32)
    tc, ts = T._imdct_twiddles(n)
    zr = np.zeros(n // 4, np.float32)
    zi = np.zeros(n // 4, np.float32)
    half = np.zeros(n // 2, np.float32)
    imdct_half(spec, 0, 0, n, tc, ts, T.fft_plan(n // 4), T.fft_input_order(n // 4), T.FFT_COS,
               T.FFT_COS_AT, zr, zi, half, 0)
    # the middle half of sum_k X[k] cos(2pi/N (t + n0)(k + 1/2)), n0 = (N/2 + 1)/2 (the
    # standard's x[t] without its 2/N), times -1/(32768 * N/2)
    t = np.arange(n)[:, None]
    k = np.arange(n // 2)[None, :]
    full = (np.cos(2 * np.pi / n * (t + (n / 2 + 1) / 2) * (k + 0.5)) @ spec[0].astype(np.float64))
    expect = -full[n // 4: 3 * n // 4] / (32768.0 * n / 2)
    assert np.abs(half - expect).max() < 1e-6 * np.abs(expect).max()

