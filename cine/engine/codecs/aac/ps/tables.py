"""The numeric tables of parametric stereo decoding (ISO/IEC 14496-3 8.6.4), built at import
the way FFmpeg 5.1.9's float table generator builds them, so the float32 values agree with
its own (a value computed in double and rounded once, or in float32 step by step, as there).

- HYBRID filters: the complex modulations of the hybrid analysis prototypes (8.6.4.3: the
  8-band filter of the 20-band configuration, the 12/8/4-band ones of the 34-band one), and
  the real 2-band filter G1_Q2;
- PD_RE/PD_IM: the smoothed unit phasors of IPD/OPD (8.6.4.6.3.2): index
  64*older + 8*previous + current;
- HA/HB: the mixing matrices of mixing procedures R_a and R_b (8.6.4.6.2) for 46 IID
  indices (15 default, 31 fine quantisation) by 8 ICC indices;
- Q_FRACT/PHI_FRACT: the fractional delays of the decorrelator's all-pass links (8.6.4.5.2);
- K_TO_I_20/K_TO_I_34: the parameter band of each hybrid sub-subband (tables 8.48, 8.49).

The prototype coefficients, dequantisation values and band centres are the standard's
(re-expressed from it; the values are those FFmpeg's generator uses)."""
from __future__ import annotations

import math

import numpy as np

F32 = np.float32

# hybrid prototype filters (8.6.4.3), the last tap being the centre one
_G0_Q8 = (0.00746082949812, 0.02270420949825, 0.04546865930473, 0.07266113929591,
          0.09885108575264, 0.11793710567217, 0.125)
_G0_Q12 = (0.04081179924692, 0.03812810994926, 0.05144908135699, 0.06399831151592,
           0.07428313801106, 0.08100347892914, 0.08333333333333)
_G1_Q8 = (0.01565675600122, 0.03752716391991, 0.05417891378782, 0.08417044116767,
          0.10307344158036, 0.12222452249753, 0.125)
_G2_Q4 = (-0.05908211155639, -0.04871498374946, 0.0, 0.07778723915851,
          0.16486303567403, 0.23279856662996, 0.25)
# the real two-band filter of the 20-band configuration (only odd taps and the centre)
G1_Q2 = np.array((0.0, 0.01899487526049, 0.0, -0.07293139167538, 0.0, 0.30596630545168, 0.5),
                 F32)

# IID dequantisation (8.6.4.6.2): default steps (-7..7), then fine (-15..15)
_IID_DEQUANT = (
    0.05623413251903, 0.12589254117942, 0.19952623149689, 0.31622776601684,
    0.44668359215096, 0.63095734448019, 0.79432823472428, 1,
    1.25892541179417, 1.58489319246111, 2.23872113856834, 3.16227766016838,
    5.01187233627272, 7.94328234724282, 17.7827941003892,
    0.00316227766017, 0.00562341325190, 0.01, 0.01778279410039,
    0.03162277660168, 0.05623413251903, 0.07943282347243, 0.11220184543020,
    0.15848931924611, 0.22387211385683, 0.31622776601684, 0.39810717055350,
    0.50118723362727, 0.63095734448019, 0.79432823472428, 1,
    1.25892541179417, 1.58489319246111, 1.99526231496888, 2.51188643150958,
    3.16227766016838, 4.46683592150963, 6.30957344480193, 8.91250938133745,
    12.5892541179417, 17.7827941003892, 31.6227766016838, 56.2341325190349,
    100, 177.827941003892, 316.227766016837,
)
# ICC dequantisation and the arccosines of those values
_ICC_INVQ = (1, 0.937, 0.84118, 0.60092, 0.36764, 0, -0.589, -1)
_ACOS_ICC_INVQ = (0, 0.35685527, 0.57133466, 0.92614472, 1.1943263, math.pi / 2, 2.2006171,
                  math.pi)

# centre frequencies of the hybrid sub-subbands below the QMF ones (in 1/8 and 1/24 of a
# QMF band) for the all-pass fractional delays
_F_CENTER_20 = (-3, -1, 1, 3, 5, 7, 10, 14, 18, 22)
_F_CENTER_34 = (2, 6, 10, 14, 18, 22, 26, 30, 34, -10, -6, -2, 51, 57, 15, 21, 27, 33, 39,
                45, 54, 66, 78, 42, 102, 66, 78, 90, 102, 114, 126, 90)
_LINK_DELAYS = (0.43, 0.75, 0.347)
_DELAY_GAIN = 0.39
# all-pass link coefficients a(m) (8.6.4.5.2)
AP_COEF = np.array((0.65143905753106, 0.56471812200776, 0.48954165955695), F32)

# table 8.48: parameter band (of 20) of each of the 71 sub-subbands
K_TO_I_20 = np.array((
    1, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 14, 15, 15, 15, 16, 16, 16, 16,
    17, 17, 17, 17, 17) + (18,) * 12 + (19,) * 29, np.int32)
# table 8.49: parameter band (of 34) of each of the 91 sub-subbands
K_TO_I_34 = np.array((
    0, 1, 2, 3, 4, 5, 6, 6, 7, 2, 1, 0, 10, 10, 4, 5, 6, 7, 8, 9, 10, 11, 12, 9, 14, 11, 12,
    13, 14, 15, 16, 13, 16, 17, 18, 19, 20, 21, 22, 22, 23, 23, 24, 24, 25, 25, 26, 26, 27,
    27, 27, 28, 28, 28, 29, 29, 29, 30, 30, 30, 31, 31, 31, 31, 32, 32, 32, 32) + (33,) * 23,
    np.int32)


def _f(x) -> float:
    """x rounded to float32, as a Python float."""
    return float(F32(x))


def _modulated(proto, bands: int) -> np.ndarray:
    """[bands][7][re, im]: the prototype times exp(-j 2 pi (q + 1/2)(n - 6) / bands), in
    double from the float32 prototype, rounded once."""
    out = np.zeros((bands, 8, 2), F32)
    for q in range(bands):
        for n in range(7):
            theta = 2 * math.pi * (q + 0.5) * (n - 6) / bands
            p = _f(proto[n])
            out[q, n, 0] = p * math.cos(theta)
            out[q, n, 1] = p * -math.sin(theta)
    return out


F20_0_8 = _modulated(_G0_Q8, 8)
F34_0_12 = _modulated(_G0_Q12, 12)
F34_1_8 = _modulated(_G1_Q8, 8)
F34_2_4 = _modulated(_G2_Q4, 4)


def _phase_smoothing():
    """The normalised weighted sum 1/4 older + 1/2 previous + current of three unit phasors
    (multiples of pi/4), the sums in float32, the norm in double."""
    r2 = _f(math.sqrt(0.5))
    sin8 = (0.0, r2, 1.0, r2, 0.0, -r2, -1.0, -r2)
    cos8 = (1.0, r2, 0.0, -r2, -1.0, -r2, 0.0, r2)
    re = np.zeros(512, F32)
    im = np.zeros(512, F32)
    q, h = F32(0.25), F32(0.5)
    for a in range(8):
        for b in range(8):
            for c in range(8):
                rs = q * F32(cos8[a]) + h * F32(cos8[b]) + F32(cos8[c])
                ims = q * F32(sin8[a]) + h * F32(sin8[b]) + F32(sin8[c])
                mag = F32(1.0 / math.hypot(float(ims), float(rs)))
                re[a * 64 + b * 8 + c] = rs * mag
                im[a * 64 + b * 8 + c] = ims * mag
    return re, im


PD_RE, PD_IM = _phase_smoothing()


# ---- single-precision elementary functions as the reference's C library (glibc 2.36,
# x86-64) computes them: HA and HB come from its cosf, sinf, atan2f and atanf, whose results
# are not always the correctly rounded ones. Provenance: glibc's sinf/cosf are ARM's
# optimized-routines (MIT / Apache-2.0) and its atanf/atan2f are fdlibm's (Sun's permissive
# notice); their algorithms and polynomial constants are re-expressed here in our own Python
# (no code taken), checked value by value against the C library where it is that glibc

# sinf/cosf: double-precision polynomials on [-pi/4, pi/4] after a reduction by the nearest
# multiple of pi/2 (the coefficients are those of numeric_tables' sinf)
_SC_S = tuple(map(float.fromhex, ("-0x1.555545995a603p-3", "0x1.1107605230bc4p-7",
                                  "-0x1.994eb3774cf24p-13")))
_SC_C = tuple(map(float.fromhex, ("0x1p0", "-0x1.ffffffd0c621cp-2", "0x1.55553e1068f19p-5",
                                  "-0x1.6c087e89a359dp-10", "0x1.99343027bf8c3p-16")))
_SC_HPI = float.fromhex("0x1.921fb54442d18p0")
_SC_HPI_INV = float.fromhex("0x1.45f306dc9c883p+23")


def _top12(x) -> int:
    return (int(np.array(x, F32).view(np.uint32)) >> 20) & 0x7FF


def _sincos_poly(x: float, cosine: bool) -> float:
    x2 = x * x
    if cosine:
        x4 = x2 * x2
        return (_SC_C[0] + x2 * _SC_C[1] + x4 * _SC_C[2]) + (x4 * x2) * (_SC_C[3]
                                                                         + x2 * _SC_C[4])
    x3 = x * x2
    return (x + x3 * _SC_S[0]) + (x3 * x2) * (_SC_S[1] + x2 * _SC_S[2])


def _sincosf(y, cosine: bool) -> F32:
    """glibc's sinf (cosine False) or cosf of the float32 y, |y| < 120."""
    y = F32(y)
    x = float(y)
    top = _top12(y)
    if top < _top12(F32(math.pi / 4)):
        if top < _top12(F32(2.0 ** -12)):
            return F32(1) if cosine else y
        return F32(_sincos_poly(x, cosine))
    assert top < _top12(F32(120))
    n = (int(x * _SC_HPI_INV) + 0x800000) >> 24
    x -= n * _SC_HPI
    odd = (n ^ 1 if cosine else n) & 1
    sign = (1.0, -1.0, -1.0, 1.0)[n & 3]
    value = _sincos_poly(x * sign, bool(odd))
    if odd and n & 2:
        value = -value                  # (the cosine polynomial of the negated table)
    return F32(value)


def _cosf(x) -> F32:
    return _sincosf(x, True)


def _sinf(x) -> F32:
    return _sincosf(x, False)


# atanf/atan2f: fdlibm's single-precision algorithm (argument reduction around 0.5, 1, 1.5
# and infinity, then an odd polynomial in float32)
_AT_HI = tuple(F32(v) for v in (4.6364760399e-01, 7.8539812565e-01, 9.8279368877e-01,
                                1.5707962513e+00))
_AT_LO = tuple(F32(v) for v in (5.0121582440e-09, 3.7748947079e-08, 3.4473217170e-08,
                                7.5497894159e-08))
_AT = tuple(F32(v) for v in (3.3333334327e-01, -2.0000000298e-01, 1.4285714924e-01,
                             -1.1111110449e-01, 9.0908870101e-02, -7.6918758452e-02,
                             6.6610731184e-02, -5.8335702866e-02, 4.9768779427e-02,
                             -3.6531571299e-02, 1.6285819933e-02))


def _atanf(x) -> F32:
    """fdlibm's atanf of a finite float32 (glibc 2.36's)."""
    x = F32(x)
    bits = int(np.array(x, F32).view(np.uint32))
    mag = bits & 0x7FFFFFFF
    negative = bool(bits >> 31)
    one = F32(1)
    if mag >= 0x50800000:
        z = _AT_HI[3] + _AT_LO[3]
        return -z if negative else z
    if mag < 0x3EE00000:
        if mag < 0x31000000:
            return x
        k = -1
    else:
        x = abs(x)
        if mag < 0x3F980000:
            if mag < 0x3F300000:
                k, x = 0, (F32(2) * x - one) / (F32(2) + x)
            else:
                k, x = 1, (x - one) / (x + one)
        elif mag < 0x401C0000:
            k, x = 2, (x - F32(1.5)) / (one + F32(1.5) * x)
        else:
            k, x = 3, -one / x
    z = x * x
    w = z * z
    a = _AT
    s1 = z * (a[0] + w * (a[2] + w * (a[4] + w * (a[6] + w * (a[8] + w * a[10])))))
    s2 = w * (a[1] + w * (a[3] + w * (a[5] + w * (a[7] + w * a[9]))))
    if k < 0:
        return x - x * (s1 + s2)
    z = _AT_HI[k] - ((x * (s1 + s2) - _AT_LO[k]) - x)
    return -z if negative else z


_PI_F = F32(3.1415927410e+00)
_PI_LO = F32(-8.7422776573e-08)
_PI_2_F = F32(1.5707963705e+00)


def _atan2f(y, x) -> F32:
    """fdlibm's atan2f for finite y > 0 (the only case the mixing tables need)."""
    y, x = F32(y), F32(x)
    assert y > 0
    if x == 1:
        return _atanf(y)
    if x == 0:
        return _PI_2_F
    xb = int(np.array(x, F32).view(np.uint32))
    yb = int(np.array(y, F32).view(np.uint32))
    k = ((yb & 0x7FFFFFFF) - (xb & 0x7FFFFFFF)) >> 23
    if k > 60:
        z = _PI_2_F + F32(0.5) * _PI_LO
    elif x < 0 and k < -60:
        z = F32(0)
    else:
        z = _atanf(abs(y / x))
    if x > 0:
        return z
    return _PI_F - (z - _PI_LO)


def _sqrtf(x) -> F32:
    """sqrtf (correctly rounded: the double square root rounded once)."""
    return F32(math.sqrt(float(x)))


def _mixing():
    """HA (mixing procedure R_a: rotation by the ICC angle, scaled by the IID gains) and HB
    (R_b: principal-axis rotation), [46][8][h11, h12, h21, h22], in float32 step by step as
    the reference's generator, with its C library's single-precision functions."""
    ha = np.zeros((46, 8, 4), F32)
    hb = np.zeros((46, 8, 4), F32)
    sqrt2 = math.sqrt(2.0)
    one = F32(1)
    for i in range(46):
        c = F32(_IID_DEQUANT[i])
        c1 = F32(sqrt2) / _sqrtf(one + c * c)
        c2 = c * c1
        for j in range(8):
            alpha = F32(0.5) * F32(_ACOS_ICC_INVQ[j])
            beta = alpha * (c1 - c2) * F32(math.sqrt(0.5))
            ha[i, j] = (c2 * _cosf(beta + alpha), c1 * _cosf(beta - alpha),
                        c2 * _sinf(beta + alpha), c1 * _sinf(beta - alpha))
            rho = max(F32(_ICC_INVQ[j]), F32(0.05))
            a = F32(0.5) * _atan2f(F32(2) * c * rho, c * c - one)
            mu = c + one / c
            mu = _sqrtf(one + (F32(4) * rho * rho - F32(4)) / (mu * mu))
            gamma = _atanf(_sqrtf((one - mu) / (one + mu)))
            if a < 0:
                a = F32(float(a) + math.pi / 2)
            ac, as_, gc, gs = _cosf(a), _sinf(a), _cosf(gamma), _sinf(gamma)
            hb[i, j] = (sqrt2 * float(ac) * float(gc), sqrt2 * float(as_) * float(gc),
                        -sqrt2 * float(as_) * float(gs), sqrt2 * float(ac) * float(gs))
    return ha, hb


HA, HB = _mixing()


def _fractional():
    """Q_FRACT [config][band][link][re, im] and PHI_FRACT [config][band][re, im]: exp(-j pi
    d f_center) for the link delays and the decorrelator's delay, in double, rounded once."""
    qf = np.zeros((2, 50, 3, 2), F32)
    phi = np.zeros((2, 50, 2), F32)
    for cfg, bands in ((0, 30), (1, 50)):
        for k in range(bands):
            if cfg == 0:
                fc = _F_CENTER_20[k] * 0.125 if k < 10 else k - 6.5
            else:
                fc = _F_CENTER_34[k] / 24.0 if k < 32 else k - 26.5
            for m in range(3):
                theta = -math.pi * _f(_LINK_DELAYS[m]) * fc
                qf[cfg, k, m] = (math.cos(theta), math.sin(theta))
            theta = -math.pi * _f(_DELAY_GAIN) * fc
            phi[cfg, k] = (math.cos(theta), math.sin(theta))
    return qf, phi


Q_FRACT, PHI_FRACT = _fractional()
