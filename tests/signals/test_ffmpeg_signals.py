"""ffmpeg under signals: what FFmpeg 5.1.9 does (measured), which cine's must do too.

- SIGTERM, SIGINT, SIGXCPU (and SIGQUIT without -nostdin) in the middle of a run stop the
  reading; the outputs are still finished (trailer, final stats), then "Exiting normally,
  received signal N." and exit status 255;
- two or three signals at once also make the remaining writes fail ("Immediate exit
  requested"): what was still buffered is lost, the status is still 255;
- a fourth signal exits at once: "Received > 3 system signals, hard exiting", status 123;
- a signal while the input is being opened stops its analysis and the header's write:
  status 1;
- SIGQUIT with -nostdin, SIGHUP: no handler, the process dies by the signal;
- SIGINT while the overwrite question waits: dies by SIGINT;
- SIGPIPE: ignored once running (a closed output pipe is "Broken pipe", status 1), the
  default before (an -version into a closed pipe dies by it).

The input is ADTS AAC written to stdin again and again (a live source); every signal is sent
once the run is in a known state (see _live.py). Each test runs cine, and the reference too
where /usr/bin/ffmpeg is FFmpeg 5.1.9 (the `which` parameter; skipped without it): the same
expectations hold for both. test_same_stderr_* compare the two logs byte for byte."""
from __future__ import annotations

import os
import re
import signal

import pytest

from _live import FIXTURES, Live, closed_pipe_run, command, mp4_duration, reference_ok

pytestmark = pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="needs /proc")

ADTS = open(os.path.join(FIXTURES, "aac", "adts.aac"), "rb").read()


@pytest.fixture(params=["cine", "reference"])
def which(request):
    if request.param == "reference" and not reference_ok("ffmpeg"):
        pytest.skip("no FFmpeg 5.1.9 at /usr/bin/ffmpeg")
    return request.param


def _copy_run(tmp_path, which, *signals, nostdin=True):
    out = str(tmp_path / "out.mp4")
    cmd = command("ffmpeg", which) + (["-nostdin"] if nostdin else []) + [
        "-y", "-f", "aac", "-i", "-", "-c", "copy", out]
    lv = Live(cmd)
    lv.feed_forever(ADTS)
    lv.wait_stderr(b"size=")            # the first stats line: the packet loop runs
    lv.send(*signals)
    return lv, lv.finish(), out


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGXCPU])
def test_one_signal_finishes_the_outputs(tmp_path, which, sig):
    lv, rc, out = _copy_run(tmp_path, which, sig)
    assert rc == 255, lv.stderr_text()
    last = lv.last_lines(3)
    assert last[-1] == "Exiting normally, received signal %d." % sig
    assert last[-2].startswith("video:0kB audio:")          # the final report
    assert "Conversion failed!" not in lv.stderr_text()
    assert "Traceback" not in lv.stderr_text()
    duration = mp4_duration(out)
    assert duration is not None and duration > 0            # the trailer (moov) is there


def test_sigquit_counts_with_stdin_interaction(tmp_path, which):
    lv, rc, out = _copy_run(tmp_path, which, signal.SIGQUIT, nostdin=False)
    assert rc == 255, lv.stderr_text()
    assert lv.last_lines(1) == ["Exiting normally, received signal 3."]
    assert mp4_duration(out)


@pytest.mark.parametrize("sig", [signal.SIGQUIT, signal.SIGHUP])
def test_unhandled_signal_kills(tmp_path, which, sig):
    lv, rc, out = _copy_run(tmp_path, which, sig)
    assert rc == -sig, lv.stderr_text()
    assert "Exiting normally" not in lv.stderr_text()


def test_two_signals_interrupt_the_writes(tmp_path, which):
    lv, rc, out = _copy_run(tmp_path, which, signal.SIGINT, signal.SIGTERM)
    assert rc == 255, lv.stderr_text()
    last = lv.last_lines(3)
    # delivered together, the higher-numbered one is handled last
    assert last[-1] == "Exiting normally, received signal 15."
    assert last[-2] == "Error closing file %s: Immediate exit requested" % out
    assert mp4_duration(out) is None                        # what was buffered is lost


def test_four_signals_hard_exit(tmp_path, which):
    lv, rc, out = _copy_run(tmp_path, which, signal.SIGINT, signal.SIGTERM, signal.SIGXCPU,
                            signal.SIGQUIT, nostdin=False)
    assert rc == 123, lv.stderr_text()
    assert lv.stderr_text().endswith("Received > 3 system signals, hard exiting\n")
    assert "Exiting normally" not in lv.stderr_text()


def _open_run(tmp_path, which):
    out = str(tmp_path / "out.mp4")
    lv = Live(command("ffmpeg", which) + ["-hide_banner", "-nostdin", "-y", "-f", "aac",
                                          "-i", "-", "-c", "copy", out])
    lv.write(ADTS[:2000])
    lv.wait_blocked_on_input(handler_for=signal.SIGTERM)
    lv.send(signal.SIGTERM)
    lv.write(ADTS * 3)          # the blocked read goes on; the analysis stops after it
    lv.close_stdin()
    return lv, lv.finish(), out


def test_signal_while_the_input_opens(tmp_path, which):
    lv, rc, out = _open_run(tmp_path, which)
    assert rc == 1, lv.stderr_text()
    text = lv.stderr_text()
    assert ("Could not write header for output file #0 (incorrect codec parameters ?): "
            "Immediate exit requested\n") in text
    assert text.endswith("Exiting normally, received signal 15.\n")
    assert "60 kb/s" in text            # the analysis saw the first 2000 bytes only
    assert os.path.getsize(out) == 0


def test_sigkill_leaves_no_process(which):
    """The program runs in the process that was started (no helper process to orphan):
    SIGKILL ends all of it."""
    lv = Live(command("ffmpeg", which) + ["-nostdin", "-f", "aac", "-i", "-", "-c", "copy",
                                          "-f", "adts", "-"])
    lv.feed_forever(ADTS)
    lv.wait_stderr(b"size=")
    assert lv.children() == []
    lv.send(signal.SIGKILL)
    assert lv.finish() == -signal.SIGKILL


def test_sigint_at_the_overwrite_question(tmp_path, which):
    out = tmp_path / "exists.mp4"
    out.write_bytes(b"x")
    lv = Live(command("ffmpeg", which) + ["-i", os.path.join(FIXTURES, "aac", "adts.aac"),
                                           "-c", "copy", str(out)])
    lv.wait_stderr(b"Overwrite? [y/N] ")
    lv.wait_blocked_on_input()
    lv.send(signal.SIGINT)
    assert lv.finish() == -signal.SIGINT
    assert out.read_bytes() == b"x"


def test_decode_to_stdout_stops_with_its_output(which):
    """The whisper command's shape: decode, resample, raw PCM to a pipe."""
    lv = Live(command("ffmpeg", which) + ["-nostdin", "-threads", "0", "-f", "aac", "-i", "-",
                                           "-f", "s16le", "-ac", "1", "-acodec", "pcm_s16le",
                                           "-ar", "16000", "-"], capture_stdout=True)
    lv.feed_forever(ADTS)
    lv.wait_stderr(b"size=")
    lv.send(signal.SIGTERM)
    rc = lv.finish()
    assert rc == 255, lv.stderr_text()
    assert lv.last_lines(1) == ["Exiting normally, received signal 15."]
    assert len(lv.out) > 0 and len(lv.out) % 2 == 0


@pytest.mark.parametrize("args", [
    ["-i", "fixtures/aac/adts.aac", "-c", "copy", "-f", "adts", "-"],
    ["-threads", "0", "-i", "fixtures/mp4/h264_aac.mp4", "-f", "s16le", "-ac", "1",
     "-acodec", "pcm_s16le", "-ar", "16000", "-"]], ids=["copy", "decode"])
def test_closed_stdout_is_a_write_error(which, args):
    rc, err = closed_pipe_run(command("ffmpeg", which) + ["-v", "error", "-nostdin"] + args)
    assert rc == 1
    assert err == (b"av_interleaved_write_frame(): Broken pipe\n"
                   b"Error writing trailer of pipe:: Broken pipe\n"
                   b"Error closing file pipe:: Broken pipe\n")


def test_sigpipe_kills_before_the_handlers(which):
    rc, err = closed_pipe_run(command("ffmpeg", which) + ["-hide_banner", "-version"])
    assert rc == -signal.SIGPIPE
    assert err == b""


def test_same_stderr_signal_while_the_input_opens(tmp_path):
    """Deterministic from end to end: the whole log is the reference's."""
    if not reference_ok("ffmpeg"):
        pytest.skip("no FFmpeg 5.1.9 at /usr/bin/ffmpeg")
    logs = []
    for which in ("cine", "reference"):
        (tmp_path / which).mkdir()
        lv, rc, out = _open_run(tmp_path / which, which)
        logs.append((rc, _ADDRESS.sub(b"@ 0x...]", bytes(lv.err)).replace(
            str(tmp_path / which).encode(), b"TMP")))
    assert logs[0] == logs[1]


_ADDRESS = re.compile(rb"@ 0x[0-9a-f]+\]")
