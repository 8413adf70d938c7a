"""Unit checks of the libswresample pieces: default matrices, internal format choice,
filter geometry, delay and next_pts bookkeeping, option and input validation."""
from __future__ import annotations

import math

import numpy as np
import pytest

from cine.engine import chlayout as CL
from cine.engine.errors import CineError, Unsupported
from cine.engine.filters.swr import Swr
from cine.engine.filters.swr.filter_design import bessel_i0, build_bank, filter_geometry
from cine.engine.filters.swr.matrix import default_matrix
from cine.engine.filters.swr.sample_formats import choose_internal

C = float(np.float32(math.sqrt(0.5)))       # clev/slev as float options hold them


def test_stereo_to_mono_matrix_is_half_each():
    m = default_matrix(CL.STEREO, CL.MONO, "s16", "s16p", {})
    assert m.tolist() == [[0.5, 0.5]]


def test_51_to_stereo_matrix_normalised_for_integer_output():
    m = default_matrix(CL.L5POINT1, CL.STEREO, "s16", "s16p", {})
    total = 1 + C + C
    assert np.allclose(m, np.array([[1, 0, C, 0, C, 0], [0, 1, C, 0, 0, C]]) / total,
                       rtol=0, atol=1e-15)


def test_51_to_stereo_matrix_not_normalised_for_float():
    m = default_matrix(CL.L5POINT1, CL.STEREO, "flt", "fltp", {})
    assert m[0].tolist() == [1, 0, C, 0, C, 0]


def test_mono_to_stereo_and_lfe_level():
    assert default_matrix(CL.MONO, CL.STEREO, "s16", "s16p", {}).ravel().tolist() == \
        [math.sqrt(0.5)] * 2
    m = default_matrix(CL.L5POINT1, CL.MONO, "flt", "fltp", {"lfe_mix_level": 1})
    assert m[0, 3] == 1.0


def test_internal_format_rules():
    assert choose_internal("s16", "s16", True, True) == "s16p"
    assert choose_internal("s16", "flt", False, False) == "s16p"
    assert choose_internal("s16", "flt", True, False) == "fltp"
    assert choose_internal("s32", "s32p", False, False) == "s32p"
    assert choose_internal("flt", "s16", False, True) == "fltp"
    assert choose_internal("dbl", "s16", False, True) == "dblp"


def test_filter_geometry():
    assert filter_geometry(44100, 16000, 32, 10, 0.0, True)[1:] == (92, 160)
    assert filter_geometry(48000, 16000, 32, 10, 0.0, True)[1:] == (100, 1)
    assert filter_geometry(16000, 48000, 32, 10, 0.0, True) == (1.0, 32, 3)
    assert filter_geometry(44100, 16000, 32, 10, 0.0, False)[2] == 1024


def test_bank_phase0_sums_to_unit_and_mirrors():
    factor, length, pc = filter_geometry(44100, 48000, 32, 10, 0.0, True)
    bank = build_bank(factor, length, pc, "s16p")
    assert abs(int(bank[0].astype(np.int64).sum()) - 32768) <= length
    assert bank[1, :length].tolist() == bank[pc - 1, :length][::-1].tolist()
    assert bank[pc, 1:].tolist() == bank[0, :-1].tolist()


def test_bessel_i0():
    assert bessel_i0(0.0) == 1.0
    assert abs(float(bessel_i0(9.0)) - 1093.5883545113745) < 1e-9


def test_delay_and_next_pts():
    swr = Swr("s16", 44100, "mono", 1, "s16", 16000, "mono", 1)
    assert swr.get_delay(44100) == 0
    assert swr.convert(np.zeros((1, 50), np.int16)).shape == (1, 0)
    assert swr.get_delay(44100) == 50           # held before the filter can start
    out = swr.convert(np.zeros((1, 4410), np.int16))
    assert out.shape[0] == 1 and out.shape[1] > 0
    pts = swr.next_pts(4460 * 16000)           # input pts of the next frame
    assert pts == 4460 * 16000 - swr.get_delay(44100 * 16000)
    assert swr.next_pts(None) == pts


def test_no_resampling_no_delay():
    swr = Swr("fltp", 48000, "stereo", 2, "s16", 48000, "stereo", 2)
    assert swr.convert(np.zeros((2, 10), np.float32)).dtype == np.int16
    assert swr.delay == 0 and swr.flush().shape == (2, 0)


@pytest.mark.parametrize("opts", [{"dither_method": "triangular"}, {"resampler": "soxr"},
                                  {"async": "1"}, {"min_comp": "0.001"},
                                  {"matrix_encoding": "dolby"}, {"nonsense": 1}])
def test_unsupported_options(opts):
    with pytest.raises(Unsupported):
        Swr("s16", 44100, "stereo", 2, "s16", 16000, "mono", 1, opts)


def test_options_accepted():
    Swr("s16", 44100, "stereo", 2, "s16", 16000, "mono", 1,
        {"dither_method": "none", "resampler": "swr", "clev": "0.5", "rmvol": "0.9",
         "linear_interp": "false", "cutoff": "0.8"})


def test_bad_input_raises_cine_error():
    swr = Swr("s16", 44100, "stereo", 2, "s16", 16000, "stereo", 2)
    with pytest.raises(CineError):
        swr.convert(np.zeros((1, 10), np.int16))
    with pytest.raises(CineError):
        swr.convert(np.zeros((2, 10), np.float32))
    with pytest.raises(CineError):
        Swr("s17", 44100, "stereo", 2, "s16", 16000, "stereo", 2)
    with pytest.raises(CineError):
        Swr("s16", 0, "stereo", 2, "s16", 16000, "stereo", 2)


def test_flush_twice_and_after_flush():
    swr = Swr("flt", 48000, "stereo", 2, "flt", 16000, "stereo", 2)
    swr.convert(np.full((2, 3000), 0.25, np.float32))
    tail = swr.flush()
    assert tail.shape[1] > 0
    assert swr.flush().shape == (2, 0)
    assert swr.convert(np.ones((2, 100), np.float32)).shape == (2, 0)


def test_dc_passes_resampler_unchanged():
    swr = Swr("s16", 44100, "mono", 1, "s16", 16000, "mono", 1)
    out = np.concatenate([swr.convert(np.full((1, 44100), 1000, np.int16)), swr.flush()],
                         axis=1)
    assert out.shape[1] == 16000
    assert np.all(np.abs(out[0, 10:-10].astype(int) - 1000) <= 2)


@pytest.mark.parametrize("opts", [{"filter_size": "abc"}, {"phase_shift": "30"},
                                  {"cutoff": "2"}, {"kaiser_beta": "1"}, {"clev": "x"},
                                  {"rematrix_volume": "5000"}])
def test_bad_option_values_raise_cine_error(opts):
    with pytest.raises(CineError):
        Swr("s16", 44100, "stereo", 2, "s16", 16000, "mono", 1, opts)


def test_huge_filter_refused():
    with pytest.raises(Unsupported):
        Swr("s16", 44100, "stereo", 2, "s16", 16000, "stereo", 2,
            {"filter_size": "1000000", "exact_rational": "0"})


def test_stream_options_ignored():
    Swr("s16", 44100, "stereo", 2, "s16", 16000, "mono", 1, {"osr": "16000", "ochl": "mono"})


def test_flush_in_pieces_keeps_bytes_and_pts():
    data = (np.arange(2 * 5000, dtype=np.int64).reshape(2, 5000) % 2000 - 1000).astype(np.int16)
    whole = Swr("s16", 8000, "stereo", 2, "s16", 48000, "stereo", 2)
    whole.convert(data)
    tail = whole.flush()
    parts = Swr("s16", 8000, "stereo", 2, "s16", 48000, "stereo", 2)
    parts.convert(data)
    pieces, pts = [], []
    while True:
        pts.append(parts.next_pts(None))
        piece = parts.flush(10)
        if not piece.shape[1]:
            break
        pieces.append(piece)
    assert np.array_equal(np.concatenate(pieces, axis=1), tail)
    assert [b - a for a, b in zip(pts, pts[1:])] == [p.shape[1] * 8000 for p in pieces]
