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
For such a packet the lane does what the general path does (counts, ts_offset, the clocks
of process_input_packet) and asks the decoder's `decode_plain(data, pts, dts, duration)`
for the one frame its `decode` would give. The decoder answers None when the packet is not
plain for it (a header it must log, a frame that fails, a second frame in the packet, a
change of configuration): it then keeps what its kernel made of the packet, and the lane
hands the packet to the general decode (`_decode_audio_packet`), whose `decode` call
finishes that packet from where the kernel left it. The frame goes to `_audio_decoded`,
the same code the general path uses. So the lane changes what runs, never what comes out.

The lane is used where FrameBatch is (one output stream of a sample-stream muxer, no
-frames, no -t/-to; see AudioTranscode._batch_of), without -copyts, -stream_loop or frame
threads, for decoders that have `decode_plain`.
"""
from __future__ import annotations

from ..model import AV_TIME_BASE
from ..timebase import rescale_near
from .copy import DTS_DELTA_THRESHOLD, DTS_ERROR_THRESHOLD

_DELTA_LIMIT = DTS_DELTA_THRESHOLD * AV_TIME_BASE
_ERROR_LIMIT = DTS_ERROR_THRESHOLD * AV_TIME_BASE
_BACKWARDS = AV_TIME_BASE // 10


class AudioLane:
    """The lane of one run's single audio output stream (see the module's docstring)."""

    def __init__(self, run, ost, skipper) -> None:
        self.run = run
        self.ost = ost
        self.ist = ost.ist
        self.index = ost.ist.st.index
        self.skipper = skipper                 # the stream's SkippingDecoder
        self.plain = skipper.dec.decode_plain

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
        if type(dec) is not SkippingDecoder or not hasattr(dec.dec, "decode_plain"):
            return None
        if run._batch_of(ist) is None:
            return None
        return cls(run, ost, dec)

    def process(self, f) -> None:
        """process_input for the lane's input: one packet read and processed."""
        run = self.run
        pkt = run._read_input(f)
        if pkt is not None and not self._plain_packet(f, pkt):
            run._process_read(f, pkt)

    def _plain_packet(self, f, pkt) -> bool:
        """The packet processed here when it is plain (True); False, with nothing changed,
        when the general path must take it."""
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
        # plain: process_input's counts and corrections, process_input_packet's clocks
        ist.nb_packets += 1
        ist.data_size += len(data)
        if off:
            pkt.dts = dts
            pkt.pts = pts
        f.last_ts = pkt_dts
        ist.next_dts = ist.dts = ist.next_pts = ist.pts = pkt_dts
        frame = self.plain(data, pts, dts, pkt.duration)
        if frame is None:
            self.run._decode_audio_packet(ist, pkt)
            return True
        if frame.pts is None:
            frame.pts = pts
        self.run._audio_decoded(ist, frame, pkt)
        return True
