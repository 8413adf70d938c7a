"""Indices into the arrays the CELT kernels share (one set per Opus stream): `fp` (int64
frame parameters and the little state that persists), `bands` (int64 per-band values of the
current frame, [row, band])."""

# fp: set per frame
F_CHANNELS = 0          # coded channels of this frame
F_START = 1             # first coded band
F_END = 2               # end band (exclusive)
F_LM = 3                # log2(frame size / 120)
F_FRAMEBITS = 4
F_SILENCE = 5
F_TRANSIENT = 6
F_BLOCKS = 7            # MDCTs in the frame
F_BLOCKSIZE = 8
F_SPREAD = 9
F_INTENSITY = 10
F_DUAL = 11
F_CODED_BANDS = 12
F_ANTICOLLAPSE_NEEDED = 13
F_ANTICOLLAPSE = 14
F_REMAINING = 15
F_REMAINING2 = 16
F_ALLOC_TRIM = 17
# fp: persistent
F_SEED = 18             # the LCG of folding and anti-collapse noise
F_OUTPUT_CHANNELS = 19
F_PHASE_INV = 20        # apply_phase_inv option (1 by default)
F_FLUSHED = 21
FP_SIZE = 22

# bands rows
B_PULSES = 0
B_FINE_BITS = 1
B_FINE_PRIORITY = 2
B_TF_CHANGE = 3
B_CAPS = 4
B_COLLAPSE0 = 5         # collapse masks of channel 0
B_COLLAPSE1 = 6         # collapse masks of channel 1
BANDS_ROWS = 7

# post-filter parameter slots: [channel, slot]
PF_NEW = 0
PF_CUR = 1
PF_OLD = 2
