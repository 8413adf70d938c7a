"""AAC Main backward-adaptive prediction (ISO/IEC 14496-3 4.6.7) inside numba: one
second-order lattice LMS predictor per spectral line of the first pred_sfb_max bands,
updated from the dequantised coefficients of every long-window frame and reset by short
windows, by the signalled reset group, and on first use.

The arithmetic is float32 in the reference's order, and its state values are cut to 16 bits
(sign, exponent and the top 7 mantissa bits) the way FFmpeg 5.1.9 does it: truncation for
the stored state, round-half-up for the prediction, and for the gain factors a "round to
even" whose tie bit is the float's lowest mantissa bit (the operator precedence of the
reference's expression, kept because it decides the output). Those bit operations are done
exactly with frexp and powers of two, sub-normal floats included.
"""
from __future__ import annotations

import math

import numpy as np

from ...jit import leaf
from .spectral_jit import B_PRED_MAX, EIGHT_SHORT, PRED_INIT, PRED_PRESENT, PRED_RESET, \
    PRED_USED, WS0

MAX_PREDICTORS = 672
# pred[slot, k, :] fields
P_R0, P_R1, P_COR0, P_COR1, P_VAR0, P_VAR1 = 0, 1, 2, 3, 4, 5
PRED_FIELDS = 6

_A = np.float32(0.953125)         # 61/64
_ALPHA = np.float32(0.90625)      # 29/32
_HALF = np.float32(0.5)
_ONE = np.float32(1.0)
_ZERO = np.float32(0.0)


@leaf
def _ulp_exponent(ax):
    """log2 of the weight of the lowest mantissa bit of the float32 |x| = ax > 0."""
    return max(math.frexp(ax)[1] - 1, -126) - 23


@leaf
def _cut(x, add_ulps):
    """The float32 x with add_ulps added to its bit pattern's magnitude and the low 16 bits
    of the result cleared."""
    ax = abs(np.float64(x))
    if ax == 0.0 or not math.isfinite(ax):
        return x
    y = ax
    if add_ulps:
        y = ax + math.ldexp(np.float64(add_ulps), _ulp_exponent(ax))
    q = math.ldexp(1.0, _ulp_exponent(y) + 16)
    v = math.floor(y / q) * q
    return np.float32(-v if x < 0 else v)


@leaf
def flt16_trunc(x):
    """The bit pattern of x with its low 16 bits cleared."""
    return _cut(x, 0)


@leaf
def flt16_round(x):
    """The bit pattern of x plus 0x8000, low 16 bits cleared."""
    return _cut(x, 0x8000)


@leaf
def flt16_even(x):
    """The bit pattern of x plus 0x7FFF plus its lowest bit, low 16 bits cleared."""
    ax = abs(np.float64(x))
    if ax == 0.0 or not math.isfinite(ax):
        return x
    lsb = np.int64(ax / math.ldexp(1.0, _ulp_exponent(ax))) & 1
    return _cut(x, 0x7FFF + lsb)


@leaf
def _reset(pred, slot, k):
    pred[slot, k, P_R0] = _ZERO
    pred[slot, k, P_R1] = _ZERO
    pred[slot, k, P_COR0] = _ZERO
    pred[slot, k, P_COR1] = _ZERO
    pred[slot, k, P_VAR0] = _ONE
    pred[slot, k, P_VAR1] = _ONE


@leaf
def _predict(pred, slot, k, coef, output):
    """One line: add the prediction to coef[slot, k] when output is set, then update the
    predictor from the (reconstructed) value."""
    r0 = pred[slot, k, P_R0]
    r1 = pred[slot, k, P_R1]
    cor0 = pred[slot, k, P_COR0]
    cor1 = pred[slot, k, P_COR1]
    var0 = pred[slot, k, P_VAR0]
    var1 = pred[slot, k, P_VAR1]
    k1 = cor0 * flt16_even(_A / var0) if var0 > _ONE else _ZERO
    k2 = cor1 * flt16_even(_A / var1) if var1 > _ONE else _ZERO
    pv = flt16_round(k1 * r0 + k2 * r1)
    if output:
        coef[slot, k] = coef[slot, k] + pv
    e0 = coef[slot, k]
    e1 = e0 - k1 * r0
    pred[slot, k, P_COR1] = flt16_trunc(_ALPHA * cor1 + r1 * e1)
    pred[slot, k, P_VAR1] = flt16_trunc(_ALPHA * var1 + _HALF * (r1 * r1 + e1 * e1))
    pred[slot, k, P_COR0] = flt16_trunc(_ALPHA * cor0 + r0 * e0)
    pred[slot, k, P_VAR0] = flt16_trunc(_ALPHA * var0 + _HALF * (r0 * r0 + e0 * e0))
    pred[slot, k, P_R1] = flt16_trunc(_A * (r0 - k1 * e0))
    pred[slot, k, P_R0] = flt16_trunc(_A * e0)


@leaf
def apply_prediction(ics, slot, coef, pred, swb_long, bands):
    """The predictors of one channel over its dequantised coefficients: every line of the
    first pred_sfb_max bands is predicted and updated in a long-window frame (the prediction
    added only in bands flagged while predictor_data_present), then the reset group is
    reset; a short-window frame resets them all."""
    n = pred.shape[1]
    if not ics[slot, PRED_INIT]:
        for k in range(n):
            _reset(pred, slot, k)
        ics[slot, PRED_INIT] = 1
    if ics[slot, WS0] == EIGHT_SHORT:
        for k in range(n):
            _reset(pred, slot, k)
        return
    present = ics[slot, PRED_PRESENT]
    for sfb in range(bands[B_PRED_MAX]):
        used = present != 0 and ics[slot, PRED_USED + sfb] != 0
        for k in range(swb_long[sfb], min(swb_long[sfb + 1], n)):
            _predict(pred, slot, k, coef, used)
    group = ics[slot, PRED_RESET]
    if group:
        for k in range(group - 1, n, 30):
            _reset(pred, slot, k)
