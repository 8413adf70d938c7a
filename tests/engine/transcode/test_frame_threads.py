"""Frame threading's output delay (FFmpeg 5.1.9 pthread_frame.c: with N threads the first N - 1
calls return nothing, then each returns the oldest thread's result; at the end everything
left comes out, in order, before the decoder's own flush)."""
from __future__ import annotations

import pytest

from cine.engine.errors import CineError, InvalidData, Unsupported
from cine.engine.log import Logger
from cine.engine.pipeline import frame_threads
from cine.engine.pipeline.frame_threads import FrameThreadDelay


class _Fake:
    """One frame per packet (its data), none for "skip"; flush gives "tail"."""

    framerate = (25, 1)

    def decode(self, data, pts, dts, duration):
        if data == "bad":
            raise Unsupported("P picture")
        return [] if data == "skip" else [data]

    def flush(self):
        return ["tail"]


def test_delay_of_threads_minus_one():
    d = FrameThreadDelay(_Fake(), "h264", "3")
    out = [d.decode(x, 0, 0, 0) for x in ("a", "skip", "b", "c")]
    assert out == [[], [], ["a"], []]
    assert d.skipped() == ["b"]
    assert d.flush() == ["c", "tail"]
    assert d.framerate == (25, 1)           # the decoder's attributes show through


def test_no_delay_for_one_thread_or_other_codecs():
    assert FrameThreadDelay(_Fake(), "h264", "1").decode("a", 0, 0, 0) == ["a"]
    assert FrameThreadDelay(_Fake(), "rawvideo", "8").decode("a", 0, 0, 0) == ["a"]


def test_unsupported_picture_carries_what_the_threads_held():
    d = FrameThreadDelay(_Fake(), "h264", "4")
    d.decode("a", 0, 0, 0)
    d.decode("b", 0, 0, 0)
    with pytest.raises(Unsupported) as info:
        d.decode("bad", 0, 0, 0)
    assert info.value.frames == ["a", "b"]


@pytest.mark.parametrize("cpus,want", [(1, 1), (2, 3), (8, 9), (15, 16), (64, 16)])
def test_auto_thread_count(monkeypatch, cpus, want):
    monkeypatch.setattr(frame_threads.os, "sched_getaffinity", lambda _pid: set(range(cpus)))
    assert frame_threads.thread_count(None) == want
    assert frame_threads.thread_count("auto") == want
    assert frame_threads.thread_count("0") == want
    assert frame_threads.thread_count("5") == 5


# -- decoders that log through the wrapper (FLAC, ALAC) ------------------------------------

class _Logging:
    """Logs "decoding X" for each packet; "bad" fails with InvalidData after its line."""

    def __init__(self, log):
        self.log = log
        self.pending = None

    def decode(self, data, pts, dts, duration, side_data=()):
        self.log.error("decoding %s\n" % data)
        if data == "bad":
            raise InvalidData("bad")
        return [] if data == "empty" else [data]

    def flush(self):
        return []


def _logged(threads, packets, sink_events):
    """Feeds `packets`, then flushes; returns the events in the order they came out:
    ("log", component, message), ("frames", [...]), ("error",)."""
    events = sink_events
    log = Logger("alac", lambda comp, level, msg: events.append(("log", comp, msg)))
    d = FrameThreadDelay(_Logging(log), "alac", threads, log)
    for p in packets:
        try:
            frames = d.decode(p, 0, 0, 0)
        except CineError:
            events.append(("error",))
            continue
        if frames:
            events.append(("frames", frames))
    for res in d.flush_results():
        if res.error is not None:
            events.append(("error",))
        elif res.frames:
            events.append(("frames", res.frames))
    return events


def test_logged_lines_wait_for_the_next_packet_and_errors_come_late():
    ev = _logged("3", ["a", "bad", "c", "d", "bad"], [])
    assert ev == [
        ("log", "alac#0", "decoding a\n"),          # packet 0's line, as packet 1 goes in
        ("log", "alac#1", "decoding bad\n"),        # packet 1's, as packet 2 goes in
        ("log", "alac#2", "decoding c\n"),          # first frames: packet 2 has had time
        ("frames", ["a"]),
        ("error",),                                 # packet 1's failure, 2 packets late
        ("log", "alac#0", "decoding d\n"),
        ("frames", ["c"]),
        ("frames", ["d"]),                          # the end: each thread, in order
        ("log", "alac#1", "decoding bad\n"),
        ("error",),
    ]


def test_logged_threads_flush_lines_before_the_first_frames():
    # every packet but the last fails: at the end the first frames come out of the drain,
    # after the lines of the threads still running
    ev = _logged("3", ["bad", "bad", "a", "bad"], [])
    assert ev == [
        ("log", "alac#0", "decoding bad\n"),
        ("log", "alac#1", "decoding bad\n"),
        ("error",),
        ("log", "alac#2", "decoding a\n"),
        ("error",),
        ("log", "alac#0", "decoding bad\n"),
        ("frames", ["a"]),
        ("error",),
    ]


def test_one_thread_logs_at_once_under_the_plain_name():
    ev = _logged("1", ["a", "bad", "b"], [])
    assert ev == [("log", "alac", "decoding a\n"), ("frames", ["a"]),
                  ("log", "alac", "decoding bad\n"), ("error",),
                  ("log", "alac", "decoding b\n"), ("frames", ["b"])]
