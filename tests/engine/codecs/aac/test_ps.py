"""Parametric stereo (cine/engine/codecs/aac/ps): ps_data parsing round-trips through the
fixture crafter's writer (fixtures/aac/craft_sbr.py) in every mode, the reference's error
paths and hostile payloads, the tables against the standard's formulas and properties, and
the frame kernel against what the standard implies (the hybrid filterbank reconstructs its
input; unit matrices give both outputs equal to the input)."""
import math
import os
import random
import sys

import numpy as np
import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from aac_support import fixture_module  # noqa: E402

from cine.engine.bitstream.bitreader import BitReader  # noqa: E402
from cine.engine.codecs.aac.ps import huffman, tables as T  # noqa: E402
from cine.engine.codecs.aac.ps.apply import apply_ps  # noqa: E402
from cine.engine.codecs.aac.ps.parse import read_ps_data  # noqa: E402
from cine.engine.codecs.aac.ps.state import PsState  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))))
FIXTURES = os.path.join(ROOT, "fixtures", "aac")


CRAFT = fixture_module("craft_sbr")
BOOKS = {"iid_df_coarse": "IID_F_COARSE", "iid_dt_coarse": "IID_T_COARSE",
         "iid_df_fine": "IID_F_FINE", "iid_dt_fine": "IID_T_FINE", "icc_df": "ICC_F",
         "icc_dt": "ICC_T", "ipd_df": "IPD_F", "ipd_dt": "IPD_T", "opd_df": "OPD_F",
         "opd_dt": "OPD_T"}


class Log:
    def __init__(self):
        self.lines = []

    def error(self, msg):
        self.lines.append(("error", msg))

    def warning(self, msg):
        self.lines.append(("warning", msg))

    def debug(self, msg):
        self.lines.append(("debug", msg))


def _bytes(bits: str) -> bytes:
    bits += "0" * (-len(bits) % 8)
    return int(bits or "0", 2).to_bytes(len(bits) // 8, "big") if bits else b""


# ---------------------------------------------------------------- codebooks and tables

def test_codebooks_match_the_crafters_and_are_complete_prefix_codes():
    for mine, theirs in BOOKS.items():
        words = huffman.book(mine).codewords()
        assert words == getattr(CRAFT.T, theirs), mine
        assert sum(2.0 ** -len(w) for w in words.values()) == 1.0
        ordered = sorted(words.values())
        assert not any(b.startswith(a) for a, b in zip(ordered, ordered[1:]))
    # value ranges of the standard: IID +-14 / +-30, ICC +-7, IPD/OPD 0..7
    assert (huffman.book("iid_df_coarse").lowest, huffman.book("iid_df_coarse").size) == (-14, 29)
    assert (huffman.book("iid_dt_fine").lowest, huffman.book("iid_dt_fine").size) == (-30, 61)
    assert (huffman.book("icc_dt").lowest, huffman.book("icc_dt").size) == (-7, 15)
    assert (huffman.book("opd_df").lowest, huffman.book("opd_df").size) == (0, 8)


def test_mixing_matrices():
    c = np.array(T._IID_DEQUANT, np.float64)
    # R_a: (h11, h21) has the norm c2, (h12, h22) the norm c1, c1^2 + c2^2 = 2, c2/c1 = c
    ha = T.HA.astype(np.float64)
    n2 = np.hypot(ha[..., 0], ha[..., 2])
    n1 = np.hypot(ha[..., 1], ha[..., 3])
    assert np.allclose(n1 ** 2 + n2 ** 2, 2, atol=1e-5)
    assert np.allclose(n2 / n1, c[:, None], rtol=1e-5)
    # R_b: sqrt2 times a rotation by alpha and one by gamma: all four squares sum to 2
    hb = T.HB.astype(np.float64)
    assert np.allclose((hb ** 2).sum(-1), 2, atol=1e-5)
    # IID 0 dB (index 7 default, 30 fine), full coherence: the identity (both = input)
    for row in (7, 30):
        assert T.HA[row, 0].tolist() == [1, 1, 0, 0]
        assert np.allclose(T.HB[row, 0], [1, 1, 0, 0], atol=1e-7)
    # dequantisation: 10^(dB/20) of the standard's steps
    default = [-25, -18, -14, -10, -7, -4, -2, 0, 2, 4, 7, 10, 14, 18, 25]
    assert np.allclose(c[:15], [10 ** (v / 20) for v in default], rtol=1e-9)
    half = [50, 45, 40, 35, 30, 25, 22, 19, 16, 13, 10, 8, 6, 4, 2]
    fine = [-v for v in half] + [0] + half[::-1]
    assert np.allclose(c[15:], [10 ** (v / 20) for v in fine], rtol=1e-9)


def test_phase_and_delay_tables():
    assert np.allclose(np.hypot(T.PD_RE, T.PD_IM), 1, atol=1e-6)
    # equal phases smooth to that phase
    for c in range(8):
        i = c * 64 + c * 8 + c
        assert abs(T.PD_RE[i] - math.cos(c * math.pi / 4)) < 1e-6
        assert abs(T.PD_IM[i] - math.sin(c * math.pi / 4)) < 1e-6
    for cfg, bands in ((0, 30), (1, 50)):
        q, phi = T.Q_FRACT[cfg, :bands], T.PHI_FRACT[cfg, :bands]
        assert np.allclose(np.hypot(q[..., 0], q[..., 1]), 1, atol=1e-6)
        assert np.allclose(np.hypot(phi[..., 0], phi[..., 1]), 1, atol=1e-6)
    # QMF band k above the hybrid ones sits at f_center = k - 6.5 (20) / k - 26.5 (34)
    k = 20
    assert abs(T.PHI_FRACT[0, k, 0] - math.cos(-math.pi * 0.39 * (k - 6.5))) < 1e-6
    assert abs(T.Q_FRACT[1, 40, 1, 1] - math.sin(-math.pi * 0.75 * (40 - 26.5))) < 1e-6
    # sub-subband maps: every parameter band reached, non-decreasing above the hybrid part
    assert set(T.K_TO_I_20.tolist()) == set(range(20)) and len(T.K_TO_I_20) == 71
    assert set(T.K_TO_I_34.tolist()) == set(range(34)) and len(T.K_TO_I_34) == 91
    assert np.all(np.diff(T.K_TO_I_20[2:]) >= 0) and np.all(np.diff(T.K_TO_I_34[32:]) >= 0)


def test_hybrid_filters_are_modulated_prototypes():
    for filt, proto, bands in ((T.F20_0_8, T._G0_Q8, 8), (T.F34_0_12, T._G0_Q12, 12),
                               (T.F34_1_8, T._G1_Q8, 8), (T.F34_2_4, T._G2_Q4, 4)):
        for q in range(bands):
            for n in range(7):
                w = proto[n] * np.exp(-2j * np.pi * (q + 0.5) * (n - 6) / bands)
                assert abs(filt[q, n, 0] - w.real) < 1e-7 and abs(filt[q, n, 1] - w.imag) < 1e-7
        # the bank sums to a unit impulse at the centre tap: perfect reconstruction
        total = filt[:bands, :7, 0].astype(np.float64).sum(0)
        assert abs(total[6] - 1) < 1e-6 and np.allclose(total[:6], 0, atol=1e-6)
    assert abs(2 * T.G1_Q2[6] - 1) < 1e-7


# ---------------------------------------------------------------- parsing

def _roundtrip(seed, frames=120):
    """Crafted ps_data frames parsed back: the bit counts and the last envelope's values of
    each parameter agree with what the crafter wrote."""
    rng = random.Random(seed)
    cst, ps, log = CRAFT.PSState(), PsState(), Log()
    for i in range(frames):
        bits = CRAFT.ps_data(rng, cst, i == 0).text()
        data = _bytes(bits) + bytes(4)
        br = BitReader(data)
        assert read_ps_data(br, ps, len(data) * 8, log) == len(bits)
        assert br.pos == len(bits)
        assert ps.start
        iid_on, iid_mode, icc_on, icc_mode, ext_on = cst.header
        assert ps.enable_iid == iid_on and ps.enable_icc == icc_on
        assert ps.nr_iid_par == CRAFT.PS_BANDS[iid_mode] or not iid_on
        assert ps.border_position[ps.num_env] == 31
        for name, on, par, count in (
                ("iid", ps.enable_iid, ps.iid_par, ps.nr_iid_par),
                ("icc", ps.enable_icc, ps.icc_par, ps.nr_icc_par),
                ("ipd", ps.enable_ipdopd, ps.ipd_par, ps.nr_ipdopd_par),
                ("opd", ps.enable_ipdopd, ps.opd_par, ps.nr_ipdopd_par)):
            last = cst.last[name]
            if on and last is not None:
                assert par[ps.num_env - 1][:count] == list(last[1]), (seed, i, name)
            if not on:
                assert all(v == 0 for row in par for v in row)
        assert ps.is34bands == ((iid_on and CRAFT.PS_BANDS[iid_mode] == 34)
                                or (icc_on and CRAFT.PS_BANDS[icc_mode] == 34)) \
            or not (iid_on or icc_on)
    assert log.lines == []


def test_parse_roundtrip_covers_every_mode():
    CRAFT.STATS.clear()
    for seed in range(8):
        _roundtrip(seed)
    seen = set(CRAFT.STATS)
    for mode in range(6):
        assert "ps iid mode %d" % mode in seen and "ps icc mode %d" % mode in seen
    for fc, envs in ((0, (0, 1, 2, 4)), (1, (1, 2, 3, 4))):
        for n in envs:
            assert "ps frame_class %d num_env %d" % (fc, n) in seen
    for name in ("iid", "icc", "ipd", "opd"):
        assert "ps %s time-coded" % name in seen and "ps %s freq-coded" % name in seen


def _header(iid=None, icc=None, ext=False):
    b = "1"
    b += "1" + format(iid, "03b") if iid is not None else "0"
    b += "1" + format(icc, "03b") if icc is not None else "0"
    return b + ("1" if ext else "0")


def test_reserved_modes_and_bad_borders_fail_as_the_reference():
    for payload, message in (
            (_header(iid=6) + "0" * 40, "iid_mode 6 is reserved.\n"),
            (_header(iid=1, icc=7) + "0" * 40, "icc_mode 7 is reserved.\n"),
            # frame class 1, 2 envelopes, borders 20 then 10
            (_header() + "1" + "01" + format(20, "05b") + format(10, "05b") + "0" * 8,
             "border_position non monotone.\n")):
        ps, log = PsState(), Log()
        ps.iid_par[0][0] = 3
        ps.start = True
        data = _bytes(payload)
        br = BitReader(data)
        assert read_ps_data(br, ps, 33, log) == 33
        assert br.pos == 33 and not ps.start
        assert log.lines == [("error", message)]
        assert ps.iid_par[0][0] == 0


def test_illegal_values_and_overlong_data():
    # IID coarse, frame class 0 with one envelope, df: +7 then +7 (14 > 7)
    book = huffman.book("iid_df_coarse").codewords()
    payload = _header(iid=0) + "0" + "01" + "0" + book[7] + book[7] + book[0] * 8
    ps, log = PsState(), Log()
    br = BitReader(_bytes(payload))
    assert read_ps_data(br, ps, len(payload), log) == len(payload)
    assert log.lines == [("error", "illegal iid\n")] and not ps.start
    # a valid frame (7 bits) longer than the bits the SBR data has left
    payload = _header() + "0" + "01"
    ps, log = PsState(), Log()
    br = BitReader(_bytes(payload) + bytes(2))
    assert read_ps_data(br, ps, 4, log) == 4
    assert log.lines == [("error", "Expected to read 4 PS bits actually read 7.\n")]
    assert not ps.start and br.pos == 4
    # an extension of 1 byte whose IPD/OPD data (17 bands, 2 + 38 bits) overruns it
    payload = _header(iid=2, ext=True) + "0" + "01" + "0" + "0" * 34 + "0001" + "00" + "1" \
        + ("0" + "1" * 17) * 2 + "0" * 8
    ps, log = PsState(), Log()
    br = BitReader(_bytes(payload))
    read_ps_data(br, ps, len(payload), log)
    assert log.lines == [("error", "ps extension overflow -32\n")]


def test_icc_check_of_the_appended_envelope_uses_the_iid_band_count():
    # IID 34 bands (mode 2) then ICC 10 bands: the appended envelope's ICC check runs over 34
    # bands of the ICC row, whose stale entries above 10 are out of range here
    ps, log = PsState(), Log()
    ps.icc_par[0][20] = -1
    ps.num_env = 1
    iid0 = huffman.book("iid_df_coarse").codewords()[0]
    icc0 = huffman.book("icc_df").codewords()[0]
    payload = _header(iid=2, icc=0) + "1" + "00" + "10000" + "0" + iid0 * 34 + "0" + icc0 * 10
    br = BitReader(_bytes(payload) + bytes(8))
    read_ps_data(br, ps, len(payload) + 64, log)
    assert log.lines == [("error", "icc_par invalid\n")]


def test_hostile_payloads_never_raise():
    rng = random.Random(7)
    for i in range(3000):
        n = rng.randrange(0, 40)
        data = bytes(rng.randrange(256) for _ in range(n))
        ps, log = PsState(), Log()
        for _ in range(3):
            start = rng.randrange(0, 8 * n + 1) if n else 0
            br = BitReader(data, start)
            left = rng.randrange(0, 8 * n + 17)
            used = read_ps_data(br, ps, left, log)
            assert 0 <= used <= left
            assert br.pos == min(start + used, 8 * n + 8)


def test_truncated_crafted_payloads():
    rng = random.Random(3)
    cst = CRAFT.PSState()
    for i in range(200):
        bits = CRAFT.ps_data(rng, cst, i == 0).text()
        cut = rng.randrange(0, len(bits) + 1)
        data = _bytes(bits[:cut])
        ps, log = PsState(), Log()
        used = read_ps_data(BitReader(data), ps, cut, log)
        assert used <= cut
        if used == cut and cut < len(bits):
            assert not ps.start


# ---------------------------------------------------------------- the frame kernel

def _unit_state(is34):
    """A state whose parameters are IID 0 dB / ICC 1 with no phases (one envelope)."""
    ps = PsState()
    ps.num_env = 1
    ps.border_position[:2] = [-1, 31]
    ps.is34bands = ps.is34bands_old = is34
    return ps


@pytest.mark.parametrize("is34", [False, True])
def test_unit_matrices_pass_the_input_to_both_outputs(is34):
    """After the first frame (whose matrices ramp up from zero), the hybrid analysis and
    synthesis reconstruct every QMF band of slots 0..31 and the mixing is the identity."""
    rng = np.random.default_rng(1)
    ps = _unit_state(is34)
    for frame in range(4):
        x = rng.standard_normal((2, 38, 64)).astype(np.float32)
        left, right = x.copy(), np.full_like(x, 9)
        apply_ps(ps, left, right, 64)
        ps.num_env_old = 1
        if frame:
            assert np.allclose(left[:, :32], x[:, :32], atol=1e-5)
            assert np.allclose(right[:, :32], x[:, :32], atol=1e-5)
        assert np.array_equal(left[:, 32:], x[:, 32:])


def test_first_frame_ramps_from_zero_matrices():
    ps = _unit_state(False)
    x = np.ones((2, 38, 64), np.float32)
    left, right = x.copy(), np.zeros_like(x)
    apply_ps(ps, left, right, 64)
    # slot n gets (n + 1)/32 of the unit matrix
    ramp = (np.arange(32) + 1) / 32
    assert np.allclose(left[0, :32, 40], ramp, atol=1e-5)


def test_band_switches_keep_reconstruction():
    rng = np.random.default_rng(2)
    ps = _unit_state(False)
    for is34 in (False, True, True, False, True):
        ps.is34bands_old, ps.is34bands = ps.is34bands, is34
        x = rng.standard_normal((2, 38, 64)).astype(np.float32)
        left, right = x.copy(), np.zeros_like(x)
        apply_ps(ps, left, right, 64)
        ps.num_env_old = 1
    assert np.allclose(left[:, :32], x[:, :32], atol=1e-5)
    assert np.allclose(right[:, :32], x[:, :32], atol=1e-5)


def test_full_decorrelation_and_panning():
    """IID at +25 dB (left only in R_a) sends nearly everything to one side; ICC 0 (index 5)
    in mode R_a mixes the decorrelated signal in with equal energy."""
    rng = np.random.default_rng(3)
    ps = _unit_state(False)
    ps.nr_iid_par = ps.nr_icc_par = 20
    for e in range(2):
        ps.iid_par[e][:20] = [7] * 20
    for frame in range(3):
        x = rng.standard_normal((2, 38, 64)).astype(np.float32)
        left, right = x.copy(), np.zeros_like(x)
        apply_ps(ps, left, right, 64)
        ps.num_env_old = 1
    el = float((left[:, :32, 10:40] ** 2).sum())
    er = float((right[:, :32, 10:40] ** 2).sum())
    assert er < el * 0.01


def test_apply_checks_its_arrays():
    ps = _unit_state(False)
    good = np.zeros((2, 38, 64), np.float32)
    for bad in (np.zeros((2, 38, 64), np.float64), np.zeros((2, 32, 64), np.float32),
                np.zeros((2, 64, 38), np.float32).transpose(0, 2, 1)):
        with pytest.raises(TypeError):
            apply_ps(ps, bad, good, 64)
        with pytest.raises(TypeError):
            apply_ps(ps, good, bad, 64)


def _libm():
    import ctypes
    import ctypes.util
    if not sys.platform.startswith("linux"):
        return None
    try:
        m = ctypes.CDLL("libm.so.6")
        gnu = ctypes.CDLL("libc.so.6").gnu_get_libc_version
    except (OSError, AttributeError):
        return None
    gnu.restype = ctypes.c_char_p
    if gnu().decode() != "2.36":            # the reference's C library
        return None
    for name in ("cosf", "sinf", "atanf"):
        getattr(m, name).restype = ctypes.c_float
        getattr(m, name).argtypes = [ctypes.c_float]
    m.atan2f.restype = ctypes.c_float
    m.atan2f.argtypes = [ctypes.c_float, ctypes.c_float]
    return m


def test_single_precision_functions_match_the_reference_c_library():
    """The emulated cosf/sinf/atanf/atan2f of the mixing tables against glibc 2.36's own
    (where this machine has it: the reference's)."""
    m = _libm()
    if m is None:
        pytest.skip("needs glibc 2.36's libm")
    rng = np.random.default_rng(0)
    f32 = np.float32
    for v in np.concatenate([rng.uniform(-7, 7, 3000), rng.uniform(-1e-3, 1e-3, 300)]).astype(f32):
        assert f32(m.cosf(v)) == T._cosf(v) and f32(m.sinf(v)) == T._sinf(v), v
    for v in np.concatenate([rng.uniform(-50, 50, 3000), rng.uniform(-3, 3, 3000)]).astype(f32):
        assert f32(m.atanf(v)) == T._atanf(v), v
    ys = rng.uniform(0, 400, 3000).astype(f32)
    for y, x in zip(ys, rng.uniform(-1e5, 1e5, 3000).astype(f32)):
        assert f32(m.atan2f(y, x)) == T._atan2f(y, x), (y, x)


@pytest.mark.parametrize("is34", [False, True])
def test_zero_phases_change_nothing(is34):
    """IPD/OPD on with every phase 0: the smoothed phasors are 1, the matrices' imaginary
    parts 0, the output that of the same parameters without phases."""
    outs = []
    for phase in (False, True):
        ps = _unit_state(is34)
        ps.nr_iid_par = ps.nr_icc_par = 34 if is34 else 20
        ps.nr_ipdopd_par = 17 if is34 else 11
        ps.enable_ipdopd = phase
        for e in range(2):
            ps.iid_par[e][:] = [(b % 9) - 4 for b in range(34)]
            ps.icc_par[e][:] = [b % 8 for b in range(34)]
        frames = []
        gen = np.random.default_rng(5)
        for frame in range(3):
            x = gen.standard_normal((2, 38, 64)).astype(np.float32)
            left, right = x.copy(), np.zeros_like(x)
            apply_ps(ps, left, right, 64)
            ps.num_env_old = 1
            frames.append((left, right))
        outs.append(frames)
    for (l0, r0), (l1, r1) in zip(*outs):
        assert np.array_equal(l0, l1) and np.array_equal(r0, r1)
