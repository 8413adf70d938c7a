"""The output delay of libavcodec's frame threading (FFmpeg 5.1.9 pthread_frame.c), which the
ffmpeg tool turns on for the decoders that support it (`-threads auto` by default): each
packet goes to the next of N decoding threads and, once the first N - 1 packets are in
flight, each call returns what the oldest thread decoded. A packet's picture thus leaves the
decoder N - 1 packets later than without threads; it shows in what the run logs meanwhile
(demuxer warnings read before the first picture reaches the encoder, whose output header is
written then). The pictures themselves and their order are unchanged.

N is the -threads value given to the decoder, or with "auto" (or 0) the CPU count + 1 (at
most 16) when there is more than one CPU, else 1 (no threads, no delay).

Each thread has its own copy of the decoder context, so what a decoder logs comes out under
one of N contexts (the compat log's "name#n": its own address, and lines of two contexts never
fold into "Last message repeated"). The H.264 decoder tells its lines' contexts itself
(`log_context`, `frame_threads`). For the others (FLAC, ALAC) this wrapper does it, given the
decoder's Logger (`log`): a packet's lines are held while it decodes and logged, under its
thread's context, when the next packet is submitted (or at the end, when the flush drains the
threads); a failed packet is a result like a frame, so its "Error while decoding stream" line
comes threads - 1 packets late too, and an error the packet left after its frames (`pending`)
with it. This is the reference's most common order on a loaded machine: its workers log when
the scheduler lets them, so runs differ.
"""
from __future__ import annotations

import os
from collections import deque

from ..errors import CineError, Unsupported

# the decoders cine has whose FFmpeg 5.1.9 counterpart has AV_CODEC_CAP_FRAME_THREADS
FRAME_THREADED = frozenset(("h264", "flac", "alac"))
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


class _Result:
    """What one packet gave a thread that logs through the wrapper: its frames or its error,
    the error left after its frames, and the lines it logged (until they are out)."""
    __slots__ = ("frames", "error", "pending", "lines", "context")

    def __init__(self, context: int) -> None:
        self.frames: list = []
        self.error = None
        self.pending = None
        self.lines: list | None = []
        self.context = context


class FrameThreadDelay:
    """A decoder whose results come out `threads - 1` packets late. `skipped()` stands for a
    packet the reference's decoder receives but cine does not decode (a picture the planner
    or the input trim drops): it takes its turn in the queue like an empty result.

    `log`: the Logger the decoder logs through, for a decoder that does not tell its lines'
    contexts itself: with threads its lines and failures are then delayed as the module says
    (`flush_results()` gives what the threads held, packet by packet)."""

    def __init__(self, dec, codec_name: str | None, threads_option: str | None = None,
                 log=None):
        self.dec = dec
        threads = thread_count(threads_option) if codec_name in FRAME_THREADED else 1
        self.delay = threads - 1
        self.queue: deque = deque()
        self.threads = threads
        self.packets = 0              # packets handed to the threads so far
        self.pending = None           # an error the result just given left after its frames
        self.sink = None              # (threads logging through this wrapper: the real sink)
        self._lines = None            # the lines of the packet decoding now
        self._gave_frames = False
        if hasattr(dec, "log_context"):
            dec.frame_threads = threads   # (its log lines come from that many contexts)
        elif log is not None and threads > 1:
            self.sink, log.sink = log.sink, self._hold

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

    def decode(self, data, pts, dts, duration, *more) -> list:
        ctx = self._next_context()
        if self.sink is not None:
            return self._decode_logged(ctx, (data, pts, dts, duration) + more)
        try:
            frames = self.dec.decode(data, pts, dts, duration, *more)
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
        if self.sink is not None:
            out = []
            for res in self.flush_results():
                if res.error is not None:
                    raise res.error
                out += res.frames
            return out
        return self._drain() + self.dec.flush()

    def _submit(self, frames: list) -> list:
        if self.delay <= 0:
            return frames
        self.queue.append(frames)
        if len(self.queue) > self.delay:
            return self.queue.popleft()
        return []

    def _drain(self) -> list:
        out = [f for frames in self.queue for f in frames]
        self.queue.clear()
        return out

    # -- threads that log through this wrapper ---------------------------------------------
    def _hold(self, component, level: int, message: str) -> None:
        lines = self._lines
        if lines is None:           # (not while a packet decodes: the main context's)
            self.sink(component, level, message)
        else:
            lines.append((component, level, message))

    def _release(self, res: _Result) -> None:
        """The lines a packet's thread logged, under its context."""
        lines, res.lines = res.lines, None
        for component, level, message in lines or ():
            self.sink("%s#%d" % (component, res.context), level, message)

    def _decode_logged(self, ctx: int, args: tuple) -> list:
        queue = self.queue
        if queue:
            self._release(queue[-1])       # the previous packet's lines: submitted now
        res = _Result(ctx)
        self._lines = res.lines
        try:
            res.frames = self.dec.decode(*args)
        except Unsupported as exc:
            self._lines = None
            self._release(res)
            exc.frames = [f for r in self.flush_results(False) for f in r.frames] + \
                list(getattr(exc, "frames", ()))
            raise
        except CineError as exc:
            res.error = exc
        finally:
            self._lines = None
        pending = getattr(self.dec, "pending", None)
        if pending is not None:
            res.pending, self.dec.pending = pending, None
        queue.append(res)
        self.pending = None
        if len(queue) <= self.delay:
            return []
        res = queue.popleft()
        self.pending = res.pending
        if res.error is not None:
            raise res.error
        self._first_frames(res, queue)
        return res.frames

    def _first_frames(self, res: _Result, running) -> None:
        """The first frames the threads give: the run then sets its filters and output up,
        which gives the threads still running (`running`) the time to finish, and log,
        first."""
        if res.frames and not self._gave_frames:
            self._gave_frames = True
            for other in running:
                self._release(other)

    def flush_results(self, decoder_flush: bool = True):
        """The end: the threads drained in order, then the decoder's own flush, as results
        (`frames`, `error`, `pending`). A thread's lines still held come out as the caller
        takes its result (the threads are waited for one by one)."""
        queue = list(self.queue)
        self.queue.clear()
        return self._draining(queue, decoder_flush)

    def _draining(self, queue: list, decoder_flush: bool):
        for i, res in enumerate(queue):
            self._release(res)
            self._first_frames(res, queue[i + 1:])
            yield res
        if decoder_flush:
            res = _Result(0)
            res.lines = None
            try:
                res.frames = self.dec.flush()
            except CineError as exc:
                res.error = exc
            yield res
