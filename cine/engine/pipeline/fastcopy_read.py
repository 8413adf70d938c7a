"""Reading a batch of samples for the fast copy loops (fastcopy_merge, fastcopy_runs): their
bytes in the batch's order into one buffer, samples that follow each other in the file read
with one preadv (the runs found with C-level passes over the positions, not a Python loop)."""
from __future__ import annotations

import os
from itertools import accumulate, compress, islice, repeat
from operator import add, ne, sub


def read_in_order(fd: int, pos, sizes, view) -> int:
    """Read samples (file positions `pos`, lengths `sizes`, sequences of ints) one after
    another into `view` (a writable memoryview of sum(sizes) bytes); the bytes read (less
    than asked when the file is shorter)."""
    n = len(pos)
    ends = list(map(add, pos, sizes))
    # a run starts at the first sample and wherever a sample does not follow the last
    firsts = [0]
    firsts += compress(range(1, n), map(ne, islice(pos, 1, None), ends))
    lasts = firsts[1:]
    lasts.append(n)
    starts = list(map(pos.__getitem__, firsts))
    lens = list(map(sub, map(ends.__getitem__, map((-1).__add__, lasts)), starts))
    offs = list(accumulate(lens, initial=0))
    return sum(map(os.preadv, repeat(fd, len(lens)),
                   zip(map(view.__getitem__, map(slice, offs, offs[1:]))), starts))
