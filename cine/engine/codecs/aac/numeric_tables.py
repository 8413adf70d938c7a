"""The computed constants of the AAC decoder, built the way the reference builds them so the
float32 values agree bit for bit: |q|^(4/3) for the dequantiser, 2^(sf/4) for the scale
factors, the sine and Kaiser-Bessel-derived windows, the TNS coefficient maps, the IMDCT
twiddles and the tables of AAC Main prediction and AAC LTP. All are numpy arrays made once at
import (the decoder path only)."""
from __future__ import annotations

import math

import numpy as np

# Offsets of the scalefactor tables (ISO/IEC 14496-3 4.6.2.3): the index of 2^0 in POW2SF,
# the scalefactor of a unit gain and the noise energy offset.
POW2SF_ZERO = 200
POW2SF_SIZE = 428


def _pow43_table() -> np.ndarray:
    """|q|^(4/3) for q in 0..8191, as a product of p*cbrt(p) over the prime factors (in
    double, like the reference's table generator) rounded once to float32."""
    n = 1 << 13
    tab = np.ones(n, np.float64)
    for i in range(2, 90):
        if tab[i] == 1:
            val = i * float(np.cbrt(np.float64(i)))
            k = i
            while k < n:
                tab[k::k] *= val
                k *= i
    for i in range(91, n, 2):
        if tab[i] == 1:
            tab[i::i] *= i * float(np.cbrt(np.float64(i)))
    tab[0] = 0.0
    return tab.astype(np.float32)


def _pow2sf_table() -> np.ndarray:
    """2^((i - 200) / 4): a power of two times the float32 of 2^(k/4), k = i mod 4."""
    quarter = np.array([2.0 ** (k / 4.0) for k in range(4)], np.float32)
    i = np.arange(POW2SF_SIZE)
    return np.ldexp(quarter[i % 4], (i // 4) - 50).astype(np.float32)


# glibc's sinf (from ARM's optimized routines): its double-precision polynomials for sin and
# cos on [-pi/4, pi/4] and pi/2 in double (the reference's tables come from this sinf)
_SINF_S = tuple(map(float.fromhex, ("-0x1.555545995a603p-3", "0x1.1107605230bc4p-7",
                                     "-0x1.994eb3774cf24p-13")))
_SINF_C = tuple(map(float.fromhex, ("0x1p0", "-0x1.ffffffd0c621cp-2", "0x1.55553e1068f19p-5",
                                     "-0x1.6c087e89a359dp-10", "0x1.99343027bf8c3p-16")))
_SINF_HPI = float.fromhex("0x1.921fb54442d18p0")
_SINF_HPI_INV = float.fromhex("0x1.45f306dc9c883p+23")      # 2/pi, times 2^24


def sinf(arg: np.ndarray) -> np.ndarray:
    """sinf of float32 values in [0, pi/2] as glibc 2.36 computes it (its result is not
    always the correctly rounded one: the sine window of 1024 gets 14 values 1 ulp away
    from it, that of 128 three): below 0.75 (the top 12 bits of the float below those of
    pi/4) the sine polynomial, above it the argument reduced by the nearest multiple of pi/2
    through a 2^24-scaled integer, then the sine or cosine polynomial by quadrant."""
    x = arg.astype(np.float32).astype(np.float64)
    small = (arg.astype(np.float32).view(np.uint32) >> 20) < \
        (np.array([math.pi / 4], np.float32).view(np.uint32) >> 20)
    quadrant = np.where(small, 0, ((x * _SINF_HPI_INV).astype(np.int64) + 0x800000) >> 24)
    if np.any(quadrant > 1):
        raise ValueError("sinf: argument above pi/2")
    x = x - quadrant * _SINF_HPI
    x2 = x * x
    x3 = x * x2
    sin = (x + x3 * _SINF_S[0]) + (x3 * x2) * (_SINF_S[1] + x2 * _SINF_S[2])
    x4 = x2 * x2
    cos = (_SINF_C[0] + x2 * _SINF_C[1] + x4 * _SINF_C[2]) \
        + (x4 * x2) * (_SINF_C[3] + x2 * _SINF_C[4])
    return np.where(quadrant == 1, cos, sin).astype(np.float32)


def sine_window(n: int) -> np.ndarray:
    """The rising half (n values) of the sine window of length 2n (4.6.11.3.2), as the
    reference makes it: sinf((i + 0.5) * (pi / (2n)))."""
    return sinf(((np.arange(n) + 0.5) * (math.pi / (2.0 * n))).astype(np.float32))


def kbd_window(alpha: float, n: int) -> np.ndarray:
    """The rising half (n values) of the Kaiser-Bessel-derived window (4.6.11.3.2), with the
    Bessel I0 series summed over 50 terms from the top as the reference does."""
    a = np.float64(np.float32(alpha)) * math.pi / n
    alpha2 = a * a
    i = np.arange(n, dtype=np.float64)
    tmp = i * (n - i) * alpha2
    bessel = np.ones(n, np.float64)
    for j in range(50, 0, -1):
        bessel = bessel * tmp / (j * j) + 1
    acc = np.cumsum(bessel)
    total = acc[-1] + 1
    return np.sqrt(acc / total).astype(np.float32)


# |sin(q / iqfac)| of the TNS coefficient dequantisation (4.6.9.3) for coef_res 3 and 4 bits,
# q = 1, 2, ... and q = -1, -2, ...: the 8-decimal roundings the reference's tables carry
# (tests check them against the formula).
_TNS_SIN = {
    3: ((0.43388373, 0.78183150, 0.97492790),
        (0.34202015, 0.64278758, 0.86602539, 0.98480773)),
    4: ((0.20791170, 0.40673664, 0.58778524, 0.74314481, 0.86602539, 0.95105654, 0.99452192),
        (0.18374951, 0.36124167, 0.52643216, 0.67369562, 0.79801720, 0.89516330, 0.96182561,
         0.99573416)),
}


def _tns_maps() -> np.ndarray:
    """TNS coefficients by coded value: row 2 * compress + (res - 3), column the coef_len-bit
    two's complement code. Stored negated (the sign convention of the LPC recursion in
    synthesis_jit)."""
    maps = np.zeros((4, 16), np.float32)
    for compress in (0, 1):
        for res in (3, 4):
            length = res - compress
            pos, neg = _TNS_SIN[res]
            for code in range(1, 1 << length):
                if code >= 1 << (length - 1):
                    maps[2 * compress + res - 3, code] = np.float32(neg[(1 << length) - code - 1])
                else:
                    maps[2 * compress + res - 3, code] = -np.float32(pos[code - 1])
    return maps


def _imdct_twiddles(n: int) -> tuple[np.ndarray, np.ndarray]:
    """The pre/post-rotation factors of an n-point IMDCT scaled by 1/(32768 * n/2) as
    libavcodec's MDCT stores them: -cos and -sin of 2*pi*(i + 1/8)/n times sqrt(scale)."""
    scale = math.sqrt(1.0 / (32768.0 * (n // 2)))
    i = np.arange(n // 4, dtype=np.float64)
    alpha = 2 * math.pi * (i + 0.125) / n
    return ((-np.cos(alpha) * scale).astype(np.float32),
            (-np.sin(alpha) * scale).astype(np.float32))


def _mdct_twiddles(n: int, scale: float) -> tuple[np.ndarray, np.ndarray]:
    """The rotation factors of libavcodec's n-point forward MDCT with a negative scale (the
    AAC LTP one): the angle offset by n/4, the values times sqrt(|scale|), from libm's cos
    and sin in double like the reference's."""
    theta = 0.125 + (n // 4 if scale < 0 else 0)
    root = math.sqrt(abs(scale))
    alphas = [2 * math.pi * (i + theta) / n for i in range(n // 4)]
    return (np.array([-math.cos(a) * root for a in alphas], np.float32),
            np.array([-math.sin(a) * root for a in alphas], np.float32))


def _split_radix_permutation(i: int, n: int, inverse: bool = True) -> int:
    """Where the split-radix FFT wants input i (libavcodec's ordering; the forward and the
    inverse transform differ only in it)."""
    if n <= 2:
        return i & 1
    m = n >> 1
    if not i & m:
        return _split_radix_permutation(i, m, inverse) * 2
    m >>= 1
    if inverse == (not i & m):
        return _split_radix_permutation(i, m, inverse) * 4 + 1
    return _split_radix_permutation(i, m, inverse) * 4 - 1


def fft_input_order(n: int, inverse: bool = True) -> np.ndarray:
    """order[k]: the slot of the FFT's k-th input (revtab)."""
    order = np.zeros(n, np.int32)
    for i in range(n):
        order[-_split_radix_permutation(i, n, inverse) & (n - 1)] = i
    return order


def fft_plan(n: int) -> np.ndarray:
    """The split-radix FFT of size n as a flat list of steps (size, offset), in the order
    the recursive definition runs them: size 4, 8, 16 transform a block, a larger size
    combines the blocks below it (the "pass" over z[offset:offset + size]). n is 8 to 512
    (synthesis_jit._fft has a pass for each size in between)."""
    if n not in (8, 16, 32, 64, 128, 256, 512):
        raise ValueError("no FFT pass for %d points" % n)
    steps: list[tuple[int, int]] = []

    def run(size: int, off: int) -> None:
        if size <= 16:
            steps.append((size, off))
            return
        run(size // 2, off)
        run(size // 4, off + size // 2)
        run(size // 4, off + 3 * size // 4)
        steps.append((size, off))

    run(n, 0)
    return np.array(steps, np.int32)


def fft_cosines(n: int) -> tuple[np.ndarray, np.ndarray]:
    """(values, at): for every size m = 16..n, cos(2*pi*i/m) as float32 for i = 0..m/4 at
    values[at[log2 m]:], followed by the same m/4 + 1 values in reverse order (the twiddles'
    imaginary parts, read forwards by the vectorised passes)."""
    values: list[float] = []
    at = np.zeros(16, np.int32)
    m = 16
    while m <= n:
        at[m.bit_length() - 1] = len(values)
        table = [math.cos(2 * math.pi * i / m) for i in range(m // 4 + 1)]
        values.extend(table + table[::-1])
        m <<= 1
    return np.array(values, np.float32), at


POW43 = _pow43_table()
POW2SF = _pow2sf_table()
SINE_LONG = sine_window(1024)
SINE_SHORT = sine_window(128)
KBD_LONG = kbd_window(4.0, 1024)
KBD_SHORT = kbd_window(6.0, 128)
# WINDOWS[2 * shape + short]: shape 0 sine, 1 KBD; the short windows padded to 1024
WINDOWS = np.zeros((4, 1024), np.float32)
WINDOWS[0] = SINE_LONG
WINDOWS[1, :128] = SINE_SHORT
WINDOWS[2] = KBD_LONG
WINDOWS[3, :128] = KBD_SHORT
TNS_MAPS = _tns_maps()
TCOS_LONG, TSIN_LONG = _imdct_twiddles(2048)
TCOS_SHORT, TSIN_SHORT = _imdct_twiddles(256)
FFT_ORDER_LONG = fft_input_order(512)
FFT_ORDER_SHORT = fft_input_order(64)
FFT_PLAN_LONG = fft_plan(512)
FFT_PLAN_SHORT = fft_plan(64)
FFT_COS, FFT_COS_AT = fft_cosines(512)
# AAC LTP: the forward MDCT of the predicted signal (scale -2 * 32768), its FFT's input
# order, and the prediction gains by coded index (4.6.6.3.2)
TCOS_LTP, TSIN_LTP = _mdct_twiddles(2048, -2.0 * 32768.0)
FFT_ORDER_FORWARD = fft_input_order(512, inverse=False)
LTP_COEFS = np.array([0.570829, 0.696616, 0.813004, 0.911304, 0.984900, 1.067894, 1.194601,
                      1.369533], np.float32)
# AAC Main: how many long-window scalefactor bands are predicted (PRED_SFB_MAX of 4.6.7), by
# sampling frequency index
PRED_SFB_MAX = (33, 33, 38, 40, 40, 40, 41, 41, 37, 37, 37, 34, 34)
