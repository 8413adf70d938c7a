"""parse_slice_cabac against the reference: every CABAC intra stream of fixtures/h264/ and
data/cabac_*.h264 is parsed slice by slice, and each picture's macroblock types and QPs must
equal the grid FFmpeg 5.1.9 prints (`-debug mb_type+qp`, goldens/cabac/*.mbgrid, made by
make_cabac_goldens.py); each slice's end_of_slice_flag must arrive exactly at the macroblock
before the next slice's first_mb_in_slice (or at the picture's last one). The data/ streams
also decode (H264Decoder: this parser, reconstruction, deblocking) to the reference's
framemd5, which checks every parsed level and mode (the fixtures' framemd5 are checked by
test_decode_reference.py)."""
import os

import numpy as np
import pytest

from cine.engine.codecs.h264 import layout as L
from cine.engine.codecs.h264.cabac_jit import parse_slice_cabac

from .cabac_ipcm_stream import make as make_ipcm_stream
from .cabac_stream import grid, parse_pictures, slices

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", "..", ".."))
GOLDENS = os.path.join(HERE, "goldens", "cabac")
NAMES = sorted(f[:-7] for f in os.listdir(GOLDENS) if f.endswith(".mbgrid"))


def _stream(name):
    for folder in (os.path.join(HERE, "data"), os.path.join(ROOT, "fixtures", "h264")):
        path = os.path.join(folder, name + ".h264")
        if os.path.exists(path):
            with open(path, "rb") as f:
                return f.read()
    raise FileNotFoundError(name)


def _golden(name):
    pictures = []
    with open(os.path.join(GOLDENS, name + ".mbgrid")) as f:
        for line in f:
            if line.startswith("picture"):
                pictures.append([])
            else:
                pictures[-1].append(line.rstrip("\n"))
    return pictures


@pytest.mark.parametrize("name", NAMES)
def test_macroblock_grid_matches_reference(name):
    data = _stream(name)
    expected = _golden(name)
    sps = slices(data)[0][3]
    got = list(parse_pictures(data))
    assert len(got) == len(expected)
    for (pic, spans), rows in zip(got, expected):
        starts = [s for s, _ in spans] + [sps.mb_width * sps.mb_height]
        assert [n for _, n in spans] == [b - a for a, b in zip(starts, starts[1:])]
        assert grid(pic, sps.mb_width) == rows


DATA_STREAMS = sorted(f[:-5] for f in os.listdir(os.path.join(HERE, "data"))
                      if f.startswith("cabac_") and f.endswith(".h264"))


@pytest.mark.parametrize("name", DATA_STREAMS)
def test_data_streams_decode_like_the_reference(name):
    from h264_decode_support import decode_keyframes, frame_md5, golden_frames
    from pathlib import Path
    _, want = golden_frames(Path(GOLDENS) / (name + ".framemd5"))
    frames = decode_keyframes(Path(HERE) / "data" / (name + ".h264"))
    assert [(sum(p.size for p in f.planes), frame_md5(f)) for f in frames] == \
        [(size, md5) for _, size, md5 in want]


def test_fields_follow_the_layout():
    """Spot checks of the arrays on a stream with I4x4, I8x8 and I16x16 macroblocks."""
    pic, _ = next(parse_pictures(_stream("cabac_high_8x8_slices2_qp4")))
    assert L.KIND_I8x8 in pic["mb_kind"] and len(set(pic["mb_kind"].tolist())) > 1
    for mb, kind in enumerate(pic["mb_kind"]):
        modes = pic["luma_modes"][mb]
        assert 0 <= pic["mb_chroma_mode"][mb] <= 3
        if kind == L.KIND_I8x8:
            assert all(modes[4 * i] == modes[4 * i + k] for i in range(4) for k in range(4))
            for i in range(4):                   # an 8x8 block's count in its four entries
                assert len(set(pic["nnz"][mb][4 * i:4 * i + 4].tolist())) == 1
        if kind in (L.KIND_I4x4, L.KIND_I8x8):
            assert modes.max() <= 8
            for b8 in range(4):              # levels only in the 8x8 blocks the cbp codes
                if pic["coeffs"][mb][64 * b8:64 * b8 + 64].any():
                    assert pic["mb_cbp"][mb] >> b8 & 1
        nz = np.count_nonzero(pic["coeffs"][mb][:256].reshape(16, 16), axis=1)
        if kind == L.KIND_I4x4:
            assert nz.tolist() == pic["nnz"][mb][:16].tolist()
        if kind == L.KIND_I16x16:
            assert pic["mb_cbp"][mb] & 15 in (0, 15)
            assert 0 <= pic["mb_i16_mode"][mb] <= 3
            ac = np.count_nonzero(pic["coeffs"][mb][:256].reshape(16, 16)[:, 1:], axis=1)
            assert ac.tolist() == pic["nnz"][mb][:16].tolist()
            assert not pic["coeffs"][mb][:256].reshape(16, 16)[:, 0].any()   # DC lives at 256
            assert bool(pic["coeffs"][mb][256:272].any()) == bool(pic["cbf_dc"][mb][0])


def test_ipcm_samples_and_neighbour_state():
    samples = {}
    data = make_ipcm_stream(samples)
    with open(os.path.join(HERE, "data", "cabac_ipcm.h264"), "rb") as f:
        assert f.read() == data                  # the stored stream is this generator's
    for p, (pic, _) in enumerate(parse_pictures(data)):
        for mb in range(12):
            if pic["mb_kind"][mb] != L.KIND_IPCM:
                continue
            assert pic["coeffs"][mb][:384].tolist() == samples[p, mb]
            assert pic["mb_qp"][mb] == 0 and pic["mb_cbp"][mb] == 0x2F
            assert pic["nnz"][mb].tolist() == [16] * L.NNZ_STRIDE


def _args(width, height):
    pic = L.picture_arrays(width, height, 4)
    return pic, [pic[k] for k in ("mb_kind", "mb_slice", "mb_qp", "mb_cbp", "mb_i16_mode",
                                  "mb_chroma_mode", "luma_modes", "nnz", "cbf_dc", "coeffs")]


def test_truncated_and_garbage_slices_fail_cleanly():
    rbsp, bytepos, si, sps = slices(_stream("cabac_main"))[0]
    for cut in (bytepos, bytepos + 1, bytepos + 5, len(rbsp) // 2, len(rbsp) - 1):
        _, args = _args(sps.mb_width, sps.mb_height)
        part = np.ascontiguousarray(rbsp[:cut])
        assert parse_slice_cabac(part, bytepos, si, *args) == L.ERR_BITSTREAM
    rng = np.random.default_rng(5)
    for _ in range(30):
        _, args = _args(sps.mb_width, sps.mb_height)
        junk = rng.integers(0, 256, rng.integers(1, 400), dtype=np.uint8)
        n = parse_slice_cabac(junk, 0, si, *args)
        assert n == L.ERR_BITSTREAM or 1 <= n <= sps.mb_width * sps.mb_height


def test_corrupted_slices_never_raise():
    """Bit flips and truncations of real slices, over arbitrary earlier state of the picture:
    the kernel returns a count or ERR_BITSTREAM and keeps QP_Y in range."""
    rng = np.random.default_rng(3)
    pool = []
    for name in ("cabac_main", "high_8x8", "gray", "low_qp_cabac", "cabac_ipcm"):
        pool += slices(_stream(name))
    for _ in range(400):
        rbsp, bytepos, si, sps = pool[rng.integers(len(pool))]
        data = rbsp.copy()
        for _ in range(rng.integers(1, 6)):
            data[rng.integers(bytepos, len(data))] ^= 1 << rng.integers(8)
        if rng.random() < 0.3:
            data = np.ascontiguousarray(data[:rng.integers(bytepos, len(data) + 1)])
        pic, args = _args(sps.mb_width, sps.mb_height)
        if rng.random() < 0.5:
            for key, high in (("mb_kind", 5), ("mb_slice", 3), ("mb_cbp", 48), ("mb_chroma_mode", 4),
                              ("luma_modes", 9), ("nnz", 17), ("cbf_dc", 2)):
                pic[key][:] = rng.integers(0, high, pic[key].shape)
        n = parse_slice_cabac(data, bytepos, si, *args)
        assert n == L.ERR_BITSTREAM or 1 <= n <= sps.mb_width * sps.mb_height
        assert 0 <= pic["mb_qp"].min() and pic["mb_qp"].max() <= 51


def test_bad_slice_info_is_rejected():
    rbsp, bytepos, si, sps = slices(_stream("cabac_main"))[0]
    _, args = _args(sps.mb_width, sps.mb_height)
    cases = ((L.SI_SLICE_TYPE, 0, L.ERR_UNSUPPORTED), (L.SI_CHROMA_FORMAT, 2, L.ERR_UNSUPPORTED),
             (L.SI_FIRST_MB, 10 ** 6, L.ERR_BITSTREAM), (L.SI_SLICE_QP, 60, L.ERR_BITSTREAM),
             (L.SI_MB_WIDTH, 1000, L.ERR_BITSTREAM), (L.SI_MB_HEIGHT, 0, L.ERR_BITSTREAM))
    for field, value, err in cases:
        bad = si.copy()
        bad[field] = value
        assert parse_slice_cabac(rbsp, bytepos, bad, *args) == err
    assert parse_slice_cabac(rbsp, len(rbsp) + 100, si, *args) == L.ERR_BITSTREAM
