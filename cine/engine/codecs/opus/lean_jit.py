"""One Opus frame in one kernel call, for the frames that need none of the decoder's
bookkeeping (decoder.py's lean path): no redundant CELT frame pending a cross-fade, no
CELT samples held back for a hybrid frame, and a SILK resampler already running (SILK and
hybrid frames) or none at all (CELT frames).

The kernel runs what OpusDecoder._frame runs for such a frame, in the same order and with
the same kernels' code: the range decoder's start, the SILK layer and its resampling to
48 kHz (or the SILK decoder's reset), the redundancy header, then the CELT layer added to
the SILK output (or the CELT decoder's reset), writing the frame's samples straight into
the packet's output at `offset`. Where the frame turns out to carry a redundant CELT frame
it stops after the redundancy header (the SILK part written) and says so: Python goes on
from there (decoder._finish_frame)."""
from __future__ import annotations

from ...jit import helper, kernel, leaf
from .celt.layout import F_FLUSHED, F_SEED
from .celt.synth_jit import celt_frame
from .celt.tables import ENERGY_SILENCE
from .range_coder_jit import (R_CACHELEN, R_CACHEVAL, R_RBBYTES, R_RBPOS, redundancy_header,
                              start_frame)
from .resampler_jit import U_CHANNELS, U_RATIO, push, take
from .silk.frame_jit import flush_frame, silk_frames
from .state import (BANDS, CELT_OUT, EMPH, ENERGY, F32, F64, FFT, FI, FP, FWORK, HIST, I64,
                    IMDCT, INFO, IWORK, IY, LPCHIST, LPCS, MAX_RATIO, MEM, NLSF, OUTBUF,
                    PF_GAINS, PF_PERIOD, PREV_ENERGY, RC, RS_BANK, RS_FIFO, RS_STATE, RS_STORE,
                    SI, SILK_OUT, SIZES, SW, WORK)

MODE_SILK, MODE_HYBRID, MODE_CELT = 0, 1, 2
BAND_END = (13, 17, 17, 19, 21)     # last CELT band per bandwidth (NB .. FB)

# return values; the state's INFO[I_SAMPLES] holds the frame's samples written (DONE,
# REDUNDANCY), INFO[I_REDUNDANCY] the redundancy header's value (REDUNDANCY)
DONE = 0
REDUNDANCY = 1          # a redundant CELT frame follows: the rest of the frame is Python's
SILK_ERROR = 2          # the SILK layer was refused (nothing written)
CELT_ERROR = 3          # the CELT layer was refused (the SILK part may be written)
BUG = -1                # inconsistent arguments or resampler state
I_SAMPLES = 0
I_REDUNDANCY = 1


@leaf
def _reset_celt(fp, energy, prev_energy, hist, pf_gains, emph):
    """celt.decoder.CeltDecoder.flush."""
    if fp[F_FLUSHED]:
        return
    for c in range(prev_energy.shape[0]):
        for k in range(prev_energy.shape[1]):
            for i in range(prev_energy.shape[2]):
                prev_energy[c, k, i] = ENERGY_SILENCE
    for c in range(energy.shape[0]):
        for i in range(energy.shape[1]):
            energy[c, i] = 0
    for c in range(hist.shape[0]):
        for i in range(hist.shape[1]):
            hist[c, i] = 0
    for c in range(pf_gains.shape[0]):
        for k in range(pf_gains.shape[1]):
            for i in range(pf_gains.shape[2]):
                pf_gains[c, k, i] = 0
    for c in range(emph.shape[0]):
        emph[c] = 0
    fp[F_SEED] = 0
    fp[F_FLUSHED] = 1


@leaf
def _reset_silk(fi, nlsf, lpcs, outbuf, lpchist, sw):
    """silk.decoder.SilkDecoder.flush."""
    for c in range(2):
        flush_frame(fi, nlsf, lpcs, outbuf, lpchist, c)
    sw[0] = 0
    sw[1] = 0


@helper
def _view1(buf, spec):
    """The 1-D array `spec` ((buffer, offset, (n,)): a state.py constant) of buf."""
    return buf[spec[1]:spec[1] + spec[2][0]]


@helper
def _view2(buf, spec):
    rows, cols = spec[2]
    return buf[spec[1]:spec[1] + rows * cols].reshape((rows, cols))


@helper
def _view3(buf, spec):
    a, b, c = spec[2]
    return buf[spec[1]:spec[1] + a * b * c].reshape((a, b, c))


@kernel("int64(uint8[::1], int64, int64, int64, int64, int64, int64, int64, float32[:, ::1], "
        "int64, int64[::1], float32[::1], float64[::1])")
def decode_lean(buf, start, size, mode, bandwidth, stereo, duration, silk_ms, out, offset,
                i64, f32, f64):
    """The frame of `size` bytes at `start` of the packet `buf` (its TOC's mode, bandwidth,
    stereo flag, frame duration in 48 kHz samples and SILK duration in ms), its samples
    written to out[:channels, offset:]. i64, f32, f64: the stream's state (state.py: the
    range decoder, the CELT and SILK layers' arrays, SILK's resampler, which CELT frames do
    not use). Returns DONE, REDUNDANCY, SILK_ERROR, CELT_ERROR or BUG; INFO[I_SAMPLES]
    the samples written, INFO[I_REDUNDANCY] the redundancy header."""
    if (i64.shape[0] < SIZES[I64] or f32.shape[0] < SIZES[F32] or f64.shape[0] < SIZES[F64]
            or mode < 0 or mode > 2 or bandwidth < 0 or bandwidth > 4 or stereo < 0
            or stereo > 1 or duration < 1 or offset < 0 or out.shape[1] < offset + duration):
        return BUG
    rc = _view1(i64, RC)
    info = _view1(i64, INFO)
    info[I_SAMPLES] = 0
    info[I_REDUNDANCY] = 0
    fp = _view1(i64, FP)
    energy = _view2(f32, ENERGY)
    prev_energy = _view3(f32, PREV_ENERGY)
    hist = _view2(f32, HIST)
    pf_gains = _view3(f32, PF_GAINS)
    emph = _view1(f32, EMPH)
    fi = _view2(i64, FI)
    nlsf = _view2(i64, NLSF)
    lpcs = _view2(f32, LPCS)
    outbuf = _view2(f32, OUTBUF)
    lpchist = _view2(f32, LPCHIST)
    sw = _view1(f32, SW)
    start_frame(buf, start, size, rc)
    samples = duration
    if mode != MODE_CELT:
        silk_out = _view2(f32, SILK_OUT)
        n = silk_frames(buf, rc, _view1(i64, SI), fi, nlsf, lpcs, outbuf, lpchist, sw,
                        silk_out, min(bandwidth, 2), stereo + 1, silk_ms, _view1(f32, FWORK),
                        _view1(i64, IWORK))
        if n < 0:
            return SILK_ERROR
        rs_state = _view1(i64, RS_STATE)
        ratio = rs_state[U_RATIO]
        if ratio < 1 or ratio > MAX_RATIO or rs_state[U_CHANNELS] > out.shape[0]:
            return BUG
        bank = _view2(f32, RS_BANK)[:ratio + 1]
        rs_fifo = _view2(f32, RS_FIFO)
        if push(_view2(f32, RS_STORE), rs_state, bank, rs_fifo, silk_out, n) < 0:
            return BUG
        samples = take(rs_state, rs_fifo, out, offset, duration)
        if samples < 0:
            return BUG
    else:
        _reset_silk(fi, nlsf, lpcs, outbuf, lpchist, sw)
    info[I_SAMPLES] = samples
    red = redundancy_header(buf, rc, 1 if mode == MODE_HYBRID else 0,
                            1 if mode == MODE_SILK else 0, size)
    if red:
        info[I_REDUNDANCY] = red
        return REDUNDANCY
    if mode == MODE_SILK:
        _reset_celt(fp, energy, prev_energy, hist, pf_gains, emph)
        return DONE
    rc[R_RBPOS] = start + size
    rc[R_RBBYTES] = size
    rc[R_CACHELEN] = 0
    rc[R_CACHEVAL] = 0
    lm = 0
    while lm < 3 and (120 << lm) < duration:
        lm += 1
    if (120 << lm) != duration:
        return BUG
    hybrid = mode == MODE_HYBRID
    celt_out = _view2(f32, CELT_OUT) if hybrid else out
    if celt_frame(buf, rc, fp, _view2(i64, BANDS), energy, prev_energy, _view2(i64, PF_PERIOD),
                  pf_gains, _view1(i64, WORK), _view1(f32, MEM), _view1(i64, IY), hist, emph,
                  celt_out, 0 if hybrid else offset, stereo + 1, lm, 17 if hybrid else 0,
                  BAND_END[bandwidth], _view2(f32, IMDCT), _view1(f64, FFT)) < 0:
        return CELT_ERROR
    if hybrid:
        # the SILK part plus the CELT part (what does not fit behind the SILK samples stays
        # in celt_out for the caller to hold back)
        for c in range(out.shape[0]):
            mixed = out[c, offset:offset + samples]
            mixed += celt_out[c, :samples]
    return DONE
