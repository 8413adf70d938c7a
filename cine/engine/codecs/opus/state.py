"""The arrays of one Opus stream's decoding state (range decoder, CELT and SILK layers,
SILK's resampler) as views of three buffers, one per element type.

Python and the kernels of each layer use the views as separate arrays; lean_jit's kernel,
which runs a whole frame, takes the three buffers instead and cuts the same views out of
them. The reason is the call: numba checks the type of every argument at every call, some
40 ns an array, and a frame's state is some thirty arrays.

Each constant below is (buffer, offset in it, shape) of one array; `StreamState.view` gives
it."""
from __future__ import annotations

import numpy as np

from .celt.imdct import FFT_WORK
from .celt.layout import BANDS_ROWS, FP_SIZE
from .celt.pvq_jit import MEM_SIZE
from .celt.tables import MAX_BANDS
from .range_coder_jit import STATE_SIZE
from .resampler_jit import FIFO, LENGTH, STORE, U_SIZE
from .silk.frame_jit import FWORK_SIZE, HISTORY, IWORK_SIZE, SI_SIZE

I64, F32, F64 = 0, 1, 2
DTYPES = (np.int64, np.float32, np.float64)
MAX_RATIO = 6           # SILK's lowest rate, 8 kHz, to 48 kHz

_SIZES = [0, 0, 0]


def _place(kind: int, *shape: int) -> tuple:
    at = _SIZES[kind]
    _SIZES[kind] += int(np.prod(shape))
    return (kind, at, shape)


# the range decoder and decode_lean's results
RC = _place(I64, STATE_SIZE)
INFO = _place(I64, 2)
# CELT (celt.decoder.CeltDecoder)
FP = _place(I64, FP_SIZE)
BANDS = _place(I64, BANDS_ROWS, MAX_BANDS)
ENERGY = _place(F32, 2, MAX_BANDS)
PREV_ENERGY = _place(F32, 2, 2, MAX_BANDS)
PF_PERIOD = _place(I64, 2, 3)
PF_GAINS = _place(F32, 2, 3, 3)
HIST = _place(F32, 2, 2048)
EMPH = _place(F32, 2)
MEM = _place(F32, MEM_SIZE)
IY = _place(I64, 256)
WORK = _place(I64, 5 * MAX_BANDS)
IMDCT = _place(F32, 2, 960)
FFT = _place(F64, FFT_WORK)
CELT_OUT = _place(F32, 2, 960)          # a hybrid frame's CELT part
# SILK (silk.decoder.SilkDecoder)
SI = _place(I64, SI_SIZE)
FI = _place(I64, 2, 4)
NLSF = _place(I64, 2, 16)
LPCS = _place(F32, 2, 16)
OUTBUF = _place(F32, 2, 2 * HISTORY)
LPCHIST = _place(F32, 2, 2 * HISTORY)
SW = _place(F32, 4)
SILK_OUT = _place(F32, 2, 960)
FWORK = _place(F32, FWORK_SIZE)
IWORK = _place(I64, IWORK_SIZE)
# SILK's resampler (resampler.SilkResampler; the bank's rows: the ratio + 1 of them)
RS_STATE = _place(I64, U_SIZE)
RS_STORE = _place(F32, 2, STORE)
RS_FIFO = _place(F32, 2, FIFO)
RS_BANK = _place(F32, MAX_RATIO + 1, LENGTH)

SIZES = tuple(_SIZES)


class StreamState:
    """The three buffers of one stream's state."""

    def __init__(self):
        self.i64, self.f32, self.f64 = (np.zeros(n, t) for n, t in zip(SIZES, DTYPES))
        self.buffers = (self.i64, self.f32, self.f64)

    def view(self, spec: tuple) -> np.ndarray:
        """The array `spec` (one of the constants above)."""
        kind, at, shape = spec
        return self.buffers[kind][at:at + int(np.prod(shape))].reshape(shape)
