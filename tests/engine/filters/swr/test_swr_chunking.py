"""Properties of the fast paths, checked without the reference: the resampling kernels
(two outputs, or two filter phases, per pass; the input buffer that grows and compacts in
place) give the same samples whatever the frame sizes, and the one-pass fltp -> s16
rematrix and conversion (mix_out_jit) equals the general path, NaN and huge values
included (where it hands over to the general path)."""
from __future__ import annotations

import numpy as np
import pytest

from cine.engine.filters.swr import Swr
from cine.engine.filters.swr.filter_design import bessel_i0


def _signal(fmt, channels, n, seed=3):
    x = np.random.default_rng(seed).standard_normal((channels, n)) * 0.3
    if fmt == "s16":
        return np.clip(np.rint(x * 32768), -32768, 32767).astype(np.int16)
    return x.astype(np.float32 if fmt == "flt" else np.float64)


def _run(swr, data, sizes):
    parts, at, k = [], 0, 0
    while at < data.shape[1]:
        step = sizes[k % len(sizes)]
        parts.append(swr.convert(data[:, at:at + step]))
        at, k = at + step, k + 1
    parts.append(swr.flush())
    return np.concatenate(parts, axis=1)


@pytest.mark.parametrize("fmt", ["s16", "flt", "dbl"])
@pytest.mark.parametrize("rates", [(48000, 16000), (44100, 16000), (8000, 22050)])
@pytest.mark.parametrize("channels", [1, 2])
def test_output_independent_of_frame_sizes(fmt, rates, channels):
    data = _signal(fmt, channels, 12000)

    def make():
        return Swr(fmt, rates[0], None, channels, fmt, rates[1], None, channels)
    whole = _run(make(), data, [12000])
    assert whole.shape[1] > 0
    for sizes in ([1, 7, 333], [4096], [5000, 1], [10]):
        assert np.array_equal(_run(make(), data, sizes), whole)


@pytest.mark.parametrize("rates", [(48000, 16000), (44100, 16000), (44100, 44100)])
@pytest.mark.parametrize("layouts", [("stereo", 2, "mono", 1), ("mono", 1, "mono", 1),
                                     ("stereo", 2, "stereo", 2), ("mono", 1, "stereo", 2)])
def test_one_pass_s16_output_equals_general_path(rates, layouts):
    in_layout, in_ch, out_layout, out_ch = layouts
    if rates[0] == rates[1] and in_layout == out_layout:
        pytest.skip("a plain format conversion")
    data = _signal("flt", in_ch, 6000) * 3
    data[:, 100:110] = [np.nan, np.inf, -np.inf, 1e6, -1e6, 3e38, 65536.0, 1.0, -1.0, 0.5]
    data[:, 3000:3010] = 70000.0

    def make(fast):
        swr = Swr("flt", rates[0], in_layout, in_ch, "s16", rates[1], out_layout, out_ch)
        assert swr.fast_s16
        swr.fast_s16 = fast
        return swr
    clean = _signal("flt", in_ch, 6000, seed=4)
    for x in (data, clean):
        assert np.array_equal(_run(make(True), x, [1024]), _run(make(False), x, [1024]))


def test_bessel_i0_against_its_series():
    def series(x):
        q, term, total = (x / 2) ** 2, 1.0, 1.0
        for k in range(1, 400):
            term *= q / (k * k)
            total += term
        return total
    points = np.linspace(-16, 16, 129)
    got = bessel_i0(points)
    assert got[64] == 1.0                   # exactly 1 at 0
    for x, v in zip(points, got):
        assert abs(v / series(x) - 1) < 2e-15


@pytest.mark.parametrize("case", [("stereo", 2, "mono", 1, None), ("mono", 1, "stereo", 2, None),
                                  ("stereo", 2, "mono", 1, {"rematrix_volume": "3"}),
                                  ("stereo", 2, "mono", 1, {"rematrix_volume": "-2.5"}),
                                  ("stereo", 2, "5.1", 6, None)])
def test_s16_rematrix_pass_equals_general_path(case):
    in_layout, in_ch, out_layout, out_ch, opts = case
    loud = (np.random.default_rng(5).standard_normal((in_ch, 5000)) * 20000).clip(-32768, 32767)
    data = loud.astype(np.int16)

    def make(fast):
        swr = Swr("s16", 44100, in_layout, in_ch, "s16", 44100, out_layout, out_ch, opts)
        assert swr.mixer.s16_kinds is not None
        if not fast:
            swr.mixer.s16_kinds = None
        return swr
    for sizes in ([1024], [7, 100]):
        assert np.array_equal(_run(make(True), data, sizes), _run(make(False), data, sizes))
