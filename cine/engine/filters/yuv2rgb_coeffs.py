"""The YUV -> RGB constants of libswscale (FFmpeg 5.1.9 libswscale/yuv2rgb.c,
ff_yuv2rgb_c_init_tables, with the default brightness 0, contrast and saturation 1.0):

- the 16-bit factors of the x86 SIMD converter of whole 4:2:0 pictures (Y, U and V times 8
  less an offset, each product's high 16 bits, saturating sums): `simd_coeffs`;
- the lookup tables of the C packed-RGB writers that the scaler's vertical pass feeds: a
  table of clipped luma values and, for each 8-bit U or V, the offset its contribution adds
  to the luma index of R, G or B: `table_offsets`.

The matrix is chosen as sws_getCoefficients does from the input's colour space (BT.601
unless the stream says otherwise); `full` is the input's range (yuvj formats, gray and
frames flagged full range).

Plain Python over integers: computed once per conversion.
"""
from __future__ import annotations

# inverse matrices (crv, cbu, cgu, cgv) in 16.16, by the AVColorSpace number
_BT601 = (104597, 132201, 25675, 53279)
_MATRICES = {
    0: (117489, 138438, 13975, 34925),      # rgb (the table of "no sequence display")
    1: (117489, 138438, 13975, 34925),      # bt709
    4: (104448, 132798, 24759, 53109),      # fcc
    7: (117579, 136230, 16907, 35559),      # smpte240m
    9: (110013, 140363, 12277, 42626),      # bt2020nc
    10: (110013, 140363, 12277, 42626),     # bt2020c
}
COLORSPACE_NUMBERS = {"gbr": 0, "bt709": 1, "fcc": 4, "bt470bg": 5, "smpte170m": 6, "smpte240m": 7,
                      "bt2020nc": 9, "bt2020c": 10}

# offset of index 0 in the luma table that `table_offsets` returns
TABLE_ORIGIN = 1024
TABLE_SIZE = 4096


def _cdiv(a: int, b: int) -> int:
    """C integer division (towards zero)."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def _round16(v: int) -> int:
    r = (v + (1 << 15)) >> 16
    if r < -0x7FFF:
        return -0x8000
    return min(r, 0x7FFF)


def matrix(colorspace) -> tuple:
    """sws_getCoefficients: the table of a colour space (a name or AVColorSpace number)."""
    if isinstance(colorspace, str):
        colorspace = COLORSPACE_NUMBERS.get(colorspace, 2)
    if colorspace is None:
        return _BT601
    return _MATRICES.get(colorspace, _BT601)


def _base(colorspace, full: bool):
    crv, cbu, cgu, cgv = matrix(colorspace)
    cgu, cgv = -cgu, -cgv
    cy, oy = 1 << 16, 0
    if not full:
        cy = (cy * 255) // 219
        oy = 16 << 16
    else:
        crv, cbu, cgu, cgv = (_cdiv(v * 224, 255) for v in (crv, cbu, cgu, cgv))
    # contrast and saturation 1.0: (v * 65536 * 65536) >> 32 leaves every value as it is
    return cy, oy, crv, cbu, cgu, cgv


def simd_coeffs(colorspace, full: bool) -> tuple:
    """(y_offset, y_coeff, u_offset, v_offset, ub, vr, ug, vg) of the SIMD converter."""
    cy, oy, crv, cbu, cgu, cgv = _base(colorspace, full)
    return (_round16(oy * 8), _round16(cy * 8192), 1024, 1024, _round16(cbu * 8192),
            _round16(crv * 8192), _round16(cgu * 8192), _round16(cgv * 8192))


def full_coeffs(colorspace, full: bool) -> tuple:
    """(y_offset, y_coeff, v2r, v2g, u2g, u2b) of the full-chroma writers (10-bit fractions
    of the samples, products in 22-bit fixed point)."""
    cy, oy, crv, cbu, cgu, cgv = _base(colorspace, full)
    return (_round16(oy * 512), _round16(cy * 8192), _round16(crv * 8192),
            _round16(cgv * 8192), _round16(cgu * 8192), _round16(cbu * 8192))


def table_offsets(colorspace, full: bool):
    """(luma table, R offsets by V, G offsets by U, G offsets by V, B offsets by U): the
    packed writers' R of (Y, V) is ytab[TABLE_ORIGIN + rv[V] + Y], G is
    ytab[TABLE_ORIGIN + gu[U] + gv[V] + Y], B is ytab[TABLE_ORIGIN + bu[U] + Y]."""
    import numpy as np
    cy, oy, crv, cbu, cgu, cgv = _base(colorspace, full)
    crv, cbu, cgu, cgv = (_cdiv(v * 65536 + 0x8000, max(cy, 1)) for v in (crv, cbu, cgu, cgv))
    yoffs = 384 if full else 326
    ytab = np.empty(TABLE_SIZE, dtype=np.uint8)
    for i in range(TABLE_SIZE):
        k = i - TABLE_ORIGIN
        ytab[i] = max(0, min(255, ((-(384 << 16) - oy + k * cy) + 0x8000) >> 16))

    def plane(inc, base):
        return np.array([base - (inc >> 9) + ((c * inc) >> 16) for c in range(256)],
                        dtype=np.int32)

    return ytab, plane(crv, yoffs), plane(cgu, yoffs), plane(cgv, 0), plane(cbu, yoffs)
