"""One frame of parametric stereo in one kernel call (FFmpeg 5.1.9's ff_ps_apply): the delay
lines of the bands above the SBR's top band cleared, hybrid analysis of the mono input,
decorrelation, stereo mixing, and hybrid synthesis of both outputs."""
from __future__ import annotations

import numpy as np

from ....jit import kernel
from .decorrelate_jit import decorrelate
from .hybrid_jit import analysis, synthesis
from .stereo_jit import stereo

F0 = np.float32(0)

# the layout of `ints` (apply.py fills it)
NUM_ENV, NUM_ENV_OLD, NR_IID, NR_ICC, NR_PHASE, IID_QUANT, ICC_MODE, PHASE, IS34, IS34_OLD, \
    TOP, BORDER = range(12)


@kernel("void(float32[:, :, ::1], float32[:, :, ::1], int32[:, :, ::1], int32[:, :, ::1], "
        "int32[::1], float32[:, :, ::1], float32[:, :, ::1], float32[:, :, :, ::1], "
        "float32[:, ::1], float32[:, :, :, ::1], int32[:, ::1], float32[:, :, ::1], "
        "float32[:, :, ::1], float32[:, :, ::1], float32[:, ::1])")
def apply_frame(x_left, x_right, par, mapped, ints, in_buf, delay, ap_delay, smooth, hm, hist,
                lbuf, rbuf, scratch, small):
    """x_left ([2][38][64], the mono input) becomes the left output, x_right the right one
    (slots 0..31). par/mapped: [4][5][34] parameter indices and their remapped copies;
    ints: the frame's configuration (NUM_ENV...; BORDER.. the 6 envelope borders); the
    state arrays as state.PsState holds them; scratch [2][34][32] and small [8][4] work
    space. Python checks every shape before the call."""
    is34 = ints[IS34] != 0
    nbands = 91 if is34 else 71
    nallpass = 50 if is34 else 30
    top = ints[TOP] + nbands - 64
    if top < 0:
        top = 0
    for k in range(top, nbands):
        delay[k, :, :] = F0
    for k in range(top, nallpass):
        ap_delay[k, :, :, :] = F0
    temp = small[:4].reshape((8, 1, 2))
    analysis(x_left, in_buf, lbuf, is34, temp)
    decorrelate(lbuf, rbuf, delay, ap_delay, smooth, scratch[0], scratch[1], is34,
                is34 != (ints[IS34_OLD] != 0))
    stereo(lbuf, rbuf, par, mapped, hm, hist, small[4:6], small[6:8], ints[NUM_ENV],
           ints[NUM_ENV_OLD], ints[NR_IID], ints[NR_ICC], ints[NR_PHASE], ints[IID_QUANT],
           ints[ICC_MODE], ints[PHASE] != 0, is34, ints[IS34_OLD] != 0,
           ints[BORDER:BORDER + 6])
    synthesis(x_left, lbuf, is34)
    synthesis(x_right, rbuf, is34)
