"""The I/O interrupt callback (libavformat's AVIOInterruptCB) of the running program.

FFmpeg 5.1.9's avio checks the callback before every read and write of a protocol; once it
answers true the transfer fails with AVERROR_EXIT ("Immediate exit requested") and that error
sticks to the context like any other. The ffmpeg tool's callback is its signal count
(decode_interrupt_cb); ffprobe and the Python API set none.

A program sets it with `set_callback(fn)` (fn() -> bool) and clears it with
`set_callback(None)`; the byte sources and sinks ask `requested()`.
"""
from __future__ import annotations

_callback = None


def set_callback(fn) -> None:
    global _callback
    _callback = fn


def requested() -> bool:
    """Whether the next transfer must fail with AVERROR_EXIT."""
    cb = _callback
    return cb is not None and bool(cb())
