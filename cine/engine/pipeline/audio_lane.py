"""The plain-packet lane of an audio decode run: the packets of a whole-file decode that
need none of process_input's corrections go from the demuxer to the decoder's kernel and
into the stream's FrameBatch by a short path, every other packet by the general one.

What it is for: openai-whisper's command and its kin decode every packet of one audio
stream into a raw PCM or WAV output. Per packet, the general path (Remux._process_read ->
Transcode._process_packet -> AudioTranscode._process_audio_packet -> SkippingDecoder ->
the decoder's decode) asks the same questions of every packet (loops, wraps, side data,
skips, pending errors, multi-frame packets) and builds lists of one frame; that costs as
much as decoding the frame does.

A packet is plain when it belongs to the decoded stream, is neither corrupt nor empty, has
a dts and a pts, carries no side data, needs no wrap correction, its timestamps pass
process_input's checks silently, the decoder skips no samples and holds no pending error.
For such a packet the lane does at once what the general path does before the decoder
(counts, ts_offset, the clocks of process_input_packet) and what decode_audio does to the
clocks after it, with the frame size the decoder predicts (`plain_samples(data)`: (samples,
rate), or None when the packet is not plain for it); the decoding itself waits, up to
BATCH packets, and then the decoder's `decode_plain_batch(datas)` decodes them in a row
and returns how many it decoded as plain frames (one frame each, of the predicted size,
nothing to log) with their samples. Those frames get decode_audio's pts and go to the
FrameBatch as one. A packet the decoder gives up on (a frame that fails or logs, a second
frame in the packet, a change of configuration) was run by its kernel, whose work the
decoder keeps: the lane sets the clocks back to that packet's, hands it to the general
decode (`_decode_audio_packet`, whose `decode` call finishes the packet from where the
kernel left it), then the packets it read after it to the general path (their counts and
corrections undone first), as if they had just been read. Nothing outside the lane sees a packet
between its read and its decoding but the checks of the packets read after it, which
depend only on the clocks the lane has already set. So the lane changes what runs, never
what comes out.

The lane is used where FrameBatch is (one output stream of a sample-stream muxer, no
-frames, no -t/-to; see AudioTranscode._batch_of), without -copyts, -stream_loop or frame
threads, for decoders that have `plain_samples` and `decode_plain_batch`.
"""
from __future__ import annotations

from ..frame import AudioFrame
from ..model import AV_TIME_BASE
from ..timebase import rescale_near
from .audio_out import _sample_pts
from .copy import DTS_DELTA_THRESHOLD, DTS_ERROR_THRESHOLD

_DELTA_LIMIT = DTS_DELTA_THRESHOLD * AV_TIME_BASE
_ERROR_LIMIT = DTS_ERROR_THRESHOLD * AV_TIME_BASE
_BACKWARDS = AV_TIME_BASE // 10


class AudioLane:
    """The lane of one run's single audio output stream (see the module's docstring)."""
    BATCH = 48          # packets held back at most

    def __init__(self, run, ost, skipper) -> None:
        self.run = run
        self.ost = ost
        self.ist = ost.ist
        self.index = ost.ist.st.index
        self.skipper = skipper                 # the stream's SkippingDecoder
        self.dec = skipper.dec
        self.pending: list = []                # (packet, its dts in AV_TIME_BASE_Q, offset)
        self.kind = None                       # (samples, rate) of the pending packets

    @classmethod
    def for_run(cls, run):
        """The lane of `run` (a Transcode with one output stream), or None where the run
        does not qualify."""
        from ..codecs.audio_skip import SkippingDecoder
        if len(run.ost_all) != 1 or run.job.copy_ts:
            return None
        ost = run.ost_all[0]
        ist = ost.ist
        if getattr(ost, "kind", None) != "audio" or ist.file.loop is not None:
            return None
        dec = run.decoders.get((ist.file.index, ist.st.index))
        if type(dec) is not SkippingDecoder or not hasattr(dec.dec, "decode_plain_batch"):
            return None
        if run._batch_of(ist) is None:
            return None
        return cls(run, ost, dec)

    def process(self, f) -> None:
        """process_input for the lane's input: one packet read, and held back or
        processed."""
        run = self.run
        pkt = run._next_input_packet(f)
        if pkt is None:
            self.finish()
            run._input_ended(f)
        elif not self._hold(f, pkt):
            self.finish()
            run._process_read(f, pkt)
        elif len(self.pending) >= self.BATCH:
            self.finish()

    def _hold(self, f, pkt) -> bool:
        """The packet held back for decoding when it is plain (True); False, with nothing
        changed, when the general path must take it."""
        ist = self.ist
        data = pkt.data
        dts = pkt.dts
        pts = pkt.pts
        if (pkt.stream_index != self.index or dts is None or pts is None or not data
                or pkt.flags & 0x0002 or pkt.side_data or not ist.saw_first_ts
                or ist.nb_packets == 0 or ist.next_dts is None):
            return False
        if not ist.wrap_done and f.wrap_bits < 64 and f.ctx.start_time is not None:
            return False
        skipper = self.skipper
        ost = self.ost
        if skipper.skip > 0 or skipper.pending is not None or ost.finished \
                or ost.encoder is None:
            return False
        kind = self.dec.plain_samples(data)
        if kind is None or (self.pending and kind != self.kind):
            return False
        off = 0
        if f.ts_offset:
            memo = ist.off
            if memo is None or memo[0] != f.ts_offset:
                return False            # (the general path computes it first)
            off = memo[1]
            dts += off
            pts += off
        us_b, us_c = ist.us_b, ist.us_c
        pkt_dts = rescale_near(dts, us_b, us_c)
        next_dts = ist.next_dts
        delta = pkt_dts - next_dts
        if f.discont:
            if abs(delta) > _DELTA_LIMIT or pkt_dts + _BACKWARDS < max(ist.pts, ist.dts):
                return False
        elif abs(delta) > _ERROR_LIMIT \
                or abs(rescale_near(pts, us_b, us_c) - next_dts) > _ERROR_LIMIT:
            return False
        # plain: process_input's counts and corrections, process_input_packet's clocks and
        # decode_audio's for the predicted frame
        ist.nb_packets += 1
        ist.data_size += len(data)
        if off:
            pkt.dts = dts
            pkt.pts = pts
        f.last_ts = pkt_dts
        step = AV_TIME_BASE * kind[0] // kind[1]
        ist.dts = ist.pts = pkt_dts
        ist.next_dts = ist.next_pts = pkt_dts + step
        self.pending.append((pkt, pkt_dts, off))
        self.kind = kind
        return True

    def finish(self) -> None:
        """Decode the packets held back: their frames to the FrameBatch; from the first the
        decoder gives up on, the general path."""
        pending = self.pending
        if not pending:
            return
        self.pending = []
        run = self.run
        ist = self.ist
        count, samples, layout = self.dec.decode_plain_batch([p[0].data for p in pending])
        if count:
            n, rate = self.kind
            run.decoded_frames += count
            tb = ist.st.time_base
            stamps = [_sample_pts(ist, tb, p[0].pts, p[0], rate, n) for p in pending[:count]]
            first = stamps[0]
            fmt = self.dec.sample_fmt
            if first is not None and stamps == list(range(first, first + count * n, n)):
                run._audio_frame_out(ist, AudioFrame(samples, fmt, rate, layout, pts=first,
                                                     time_base=(1, rate)))
            else:
                # pts that do not follow one another: each frame on its own, as the general
                # path gives them
                for i, pts in enumerate(stamps):
                    run._audio_frame_out(ist, AudioFrame(samples[:, i * n:(i + 1) * n], fmt,
                                                         rate, layout, pts=pts,
                                                         time_base=(1, rate)))
        if count < len(pending):
            self._give_back(pending, count)

    def _give_back(self, pending, count) -> None:
        """The packet the decoder gave up on to the general decode, then the ones after it
        to the general path from its start, as they were before they were read."""
        ist = self.ist
        pkt, pkt_dts, _off = pending[count]
        f = ist.file
        f.last_ts = pkt_dts
        ist.next_dts = ist.dts = ist.next_pts = ist.pts = pkt_dts
        run = self.run
        run._decode_audio_packet(ist, pkt)
        for p, _d, off in pending[count + 1:]:
            ist.nb_packets -= 1
            ist.data_size -= len(p.data)
            if off:
                p.dts -= off
                p.pts -= off
            run._process_read(f, p)
