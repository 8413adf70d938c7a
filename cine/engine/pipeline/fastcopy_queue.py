"""The interleaving queue of the fast loop (fastcopy.py) for outputs with several streams:
ff_interleave_packet_per_dts (FFmpeg 5.1.9 libavformat/mux.c) over per-stream queues, taking
over what the generic queue (pipeline/muxing.py) held at the hand-over and giving back what
is left at the end."""
from __future__ import annotations

from collections import deque

from ..model import Packet
from ..timebase import q_factors, rescale_near


class Interleaver:
    """ff_interleave_packet_per_dts over per-stream queues: a packet goes out once every
    stream has one queued (or the queue spans more than max_interleave_delta), smallest dts
    first (exact comparison across time bases, the lower stream index on a tie)."""

    def __init__(self, mux, outs):
        from math import lcm
        self.mux = mux
        streams = mux.ctx.streams
        self.nb = mux.nb_interleaved
        den = 1
        for st in streams:
            den = lcm(den, st.time_base.den)
        self.mult = [st.time_base.num * (den // st.time_base.den) for st in streams]
        self.qs = [deque() for _ in streams]
        self.idle = [ms.counts_idle for ms in mux.ms]
        self.all_idle = all(self.idle)
        self.last_us = [ms.last_us for ms in mux.ms]
        self.us = [q_factors(st.time_base, (1, 1000000)) for st in streams]
        self.nq = 0
        self.delta = mux.max_interleave_delta
        # what the generic queue holds now, in its order
        for p in mux.queue:
            b, c = self.us[p.stream_index]
            item = (p.dts * self.mult[p.stream_index], p.stream_index,
                    (p.data, p.pts, p.dts, p.duration, p.flags, p.pos), p,
                    rescale_near(p.dts, b, c))
            if not self.qs[p.stream_index]:
                self.nq += 1
            self.qs[p.stream_index].append(item)
        mux.queue = []
        for ms in mux.ms:
            ms.queued = 0
        self.outs = {o.idx: o for o in outs}

    def add(self, o, fields, emit) -> None:
        s = o.idx
        dts = fields[2]
        b, c = self.us[s]
        us = (dts * b + (c >> 1)) // c if dts >= 0 else rescale_near(dts, b, c)
        last_us = self.last_us
        last_us[s] = us
        qs = self.qs
        q = qs[s]
        nq = self.nq
        if not q:
            nq += 1
        q.append((dts * self.mult[s], s, fields, None, us))
        nb = self.nb
        try:
            while nq:
                head = None
                if nq != nb:
                    # some stream has nothing queued: only a queue spanning more than
                    # max_interleave_delta lets a packet out
                    if self.delta <= 0:
                        return
                    if not self.all_idle and nb != nq + sum(
                            1 for k, qq in enumerate(qs) if not qq and self.idle[k]):
                        return
                    mx = None
                    for k, qq in enumerate(qs):
                        if qq:
                            h = qq[0]
                            if head is None or h[0] < head[0]:
                                head = h
                            if mx is None or last_us[k] > mx:
                                mx = last_us[k]
                    delta = mx - head[4]
                    if delta <= self.delta:
                        return
                    self.mux.log.debug("Delay between the first packet and last packet in the "
                                       "muxing queue is %d > %d: forcing output\n"
                                       % (delta, self.delta))
                else:
                    for qq in qs:
                        if qq:
                            h = qq[0]
                            if head is None or h[0] < head[0]:
                                head = h
                hq = qs[head[1]]
                hq.popleft()
                if not hq:
                    nq -= 1
                if head[3] is not None:
                    # a packet the generic loop queued before the hand-over
                    self.mux._write_packet(head[3])
                else:
                    emit(self.outs[head[1]], *head[2])
        finally:
            self.nq = nq

    def _head(self):
        best = None
        for q in self.qs:
            if q:
                h = q[0]
                if best is None or h[0] < best[0]:
                    best = h
        return best

    def give_back(self) -> None:
        """The packets still queued go back to the generic queue, in its order."""
        mux = self.mux
        items = []
        while self.nq:
            h = self._head()
            q = self.qs[h[1]]
            q.popleft()
            if not q:
                self.nq -= 1
            items.append(h)
        for _key, s, fields, p, _us in items:
            if p is None:
                data, pts, dts, dur, flags, pos = fields
                p = Packet(s, data, pts, dts, dur, pos, flags)
            mux.queue.append(p)
            mux.ms[s].queued += 1
        for s, ms in enumerate(mux.ms):
            ms.last_us = self.last_us[s]
