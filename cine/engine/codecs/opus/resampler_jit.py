"""SILK's resampler to 48 kHz as kernels (resampler.py holds its state and explains the
method): the reference's libswresample context for 8, 12 or 16 kHz to 48 kHz with a
16-tap filter, whose every output falls on a phase of the filter bank (the ratio is a whole
number), followed by the FIFO of outputs not yet used.

State (int64, see the U_* indices): the phases per input sample (the ratio), the phase of
the next output, where the held input starts in `store` and how many samples it holds,
whether the filter has started (its first samples mirrored in front) and been flushed (its
last ones mirrored behind), and how many outputs wait in `fifo`.

The sums are libswresample's float code on x86-64 (filters/swr/polyphase_jit: eight lanes of
fused multiply-adds, folded in its order), taken from there so that both stay one."""
from __future__ import annotations

from ...filters.swr.polyphase_jit import _fold8x2, _lanes_f32
from ...jit import helper, kernel, leaf

LENGTH = 16             # taps of the filter (filter_size 16 at a ratio of at least 1)
HALF = (LENGTH - 1) // 2
STORE = 2048            # input samples held at most: a frame's (960) and the filter's
FIFO = 4096             # outputs waiting at most: a 60 ms frame's (2880) and the few ahead

U_RATIO = 0
U_INDEX = 1
U_START = 2
U_VALID = 3
U_STARTED = 4
U_FLUSHED = 5
U_FIFO = 6
U_CHANNELS = 7
U_SIZE = 8


@leaf
def _compact(store, state, room):
    """Moves the held samples to the front of `store` where fewer than `room` columns
    follow them; False when even that leaves too little room."""
    start, valid = state[U_START], state[U_VALID]
    if start + valid + room <= store.shape[1]:
        return True
    if valid + room > store.shape[1]:
        return False
    for c in range(state[U_CHANNELS]):
        for i in range(valid):
            store[c, i] = store[c, start + i]
    state[U_START] = 0
    return True


@leaf
def _run(store, state, bank, fifo):
    """Every output whose taps lie inside the held samples, appended to the FIFO: their
    count, or -1 for an inconsistent state."""
    start, valid, ratio = state[U_START], state[U_VALID], state[U_RATIO]
    chans = state[U_CHANNELS]
    if not state[U_STARTED]:
        if valid < LENGTH + 1:
            return 0
        # the first output is centred on the first sample: the samples before it are
        # those after it, mirrored
        if start < HALF:
            if valid + HALF > store.shape[1]:
                return -1
            for c in range(chans):
                for i in range(valid - 1, -1, -1):
                    store[c, HALF + i] = store[c, start + i]
            start = HALF
        start -= HALF
        for c in range(chans):
            for j in range(HALF):
                store[c, start + j] = store[c, start + 2 * HALF - j]
        valid += HALF
        state[U_START] = start
        state[U_VALID] = valid
        state[U_INDEX] += ratio * HALF
        state[U_STARTED] = 1
    index0 = state[U_INDEX]
    n = (1 + valid - LENGTH) * ratio - index0
    if n <= 0:
        return 0
    at = state[U_FIFO]
    if (index0 < 0 or index0 >= ratio or bank.shape[0] <= ratio or bank.shape[1] < LENGTH
            or at + n > fifo.shape[1] or start + valid > store.shape[1]):
        return -1
    # the last output's first tap must lie inside the held samples (the lanes read unchecked)
    if (index0 + n - 1) // ratio + LENGTH > valid:
        return -1
    consumed = 0
    index_end = index0
    for c in range(chans):
        row = store[c, start:start + valid]
        out = fifo[c]
        index = index0
        si = 0
        k = 0
        while k < n:
            # this output and the next one (itself when it is the last), as the reference's
            # code computes them
            i2, s2 = index, si
            if k + 1 < n:
                i2 = index + 1
                if i2 >= ratio:
                    i2 -= ratio
                    s2 += 1
            o1, o2 = _fold8x2(_lanes_f32(row, si, bank[index], row, s2, bank[i2], LENGTH // 8))
            out[at + k] = o1
            if k + 1 < n:
                out[at + k + 1] = o2
                index, si = i2, s2
                k += 1
            index += 1
            if index >= ratio:
                index -= ratio
                si += 1
            k += 1
        consumed = si
        index_end = index
    state[U_INDEX] = index_end
    state[U_START] = start + consumed
    state[U_VALID] = valid - consumed
    state[U_FIFO] = at + n
    return n


@leaf
def push(store, state, bank, fifo, x, n):
    """Appends the first n samples of each row of x and resamples what they allow: the
    outputs added to the FIFO, or -1."""
    if n < 0 or x.shape[0] < state[U_CHANNELS] or x.shape[1] < n:
        return -1
    if n and not state[U_FLUSHED]:
        if not _compact(store, state, n + HALF + 1):
            return -1
        at = state[U_START] + state[U_VALID]
        for c in range(state[U_CHANNELS]):
            for i in range(n):
                store[c, at + i] = x[c, i]
        state[U_VALID] += n
    return _run(store, state, bank, fifo)


@helper
def take(state, fifo, out, offset, limit):
    """Moves up to `limit` outputs from the FIFO to out[:, offset:]: how many."""
    have = state[U_FIFO]
    k = min(have, limit)
    if k < 0 or have > fifo.shape[1] or offset < 0 or offset + k > out.shape[1]:
        return -1
    for c in range(state[U_CHANNELS]):
        # (whole rows at once: one bounds check each, not one per sample)
        out[c, offset:offset + k] = fifo[c, :k]
        for i in range(have - k):
            fifo[c, i] = fifo[c, k + i]
    state[U_FIFO] = have - k
    return k


@kernel("int64(float32[:, ::1], int64[::1], float32[:, ::1], float32[:, ::1], "
        "float32[:, :], int64)")
def resample_push(store, state, bank, fifo, x, n):
    """push, for Python."""
    if state.shape[0] < U_SIZE or state[U_CHANNELS] > store.shape[0] \
            or state[U_CHANNELS] > fifo.shape[0] or state[U_RATIO] < 1:
        return -1
    return push(store, state, bank, fifo, x, n)


@kernel("int64(float32[:, ::1], int64[::1], float32[:, ::1], float32[:, ::1])")
def resample_flush(store, state, bank, fifo):
    """The end of the input: its last samples (up to half the filter) mirrored behind it,
    then every output they allow added to the FIFO (their count, or -1)."""
    if state.shape[0] < U_SIZE or state[U_CHANNELS] > store.shape[0] \
            or state[U_CHANNELS] > fifo.shape[0] or state[U_RATIO] < 1:
        return -1
    if not state[U_FLUSHED]:
        state[U_FLUSHED] = 1
        valid = state[U_VALID]
        mirrored = (min(valid, LENGTH) + 1) // 2
        if not _compact(store, state, mirrored + HALF + 1):
            return -1
        end = state[U_START] + valid
        for c in range(state[U_CHANNELS]):
            for i in range(mirrored):
                store[c, end + i] = store[c, end - 1 - i]
        state[U_VALID] = valid + mirrored
    return _run(store, state, bank, fifo)
