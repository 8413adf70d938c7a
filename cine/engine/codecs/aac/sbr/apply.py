"""ff_sbr_apply for one channel element and frame: the reference's state checks (element type
mismatch, data missing for the dequantisation, the kx/m push), then apply_jit's kernel over
the element's memories, the parametric stereo (ps package) or the copy of the left channel
into the right one for a mono stream output as stereo, and the QMF synthesis.
"""
from __future__ import annotations

import numpy as np

from ....log import Logger
from .. import numeric_tables as NT
from . import apply_jit as K
from . import hf_adjust_jit as A
from . import tables as T
from .context import SbrContext

LFE = 3
CPE = 1

# constants of the kernels: the windows, the noise table, the 128-point IMDCTs' rotations
# (analysis: scale -2 * 32768; synthesis: 1 / (64 * 32768)) and their 32-point FFT
_TCOS_A, _TSIN_A = NT._mdct_twiddles(128, -2.0 * 32768.0)
_TCOS_S, _TSIN_S = NT._imdct_twiddles(128)
_PLAN = NT.fft_plan(32)
_ORDER = NT.fft_input_order(32)
_CONST = (T.QMF_WINDOW, T.QMF_WINDOW_DS, T.NOISE_TABLE, _TCOS_A, _TSIN_A, _TCOS_S, _TSIN_S,
          _PLAN, _ORDER, NT.FFT_COS, NT.FFT_COS_AT)


class Memories:
    """The element's DSP state, kept from frame to frame (FFmpeg's SBRData arrays)."""

    def __init__(self) -> None:
        f4 = np.float32
        self.dsp = np.zeros((2, 8), np.int32)
        self.dsp[:, A.D_VOFF] = 2304 - (1280 - 128)
        self.s_idx = np.zeros((2, 8, 48), np.int32)
        self.bw = np.zeros((2, 8), f4)
        self.g_temp = np.zeros((2, 42, 48), f4)
        self.q_temp = np.zeros((2, 42, 48), f4)
        self.ana = np.zeros((2, 1312), f4)
        self.w = np.zeros((2, 2, 32, 32, 2), f4)
        self.y = np.zeros((2, 2, 38, 64, 2), f4)
        self.x = np.zeros((2, 2, 38, 64), f4)
        self.vbuf = np.zeros((2, 2304), f4)

    def reset_noise_index(self) -> None:
        self.dsp[:, A.D_INDEXNOISE] = 0


class Scratch:
    """Per-frame arrays of the kernels (one set per decoder)."""

    def __init__(self) -> None:
        f4 = np.float32
        self.params = np.zeros(K.PARAMS_SIZE, np.int32)
        self.tabs = np.zeros((6, 64), np.int32)
        self.packed = None          # (the BandTables and limiter table tabs holds)
        self.chi = np.zeros((2, A.CHI_SIZE), np.int32)
        self.env_q = np.zeros((2, 6, 48), np.int32)
        self.noise_q = np.zeros((2, 3, 8), np.int32)
        self.harm = np.zeros((2, 48), np.int32)
        self.x_low = np.zeros((32, 40, 2), f4)
        self.x_high = np.zeros((64, 40, 2), f4)
        self.alpha = np.zeros((2, 64, 2), f4)
        self.adj = np.zeros((8, 7, 48), f4)
        self.env = np.zeros((2, 6, 48), f4)
        self.noise = np.zeros((2, 3, 8), f4)
        self.z2 = np.zeros((2, 320), f4)
        self.mbuf = np.zeros((2, 64), f4)
        self.stop = np.zeros(1, np.int64)


def _pack(sbr: SbrContext, s: Scratch, nch: int) -> None:
    tab = sbr.tables
    if tab is not None and (s.packed is None or s.packed[0] is not tab
                            or s.packed[1] is not tab.lim):
        # (tables are made anew by a header's reset and the limiter table replaced when its
        # bands change, so the arrays are packed again only then)
        s.packed = (tab, tab.lim)
        s.tabs[:] = 0
        s.tabs[K.T_HIGH, :len(tab.high)] = tab.high
        s.tabs[K.T_LOW, :len(tab.low)] = tab.low
        s.tabs[K.T_NOISE, :len(tab.noise)] = tab.noise
        s.tabs[K.T_LIM, :len(tab.lim)] = tab.lim
        s.tabs[K.T_PATCH_SIZE, :len(tab.patch_sizes)] = tab.patch_sizes
        s.tabs[K.T_PATCH_START, :len(tab.patch_starts)] = tab.patch_starts
    p = s.params
    p[K.P_KX0], p[K.P_KX1], p[K.P_M0], p[K.P_M1] = sbr.kx[0], sbr.kx[1], sbr.m[0], sbr.m[1]
    if tab is not None:
        p[K.P_K0], p[K.P_N_LOW], p[K.P_N_HIGH] = tab.k0, tab.n_low, tab.n_high
        p[K.P_N_Q], p[K.P_N_LIM], p[K.P_NPATCH] = tab.n_q, tab.n_lim, len(tab.patch_sizes)
    p[K.P_START] = sbr.start if tab is not None else 0
    p[K.P_RESET] = sbr.reset
    p[K.P_LIM_GAINS] = sbr.limiter_gains
    p[K.P_INTERPOL] = sbr.interpol_freq
    p[K.P_SMOOTHING] = sbr.smoothing
    p[K.P_COUPLED] = 1 if nch == 2 and sbr.coupling else 0
    p[K.P_NCH] = nch
    for c in range(nch):
        ch = sbr.ch[c]
        row = s.chi[c]
        row[A.C_NUM_ENV] = ch.num_env
        row[A.C_NUM_NOISE] = ch.num_noise
        row[A.C_AMP_RES] = ch.amp_res
        row[A.C_ENV_OLD] = ch.env_old
        row[A.C_EA0], row[A.C_EA1] = ch.e_a
        row[A.C_HARM] = ch.harm_flag
        row[A.C_T_ENV:A.C_T_ENV + 8] = ch.t_env
        row[A.C_T_Q:A.C_T_Q + 3] = ch.t_q
        row[A.C_FREQ_RES:A.C_FREQ_RES + 7] = ch.freq_res
        row[A.C_INVF0:A.C_INVF0 + 5] = ch.invf[0]
        row[A.C_INVF1:A.C_INVF1 + 5] = ch.invf[1]
        s.env_q[c] = ch.env_q
        s.noise_q[c, :, :5] = ch.noise_q
        s.harm[c] = ch.harm


def apply(dec, sbr: SbrContext, id_aac: int, slot0: int, pcm: np.ndarray,
          out: np.ndarray, s: Scratch) -> None:
    """The element's 2048 (1024 when downsampled) samples per output channel into out rows
    slot0 (and slot0 + 1), from the core's rows of pcm."""
    log = dec.log
    if sbr.mem is None:
        sbr.mem = Memories()
    if id_aac != sbr.id_aac:
        level = log.verbose if id_aac == LFE else log.warning
        level("element type mismatch %d != %d\n" % (id_aac, sbr.id_aac))
        sbr.turnoff()
    if sbr.start and not sbr.ready:
        log.error("No quantized data read for sbr_dequant.\n")
        sbr.turnoff()
    if not sbr.pushed:
        sbr.kx[0] = sbr.kx[1]
        sbr.m[0] = sbr.m[1]
    else:
        sbr.pushed = 0
    nch = 2 if id_aac == CPE else 1
    ps = dec.ps == 1
    _pack(sbr, s, nch)
    if sbr.start:
        sbr.ready = 0
    p = s.params
    p[K.P_SLOT0] = slot0
    p[K.P_SLOT1] = slot0 + 1
    p[K.P_NOUT] = 2 if ps else nch
    p[K.P_SYNTH] = 0 if ps else 1
    div = 1 if dec.ext_sample_rate < sbr.sample_rate else 0
    p[K.P_DIV] = div
    m = sbr.mem
    result = K.apply_element(
        p, s.tabs, s.chi, s.env_q, s.noise_q, s.harm, m.dsp, m.s_idx, m.bw, m.g_temp,
        m.q_temp, m.ana, m.w, m.y, m.x, m.vbuf, pcm, s.x_low, s.x_high, s.alpha, s.adj, s.env,
        s.noise, s.z2, s.mbuf, out, *_CONST, s.stop)
    if result >> K.R_OVERFLOW_SHIFT:
        bare = Logger("", log.sink)         # the reference logs these without a context
        for _ in range(result >> K.R_OVERFLOW_SHIFT):
            bare.error("envelope scalefactor overflow in dequant\n")
    if result & K.R_NO_SUBBAND:
        log.error("ERROR : no subband found for frequency %d\n" % int(s.stop[0]))
    if result & K.R_MAPPING_ERROR:
        log.error("kx != f_table{high,low}[0]. Derived frequency tables were not "
                  "regenerated.\n")
        sbr.turnoff()
    if not ps:
        return
    if sbr.ps is not None and sbr.ps.start:
        from ..ps.apply import apply_ps
        apply_ps(sbr.ps, m.x[0], m.x[1], sbr.kx[1] + sbr.m[1])
    else:
        m.x[1] = m.x[0]
    win = T.QMF_WINDOW_DS if div else T.QMF_WINDOW
    for c in range(2):
        K.synthesize(m.x[c], m.vbuf[c], m.dsp[c], out[slot0 + c], s.mbuf, win, div, _TCOS_S,
                     _TSIN_S, _PLAN, _ORDER, NT.FFT_COS, NT.FFT_COS_AT, s.z2)
