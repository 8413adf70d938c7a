"""ByteSink.write_behind: large blocks to a regular file written on a thread while the caller
goes on; the file, offsets and counters as write() leaves them, errors sticky as ever."""
from __future__ import annotations

import errno
import os

from cine.engine.io.sink import FILE_BUFFER, ByteSink, MemorySink, open_sink
from cine.engine.io.write_behind import WriteBehind


def _blocks(n: int, size: int) -> list[bytes]:
    return [bytes([(i * 37 + j) & 0xFF for j in range(256)]) * (size // 256) for i in range(n)]


def test_regular_file_same_bytes_as_write(tmp_path):
    blocks = _blocks(6, 2 * FILE_BUFFER)
    paths, counts = [], []
    for behind in (False, True):
        path = str(tmp_path / f"out{behind}.bin")
        sink = open_sink(path)
        assert sink.regular
        sink.write(b"head")                       # pending bytes go out first
        for b in blocks:
            buf = bytearray(b)                    # (the caller's buffer, reused below)
            (sink.write_behind if behind else sink.write)(buf)
            sink.write(b"x" * 10)                 # small writes between blocks
        end = sink.tell()
        assert sink.seek(0) == 0                  # patch the start after the blocks
        sink.write(b"HEAD")
        assert sink.seek(end) == end
        sink.write(b"tail")
        assert sink.close() == 0
        paths.append(path)
        counts.append((sink.bytes_written, sink.written_size, sink.tell()))
    assert counts[0] == counts[1]
    with open(paths[0], "rb") as a, open(paths[1], "rb") as b:
        assert a.read() == b.read()


def test_size_and_trailing_read_wait_for_the_block(tmp_path):
    path = str(tmp_path / "o.bin")
    sink = open_sink(path)
    data = bytes(range(256)) * (4 * FILE_BUFFER // 256)
    sink.write_behind(data)
    assert sink.size() == len(data)
    assert sink._pread(len(data) - 256, 256) == bytes(range(256))
    assert sink.close() == 0


def test_failed_block_sticks(tmp_path):
    path = str(tmp_path / "ro.bin")
    open(path, "wb").close()
    fd = os.open(path, os.O_RDONLY)              # writes fail with EBADF
    sink = ByteSink(fd, seekable=True, close_fd=True, url=path, regular=True)
    sink.write_behind(b"\0" * (2 * FILE_BUFFER))
    sink.write(b"more")
    sink.flush()                                 # the next write meets the error first
    assert sink.error == -errno.EBADF
    assert sink.close() == -errno.EBADF


def test_pipes_and_memory_write_in_place():
    r, w = os.pipe()
    try:
        sink = ByteSink(w, seekable=False, close_fd=False, url="pipe:", regular=False)
        data = b"p" * 40000                      # (fits the pipe's buffer)
        sink.write_behind(data)
        assert sink._behind is None
        assert os.read(r, 65536) == data
    finally:
        os.close(r)
        os.close(w)
    mem = MemorySink()
    mem.write_behind(b"m" * (2 * FILE_BUFFER))
    assert mem._behind is None and mem.getvalue() == b"m" * (2 * FILE_BUFFER)


def test_one_write_in_flight(tmp_path):
    fd = os.open(str(tmp_path / "w.bin"), os.O_WRONLY | os.O_CREAT)
    wb = WriteBehind(fd)
    for i in range(20):
        assert wb.submit(bytes([i]) * 100000) == 0
    assert wb.wait() == 0
    os.close(fd)
    with open(str(tmp_path / "w.bin"), "rb") as f:
        got = f.read()
    assert got == b"".join(bytes([i]) * 100000 for i in range(20))
