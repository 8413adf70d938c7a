"""apply_ps: one frame of parametric stereo on the SBR's QMF-domain signal (FFmpeg 5.1.9's
ff_ps_apply), the parameters of the last ps_data() handed to frame_jit.apply_frame."""
from __future__ import annotations

import numpy as np

from . import frame_jit as F
from .state import PsState

SHAPE = (2, 38, 64)


def _check(a: np.ndarray, name: str) -> None:
    if type(a) is not np.ndarray or a.dtype != np.float32 or a.shape != SHAPE \
            or not a.flags.c_contiguous or not a.flags.writeable:
        raise TypeError("apply_ps: %s must be a writable C-contiguous float32 array of shape "
                        "%r" % (name, SHAPE))


def apply_ps(ps: PsState, L: np.ndarray, R: np.ndarray, top: int) -> None:
    """L (the mono input, [re/im][38 slots][64 bands]) becomes the left output, R is written
    with the right one (slots 0..31 of both); `top` is the SBR's kx + m (the bands above
    it have their delay lines cleared, as the reference)."""
    _check(L, "L")
    _check(R, "R")
    par = ps.par_array
    par[0] = ps.iid_par
    par[1] = ps.icc_par
    par[2] = ps.ipd_par
    par[3] = ps.opd_par
    ints = ps.ints
    ints[F.NUM_ENV] = ps.num_env
    ints[F.NUM_ENV_OLD] = ps.num_env_old
    ints[F.NR_IID] = ps.nr_iid_par
    ints[F.NR_ICC] = ps.nr_icc_par
    ints[F.NR_PHASE] = ps.nr_ipdopd_par
    ints[F.IID_QUANT] = ps.iid_quant
    ints[F.ICC_MODE] = ps.icc_mode
    ints[F.PHASE] = ps.enable_ipdopd
    ints[F.IS34] = ps.is34bands
    ints[F.IS34_OLD] = ps.is34bands_old
    ints[F.TOP] = max(0, min(int(top), 64))
    ints[F.BORDER:F.BORDER + 6] = ps.border_position
    F.apply_frame(L, R, par, ps.mapped, ints, ps.in_buf, ps.delay, ps.ap_delay, ps.smooth,
                  ps.h, ps.hist, ps.lbuf, ps.rbuf, ps.scratch, ps.small)
