"""The state of one parametric stereo decoder (one per SBR context): the parameters the last
ps_data() left (parse.py writes them) and the filter state carried from frame to frame
(apply.py), laid out as FFmpeg 5.1.9's PSContext so its behaviour across frames (stale
values read by time-differential coding, envelopes carried over, the 20/34-band switches)
is the same."""
from __future__ import annotations

import numpy as np

MAX_ENV = 5            # envelopes, the appended one included
MAX_PAR = 34           # IID/ICC parameter bands (IPD/OPD use the first 17)
MAX_PHASE = 17
QMF_SLOTS = 32
MAX_DELAY = 14         # the longest plain delay (bands between the all-pass and short delays)
AP_LINKS = 3
AP_DELAY = 5           # the longest all-pass link delay
HYBRID_BANDS = 91
AP_BANDS = 50


class PsState:
    """`start`: ps_data was read without error since the last failure (FFmpeg's
    ps->common.start: the SBR decoder applies PS only then). Parameter lists are plain
    Python (parse.py works on them); filter state is numpy, allocated once."""

    def __init__(self) -> None:
        self.in_buf = np.zeros((5, 44, 2), np.float32)
        self.delay = np.zeros((HYBRID_BANDS, QMF_SLOTS + MAX_DELAY, 2), np.float32)
        self.ap_delay = np.zeros((AP_BANDS, AP_LINKS, QMF_SLOTS + AP_DELAY, 2), np.float32)
        # peak_decay_nrg, power_smooth, peak_decay_diff_smooth
        self.smooth = np.zeros((3, MAX_PAR), np.float32)
        # H11, H12, H21, H22 x [real, imaginary] x [envelope + 1] x band
        self.h = np.zeros((4, 2, MAX_ENV + 1, MAX_PAR), np.float32)
        # ipd_hist, opd_hist
        self.hist = np.zeros((2, MAX_PAR), np.int32)
        # the hybrid-domain signals of a frame (FFmpeg keeps them in the context too)
        self.lbuf = np.zeros((HYBRID_BANDS, QMF_SLOTS, 2), np.float32)
        self.rbuf = np.zeros((HYBRID_BANDS, QMF_SLOTS, 2), np.float32)
        # scratch: power and transient gain per parameter band and slot
        self.scratch = np.zeros((2, MAX_PAR, QMF_SLOTS), np.float32)
        # the parameters handed to the kernel: iid, icc, ipd, opd x envelope x band
        self.par_array = np.zeros((4, MAX_ENV, MAX_PAR), np.int32)
        self.mapped = np.zeros((4, MAX_ENV, MAX_PAR), np.int32)
        self.ints = np.zeros(32, np.int32)
        self.small = np.zeros((8, 4), np.float32)
        self.reset()

    def reset(self) -> None:
        """Everything back to the zeroed context FFmpeg starts from."""
        self.start = False
        self.enable_iid = False
        self.iid_quant = 0
        self.nr_iid_par = 0
        self.nr_ipdopd_par = 0
        self.enable_icc = False
        self.icc_mode = 0
        self.nr_icc_par = 0
        self.enable_ext = False
        self.frame_class = 0
        self.num_env_old = 0
        self.num_env = 0
        self.enable_ipdopd = False
        self.border_position = [0] * (MAX_ENV + 1)
        self.iid_par = [[0] * MAX_PAR for _ in range(MAX_ENV)]
        self.icc_par = [[0] * MAX_PAR for _ in range(MAX_ENV)]
        self.ipd_par = [[0] * MAX_PAR for _ in range(MAX_ENV)]
        self.opd_par = [[0] * MAX_PAR for _ in range(MAX_ENV)]
        self.is34bands = False
        self.is34bands_old = False
        for a in (self.in_buf, self.delay, self.ap_delay, self.smooth, self.h, self.hist,
                  self.lbuf, self.rbuf):
            a[...] = 0

    def clear_pars(self) -> None:
        """All four parameter sets zeroed (FFmpeg's error path)."""
        for par in (self.iid_par, self.icc_par, self.ipd_par, self.opd_par):
            for row in par:
                row[:] = [0] * MAX_PAR
