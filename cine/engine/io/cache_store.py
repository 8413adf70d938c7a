"""The bytes the cache: protocol has read, appended in reading order (its "physical" file).

FFmpeg 5.1.9 keeps them in an unlinked temporary file. Here they stay in memory up to
MEMORY_LIMIT and move to an anonymous temporary file past it, so a huge input costs disk, not
memory. The file is unlinked as soon as it exists (tempfile.TemporaryFile), so nothing is left
behind whatever way the process ends: a normal exit, an error or a signal.
"""
from __future__ import annotations

import errno
import os

from ..errors import CineError, from_oserror

MEMORY_LIMIT = 16 << 20


class CacheStore:
    """Append-only storage: append(data) -> the offset it was written at; read(off, n)."""

    def __init__(self, memory_limit: int = MEMORY_LIMIT):
        self._mem: bytearray | None = bytearray()
        self._file = None
        self._size = 0
        self._limit = memory_limit

    @property
    def size(self) -> int:
        return self._size

    @property
    def spilled(self) -> bool:
        return self._file is not None

    def append(self, data: bytes) -> int:
        off = self._size
        if self._mem is not None and self._size + len(data) > self._limit:
            self._spill()
        try:
            if self._mem is not None:
                self._mem += data
            else:
                _write_all(self._file.fileno(), data, off)
        except OSError as exc:
            raise from_oserror(exc) from None
        self._size += len(data)
        return off

    def read(self, off: int, n: int) -> bytes:
        if off < 0 or n < 0:
            raise CineError(code=-errno.EINVAL)
        n = max(0, min(n, self._size - off))
        if self._mem is not None:
            return bytes(self._mem[off:off + n])
        try:
            return os.pread(self._file.fileno(), n, off)
        except OSError as exc:
            raise from_oserror(exc) from None

    def _spill(self) -> None:
        import tempfile
        try:
            f = tempfile.TemporaryFile(prefix="ffcache")
            _write_all(f.fileno(), self._mem, 0)
        except OSError as exc:
            raise from_oserror(exc) from None
        self._file = f
        self._mem = None

    def close(self) -> None:
        self._mem = bytearray()
        if self._file is not None:
            try:
                self._file.close()
            except OSError:
                pass
            self._file = None


def _write_all(fd: int, data, off: int) -> None:
    view = memoryview(data)
    while view:
        done = os.pwrite(fd, view, off)
        view = view[done:]
        off += done
