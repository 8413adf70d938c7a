"""Frame threading's output delay (FFmpeg 5.1.9 pthread_frame.c: with N threads the first N - 1
calls return nothing, then each returns the oldest thread's result; at the end everything
left comes out, in order, before the decoder's own flush)."""
from __future__ import annotations

import pytest

from cine.engine.errors import Unsupported
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
