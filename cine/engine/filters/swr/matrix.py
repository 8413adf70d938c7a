"""libswresample's default mixing matrix (swr_build_matrix2 and auto_matrix of FFmpeg 5.1.9
rematrix.c): identity for the channels both layouts have, then each input channel the
output lacks is folded into its nearest neighbours (centre into left/right at the centre
level, left/right into centre at -3 dB, surrounds into the fronts at the surround level,
LFE at the LFE level...), and the whole matrix is divided by its largest row sum of
magnitudes when that exceeds `maxval` (1 for integer output or internal formats).

Layouts are native channel masks (bit i = channel i of chlayout.CHANNEL_NAMES)."""
from __future__ import annotations

import errno
import math

from ... import chlayout as CL
from ...errors import CineError, Unsupported

EINVAL = -errno.EINVAL

SQRT1_2 = math.sqrt(0.5)

# channel ids of rematrix.c's 18 named rows/columns
FL, FR, FC, LFE, BL, BR, FLC, FRC, BC, SL, SR = range(11)
NAMED = 18


def _float(v, lo: float, hi: float) -> float:
    """A value that went through one of swresample's float options (range checked)."""
    import numpy as np
    try:
        f = float(v)
    except (TypeError, ValueError):
        raise CineError("swr rematrix option %r" % (v,), code=EINVAL) from None
    if not lo <= f <= hi:
        raise CineError("swr rematrix option %r out of range" % (v,), code=EINVAL)
    return float(np.float32(f))


def _has(mask: int, ch: int) -> bool:
    return bool(mask >> ch & 1)


def _even(bits: int) -> bool:
    return bits == 0 or bits & (bits - 1) != 0


def _sane(mask: int) -> bool:
    if not mask & CL.SURROUND:
        return False
    for pair in (CL.FL | CL.FR, CL.SL | CL.SR, CL.BL | CL.BR, CL.FLC | CL.FRC):
        if not _even(mask & pair):
            return False
    return CL.nb_channels(mask) < 64


def build(in_mask: int, out_mask: int, clev: float, slev: float, lfe: float,
          maxval: float, volume: float):
    """The matrix (out channels, in channels) as float64, in layout (bit) order."""
    import numpy as np
    if CL.nb_channels(in_mask) == 1 and not _has(in_mask, 2):
        in_mask = CL.MONO
    if CL.nb_channels(out_mask) == 1 and not _has(out_mask, 2):
        out_mask = CL.MONO
    if out_mask == CL.STEREO_DOWNMIX and not in_mask & CL.STEREO_DOWNMIX:
        out_mask = CL.STEREO
    if in_mask == CL.STEREO_DOWNMIX and not out_mask & CL.STEREO_DOWNMIX:
        in_mask = CL.STEREO
    if in_mask == CL.L22POINT2 and out_mask != CL.L22POINT2:
        in_mask = CL.L7POINT1_WIDE_BACK | CL.BC
    if not _sane(in_mask) or not _sane(out_mask):
        raise CineError("channel layout not supported by the rematrix", code=EINVAL)

    m = [[0.0] * NAMED for _ in range(NAMED)]
    for i in range(NAMED):
        if _has(in_mask, i) and _has(out_mask, i):
            m[i][i] = 1.0
    un = in_mask & ~out_mask
    out_has = lambda ch: _has(out_mask, ch)   # noqa: E731
    in_has = lambda ch: _has(in_mask, ch)     # noqa: E731

    if un & CL.FC:
        if out_mask & CL.STEREO != CL.STEREO:
            raise CineError("rematrix: no place for the centre channel", code=EINVAL)
        c = clev if in_mask & CL.STEREO else SQRT1_2
        m[FL][FC] += c
        m[FR][FC] += c
    if un & CL.STEREO:
        if not out_has(FC):
            raise CineError("rematrix: no place for the front channels", code=EINVAL)
        m[FC][FL] += SQRT1_2
        m[FC][FR] += SQRT1_2
        if in_has(FC):
            m[FC][FC] = clev * math.sqrt(2)
    if un & CL.BC:
        if out_has(BL):
            m[BL][BC] += SQRT1_2
            m[BR][BC] += SQRT1_2
        elif out_has(SL):
            m[SL][BC] += SQRT1_2
            m[SR][BC] += SQRT1_2
        elif out_has(FL):
            m[FL][BC] += slev * SQRT1_2
            m[FR][BC] += slev * SQRT1_2
        elif out_has(FC):
            m[FC][BC] += slev * SQRT1_2
    if un & CL.BL:
        if out_has(BC):
            m[BC][BL] += SQRT1_2
            m[BC][BR] += SQRT1_2
        elif out_has(SL):
            c = SQRT1_2 if in_has(SL) else 1.0
            m[SL][BL] += c
            m[SR][BR] += c
        elif out_has(FL):
            m[FL][BL] += slev
            m[FR][BR] += slev
        elif out_has(FC):
            m[FC][BL] += slev * SQRT1_2
            m[FC][BR] += slev * SQRT1_2
    if un & CL.SL:
        if out_has(BL):
            c = SQRT1_2 if in_has(BL) else 1.0
            m[BL][SL] += c
            m[BR][SR] += c
        elif out_has(BC):
            m[BC][SL] += SQRT1_2
            m[BC][SR] += SQRT1_2
        elif out_has(FL):
            m[FL][SL] += slev
            m[FR][SR] += slev
        elif out_has(FC):
            m[FC][SL] += slev * SQRT1_2
            m[FC][SR] += slev * SQRT1_2
    if un & CL.FLC:
        if out_has(FL):
            m[FL][FLC] += 1.0
            m[FR][FRC] += 1.0
        elif out_has(FC):
            m[FC][FLC] += SQRT1_2
            m[FC][FRC] += SQRT1_2
    if un & CL.LFE:
        if out_has(FC):
            m[FC][LFE] += lfe
        elif out_has(FL):
            m[FL][LFE] += lfe * SQRT1_2
            m[FR][LFE] += lfe * SQRT1_2

    outs = [i for i in range(64) if _has(out_mask, i)]
    ins = [j for j in range(64) if _has(in_mask, j)]
    mat = np.zeros((len(outs), len(ins)), dtype=np.float64)
    maxcoef = 0.0
    for oi, i in enumerate(outs):
        total = 0.0
        for ij, j in enumerate(ins):
            if i < NAMED and j < NAMED:
                v = m[i][j]
            else:
                v = 1.0 if i == j else 0.0
            mat[oi, ij] = v
            total += abs(v)
        maxcoef = max(maxcoef, total)
    if volume < 0:
        maxcoef = -volume
    if maxcoef > maxval or volume < 0:
        maxcoef /= maxval
        mat /= maxcoef
    if volume > 0:
        mat *= volume
    return mat


def default_matrix(in_mask: int, out_mask: int, out_fmt: str, int_fmt: str, opts: dict):
    """auto_matrix: the options as floats, maxval from rematrix_maxval or the formats."""
    from ...samplefmt import packed
    if opts.get("matrix_encoding", "none") not in ("none", 0):
        raise Unsupported("matrix_encoding %s" % opts.get("matrix_encoding"))
    maxval = _float(opts.get("rematrix_maxval", 0.0), 0, 1000)
    if maxval <= 0:
        integer = ("u8", "s16", "s32")
        maxval = 1.0 if packed(out_fmt) in integer or packed(int_fmt) in integer \
            else float(2 ** 31 - 1)
    return build(in_mask, out_mask, _float(opts.get("center_mix_level", SQRT1_2), -32, 32),
                 _float(opts.get("surround_mix_level", SQRT1_2), -32, 32),
                 _float(opts.get("lfe_mix_level", 0.0), -32, 32), maxval,
                 _float(opts.get("rematrix_volume", 1.0), -1000, 1000))
