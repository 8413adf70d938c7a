"""Issue 5 time bounds: the resynchronising scans of the raw audio demuxers are linear in the
bytes read. A long stretch without a frame header used to be rescanned from its start after
every 1 KiB read by the mp3 parser (300 KB of zeros after a few frames: ~50 s); these tests
count header decodes instead of timing, so they cannot flake under load.
"""
from __future__ import annotations

import io
import os

from cine.engine.demux import open_input
from cine.engine.errors import CineError
from cine.engine.formats import mp3 as mp3_mod
from cine.engine.io.source import FileObjectSource

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _drain(data: bytes, fmt: str) -> int:
    n = 0
    try:
        inp = open_input("x", source=FileObjectSource(io.BytesIO(data)), format_name=fmt)
        while inp.demuxer.read_packet() is not None:
            n += 1
        inp.close()
    except CineError:
        pass
    return n


def _counting_decode(monkeypatch) -> list:
    calls = [0]
    real = mp3_mod.decode

    def decode(h):
        calls[0] += 1
        return real(h)
    monkeypatch.setattr(mp3_mod, "decode", decode)
    return calls


def test_mp3_junk_after_frames_is_scanned_once(monkeypatch):
    with open(os.path.join(ROOT, "fixtures", "elementary", "m8.mp3"), "rb") as f:
        frames = f.read()
    junk = b"\xff\x00" * (256 << 10)           # 512 KiB: every other byte a candidate sync
    calls = _counting_decode(monkeypatch)
    _drain(frames + junk, "mp3")
    # each candidate byte is decoded about once (probe, header and packet reads included)
    assert calls[0] < 2 * len(junk) // 2 + 200_000


def test_mp3_zero_tail_packets_match_a_short_tail(monkeypatch):
    """The resumed scan finds the same frames as a full rescan would."""
    with open(os.path.join(ROOT, "fixtures", "elementary", "cbr.mp3"), "rb") as f:
        frames = f.read()
    mid = len(frames) // 2
    data = frames[:mid] + bytes(5000) + frames[mid:] + bytes(70000)
    assert _drain(data, "mp3") >= 2
