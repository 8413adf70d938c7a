"""parse_slice_cavlc against the reference: every slice of libx264 CAVLC intra streams
(data/*.h264 and the CAVLC intra fixtures of fixtures/h264) parses to exactly its stop bit,
and each picture's macroblock types and QPs equal the grid that `ffmpeg -debug mb_type+qp`
printed (data/*.grid, made by data/make_data.sh). Corrupt and truncated slices return an
error code and never raise."""
from __future__ import annotations

import numpy as np
import pytest

from cavlc_support import DATA, FIXTURES, golden_grids, grid_of, parse, pictures
from cine.engine.codecs.h264 import layout as L

STREAMS = sorted(p.name[:-len(".grid")] for p in DATA.glob("*.grid"))


def _path(name):
    return DATA / name if (DATA / name).exists() else FIXTURES / name


@pytest.mark.parametrize("name", STREAMS)
def test_pictures_match_reference_grid(name):
    path = _path(name)
    if not path.exists():
        pytest.skip("fixture missing")
    goldens = golden_grids(DATA / (name + ".grid"))
    count = 0
    for (sps, slices), golden in zip(pictures(path), goldens):
        arrays = L.picture_arrays(sps.mb_width, sps.mb_height, len(slices))
        decoded = 0
        for rbsp, bitpos, bitend, si in slices:
            got = parse(arrays, rbsp, bitpos, bitend, si)
            assert got > 0, (name, count, int(si[L.SI_SLICE_INDEX]), got)
            first = int(si[L.SI_FIRST_MB])
            assert (arrays["mb_slice"][first:first + got] == si[L.SI_SLICE_INDEX]).all()
            decoded += got
        assert decoded == sps.mb_width * sps.mb_height
        assert grid_of(arrays, sps.mb_width) == golden, (name, count)
        count += 1
    assert count == len(goldens)


def _first_slices(names):
    for name in names:
        path = _path(name)
        if path.exists():
            sps, slices = next(pictures(path))
            for s in slices:
                yield name, sps, s


def test_truncated_slices_fail_cleanly():
    """Every slice cut short (stop bit moved earlier) is an error, never an exception."""
    for name, sps, (rbsp, bitpos, bitend, si) in _first_slices(STREAMS):
        for cut in range(bitpos, bitend, max(1, (bitend - bitpos) // 40)):
            arrays = L.picture_arrays(sps.mb_width, sps.mb_height, 1)
            got = parse(arrays, rbsp[:(cut + 8) // 8], bitpos, cut, si)
            # a cut can fall exactly at a macroblock's end: then fewer macroblocks parse
            assert got == L.ERR_BITSTREAM or 0 < got < sps.mb_width * sps.mb_height, (name, cut)


def test_an_invalid_macroblock_is_left_undecoded():
    sps, slices = next(pictures(DATA / "slices2_odd.h264"))
    rbsp, bitpos, bitend, si = slices[0]
    whole = L.picture_arrays(sps.mb_width, sps.mb_height, 1)
    count = parse(whole, rbsp, bitpos, bitend, si)
    for cut in range(bitpos + 1, bitend, 7):
        arrays = L.picture_arrays(sps.mb_width, sps.mb_height, 1)
        if parse(arrays, rbsp, bitpos, cut, si) != L.ERR_BITSTREAM:
            continue
        done = int((arrays["mb_slice"] == 0).sum())
        assert done < count and (arrays["mb_slice"][done:] == -1).all()
        assert (arrays["mb_kind"][done:] == 0).all()
        for key in ("nnz", "coeffs", "luma_modes", "cbf_dc"):
            assert not arrays[key][done:].any(), key
            assert (arrays[key][:done] == whole[key][:done]).all(), key


def test_corrupt_slices_never_raise():
    rng = np.random.default_rng(6)
    for name, sps, (rbsp, bitpos, bitend, si) in _first_slices(["cavlc_baseline.h264",
                                                               "slices4_8x8.h264",
                                                               "ipcm_cavlc.h264"]):
        for _ in range(60):
            bad = rbsp.copy()
            for _ in range(rng.integers(1, 4)):
                bit = int(rng.integers(bitpos, bitend))
                bad[bit >> 3] ^= 0x80 >> (bit & 7)
            arrays = L.picture_arrays(sps.mb_width, sps.mb_height, 1)
            got = parse(arrays, bad, bitpos, bitend, si)
            assert got == L.ERR_BITSTREAM or got > 0


def test_random_bytes_never_raise():
    rng = np.random.default_rng(7)
    si = np.zeros(L.SI_STRIDE, np.int32)
    si[L.SI_MB_WIDTH], si[L.SI_MB_HEIGHT], si[L.SI_SLICE_QP] = 3, 2, 26
    si[L.SI_SLICE_TYPE], si[L.SI_CHROMA_FORMAT], si[L.SI_TRANSFORM_8X8] = 2, 1, 1
    for _ in range(300):
        data = rng.integers(0, 256, int(rng.integers(1, 200)), dtype=np.uint8)
        arrays = L.picture_arrays(3, 2, 1)
        got = parse(arrays, data, 0, data.size * 8, si)
        assert got == L.ERR_BITSTREAM or 0 < got <= 6


def test_slice_info_checks():
    sps, slices = next(pictures(DATA / "one_mb.h264"))
    rbsp, bitpos, bitend, si = slices[0]

    def run(**changes):
        s = si.copy()
        for key, value in changes.items():
            s[getattr(L, key)] = value
        return parse(L.picture_arrays(1, 1, 1), rbsp, bitpos, bitend, s)
    assert run() == 1
    assert run(SI_SLICE_TYPE=0) == L.ERR_UNSUPPORTED       # P
    assert run(SI_SLICE_TYPE=4) == L.ERR_UNSUPPORTED       # SI
    assert run(SI_CHROMA_FORMAT=2) == L.ERR_UNSUPPORTED
    assert run(SI_FIRST_MB=1) == L.ERR_BITSTREAM           # past the picture
    assert run(SI_SLICE_QP=52) == L.ERR_BITSTREAM
    assert run(SI_MB_WIDTH=2) == L.ERR_BITSTREAM           # arrays too small for that
    assert parse(L.picture_arrays(1, 1, 1), rbsp, bitpos, rbsp.size * 8 + 1, si) == L.ERR_BITSTREAM
    assert parse(L.picture_arrays(1, 1, 1), rbsp, bitend + 1, bitend, si) == L.ERR_BITSTREAM
