"""Interleaved outputs in batches, in the order the interleaving queue would give out
(fastcopy.py's case of several streams read into one output file).

Why the order can be computed without replaying the reading: ff_interleave_packet_per_dts
gives out the smallest queued dts once every stream has a packet queued, which is then the
smallest of everything not yet given out (each stream's dts increase). The only other way out
is a queue spanning more than max_interleave_delta (10 s) while a stream has nothing queued.
mov_find_next_sample reads a sample more than 1 s ahead of another stream's next sample only
after that one, so while a stream X has nothing queued, everything queued of the others lies
at most 1 s past X's next sample, and X's last sample is already out: the span stays within
X's gap between two samples + 1 s. With every stream's gaps under 8 s (checked on the index)
the queue never forces a packet out while a stream that still has samples is empty, and the
packets reach the muxer in the order of a plain merge by (dts, stream index). Streams that have
ended change nothing: what is left of the others comes out in their own order.

Each batch is merged, its payload read range by range (ranges the order keeps contiguous in
the input are read with one call), the H.264 key flags parsed, then handed to the muxer:
whole columns for the MP4 muxer (mux_lean.TrackRun), the lean per-packet writer otherwise.
Everything that could make a packet take another path is checked on the columns first; if any
check fails nothing is done here and the per-sample loop runs instead.
"""
from __future__ import annotations

import struct
from array import array
from bisect import bisect_right
from itertools import accumulate, compress, islice
from operator import add, sub

from ..model import PKT_FLAG_KEY
from ..timebase import rescale_near
from .fastcopy_lanes import WITH_KEY, key_h264
from .fastcopy_read import read_in_order

_NO_KEY = bytes(v & ~PKT_FLAG_KEY for v in range(256))      # packet flags without the key bit
_NAL_HEAD = struct.Struct(">IB").unpack_from                 # a 4-byte NAL length, a header

BATCH = 8192               # packets per batch
BATCH_BYTES = 4 << 20       # payload bytes per batch (at least one packet)
GAP_US = 8_000_000          # largest dts gap of a stream the order argument allows


def _rescaled(col, b: int, c: int):
    """rescale_near over a column (rounding to nearest, as av_rescale_q)."""
    if len(col) and min(col) >= 0:
        h = c >> 1
        return array("q", [(t * b + h) // c for t in col])
    return array("q", [rescale_near(t, b, c) for t in col])


class MergeCopier:
    def __init__(self, plan, active, outs):
        self.plan = plan
        self.lanes = active
        self.outs = outs                # one per lane, same index order
        self.mux = outs[0].mux
        self.fd = plan.source._f.fileno()
        self.nread = 0
        # the read buffers, sized by the first batch (_read): the MP4 path (`behind`) uses
        # two in turn, its sink may still be writing the last batch's (ByteSink.write_behind)
        self._bufs = [bytearray(), bytearray()]
        self._window = {}       # lane number -> (first, out dts, sizes so far): _loaded()
        mux = self.mux
        streams = mux.ctx.streams
        self.S = len(streams)
        from math import lcm
        den = 1
        for st in streams:
            den = lcm(den, st.time_base.den)
        self.mult = [st.time_base.num * (den // st.time_base.den) for st in streams]
        make = getattr(mux.muxer, "lean_track_run", None)
        self.runs = [make(o.idx) for o in outs] if make is not None else None
        if self.runs is not None and any(r is None for r in self.runs):
            self.runs = None
        make = getattr(mux.muxer, "lean_batch", None)
        self.batch_writer = make([o.idx for o in outs]) if make is not None else None
        # the MP4 path (_write_columns): its payload is written behind, two buffers in turn
        self.behind = self.batch_writer is None and self.runs is not None

    # -- the checks ------------------------------------------------------------------------------
    @classmethod
    def for_plan(cls, plan, active):
        """A MergeCopier when every condition holds, else None."""
        if len(active) < 2 or len(plan.queues) != 1:
            return None
        outs = []
        for lane in active:
            if len(lane.outs) != 1:
                return None
            outs.append(lane.outs[0])
        mux = outs[0].mux
        if any(o.mux is not mux for o in outs) or len(outs) != len(mux.ctx.streams):
            return None
        pb = mux.pb
        if pb is None or not pb.seekable or pb.error:
            return None
        if not (mux.max_interleave_delta >= 10_000_000 or mux.max_interleave_delta <= 0):
            return None
        q = plan.queues[0]
        if not all(q.idle):
            return None
        self = cls(plan, active, outs)
        if any(getattr(o.writer, "__call__", None) is None for o in outs):
            return None
        for lane, o in zip(active, outs):
            if not self._lane_ok(lane, o):
                return None
        if not self._queue_first(q):
            return None
        return self

    def _lane_ok(self, lane, o) -> bool:
        cur, n = lane.cur, lane.n
        if cur >= n:
            return True
        tb = lane.st.time_base
        got = lane.steps        # (fastcopy_lanes._check_columns: the dts steps from cur on)
        if got is not None and got[0] == cur:
            steps = got[1]
        else:
            ts = lane.ts[cur:n]
            steps = array("q", map(sub, islice(ts, 1, None), ts))
        if len(steps):
            gap = max(steps)
            if gap * tb.num * 1000000 >= GAP_US * tb.den:
                return False
        strict = o.strict
        if o.same:
            # (the input offset moves every dts alike: the steps stay)
            dts = lane.ts[cur:cur + 1]
            if lane.off:
                dts[0] += lane.off
            if len(steps) and (min(steps) < strict or gap >= (1 << 31) - 1):
                return False
        else:
            dts = self._out_dts(lane, o, cur, n)
            if len(dts) > 1:
                steps = array("q", map(sub, islice(dts, 1, None), dts))
                if min(steps) < strict or max(steps) >= (1 << 31) - 1:
                    return False
        if dts[0] < o.last_dts + strict:
            return False
        moff = o.moff if o.shift else 0
        if dts[0] + moff < 0:
            return False
        if self.runs is not None:
            sizes = lane.size[cur:n]
            run = self.runs[self.outs.index(o)]
            if min(sizes) <= 0 or (run.ss and min(sizes) < run.ss):
                return False
            ref = run.tab.dts[-1]
            if dts[0] + moff - ref >= (1 << 31) - 1:
                return False
            if lane.ctts is not None:
                ct = lane.ctts[lane.ci:lane.ci + (n - cur)]
                top = max(ct) + lane.shift
                if not o.same:
                    top = rescale_near(top, o.fb, o.fc) + 1
                if top > (1 << 31) - 2:
                    return False
        return True

    def _queue_first(self, q) -> bool:
        """Everything the generic queue holds comes out before what is left to read."""
        held = [h for qq in q.qs for h in qq]
        if not held:
            return True
        last = max((h[0], h[1]) for h in held)
        for lane, o in zip(self.lanes, self.outs):
            if lane.cur < lane.n:
                first = self._out_dts(lane, o, lane.cur, lane.cur + 1)[0]
                if (first * self.mult[o.idx], o.idx) < last:
                    return False
        return True

    # -- columns -----------------------------------------------------------------------------------
    def _out_dts(self, lane, o, i0: int, i1: int):
        """The dts of samples i0..i1-1 as do_streamcopy gives them to the muxing layer."""
        dts = lane.ts[i0:i1]
        off = lane.off
        if off:
            dts = array("q", map(off.__add__, dts))
        if not o.same:
            dts = _rescaled(dts, o.fb, o.fc)
        return dts

    # -- the run -------------------------------------------------------------------------------------
    def run(self, report) -> None:
        """Everything left to read, batch by batch; report() between batches (its true
        answer stops the run there)."""
        q = self.plan.queues[0]
        # what the generic loop had queued goes out first, as the queue would give it
        held = []
        for qq in q.qs:
            held += qq
            qq.clear()
        q.nq = 0
        for h in sorted(held, key=lambda h: (h[0], h[1])):
            if h[3] is not None:
                self.mux._write_packet(h[3])
            else:
                self.plan._emit(self.outs_by_idx()[h[1]], *h[2])
        while self._batch():
            if report():
                break

    def trim(self, every: int) -> None:
        """Drop the index entries already copied (fastcopy_lanes.Lane.trim) once there are
        `every` of them; the merge's look-ahead is recomputed after."""
        for lane in self.lanes:
            if lane.cur >= every:
                lane.trim()
                self._window.clear()

    def outs_by_idx(self):
        return {o.idx: o for o in self.outs}

    def _loaded(self, k: int, lane, o):
        """The merge's look-ahead of lane k: (first sample, out dts, running sizes) over up
        to 2 * BATCH samples from lane.cur on, extended once fewer than a batch's worth
        (BATCH samples or BATCH_BYTES) are left: each sample's columns are made once."""
        got = self._window.get(k)
        cur = lane.cur
        col = cum = None
        if got is not None:
            s0, col, cum = got
            off = cur - s0
            left = len(col) - off
            if off < 0 or left <= 0:
                col = None
            elif left >= BATCH or s0 + len(col) >= lane.n or cum[-1] - cum[off] >= BATCH_BYTES:
                return got
        end = min(lane.n, cur + 2 * BATCH)
        if col is None:
            got = (cur, self._out_dts(lane, o, cur, end),
                   array("q", accumulate(lane.size[cur:end], initial=0)))
        else:
            # what is left of the window, then the samples after it
            s1 = s0 + len(col)
            more = array("q", accumulate(lane.size[s1:end], initial=cum[-1]))
            del more[0]
            got = (cur, col[off:] + self._out_dts(lane, o, s1, end), cum[off:] + more)
        self._window[k] = got
        return got

    def _merge(self):
        """The next batch of the order: the lane number of each packet (bytearray), the
        number of packets of each lane ({lane number: count}) and their sizes in order."""
        lanes = self.lanes
        S = self.S
        heads = []
        cut = None
        for k, (lane, o) in enumerate(zip(lanes, self.outs)):
            if lane.cur >= lane.n:
                continue
            s0, col, cum = self._loaded(k, lane, o)
            off = lane.cur - s0
            # no more of it than a batch's samples and bytes (one past the bytes that fit)
            fit = bisect_right(cum, cum[off] + BATCH_BYTES) - 1 - off
            stop = off + max(1, min(len(col) - off, BATCH, fit + 1))
            m = self.mult[o.idx] * S
            heads.append((k, col, off, stop, m, o.idx))
            if s0 + stop < lane.n:
                # its next samples are not loaded: the batch stops after its last loaded one
                last = col[stop - 1] * m + o.idx
                cut = last if cut is None or last < cut else cut
        if not heads:
            return bytearray(), {}, []
        # the merge by (dts * mult, stream index) as one sort of encoded keys (C speed), of
        # the keys up to the cut only (a lane's keys grow with its dts)
        combined = []
        lane_of_idx = [0] * S
        size_iters = [None] * len(lanes)
        for k, col, off, stop, m, idx in heads:
            lane_of_idx[idx] = k
            if cut is not None:
                stop = bisect_right(col, (cut - idx) // m, off, stop)
            combined += [d * m + idx for d in col[off:stop]]
            cur = lanes[k].cur
            size_iters[k] = iter(lanes[k].size[cur:cur + stop - off])
        combined.sort()
        if lane_of_idx == list(range(S)):
            order = bytearray(map(S.__rmod__, combined))    # (lane k is stream k)
        else:
            order = bytearray(map(lane_of_idx.__getitem__, map(S.__rmod__, combined)))
        # at most BATCH_BYTES of payload (at least one packet)
        sizes = list(map(next, map(size_iters.__getitem__, order)))
        m = bisect_right(list(accumulate(sizes)), BATCH_BYTES)
        if m < len(order):
            del order[max(m, 1):]
            del sizes[len(order):]
        return order, {h[0]: order.count(h[0]) for h in heads}, sizes

    def _batch(self) -> bool:
        order, n_of, size_order = self._merge()
        if not order:
            return False
        lanes, outs = self.lanes, self.outs
        # the batch's samples of each lane: [cur, cur + count)
        pos_iters = []
        for k, lane in enumerate(lanes):
            c = n_of.get(k, 0)
            pos_iters.append(iter(lane.pos[lane.cur:lane.cur + c]))
        pos_order = list(map(next, map(pos_iters.__getitem__, order)))
        payload = self._read(pos_order, size_order)
        offsets = list(accumulate(size_order[:-1], initial=0))
        plan = self.plan
        for k, lane in enumerate(lanes):
            c = n_of.get(k, 0)
            if not c:
                continue
            o = outs[k]
            # (the lane's packets of the batch: its number's bytes in `order` made 1, others 0)
            offs = offsets if len(n_of) == 1 else list(
                compress(offsets, order.translate(bytes(k) + b"\x01" + bytes(255 - k))))
            self._stream_columns(lane, o, c, offs, payload, order, k)
        if self.batch_writer is not None:
            self._write_batch(payload, order, offsets)
        elif self.runs is None:
            self._write_packets(order, offsets, size_order, payload)
        else:
            self._write_columns(order, offsets, size_order, payload)
        for k, lane in enumerate(lanes):
            c = n_of.get(k, 0)
            if c:
                self._account(lane, outs[k], c)
        del plan
        return True

    def _read(self, pos_order, size_order) -> memoryview:
        """The batch's payload in order, ranges that stay contiguous read with one call (the
        ranges found with C-level passes)."""
        total = sum(size_order)
        bufs = self._bufs
        if self.behind:
            bufs.reverse()
        if len(bufs[0]) < total:
            # (kept for the next batches: a whole batch's worth unless the input is small)
            bufs[0] = bytearray(BATCH_BYTES if BATCH_BYTES // 4 < total <= BATCH_BYTES else total)
        view = memoryview(bufs[0])[:total]
        self.nread += read_in_order(self.fd, pos_order, size_order, view)
        return view

    def _stream_columns(self, lane, o, c, offs, payload, order, k) -> None:
        """The packets' fields of this lane's part of the batch (lane.cur on), as the
        per-sample loop gives them to do_streamcopy (cols kept on the output)."""
        i0, i1 = lane.cur, lane.cur + c
        s0, col, _cum = self._window[k]
        dts = col[i0 - s0:i1 - s0]          # (the merge's: offset and rescaled)
        sizes = lane.size[i0:i1]
        # flags: the index's key flag (the parser's for H.264), disposable from sdtp, and
        # every packet key for intra-only codecs
        flags = lane.index_flags(i0, i1)
        durs = None
        if lane.key_mode is not None:
            durs, keys = self._h264_keys(lane, c, offs, sizes, payload)
            # the index's key bits replaced by the parser's (bytes OR-ed as one integer)
            flags = bytearray((int.from_bytes(flags.translate(_NO_KEY), "big")
                               | int.from_bytes(keys, "big")).to_bytes(c, "big"))
        if lane.intra_only or o.intra:
            flags = bytearray(flags.translate(WITH_KEY))
        cts = None              # pts - dts as the muxer gets them, when known here
        if lane.ctts is not None:
            if durs is None:
                durs = array("q", [lane.vdur]) * c
            cts = array("q", map(lane.shift.__add__, lane.ctts[lane.ci:lane.ci + c]))
            pts = array("q", map(add, lane.ts[i0:i1], cts))
            if not o.same or o.audio:
                cts = None
        else:
            durs = lane.next_durations(i0, i1)
            pts = None                      # (the dts)
        off = lane.off
        if off and pts is not None:
            pts = array("q", map(off.__add__, pts))
        if not o.same:
            fb, fc = o.fb, o.fc
            if pts is not None:
                pts = _rescaled(pts, fb, fc)
            if durs.count(durs[0]) == c:
                durs = _rescaled(durs[:1], fb, fc) * c
            else:
                durs = _rescaled(durs, fb, fc)
        if pts is None or o.audio:
            pts = dts
        sync = sum(durs)
        if min(durs) <= 0:
            # (a duration the rescale made 0: the muxing layer guesses one)
            from ..model import Packet
            durs = array("q", durs)
            for j, d in enumerate(durs):
                if d <= 0:
                    p = Packet(o.idx, b"\0" * sizes[j], pts[j], dts[j], d, -1, flags[j])
                    o.mux._guess_duration(o.st, p)
                    durs[j] = p.duration
        o.cols = (sizes, dts, pts, durs, bytes(flags), offs, sync, cts)

    @staticmethod
    def _h264_keys(lane, c: int, offs, sizes, payload):
        """(durations, key flags) of c H.264 packets of a lane: key_h264's verdict, the
        parser's where it has none (and the duration its SPS gives from there on). key_h264's
        commonest answer, a first NAL unit that is a slice, is read here without a call."""
        view = memoryview(payload)
        frames = lane.fr
        st = lane.st
        kp = lane.kp
        vdur = lane.vdur
        durs = [vdur if vdur is not None else 0] * c
        keys = bytearray(c)
        fast = kp.is_avc and lane.nal_len == 4 and not kp.single_ref_possible()
        head = _NAL_HEAD            # (the first NAL unit's length and header byte)
        for j, at, z in zip(range(c), offs, sizes):
            if fast and z > 4:
                size, t = head(view, at)
                if 0 < size <= z - 4 and size < 0x80000000:
                    t &= 0x1F
                    if t == 5:
                        keys[j] = PKT_FLAG_KEY
                        continue
                    if t == 1:
                        continue
            data = view[at:at + z]
            key = key_h264(lane, data)
            if key is None:
                key = PKT_FLAG_KEY if frames._video_key(st, bytes(data), False) else 0
                if lane.ctts is not None:
                    lane.refresh_duration()
                    if lane.vdur != vdur:
                        vdur = lane.vdur
                        durs[j:] = [vdur if vdur is not None else 0] * (c - j)
                # (the parser may have met parameter sets)
                fast = kp.is_avc and lane.nal_len == 4 and not kp.single_ref_possible()
            keys[j] = key
        return array("q", durs), keys

    # -- into the muxer --------------------------------------------------------------------------
    @staticmethod
    def _muxer_columns(o):
        """(sizes, dts, pts, durations, flags, offsets) of an output's part of the batch with
        the timestamps the muxer gets (the muxing layer's shift added), counted as muxed;
        None when the batch has none of it."""
        cols = o.cols
        if cols is None:
            return None
        sizes, dts, pts, durs, flags, offs, _sync, _cts = cols
        if o.shift and o.moff:
            moff = o.moff
            dts = array("q", map(moff.__add__, dts))
            pts = dts if o.audio else array("q", map(moff.__add__, pts))
        o.muxed(len(sizes))
        return sizes, dts, pts, durs, flags, offs

    def _write_columns(self, order, offsets, size_order, payload) -> None:
        """The MP4 muxer: the payload in one write, each track's columns appended."""
        from ..formats.mp4.mux_lean import adts_hits
        mux = self.mux
        pb = mux.pb
        for k, (run, o) in enumerate(zip(self.runs, self.outs)):
            cols = getattr(o, "cols", None)
            if cols is not None and run.aac:
                for _ in range(adts_hits(payload, cols[5], cols[0])):
                    mux.muxer.log.warning("aac bitstream error\n")
        start = pb.tell()
        pb.write_behind(payload)
        for run, o, lane in zip(self.runs, self.outs, self.lanes):
            cols = self._muxer_columns(o)
            if cols is not None:
                cts = o.cols[7]
                sizes, dts, pts, durs, flags, offs = cols
                end = None
                if pts is dts and o.same and o.strict and lane.ctts is None and durs[-1] >= 0:
                    # (each sample lasts until the next one starts: the last one ends them)
                    end = dts[-1] + durs[-1]
                run.append(map(start.__add__, offs), sizes, dts, pts, durs, flags, end, cts)
        pb.flush_point()
        if pb.error < 0:
            from ..errors import CineError
            raise CineError(code=pb.error)

    def _write_batch(self, payload, order, offsets) -> None:
        """A muxer that takes the batch packet by packet itself (Matroska)."""
        cols = []
        for o in self.outs:
            c = self._muxer_columns(o)
            cols.append(None if c is None else c[:5])
        self.batch_writer(order, offsets, cols, payload)
        pb = self.mux.pb
        pb.flush_point()
        if pb.error < 0:
            from ..errors import CineError
            raise CineError(code=pb.error)

    def _write_packets(self, order, offsets, size_order, payload) -> None:
        """Other muxers: packet by packet through the fast loop's writer, in order."""
        emit = self.plan._emit
        outs = self.outs
        iters = []
        for o in outs:
            cols = o.cols
            iters.append(None if cols is None else zip(*cols[:5]))
        view = memoryview(payload)
        for k, at in zip(order, offsets):
            size, dts, pts, dur, flags = next(iters[k])
            emit(outs[k], bytes(view[at:at + size]), pts, dts, dur, flags, -1)

    def _account(self, lane, o, c) -> None:
        """What the per-sample loop counts on the way (fastcopy._Plan._sync writes it back)."""
        sizes, dts, pts, durs, flags, offs, sync, _cts = o.cols
        o.cols = None
        lane.cur += c
        if lane.ctts is not None:
            lane.ci += c
        lane.nb += c
        lane.bytes += sum(sizes)
        o.count_run(sizes, sync, dts[-1])
