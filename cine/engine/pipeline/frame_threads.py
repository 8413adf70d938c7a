"""The output delay of libavcodec's frame threading (FFmpeg 5.1.9 pthread_frame.c), which the
ffmpeg tool turns on for the decoders that support it (`-threads auto` by default): each
packet goes to the next of N decoding threads and, once the first N - 1 packets are in
flight, each call returns what the oldest thread decoded. A packet's picture thus leaves the
decoder N - 1 packets later than without threads; it shows in what the run logs meanwhile
(demuxer warnings read before the first picture reaches the encoder, whose output header is
written then). The pictures themselves and their order are unchanged.

N is the -threads value given to the decoder, or with "auto" (or 0) the CPU count + 1 (at
most 16) when there is more than one CPU, else 1 (no threads, no delay).
"""
from __future__ import annotations

import os
from collections import deque

from ..errors import Unsupported

# the decoders cine has whose FFmpeg 5.1.9 counterpart has AV_CODEC_CAP_FRAME_THREADS
FRAME_THREADED = frozenset(("h264",))
MAX_AUTO_THREADS = 16


def thread_count(option: str | None) -> int:
    """The decoder's thread count for a -threads value (None: the tool's "auto")."""
    n = 0
    if option is not None and option != "auto":
        try:
            n = int(option)
        except ValueError:
            n = 0
    if n > 0:
        return n
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return min(cpus + 1, MAX_AUTO_THREADS) if cpus > 1 else 1


class FrameThreadDelay:
    """A decoder whose results come out `threads - 1` packets late. `skipped()` stands for a
    packet the reference's decoder receives but cine does not decode (a picture the planner
    or the input trim drops): it takes its turn in the queue like an empty result."""

    def __init__(self, dec, codec_name: str | None, threads_option: str | None = None):
        self.dec = dec
        threads = thread_count(threads_option) if codec_name in FRAME_THREADED else 1
        self.delay = threads - 1
        self.pending: deque = deque()
        self.threads = threads
        self.packets = 0              # packets handed to the threads so far
        if hasattr(dec, "log_context"):
            dec.frame_threads = threads   # (its log lines come from that many contexts)

    def __getattr__(self, name):
        return getattr(self.dec, name)

    def _next_context(self) -> int:
        """The thread the next packet goes to, told to the decoder (whose log lines are that
        thread's)."""
        ctx = self.packets % self.threads
        self.packets += 1
        if hasattr(self.dec, "log_context"):
            self.dec.log_context = ctx
        return ctx

    def decode(self, data, pts, dts, duration) -> list:
        self._next_context()
        try:
            frames = self.dec.decode(data, pts, dts, duration)
        except Unsupported as exc:
            # the run may stop here: what the threads still held goes first
            exc.frames = self._drain() + list(getattr(exc, "frames", ()))
            raise
        return self._submit(frames)

    def skipped(self, pkt=None) -> list:
        frames = []
        ctx = self._next_context()
        if pkt is not None and getattr(self.dec, "keeps_references", False):
            # the picture is not wanted, but later pictures may predict from it
            try:
                frames = self.dec.decode(pkt.data, pkt.pts, pkt.dts, pkt.duration, wanted=False)
            except Unsupported as exc:
                exc.frames = self._drain() + list(getattr(exc, "frames", ()))
                raise
        elif hasattr(self.dec, "packet_submitted"):
            self.dec.packet_submitted(ctx)
        return self._submit(frames)

    def flush(self) -> list:
        return self._drain() + self.dec.flush()

    def _submit(self, frames: list) -> list:
        if self.delay <= 0:
            return frames
        self.pending.append(frames)
        if len(self.pending) > self.delay:
            return self.pending.popleft()
        return []

    def _drain(self) -> list:
        out = [f for frames in self.pending for f in frames]
        self.pending.clear()
        return out
