"""The decoder's channel state and its output configuration (FFmpeg 5.1.9 aacdec's
output_configure / che_configure): which channel elements exist, which of them the
elements of a frame map to, and in which order their channels are output.

Element (type, remapped id) pairs own two channel slots each: element c = type * 16 + id has
slots 2c and 2c + 1 in every per-channel array. Elements persist across configurations (as
the reference keeps its allocated elements) unless a configuration marks them unused.
"""
from __future__ import annotations

import numpy as np

from ...errors import CineError, AVERROR_PATCHWELCOME, InvalidData
from ..missing import missing_feature
from . import asc as A
from .spectral_jit import BANDS_SIZE, ICS_COLS, B_INDEX, B_PRED_MAX, B_SHORT, B_NUM_LONG, \
    B_NUM_SHORT, B_TNS_LONG, B_TNS_SHORT
from .numeric_tables import PRED_SFB_MAX
from .prediction_jit import MAX_PREDICTORS, PRED_FIELDS
from .bands import SWB_OFFSET_LONG, SWB_OFFSET_SHORT, TNS_MAX_BANDS_LONG, TNS_MAX_BANDS_SHORT

ELEMENTS = 64
SLOTS = 2 * ELEMENTS
MAX_SFB_ALL = 128       # 8 windows x 15 bands, or 1 x 51
OC_NONE, OC_TRIAL_PCE, OC_TRIAL_FRAME, OC_GLOBAL_HDR, OC_LOCKED = range(5)
LTP_HISTORY = 3072      # samples of history per channel (ltp_jit)


class ChannelState:
    """Every per-channel array the kernels read and write (shapes fixed here, checked once)."""

    def __init__(self) -> None:
        self.ics = np.zeros((SLOTS, ICS_COLS), np.int32)
        self.coef = np.zeros((SLOTS, 1024), np.float32)
        self.saved = np.zeros((SLOTS, 512), np.float32)
        self.out = np.zeros((SLOTS, 1024), np.float32)
        self.band_type = np.zeros((SLOTS, MAX_SFB_ALL), np.int32)
        self.run_end = np.zeros((SLOTS, MAX_SFB_ALL), np.int32)
        self.sf = np.zeros((SLOTS, MAX_SFB_ALL), np.float32)
        self.ms_mask = np.zeros((SLOTS, MAX_SFB_ALL), np.int32)
        self.tns_n = np.zeros((SLOTS, 8), np.int32)
        self.tns_p = np.zeros((SLOTS, 8, 4, 3), np.int32)
        self.tns_c = np.zeros((SLOTS, 8, 4, 32), np.float32)
        # AAC Main: each channel's predictor state per spectral line (prediction_jit); AAC
        # LTP: each channel's sample history (ltp_jit). Untouched pages of LC streams cost
        # nothing (calloc)
        self.pred = np.zeros((SLOTS, MAX_PREDICTORS, PRED_FIELDS), np.float32)
        self.history = np.zeros((SLOTS, LTP_HISTORY), np.float32)
        self.present = np.zeros(ELEMENTS, np.int32)
        # how often each element was (re)allocated: state kept outside these arrays (the
        # element's SBR) starts afresh when this changes
        self.allocations = [0] * ELEMENTS
        self.allocated = 0          # how many elements are allocated (configure counts them)
        self.width = np.zeros(ELEMENTS, np.int32)
        # maps[0, type, id]: the first slot of element (type, id); maps[1, type, tag]: the
        # element a PCE's instance tag (or the last positional mapping) points at; -1: none
        self.maps = np.full((2, 4, 16), -1, np.int32)

    def reset_element(self, c: int) -> None:
        """A newly allocated element starts from zeroed state (av_mallocz)."""
        self.allocations[c] += 1
        for arr in (self.ics, self.coef, self.saved, self.out, self.band_type, self.run_end,
                    self.sf, self.ms_mask, self.tns_n, self.tns_p, self.tns_c, self.pred,
                    self.history):
            arr[2 * c:2 * c + 2] = 0
        self.present[c] = 0

    def flush(self) -> None:
        """The decoder's flush: the overlap of every element is cleared."""
        self.saved[:] = 0


def band_tables(sampling_index: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(long swb offsets, short swb offsets, bands[]) for a sampling frequency index."""
    swb_long = np.array(SWB_OFFSET_LONG[sampling_index], np.int32)
    swb_short = np.array(SWB_OFFSET_SHORT[sampling_index], np.int32)
    bands = np.zeros(BANDS_SIZE, np.int32)
    bands[:len(swb_long)] = swb_long
    bands[B_SHORT:B_SHORT + len(swb_short)] = swb_short
    bands[B_NUM_LONG] = len(swb_long) - 1
    bands[B_NUM_SHORT] = len(swb_short) - 1
    bands[B_TNS_LONG] = TNS_MAX_BANDS_LONG[sampling_index]
    bands[B_TNS_SHORT] = TNS_MAX_BANDS_SHORT[sampling_index]
    bands[B_PRED_MAX] = PRED_SFB_MAX[sampling_index]
    bands[B_INDEX] = sampling_index
    return swb_long, swb_short, bands


class OutputConfig:
    """One output configuration (the reference's OutputConfiguration): the element map, the
    channel configuration it came from, its status, and what output_configure made of it."""

    def __init__(self, layout_map=None, chan_config: int = 0, status: int = OC_NONE) -> None:
        self.layout_map = list(layout_map or [])
        self.chan_config = chan_config
        self.status = status
        self.channels = 0
        self.layout: str | None = None
        self.slots: list[int] = []      # output channel -> slot

    def copy(self) -> "OutputConfig":
        c = OutputConfig(self.layout_map, self.chan_config, self.status)
        c.channels, c.layout, c.slots = self.channels, self.layout, list(self.slots)
        return c


def configure(state: ChannelState, oc: OutputConfig, layout_map, status: int,
              ps: int = 0) -> None:
    """output_configure: allocate the elements of layout_map (freeing those it marks off),
    point the instance tags at them and order the output channels as the reference sniffs
    them (with parametric stereo, ps == 1, a single channel element outputs two channels,
    mono becoming stereo). Raises CineError as the reference fails."""
    counts = [0, 0, 0, 0]
    id_map: dict[tuple[int, int], int] = {}
    for etype, eid, _pos in layout_map:
        id_map[(etype, eid)] = counts[etype]
        counts[etype] += 1
        if id_map[(etype, eid)] >= 16:
            raise CineError("".join(missing_feature("Too large remapped id", True)),
                            code=AVERROR_PATCHWELCOME)
    mask, ordered = A.sniff_order(layout_map)
    slots = []
    for etype, eid, pos in ordered:
        c = etype * 16 + id_map.get((etype, eid), 0)
        if pos:
            if state.width[c] == 0:
                state.reset_element(c)
                state.width[c] = 2 if etype == A.CPE else 1
            if etype != A.CCE:
                pair = etype == A.CPE or (etype == A.SCE and ps == 1)
                if len(slots) + (2 if pair else 1) > A.MAX_CHANNELS:
                    raise InvalidData("Too many channels\n")
                slots.append(2 * c)
                if pair:
                    slots.append(2 * c + 1)
            state.maps[0, etype, id_map.get((etype, eid), 0)] = 2 * c
            state.maps[1, etype, eid] = 2 * c
        else:
            state.width[c] = 0
            state.maps[0, etype, id_map.get((etype, eid), 0)] = -1
            state.maps[1, etype, eid] = -1
    if ps == 1 and len(slots) == 2:
        mask = A.CL.STEREO if mask == A.CL.FC else 0
    state.allocated = int(np.count_nonzero(state.width))
    oc.layout_map = list(ordered)
    oc.status = status
    # a known layout has as many channels as its mask: with parametric stereo an SCE beside
    # other elements (a 3.0 frame) adds an output element the frame never reaches (the
    # reference's frame_configure_elements stops at the layout's channel count)
    if mask:
        slots = slots[:bin(mask).count("1")]
    oc.slots = slots
    oc.channels = len(slots)
    oc.layout = A.CL.describe(mask) if mask else None
