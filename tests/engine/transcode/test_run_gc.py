"""The run's hand-off to the cyclic garbage collector (pipeline/copy.py _leave_collector):
a run that owns its process (the command line turned the collector off) freezes what is alive
at its start and end, so the interpreter's exit skips numba's objects; a run inside a
longer-lived program (the collector on: the API, a test session) freezes nothing, so its
host's garbage stays collectable and no later run pays a whole-process collection. Also the
plain case of av_rescale_delta that every decoded audio frame takes (timebase.rescale_delta,
whose one rescale now serves both results), against rescale_q."""
from __future__ import annotations

import gc
import os
import random
import weakref

from cine.compat.cli import ffmpeg_main
from cine.engine.model import Rational
from cine.engine.timebase import ROUND_DOWN, ROUND_UP, rescale_delta, rescale_q

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))
AAC = os.path.join(ROOT, "fixtures", "aac", "main_mono.m4a")


class _Cycle:
    def __init__(self):
        self.me = self


def _decode(tmp_path, name: str) -> int:
    return ffmpeg_main(["-hide_banner", "-nostdin", "-loglevel", "error", "-i", AAC, "-f",
                        "s16le", "-ac", "1", "-ar", "16000", "-y", str(tmp_path / name)])


def test_in_process_run_freezes_nothing(tmp_path):
    gc.collect()
    assert gc.isenabled() and gc.get_freeze_count() == 0
    garbage = _Cycle()
    alive = weakref.ref(garbage)
    assert _decode(tmp_path, "a.raw") == 0
    assert gc.get_freeze_count() == 0 and gc.isenabled()
    del garbage
    gc.collect()
    assert alive() is None
    assert os.path.getsize(tmp_path / "a.raw") > 0


def test_whole_process_run_freezes_and_turns_the_collector_back_on(tmp_path):
    gc.collect()
    gc.disable()            # what compat/cli.py does for a command-line run
    try:
        assert _decode(tmp_path, "a.raw") == 0
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0
    finally:
        gc.enable()
        gc.unfreeze()
        gc.collect()
    assert _decode(tmp_path, "b.raw") == 0        # in-process again: nothing frozen
    assert gc.get_freeze_count() == 0
    with open(tmp_path / "a.raw", "rb") as a, open(tmp_path / "b.raw", "rb") as b:
        assert a.read() == b.read() and os.path.getsize(tmp_path / "a.raw") > 0


def _reference_delta(in_tb, in_ts, fs_tb, duration, last, out_tb):
    """av_rescale_delta as mathematics.c writes it, with two separate rescales."""
    if last is None or not duration or in_tb.num * out_tb.den <= out_tb.num * in_tb.den:
        return rescale_q(in_ts, in_tb, fs_tb) + duration, rescale_q(in_ts, in_tb, out_tb)
    a = rescale_q(2 * in_ts - 1, in_tb, fs_tb, ROUND_DOWN) >> 1
    b = (rescale_q(2 * in_ts + 1, in_tb, fs_tb, ROUND_UP) + 1) >> 1
    if last < 2 * a - b or last > 2 * b - a:
        return rescale_q(in_ts, in_tb, fs_tb) + duration, rescale_q(in_ts, in_tb, out_tb)
    this = min(max(last, a), b)
    return this + duration, rescale_q(this, fs_tb, out_tb)


def test_rescale_delta_against_two_rescales():
    rng = random.Random(7)
    bases = [Rational(1, 44100), Rational(1, 48000), Rational(1, 14112000), Rational(1, 1000),
             Rational(1, 90000), Rational(1001, 30000), Rational(0, 0), Rational(1, 0),
             Rational(1, -44100), Rational(-1, 5)]
    edge = [0, 1, -1, 2 ** 63 - 1, -2 ** 63, 2 ** 63, -2 ** 63 + 1, 2 ** 64, -2 ** 64]
    for _ in range(20000):
        in_tb, fs_tb = rng.choice(bases), rng.choice(bases)
        out_tb = rng.choice(bases + [fs_tb, Rational(*fs_tb)])
        ts = rng.choice(edge) if rng.random() < 0.1 else rng.randint(-10 ** 12, 10 ** 12)
        duration = rng.choice([0, 1, 960, 1024, 1152, -5])
        last = None if rng.random() < 0.3 else ts + rng.randint(-3000, 3000)
        args = (in_tb, ts, fs_tb, duration, last, out_tb)
        try:
            want = _reference_delta(*args)
        except ZeroDivisionError:
            want = ZeroDivisionError
        try:
            got = rescale_delta(*args)
        except ZeroDivisionError:
            got = ZeroDivisionError
        assert got == want, args
