"""FFmpeg 5.1.9's pipe protocol read through an AVIOContext (aviobuf.c), for `-` and `pipe:N`.

What a demuxer can still reach on a pipe is decided by the AVIOContext's buffer, so cine's
pipe input is that buffer (avio_reader.AvioReader) rather than a look-back window of its own:

- the pipe protocol has no seek function (ffurl_seek answers ENOSYS) and is streamed, so
  ffio_fdopen doubles the buffer for reading: 65536 bytes, refilled 32768 at a time once the
  first 32768 are in it (fill_buffer appends while a whole IO_BUFFER_SIZE still fits, else
  starts over at the front), up to 65536 when it starts over;
- the probe buffer goes back in front of it after format detection
  (ffio_rewind_with_probe_data), so the start of the stream stays reachable until the buffer
  is refilled;
- avio_seek inside the buffer succeeds, forward past it reads on (and hits EOF past the end),
  backward outside it fails (ENOSYS);
- ffio_ensure_seekback(n) grows the buffer so that the next n bytes stay reachable.

Each protocol read is one read(2), as in the reference: a pipe whose writer has not caught up
gives fewer bytes (so, like the reference's, what the buffer holds can depend on the writer's
timing); a full pipe, or stdin redirected from a file, gives all that was asked.
"""
from __future__ import annotations

import errno
import os

from ..errors import AVERROR_EOF, CineError, from_oserror, strerror
from .avio_reader import AVSEEK_SIZE, IO_BUFFER_SIZE, AvioReader

ENOSYS = -errno.ENOSYS
_PIECE = 1 << 20


class PipeProtocol:
    """The pipe protocol: reads from a file descriptor; no seeking at all. With `fifo`, the
    file protocol over a FIFO instead: lseek fails (ESPIPE), fstat sizes it 0."""

    def __init__(self, fd: int, raw=None, fifo: bool = False, owner=None):
        self.fd = fd
        self._raw = raw         # a file object to read instead of the descriptor
        self.fifo = fifo
        self._owner = owner     # what to close with the protocol (the FIFO's FileSource)
        if raw is None and fd != 0:
            try:
                os.fstat(fd)
            except OSError as exc:
                raise from_oserror(exc) from None

    def read(self, n: int):
        """One read(2) of up to n bytes, as pipe_read does: what the pipe holds (fewer when
        the writer has not caught up), AVERROR_EOF at the end. The AVIOContext above asks
        again for the rest, checking the interrupt callback before each read."""
        want = min(n, _PIECE)
        try:
            chunk = self._raw.read(want) if self._raw is not None else os.read(self.fd, want)
        except OSError as exc:
            return -(exc.errno or errno.EIO)
        return chunk if chunk else AVERROR_EOF

    def seek(self, pos: int, whence: int) -> int:
        if self.fifo:
            return 0 if whence == AVSEEK_SIZE else -errno.ESPIPE
        return ENOSYS

    def close(self) -> None:
        owner, self._owner = self._owner, None
        if owner is not None:
            owner.close()       # (a pipe's descriptor stays open, as the reference leaves it)


class PipeReader(AvioReader):
    """AVIOContext over the pipe protocol. Seeks that the reference's fail raise CineError
    (ENOSYS); a seek past the end of the data leaves the position at that end."""

    avio_buffered = True

    def __init__(self, proto: PipeProtocol):
        super().__init__(proto, seekable=False, buffer_size=2 * IO_BUFFER_SIZE)

    def seek(self, pos: int) -> None:
        if pos < 0:
            raise CineError(code=-errno.EINVAL)
        self._virtual = None
        ret = self._avio_seek(pos)
        if ret == AVERROR_EOF:
            self._ptr = self._end       # (the data ended before pos: at its end)
            return
        if ret < 0:
            raise CineError(strerror(ret), code=ret)

    def avio_size(self) -> int:
        return self.proto.seek(0, AVSEEK_SIZE) if self.proto is not None else ENOSYS

    @property
    def size(self) -> int | None:
        return 0 if self.proto is not None and self.proto.fifo else None

    def ensure_seekback(self, n: int) -> None:
        """ffio_ensure_seekback: keep the next n bytes reachable by a seek back."""
        filled = self._end - self._ptr
        if n <= filled:
            return
        n += IO_BUFFER_SIZE - 1
        if n + self._ptr <= self._cap:
            return
        self._buf = self._buf[self._ptr:self._end]
        if n > self._cap:
            self._cap = n
        self._ptr = 0
        self._end = filled

    def read_through(self, n: int) -> bytes:
        """n bytes read as the reference's header parsers read them (avio_rXX, small
        avio_reads): through the buffer, never around it."""
        if n <= self._cap:
            return self.read(n)
        parts = []
        while n > 0:
            data = self.read(min(n, IO_BUFFER_SIZE))
            if not data:
                break
            parts.append(data)
            n -= len(data)
        return b"".join(parts)


def ensure_seekback(source, n: int) -> None:
    """ffio_ensure_seekback(pb, n) where a demuxer calls it: only a pipe's buffer grows (a
    seekable input, or another kind of stream, needs nothing)."""
    grow = getattr(source, "ensure_seekback", None)
    if grow is not None:
        grow(n)


def open_pipe(fd: int) -> PipeReader:
    """pipe:N (`-` is pipe:0)."""
    return PipeReader(PipeProtocol(fd))


def open_stream(fileobj) -> PipeReader:
    """A caller's non-seekable binary file object, read as `ffprobe -` reads its stdin."""
    return PipeReader(PipeProtocol(-1, raw=fileobj))
