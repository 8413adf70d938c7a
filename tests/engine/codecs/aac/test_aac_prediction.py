"""AAC Main (backward-adaptive prediction) and AAC LTP (long-term prediction) against FFmpeg
5.1.9's decoder: stored goldens of the reference's output (the md5 of its s16 samples, see
make_aac_prediction_goldens.py) run without FFmpeg; with FFmpeg 5.1.9 installed the fixtures
and handmade streams are also compared live. Also: the 16-bit float cuts of the predictor
against their bit definitions, glibc's sinf that makes the sine windows, the side-info
errors, damaged streams."""
import ctypes
import ctypes.util
import hashlib
import json
import math
import os
import platform
import random
import subprocess
import sys

import numpy as np
import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from aac_support import agreement, cine_decode, have_reference, path_of, reference_decode, \
    to_s16  # noqa: E402
from make_aac_prediction_goldens import GOLDENS, PREDICTION_FIXTURES  # noqa: E402
from test_aac_behaviour import _Bits  # noqa: E402

from cine.engine.codecs.aac import prediction_jit as P  # noqa: E402
from cine.engine.codecs.aac.decoder import AacDecoder  # noqa: E402
from cine.engine.errors import CineError, InvalidData  # noqa: E402
from cine.engine.log import Logger  # noqa: E402
from cine.engine.model import CodecParameters  # noqa: E402

with open(GOLDENS) as f:
    GOLDEN = json.load(f)


def test_goldens_cover_the_fixtures():
    assert sorted(GOLDEN) == sorted(PREDICTION_FIXTURES)


@pytest.mark.parametrize("name", PREDICTION_FIXTURES)
def test_decode_matches_reference_golden(name):
    g = GOLDEN[name]
    data, layout, rate, _lines, errors = cine_decode(path_of(name))
    assert data.shape == (g["samples"], g["channels"])
    assert (layout, rate, errors) == (g["layout"], g["sample_rate"], g["errors"])
    assert hashlib.md5(to_s16(data).tobytes()).hexdigest() == g["reference_md5_s16"]


@pytest.mark.skipif(not have_reference(), reason="needs FFmpeg 5.1.9")
@pytest.mark.parametrize("name", PREDICTION_FIXTURES)
def test_decode_matches_reference_live(name):
    path = path_of(name)
    data, _layout, _rate, _lines, _errors = cine_decode(path)
    ref = reference_decode(path, data.shape[1])
    assert ref.shape == data.shape
    a = agreement(data, ref)
    # the same float values (only the sign of some zeros may differ), so the same s16
    assert a["f32_maxdiff"] == 0.0 and a["s16_identical"] == 1.0, a


def _bits_of(value: np.ndarray) -> np.ndarray:
    return value.astype(np.float32).view(np.uint32).astype(np.uint64)


def _from_bits(bits: np.ndarray) -> np.ndarray:
    return (bits & 0xFFFFFFFF).astype(np.uint32).view(np.float32)


def _float_cases() -> np.ndarray:
    rng = np.random.default_rng(7)
    bits = rng.integers(0, 1 << 32, 20000, dtype=np.uint64)
    bits = bits[(bits & 0x7F800000) != 0x7F800000]          # finite only
    tie = (bits & ~np.uint64(0xFFFF)) | np.uint64(0x8000)    # halfway patterns
    carry = bits | np.uint64(0xFFFF)                         # carries into the exponent
    subnormal = bits & np.uint64(0x807FFFFF)
    return _from_bits(np.concatenate([bits, tie, carry, subnormal,
                                      np.array([0, 0x80000000, 1, 0x7F7FFFFF], np.uint64)]))


def test_predictor_float_cuts_match_their_bit_definitions():
    """FFmpeg 5.1.9's flt16_trunc/round/even: bit-pattern operations on the float."""
    x = _float_cases()
    b = _bits_of(x)
    sign = b & np.uint64(0x80000000)
    expect_trunc = _from_bits(b & np.uint64(0xFFFF0000))
    expect_round = _from_bits(((b + np.uint64(0x8000)) & np.uint64(0xFFFF0000)))
    expect_even = _from_bits(((b + np.uint64(0x7FFF) + (b & np.uint64(1)))
                              & np.uint64(0xFFFF0000)))
    for fn, expect in ((P.flt16_trunc, expect_trunc), (P.flt16_round, expect_round),
                       (P.flt16_even, expect_even)):
        got = np.array([fn(np.float32(v)) for v in x], np.float32)
        same = got.view(np.uint32) == expect.view(np.uint32)
        assert same.all(), (fn, x[~same][:5], got[~same][:5], expect[~same][:5])
    assert sign.any()


def test_sine_window_sinf_is_glibcs():
    """T.sinf against the C library's, where that is glibc (the reference's)."""
    from cine.engine.codecs.aac import numeric_tables as T
    name = ctypes.util.find_library("m")
    if not name or platform.libc_ver()[0] != "glibc":
        pytest.skip("needs glibc's libm")
    libm = ctypes.CDLL(name)
    libm.sinf.restype = ctypes.c_float
    libm.sinf.argtypes = [ctypes.c_float]
    x = np.concatenate([np.linspace(0, math.pi / 2, 20001).astype(np.float32),
                        ((np.arange(1024) + 0.5) * (math.pi / 2048)).astype(np.float32),
                        ((np.arange(128) + 0.5) * (math.pi / 256)).astype(np.float32)])
    expect = np.array([libm.sinf(float(v)) for v in x], np.float32)
    assert (T.sinf(x).view(np.uint32) == expect.view(np.uint32)).all()
    # and glibc's sinf is not the correctly rounded sine there: the table would differ
    rounded = np.sin(x.astype(np.float64)).astype(np.float32)
    assert (rounded.view(np.uint32) != expect.view(np.uint32)).sum() > 10


def _adts(payload: bytes, aot: int, sr_index: int = 4) -> bytes:
    size = 7 + len(payload)
    w = _Bits().put(0xFFF, 12).put(0, 1).put(0, 2).put(1, 1).put(aot - 1, 2).put(sr_index, 4)
    w.put(0, 1).put(1, 3).put(0, 4).put(size, 13).put(0x7FF, 11).put(0, 2)
    return w.bytes() + payload


def _sce(prediction=None, tns_order=0) -> bytes:
    """An SCE of one long window, max_sfb 0, with the given prediction side info (bits
    after predictor_data_present = 1) and optionally one TNS filter of that order."""
    w = _Bits().put(0, 3).put(0, 4).put(100, 8)
    w.put(0, 1).put(0, 2).put(0, 1).put(0, 6)
    if prediction is None:
        w.put(0, 1)
    else:
        w.put(1, 1)
        for value, n in prediction:
            w.put(value, n)
    w.put(0, 1)                                   # no pulse
    if tns_order:
        w.put(1, 1).put(1, 2).put(0, 1).put(0, 6).put(tns_order, 5).put(0, 1).put(0, 1)
        for _ in range(tns_order):
            w.put(0, 3)
    else:
        w.put(0, 1)
    w.put(0, 1).put(7, 3)                         # no gain control, END
    return w.bytes()


def _decoder(lines):
    par = CodecParameters(codec_type="audio", codec_name="aac", sample_rate=44100, channels=1)
    return AacDecoder(par, Logger("aac", lambda _c, level, msg: lines.append((level, msg))))


def _reference_log(stream: bytes, tmp_path) -> str:
    path = tmp_path / "s.aac"
    path.write_bytes(stream)
    return subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-f", "null", "-"],
                          capture_output=True, text=True).stderr


HANDMADE = {
    # AAC Main: reset group 31 does not exist
    "bad_reset_group": (1, [(1, 1), (31, 5)], 0, "Invalid Predictor Reset Group.\n"),
    # AAC Main: reset group 30 with no band predicted (max_sfb 0): fine
    "reset_group": (1, [(1, 1), (30, 5)], 0, None),
    # AAC Main allows TNS filters of order 20 on long windows, LC 12
    "main_tns_order": (1, None, 15, None),
    "lc_tns_order": (2, None, 15, "TNS filter order 15 is greater than maximum 12.\n"),
    # AAC LTP with ltp_data: lag 1500, gain index 7, no band (max_sfb 0)
    "ltp_data": (4, [(1, 1), (1500, 11), (7, 3)], 0, None),
    # AAC-LC with predictor_data_present
    "lc_prediction": (2, [], 0, "Prediction is not allowed in AAC-LC.\n"),
}


@pytest.mark.parametrize("case", sorted(HANDMADE))
def test_side_info_errors(case, tmp_path):
    aot, prediction, tns_order, error = HANDMADE[case]
    packets = [_adts(_sce(), aot), _adts(_sce(prediction, tns_order), aot), _adts(_sce(), aot)]
    lines = []
    dec = _decoder(lines)
    frames = failed = 0
    for packet in packets:
        try:
            frames += len(dec.decode(packet))
        except InvalidData:
            failed += 1
    assert (frames, failed) == ((2, 1) if error else (3, 0))
    if error:
        assert (16, error) in lines
    if have_reference():
        log = _reference_log(b"".join(packets), tmp_path)
        assert (error or "") in log and (bool(error) == ("Error while decoding" in log)), log


def test_ssr_decodes_as_lc():
    """An SSR AudioSpecificConfig opens the decoder, and the raw data blocks decode as they
    do under LC's (the reference reads SSR's ics_info as LC's and fails only frames with
    gain control data; test_aac_adts_header checks the ADTS case against it)."""
    data = open(path_of("fixtures/aac/adts.aac"), "rb").read()
    blocks, pos = [], 0
    while pos + 7 <= len(data):
        size = ((data[pos + 3] & 3) << 11) | (data[pos + 4] << 3) | (data[pos + 5] >> 5)
        blocks.append(data[pos + 7:pos + size])
        pos += size
    out = {}
    for aot in (2, 3):                  # 44.1 kHz (index 4), stereo: LC, then SSR
        asc = ((aot << 11) | (4 << 7) | (2 << 3)).to_bytes(2, "big")
        par = CodecParameters(codec_type="audio", codec_name="aac", sample_rate=44100,
                              channels=2, extradata=asc)
        dec = AacDecoder(par, Logger("aac", None))
        out[aot] = b"".join(fr.data.tobytes() for b in blocks for fr in dec.decode(b))
    assert out[2] and out[3] == out[2]


@pytest.mark.parametrize("name", ["fixtures/aac/main_16k.aac", "fixtures/aac/ltp_mono.aac",
                                  "fixtures/aac/ltp_stereo.aac"])
def test_damaged_streams_only_raise_cine_errors(name):
    data = bytearray(open(path_of(name), "rb").read())
    rng = random.Random(name)
    for _ in range(3):
        damaged = bytearray(data)
        for _ in range(40):
            damaged[rng.randrange(7, len(damaged))] = rng.randrange(256)
        dec = _decoder([])
        pos = 0
        while pos + 7 <= len(damaged):
            size = ((damaged[pos + 3] & 3) << 11) | (damaged[pos + 4] << 3) \
                | (damaged[pos + 5] >> 5)
            try:
                dec.decode(bytes(damaged[pos:pos + max(size, 7)]))
            except CineError:
                pass
            pos += max(size, 7)
