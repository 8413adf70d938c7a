"""Byte sources: a seekable file, or a non-seekable stream.

URLs as FFmpeg's file and pipe protocols accept them: PATH, file:PATH, -, pipe:, pipe:N; and
cache:URL (cache_protocol.py). A pipe or FIFO is read through an AVIOContext's buffer
(pipe_reader.py, also for the Python API's non-seekable file objects), which decides which
seeks back succeed; PipeSource, a forward-only stream with a bounded look-back window, serves
character devices.
"""
from __future__ import annotations

import errno
import os
import stat

from ..errors import AVERROR_EXIT, CineError, from_oserror, strerror
from . import interrupt as _interrupt
from ..limits import PIPE_LOOKBACK

READ_AHEAD = 32768          # avio's IO_BUFFER_SIZE
# the most one system read asks for: a read of a declared size (up to 2^64) is served in
# pieces of this, so the memory it takes follows the bytes that exist, not the claim
READ_PIECE = 1 << 20


def _read_upto(f, n: int) -> bytes:
    """Up to n bytes from a raw file object, in pieces of at most READ_PIECE, stopping at the
    end of the data (a short read from a regular file, an empty one from a pipe)."""
    if n <= READ_PIECE:
        return f.read(n) or b""
    parts = []
    got = 0
    while got < n:
        chunk = f.read(min(n - got, READ_PIECE))
        if not chunk:
            break
        parts.append(chunk)
        got += len(chunk)
    return b"".join(parts)


class Source:
    """Common interface: read(n), seek(pos), tell(), size, seekable, bytes_read."""

    seekable: bool = True
    size: int | None = None
    bytes_read: int = 0
    error: int = 0          # AVERROR_EXIT once the interrupt callback stopped a read

    def _interrupted(self) -> bool:
        """The interrupt callback before a read: when it fires, the read ends the data
        (avio marks the context EOF with the error AVERROR_EXIT)."""
        if _interrupt.requested():
            self.error = AVERROR_EXIT
            return True
        return False

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
        self.fifo = stat.S_ISFIFO(st.st_mode)
        self.size = st.st_size if stat.S_ISREG(st.st_mode) else None
        self._pos = 0
        self.bytes_read = 0
        # read-ahead window of a seekable file, as avio's buffer: [_pos - _roff, + len(_rbuf));
        # the file descriptor's offset is always at its end
        self._rbuf = b""
        self._roff = 0

    def read(self, n: int) -> bytes:
        if n <= 0:
            return b""
        if self.seekable:
            return self._read_buffered(n)
        # a pipe or character device: keep reading until n bytes or the end
        try:
            parts = []
            got = 0
            while got < n and not self._interrupted():
                data = self._f.read(min(n - got, READ_PIECE))
                if not data:
                    break
                parts.append(data)
                got += len(data)
        except OSError as exc:
            raise from_oserror(exc) from None
        data = b"".join(parts)
        self._pos += len(data)
        self.bytes_read += len(data)
        return data

    def _read_buffered(self, n: int) -> bytes:
        """Small reads come from a read-ahead window (a file of a million 8-byte boxes costs a
        system call per 32 KiB, not per box); large ones go straight to the file."""
        buf, off = self._rbuf, self._roff
        end = off + n
        if end <= len(buf):
            self._roff = end
            self._pos += n
            return buf[off:end]
        head = buf[off:]
        need = n - len(head)
        if self._interrupted():
            self._rbuf = b""
            self._roff = 0
            self._pos += len(head)
            return head
        try:
            if n < READ_AHEAD:
                chunk = self._f.read(READ_AHEAD) or b""
                self._rbuf = chunk
                self._roff = min(need, len(chunk))
                data = head + chunk[:need]
            else:
                self._rbuf = b""
                self._roff = 0
                data = head + _read_upto(self._f, need)
                chunk = data
        except OSError as exc:
            self._rbuf = b""
            self._roff = 0
            raise from_oserror(exc) from None
        self.bytes_read += len(chunk)
        self._pos += len(data)
        return data

    def seek(self, pos: int) -> None:
        if pos < 0:
            raise CineError(code=-errno.EINVAL)
        base = self._pos - self._roff
        if self._rbuf and base <= pos <= base + len(self._rbuf):
            self._roff = pos - base
            self._pos = pos
            return
        self._rbuf = b""
        self._roff = 0
        try:
            self._f.seek(pos)
        except OSError as exc:
            raise from_oserror(exc) from None
        self._pos = pos

    def tell(self) -> int:
        return self._pos

    def close(self) -> None:
        self._rbuf = b""
        self._f.close()


class PipeSource(Source):
    """Forward-only stream. Seeking backwards works only inside the retained window;
    seeking forwards reads and discards, as avio_seek does on a non-seekable context."""

    seekable = False
    size = None

    def __init__(self, raw, lookback: int = PIPE_LOOKBACK, owner: Source | None = None):
        self._raw = raw
        self._owner = owner         # the FileSource whose descriptor this reads, closed with it
        self._buf = bytearray()     # bytes [self._base, self._base + len(buf))
        self._base = 0
        self._pos = 0
        self._lookback = lookback
        self._eof = False
        self.bytes_read = 0

    def _fill(self, upto: int) -> None:
        while not self._eof and self._base + len(self._buf) < upto:
            if self._interrupted():
                self._eof = True
                break
            want = min(max(upto - (self._base + len(self._buf)), 65536), READ_PIECE)
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
                if self._interrupted():
                    self._eof = True
                    break
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

    def close(self) -> None:
        self._buf = bytearray()
        if self._owner is not None:
            self._owner.close()


def open_url(url: str, options: dict | None = None, sink=None) -> tuple[Source, str]:
    """Open an input URL the way FFmpeg's file/pipe/cache protocols resolve it.

    Returns the source and the protocol name ('file', 'pipe' or 'cache'). `options` are the
    input's format options: a protocol takes out those it knows (cache: read_ahead_limit);
    `sink` receives what the protocol logs."""
    if url.startswith("cache:"):
        from .cache_protocol import open_cache
        return open_cache(url, options, sink), "cache"
    if url == "-" or url.startswith("pipe:"):
        fd = 0
        rest = url[5:] if url.startswith("pipe:") else ""
        if rest:
            try:
                fd = int(rest)
            except ValueError:
                fd = 0
        # an AVIOContext over the pipe protocol: which seeks succeed on a pipe is decided by
        # its buffer, as in the reference (pipe_reader.py)
        from .pipe_reader import open_pipe
        return open_pipe(fd), "pipe"
    path = url[5:] if url.startswith("file:") else url
    src = FileSource(path)
    if src.fifo:
        # the file protocol marks a FIFO streamed: an AVIOContext as over a pipe, whose seeks
        # fail with ESPIPE and whose size (fstat) is 0
        from .pipe_reader import PipeProtocol, PipeReader
        return PipeReader(PipeProtocol(-1, raw=src._f, fifo=True, owner=src)), "file"
    if not src.seekable:
        # a character device: read forward with the pipe's look-back window (probing
        # rewinds to the start as avio does over its probe buffer), not with seeks
        pipe = PipeSource(src._f, owner=src)
        # FFmpeg 5.1.9: the file protocol sizes a character device by fstat: 0
        pipe.size = 0
        return pipe, "file"
    return src, "file"


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
                chunk = self._f.read(min(n - got, READ_PIECE))
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
