"""The engine's loops end where the ffmpeg face's stop flag says (a signal to ffmpeg), in
every path: the generic packet loop, the fast MP4 copy (between its batches), the decoding
run. Run in-process with the flag raised after a number of polls, so no timing is involved:
the output is complete up to where the loop stopped (trailer written, a valid file shorter
than the whole copy), the exit status 255 with "Exiting normally, received signal 15.", and
the signal dispositions are given back afterwards."""
from __future__ import annotations

import _signal
import os
import signal

import pytest

from cine.compat import signals
from cine.compat.cli import ffmpeg_main
from cine.engine.io import interrupt
from cine.engine.pipeline import fastcopy

from _live import FIXTURES, mp4_duration

MANY = os.path.join(FIXTURES, "mp4", "many_samples.mp4")       # 10000 video + 783 audio


def _raise_after(monkeypatch, polls: int) -> list:
    """Received.stop_requested answers as if SIGTERM came at its `polls`-th question."""
    asked = [0]

    def stop_requested(self) -> bool:
        asked[0] += 1
        if asked[0] >= polls and not self.signal:
            self.signal, self.count = signal.SIGTERM, 1
        return self.signal != 0
    monkeypatch.setattr(signals.Received, "stop_requested", stop_requested)
    return asked


def _run(capfd, args):
    before = (_signal.getsignal(signal.SIGINT), _signal.getsignal(signal.SIGTERM))
    rc = ffmpeg_main(["-nostdin", "-hide_banner", "-y"] + args)
    err = capfd.readouterr().err
    assert (_signal.getsignal(signal.SIGINT), _signal.getsignal(signal.SIGTERM)) == before
    assert interrupt._callback is None
    return rc, err


# the generic loop asks before each packet; the fast copy takes over after 8 packets and
# asks between its batches (8192 packets for two interleaved streams)
@pytest.mark.parametrize("fast, polls", [(True, 9), (False, 2000)], ids=["fastcopy", "generic"])
def test_copy_stops_between_packets(tmp_path, monkeypatch, capfd, fast, polls):
    monkeypatch.setattr(fastcopy, "ENABLED", fast)
    full = str(tmp_path / "full.mp4")
    assert ffmpeg_main(["-nostdin", "-v", "error", "-y", "-i", MANY, "-c", "copy", full]) == 0
    capfd.readouterr()
    asked = _raise_after(monkeypatch, polls)
    out = str(tmp_path / "cut.mp4")
    rc, err = _run(capfd, ["-i", MANY, "-c", "copy", out])
    assert rc == 255, err
    assert err.endswith("Exiting normally, received signal 15.\n")
    assert "No more output streams" not in err
    assert asked[0] >= polls
    cut, whole = mp4_duration(out), mp4_duration(full)
    assert cut is not None and 0 < cut < whole


def test_decode_stops_between_packets(tmp_path, monkeypatch, capfd):
    _raise_after(monkeypatch, 10)
    out = str(tmp_path / "cut.wav")
    rc, err = _run(capfd, ["-i", os.path.join(FIXTURES, "aac", "adts.aac"), "-ac", "1",
                           "-ar", "16000", out])
    assert rc == 255, err
    assert err.endswith("Exiting normally, received signal 15.\n")
    size = os.path.getsize(out)
    assert 44 < size < 16000 * 2 * 2         # a header and less than the 2 s of the input


def test_no_signal_no_change(tmp_path, capfd):
    out = str(tmp_path / "out.mp4")
    rc, err = _run(capfd, ["-i", MANY, "-c", "copy", out])
    assert rc == 0
    assert "Exiting normally" not in err and "received signal" not in err
