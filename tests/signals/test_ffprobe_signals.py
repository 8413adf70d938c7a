"""cine's ffprobe installs no signal handler, as FFmpeg 5.1.9's: SIGINT, SIGTERM and SIGPIPE
end it by the signal (a shell's status 128 + N), with nothing on stderr. (The Python
interpreter's own defaults would make SIGINT a KeyboardInterrupt and SIGPIPE an error.)"""
from __future__ import annotations

import os
import signal

import pytest

from _live import FIXTURES, Live, closed_pipe_run, command, reference_ok

pytestmark = pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="needs /proc")

ADTS = open(os.path.join(FIXTURES, "aac", "adts.aac"), "rb").read()


@pytest.fixture(params=["cine", "reference"])
def which(request):
    """cine's ffprobe, and the reference's where /usr/bin/ffprobe is FFmpeg 5.1.9: the same
    expectations hold for both."""
    if request.param == "reference" and not reference_ok("ffprobe"):
        pytest.skip("no FFmpeg 5.1.9 at /usr/bin/ffprobe")
    return request.param


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_signal_kills_ffprobe(which, sig):
    lv = Live(command("ffprobe", which) + ["-hide_banner", "-show_packets", "-"],
              capture_stdout=True)
    lv.write(ADTS[:3000])
    lv.wait_blocked_on_input()
    lv.send(sig)
    assert lv.finish() == -sig
    assert lv.stderr_text() == ""


def test_closed_stdout_kills_ffprobe(which):
    rc, err = closed_pipe_run(command("ffprobe", which) + [
        "-v", "error", "-show_packets", os.path.join(FIXTURES, "wav", "s16_stereo.wav")])
    assert rc == -signal.SIGPIPE
    assert err == b""
