"""Whole runs of samples at once, for the fast loop's simplest case (fastcopy.py): one
stream read, one output stream fed by it without interleaving, the same time base on both
sides and a muxer that can take a run of samples (the MP4 muxer). Audio extraction into an
.m4a is this case. What the per-sample loop does to each sample is done to a batch of them
with column operations (slices, map, accumulate): the same timestamps, flags, counters and
sample table entries, the payload copied chunk by chunk. A batch whose first sample needs
anything else goes back to the per-sample loop for that sample.
"""
from __future__ import annotations

from array import array
from bisect import bisect_right
from itertools import accumulate

from .fastcopy_lanes import WITH_KEY
from .fastcopy_read import read_in_order

BATCH = 16384               # samples per batch (progress reports and index drops between)
BATCH_BYTES = 8 << 20       # payload bytes per batch


class RunCopier:
    """Batches of the single lane `lane` into the output stream `out`."""

    def __init__(self, plan, lane, out, append_run):
        self.plan = plan
        self.lane = lane
        self.out = out
        self.append_run = append_run
        self.fd = plan.source._f.fileno()
        self.nread = 0
        pb = out.pb
        self.ok = pb is not None and pb.seekable and not out.q and out.same \
            and lane.key_mode is None and lane.ctts is None and len(lane.outs) == 1

    def batch(self) -> int:
        """Copy the next batch; the number of samples done (0: the next sample needs the
        per-sample loop)."""
        lane, o = self.lane, self.out
        i0 = lane.cur
        n = lane.n
        if i0 >= n or o.ost.muxer_finished or o.mux.pb.error:
            return 0
        i1 = min(n, i0 + BATCH)
        sizes = lane.size[i0:i1]
        # no more than BATCH_BYTES of payload (at least one sample)
        cum = list(accumulate(sizes))
        k = max(1, bisect_right(cum, BATCH_BYTES))
        total = cum[k - 1]
        i1 = i0 + k
        if k < len(sizes):
            del sizes[k:]
        ts = lane.ts
        dts = ts[i0:i1]
        durs = lane.next_durations(i0, i1)
        if min(durs) <= 0:
            return 0
        off = lane.off
        if off:
            dts = array("q", map(off.__add__, dts))
        if dts[0] < o.last_dts + o.strict:
            return 0
        moff = o.moff if o.shift else 0
        mdts = array("q", map(moff.__add__, dts)) if moff else dts
        if mdts[0] < 0:
            return 0            # (the muxer's negative timestamp warning)
        flags = self._flags(i0, i1)
        payload = self._read(i0, i1, total)
        if payload is None:
            return 0
        # (each sample lasts until the next one starts: the last one ends the run)
        done = self.append_run(sizes, mdts, mdts, durs, flags, payload, mdts[-1] + durs[-1])
        if not done:
            return 0
        # what the per-sample loop counts on the way
        lane.cur = i1
        lane.nb += k
        lane.bytes += total
        o.count_run(sizes, sum(durs), dts[-1])
        o.muxed(k)
        pb = o.pb
        pb.flush_point()
        if pb.error < 0:
            from ..errors import CineError
            raise CineError(code=pb.error)
        return k

    def _flags(self, i0: int, i1: int) -> bytes:
        """The packets' flags: the index's (every packet key for an intra-only codec)."""
        flags = self.lane.index_flags(i0, i1)
        if self.lane.intra_only or self.out.intra:
            flags = flags.translate(WITH_KEY)
        return bytes(flags)

    def _read(self, i0: int, i1: int, total: int):
        """The payload of samples i0..i1-1 in order (None when the file ends first)."""
        lane = self.lane
        out = bytearray(total)
        got = read_in_order(self.fd, lane.pos[i0:i1], lane.size[i0:i1], memoryview(out))
        self.nread += got
        return out if got == total else None
