"""The cache: protocol (engine/io/cache_protocol.py) and the AVIOContext emulation it is read
through (engine/io/avio_reader.py).

Data: whatever reads and seeks are made, a cache: input gives the bytes of the input (a pipe
made seekable), with its memory bounded (the store moves to an anonymous temporary file past
its limit). Behaviour that the reference shows: the read-ahead limit (a forward seek past it
fails on a pipe, -1 reads to the end, SEEK_END needs -1), the size learnt through SEEK_END, and
the log lines and statistics, compared live with FFmpeg 5.1.9's ffprobe (skipped without it).
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import threading

import pytest
from hypothesis import given, settings, strategies as st

from cine.engine.errors import AVERROR_EOF, CineError
from cine.engine.io.avio_reader import AVSEEK_SIZE, SEEK_END, SEEK_SET, AvioReader
from cine.engine.io.cache_protocol import CacheProtocol, open_cache
from cine.engine.io.cache_store import CacheStore
from cine.engine.log import Logger

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FFPROBE = "/usr/bin/ffprobe"


class _Pipe:
    """An inner protocol that reads forward only, as pipe: does (ENOSYS for any seek)."""

    def __init__(self, data: bytes, piece: int | None = None):
        self.data = data
        self.pos = 0
        self.reads = 0
        self.piece = piece

    def read(self, n):
        if self.piece:
            n = min(n, self.piece)
        chunk = self.data[self.pos:self.pos + n]
        if not chunk:
            return AVERROR_EOF
        self.pos += len(chunk)
        self.reads += 1
        return chunk

    def seek(self, pos, whence):
        return -38

    def close(self):
        pass


def _logger(lines):
    return Logger("cache", lambda comp, level, msg: lines.append((comp, level, msg)))


def _data(n: int) -> bytes:
    return bytes((i * 7 + i // 251) & 0xFF for i in range(n))


@settings(max_examples=60, deadline=None)
@given(size=st.integers(0, 200000),
       ops=st.lists(st.tuples(st.sampled_from(("read", "seek")), st.integers(0, 250000)),
                    max_size=25),
       limit=st.sampled_from((-1, 0, 65536)),
       piece=st.sampled_from((None, 1000, 40000)))
def test_any_reads_and_seeks_give_the_input_bytes(size, ops, limit, piece):
    data = _data(size)
    reader = AvioReader(CacheProtocol(_Pipe(data, piece), limit, _logger([])))
    for op, arg in ops:
        if op == "read":
            pos = reader.tell()
            got = reader.read(arg % 70000)
            assert got == data[pos:pos + arg % 70000]
            assert reader.tell() == (pos + len(got) if got else reader.tell())
        else:
            try:
                reader.seek(arg)
            except CineError:
                continue        # a seek the protocol refuses (a pipe past the read-ahead limit)
            assert reader.tell() == arg
            assert reader.read(100) == data[arg:arg + 100]
    reader.close()


def test_read_ahead_limit_decides_forward_seeks_and_the_size():
    data = _data(300000)
    lines = []
    # the default limit: a seek 100 KiB ahead of what was read fails, the size stays unknown
    proto = CacheProtocol(_Pipe(data), 65536, _logger(lines))
    assert proto.seek(100000, SEEK_SET) == -38
    assert proto.seek(0, AVSEEK_SIZE) == -38
    assert proto.seek(-1, SEEK_END) == -38
    assert proto.known_size() is None
    assert proto.seek(60000, SEEK_SET) == 60000         # within the limit: read ahead
    # no limit: SEEK_END reads to the end and knows where it is
    proto = CacheProtocol(_Pipe(data), -1, _logger(lines))
    assert proto.seek(-1, SEEK_END) == len(data) - 1
    assert proto.known_size() == len(data)
    assert proto.seek(5, SEEK_SET) == 5 and proto.read(3) == data[5:8]
    assert [m for _, _, m in lines] == ["Inner protocol failed to seekback end : -38\n"]


def test_hits_and_misses_are_counted_per_read():
    data = _data(50000)
    lines = []
    proto = CacheProtocol(_Pipe(data), -1, _logger(lines))
    assert len(proto.read(32768)) == 32768                # from the pipe
    assert proto.seek(0, SEEK_SET) == 0
    assert len(proto.read(40000)) == 32768                # from the store, one block
    assert len(proto.read(40000)) == 50000 - 32768        # the rest from the pipe
    assert proto.read(10) == AVERROR_EOF
    proto.close()
    assert (proto.hits, proto.misses) == (1, 2)
    assert lines[-1] == ("cache", 32, "Statistics, cache hits:1 cache misses:2\n")


def test_store_spills_to_an_unlinked_file_past_its_memory_limit(tmp_path, monkeypatch):
    import tempfile
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    store = CacheStore(memory_limit=1000)
    a = store.append(b"x" * 600)
    b = store.append(_data(3000))
    assert (a, b) == (0, 600) and store.spilled
    assert store.read(598, 6) == b"xx" + _data(4)
    assert os.listdir(tmp_path) == []         # nothing left behind, even while open
    store.close()


def test_open_cache_over_a_real_pipe_and_a_file(tmp_path):
    data = _data(100000)
    path = tmp_path / "in.bin"
    path.write_bytes(data)
    reader = open_cache("cache:file:%s" % path, {"read_ahead_limit": "-1"})
    assert reader.avio_size() == len(data)           # AVSEEK_SIZE of a file
    reader.seek(90000)
    assert reader.read(20000) == data[90000:]
    reader.close()
    r, w = os.pipe()
    threading.Thread(target=lambda: (os.write(w, data), os.close(w)), daemon=True).start()
    try:
        reader = open_cache("cache:pipe:%d" % r, {"read_ahead_limit": "-1"})
        assert reader.avio_size() == len(data)       # SEEK_END read the pipe to its end
        reader.seek(1234)
        assert reader.read(10) == data[1234:1244]
        reader.close()
    finally:
        os.close(r)


@pytest.mark.parametrize("value,code", [("abc", -22), ("-2", -34), ("99999999999", -34)])
def test_bad_read_ahead_limit_fails_before_opening(value, code):
    lines = []
    with pytest.raises(CineError) as exc:
        open_cache("cache:/nonexistent/file", {"read_ahead_limit": value},
                   lambda comp, level, msg: lines.append(msg))
    assert exc.value.code == code
    assert lines[-1] == "Error setting option read_ahead_limit to value %s.\n" % value


def _normalised(err: bytes) -> list[str]:
    text = err.decode("utf-8", "replace")
    return [re.sub(r"@ 0x[0-9a-f]+\]", "@ 0xADDR]", ln) for ln in text.splitlines()
            if not re.match(r"(ffprobe|ffmpeg) version|  built with|  configuration", ln)]


@pytest.mark.skipif(not os.access(FFPROBE, os.X_OK), reason="no /usr/bin/ffprobe")
@pytest.mark.parametrize("fixture", ["fixtures/alac/s16_stereo.m4a", "fixtures/wav/id3_list.wav",
                                     "fixtures/vorbis/transients.ogg",
                                     "fixtures/alac/noise_mono.mka"])
@pytest.mark.parametrize("limit", ["-1", "65536"])
def test_statistics_and_seekback_lines_match_the_reference(fixture, limit):
    """The lines pydub's probe of a file object prints (every avio_size over the pipe, the
    cache's statistics), live against the reference."""
    argv = ["-hide_banner", "-of", "json", "-v", "info", "-show_format", "-show_streams",
            "-read_ahead_limit", limit, "cache:pipe:0"]
    with open(os.path.join(ROOT, fixture), "rb") as f:
        data = f.read()
    assert len(data) < 65536        # (one pipe buffer: the reference reads it at once)
    ref = subprocess.run([FFPROBE] + argv, input=data, capture_output=True, timeout=120)
    env = dict(os.environ, PYTHONPATH=ROOT)
    mine = subprocess.run([sys.executable, "-m", "cine", "ffprobe"] + argv, input=data,
                          capture_output=True, timeout=300, env=env, cwd=ROOT)
    assert (mine.returncode, mine.stdout) == (ref.returncode, ref.stdout)
    assert _normalised(mine.stderr) == _normalised(ref.stderr)
