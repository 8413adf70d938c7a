"""The reference's one-pass rate control for mjpeg without `-q:v` (libavcodec's mpegvideo
rate control with its defaults: 200 kb/s, tolerance 20x the bit rate, rc_eq "tex^qComp",
qcompress 0.5, qblur 0.5, i_qfactor -0.8, max_qdiff 3, lambda limits 2..31 x 118).

Every picture is an I picture; its complexity is variance_jit.mb_variance_sum. A size
predictor (starting at 7 x 118 bits per unit of sqrt(complexity) at lambda 236, updated from
the fourth picture on with the previous picture's real size) gives the texture bits; the
rate equation, the compensation for bits spent ahead of the wanted rate, the blur over
previous pictures and the clipping give a lambda, which becomes qscale exactly as with -q:v.
The arithmetic keeps the reference's mix of single and double precision (its q and
compensation variables are C floats): `_f32` marks each rounding to single precision.
"""
from __future__ import annotations

import math

import numpy as np

FF_QP2LAMBDA = 118
_RC_QSCALE = 2 * FF_QP2LAMBDA           # the lambda the size predictor is expressed at
_I_QFACTOR = float(np.float32(-0.8))
_QBLUR = 0.5
_QCOMPRESS = 0.5
_MAX_QDIFF = 3


def _f32(x: float) -> float:
    return float(np.float32(x))


class RateControl:
    """Per-picture lambda of the reference's rate control; call picture() then done()."""

    def __init__(self, time_base=(1, 25), bit_rate: int = 200000,
                 bit_rate_tolerance: int | None = None, lmin: int = 2 * FF_QP2LAMBDA,
                 lmax: int = 31 * FF_QP2LAMBDA, log=None):
        self.fps = 1.0 / (time_base[0] / time_base[1])
        self.bit_rate = bit_rate
        tol = 20 * bit_rate if bit_rate_tolerance is None else bit_rate_tolerance
        if bit_rate * (time_base[0] / time_base[1]) > tol:     # the reference overrides it
            if log is not None:
                log.warning(f"bitrate tolerance {tol} too small for bitrate {bit_rate}, "
                            "overriding\n")
            tol = min(int(bit_rate * (time_base[0] / time_base[1]) * 5), (1 << 31) - 1)
        self.tolerance = tol
        self.qmin = int(_f32(_f32(lmin * abs(_I_QFACTOR)) + 0.0) + 0.5)
        self.qmax = max(self.qmin, int(_f32(_f32(lmax * abs(_I_QFACTOR)) + 0.0) + 0.5))
        self.pred_coeff = FF_QP2LAMBDA * 7.0
        self.pred_count = 1.0
        self.short_qsum = 0.001
        self.short_qcount = 0.001
        self.eq_sum = 0.001
        self.wanted_sum = 0.001
        self.last_q_i = FF_QP2LAMBDA * 5.0
        self.after_i = False
        self.total_bits = 0
        self.last_bits = 0
        self.last_lambda = 0.0
        self.last_var = 0
        self.number = 0

    def picture(self, complexity: int, pts: int | None) -> int:
        """The lambda for the next picture (complexity: variance_jit.mb_variance_sum; pts in the
        encoder time base, None when unknown)."""
        if self.number > 2:
            self._update_predictor()
        when = self.number if pts is None else pts
        wanted = int(self.bit_rate * float(when) / self.fps)
        comp = _f32((self.tolerance - float(self.total_bits - wanted)) / self.tolerance)
        if comp <= 0.0:
            comp = _f32(0.001)
        tex_bits = int(self.pred_coeff * math.sqrt(complexity) / (_RC_QSCALE * self.pred_count))
        rate_factor = self.wanted_sum / self.eq_sum * comp
        # rate equation tex^qComp, then bits -> q, then the I-picture factor
        eq = math.pow(tex_bits * float(_RC_QSCALE), _QCOMPRESS)
        self.eq_sum += eq
        bits = max(eq * rate_factor, 0.0) + 1.0
        q = _RC_QSCALE * float(tex_bits + 1) / bits
        q = max(-q * _I_QFACTOR + 0.0, 1.0)
        q = _f32(self._diff_limited(_f32(q)))
        self.short_qsum = self.short_qsum * _QBLUR + q
        self.short_qcount = self.short_qcount * _QBLUR + 1
        q = _f32(self.short_qsum / self.short_qcount)
        q = _f32(min(max(q, self.qmin), self.qmax))
        self.wanted_sum += self.bit_rate / self.fps
        lam = int(q + 0.5)
        self.last_lambda = float(lam)
        self.last_var = complexity
        self.number += 1
        return lam

    def done(self, nbytes: int) -> None:
        """Account for the size of the picture just coded."""
        self.last_bits = 8 * nbytes
        self.total_bits += 8 * nbytes

    def _diff_limited(self, q: float) -> float:
        q = max(q, 1.0)
        if self.after_i:
            maxdiff = FF_QP2LAMBDA * _MAX_QDIFF
            q = min(max(q, self.last_q_i - maxdiff), self.last_q_i + maxdiff)
        self.last_q_i = q
        self.after_i = True
        return q

    def _update_predictor(self) -> None:
        var = math.sqrt(self.last_var)
        if var < 10:
            return
        new_coeff = self.last_bits * self.last_lambda / (var + 1)
        self.pred_count = self.pred_count * 0.4 + 1
        self.pred_coeff = self.pred_coeff * 0.4 + new_coeff


def qscale_from_lambda(lam: int, qmin: int = 2, qmax: int = 31) -> int:
    return max(qmin, min(qmax, (lam * 139 + 128 * 64) >> 14))
