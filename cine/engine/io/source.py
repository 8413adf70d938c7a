"""Byte sources: a seekable file, or a non-seekable pipe with a bounded look-back window.

URLs as FFmpeg's file and pipe protocols accept them: PATH, file:PATH, -, pipe:, pipe:N.
"""
from __future__ import annotations

import errno
import os
import stat
import sys

from ..errors import CineError, from_oserror, strerror
from ..limits import PIPE_LOOKBACK


class Source:
    """Common interface: read(n), seek(pos), tell(), size, seekable, bytes_read."""

    seekable: bool = True
    size: int | None = None
    bytes_read: int = 0

    def read(self, n: int) -> bytes:
        raise NotImplementedError

    def seek(self, pos: int) -> None:
        raise NotImplementedError

    def tell(self) -> int:
        raise NotImplementedError

    def skip(self, n: int) -> None:
        self.seek(self.tell() + n)

    def read_exact(self, n: int) -> bytes:
        data = self.read(n)
        if len(data) != n:
            from ..errors import EndOfFile
            raise EndOfFile()
        return data

    def close(self) -> None:
        pass


class FileSource(Source):
    def __init__(self, path: str):
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError as exc:
            raise from_oserror(exc) from None
        try:
            st = os.fstat(fd)
        except OSError as exc:
            os.close(fd)
            raise from_oserror(exc) from None
        if stat.S_ISDIR(st.st_mode):
            # FFmpeg opens a directory and fails at the first read with EISDIR
            os.close(fd)
            raise CineError(strerror(-errno.EISDIR), code=-errno.EISDIR)
        self._f = os.fdopen(fd, "rb", buffering=0)
        self.seekable = stat.S_ISREG(st.st_mode) or stat.S_ISBLK(st.st_mode)
        self.size = st.st_size if stat.S_ISREG(st.st_mode) else None
        self._pos = 0
        self.bytes_read = 0

    def read(self, n: int) -> bytes:
        if n <= 0:
            return b""
        try:
            data = self._f.read(n)
        except OSError as exc:
            raise from_oserror(exc) from None
        data = data or b""
        # a short read from a regular file is the end; keep reading for pipes/char devices
        if not self.seekable:
            parts = [data]
            got = len(data)
            while data and got < n:
                data = self._f.read(n - got) or b""
                parts.append(data)
                got += len(data)
            data = b"".join(parts)
        self._pos += len(data)
        self.bytes_read += len(data)
        return data

    def seek(self, pos: int) -> None:
        if pos < 0:
            raise CineError(code=-errno.EINVAL)
        try:
            self._f.seek(pos)
        except OSError as exc:
            raise from_oserror(exc) from None
        self._pos = pos

    def tell(self) -> int:
        return self._pos

    def close(self) -> None:
        self._f.close()


class PipeSource(Source):
    """Forward-only stream. Seeking backwards works only inside the retained window;
    seeking forwards reads and discards, as avio_seek does on a non-seekable context."""

    seekable = False
    size = None

    def __init__(self, raw, lookback: int = PIPE_LOOKBACK):
        self._raw = raw
        self._buf = bytearray()     # bytes [self._base, self._base + len(buf))
        self._base = 0
        self._pos = 0
        self._lookback = lookback
        self._eof = False
        self.bytes_read = 0

    def _fill(self, upto: int) -> None:
        while not self._eof and self._base + len(self._buf) < upto:
            want = max(upto - (self._base + len(self._buf)), 65536)
            try:
                chunk = self._raw.read(want)
            except OSError as exc:
                raise from_oserror(exc) from None
            if not chunk:
                self._eof = True
                break
            self.bytes_read += len(chunk)
            self._buf += chunk
            excess = len(self._buf) - self._lookback
            if excess > 0 and self._pos - self._base > excess:
                del self._buf[:excess]
                self._base += excess

    def read(self, n: int) -> bytes:
        if n <= 0:
            return b""
        self._fill(self._pos + n)
        off = self._pos - self._base
        data = bytes(self._buf[off:off + n])
        self._pos += len(data)
        return data

    def seek(self, pos: int) -> None:
        if pos < self._base:
            raise CineError(code=-errno.ESPIPE)
        end = self._base + len(self._buf)
        if pos > end:
            # discard forward without retaining the skipped bytes
            self._buf.clear()
            self._base = end
            while not self._eof and self._base < pos:
                want = min(pos - self._base, 1 << 20)
                try:
                    chunk = self._raw.read(want)
                except OSError as exc:
                    raise from_oserror(exc) from None
                if not chunk:
                    self._eof = True
                    break
                self.bytes_read += len(chunk)
                self._base += len(chunk)
            if self._base < pos:
                pos = self._base
        self._pos = pos

    def tell(self) -> int:
        return self._pos


def open_url(url: str) -> tuple[Source, str]:
    """Open an input URL the way FFmpeg's file/pipe protocols resolve it.

    Returns the source and the protocol name ('file' or 'pipe')."""
    if url == "-" or url.startswith("pipe:"):
        fd = 0
        rest = url[5:] if url.startswith("pipe:") else ""
        if rest:
            try:
                fd = int(rest)
            except ValueError:
                fd = 0
        if fd == 0:
            raw = sys.stdin.buffer.raw if hasattr(sys.stdin.buffer, "raw") else sys.stdin.buffer
        else:
            try:
                raw = os.fdopen(fd, "rb", buffering=0, closefd=False)
            except OSError as exc:
                raise from_oserror(exc) from None
        return PipeSource(raw), "pipe"
    path = url[5:] if url.startswith("file:") else url
    return FileSource(path), "file"


class FileObjectSource(Source):
    """A caller's binary file object (the Python API); seekable when the object says so."""

    def __init__(self, fileobj):
        self._f = fileobj
        try:
            self.seekable = bool(fileobj.seekable())
        except (AttributeError, OSError, ValueError):
            self.seekable = False
        self.size = None
        self._pos = 0
        self.bytes_read = 0
        if self.seekable:
            try:
                start = fileobj.tell()
                self.size = fileobj.seek(0, 2)
                fileobj.seek(start)
                self._pos = start
            except (OSError, ValueError):
                self.seekable = False
                self.size = None

    def read(self, n: int) -> bytes:
        if n <= 0:
            return b""
        parts = []
        got = 0
        try:
            while got < n:
                chunk = self._f.read(n - got)
                if not chunk:
                    break
                parts.append(chunk)
                got += len(chunk)
        except OSError as exc:
            raise from_oserror(exc) from None
        data = b"".join(parts)
        self._pos += len(data)
        self.bytes_read += len(data)
        return data

    def seek(self, pos: int) -> None:
        if not self.seekable:
            raise CineError(code=-errno.ESPIPE)
        try:
            self._f.seek(pos)
        except (OSError, ValueError) as exc:
            raise CineError(str(exc), code=-errno.EIO) from None
        self._pos = pos

    def tell(self) -> int:
        return self._pos
