"""Byte sinks for muxers: a file, or a pipe (stdout), with AVIOContext's write-buffer rules.

URLs as FFmpeg's file and pipe protocols accept them: PATH, file:PATH, -, pipe:, pipe:N.
FFmpeg 5.1.9: the file protocol buffers 256 KiB for regular files and flushes after a packet
only once that much is pending; a pipe (or a FIFO) is "streamed": 32 KiB buffer flushed after
every header/packet. Seeking back is possible inside the unflushed buffer even on a pipe, which
is how chunk sizes written right after their start get patched on non-seekable outputs.
"""
from __future__ import annotations

import errno
import os
import stat
import struct
import sys

from ..errors import AVERROR_EXIT, CineError, from_oserror, strerror
from . import interrupt as _interrupt

FILE_BUFFER = 262144     # file.c: min/max packet size of a writable regular file
PIPE_BUFFER = 32768      # IO_BUFFER_SIZE


class ByteSink:
    """avio write context: write/seek/tell over a buffered OS file descriptor.

    `seekable` is AVIO_SEEKABLE_NORMAL; `size()` is avio_size (None for pipes);
    `bytes_written` counts bytes handed to the OS."""

    def __init__(self, fd: int, *, seekable: bool, close_fd: bool, url: str = "",
                 regular: bool = False):
        self._fd = fd
        self.seekable = seekable
        self._close_fd = close_fd
        self.url = url
        self.buffer_size = FILE_BUFFER if seekable else PIPE_BUFFER
        self.min_packet_size = FILE_BUFFER if seekable else 0
        self._buf = bytearray()      # pending bytes, file offsets [_base, _base + len(_buf))
        self._base = 0
        self._ptr = 0                # write cursor inside _buf
        self._end = 0                # furthest file position written (for size())
        self.bytes_written = 0
        self.written_size = 0        # FFIOContext.written_output_size
        self.error = 0
        self.closed = False
        self._rfd = None
        self.regular = regular       # a regular file: large blocks may be written behind
        self._behind = None          # the WriteBehind of write_behind's blocks, once used

    # -- writing ---------------------------------------------------------------------------
    def write(self, data: bytes) -> None:
        if not data:
            return
        n = len(data)
        end = self._ptr + n
        if n >= self.buffer_size and self._ptr == len(self._buf):
            self._write_block(data, False)
            return
        if self._ptr == len(self._buf):
            self._buf += data           # appending (the usual case): one copy
        else:
            if end > len(self._buf):
                self._buf.extend(b"\0" * (end - len(self._buf)))
            self._buf[self._ptr:end] = data
        self._ptr = end
        if self._base + end > self._end:
            self._end = self._base + end
        if len(self._buf) >= self.buffer_size and self._ptr == len(self._buf):
            self.flush()

    def write_behind(self, data) -> None:
        """write() of a block that the caller leaves unchanged until its next write_behind:
        appended and at least a buffer long on a regular file, its OS write runs on a thread
        while the caller goes on (the same bytes, offsets and counts as write(); a failure
        shows in `error` from the next call that touches the file on)."""
        if self.regular and len(data) >= self.buffer_size and self._ptr == len(self._buf):
            self._write_block(data, True)
        else:
            self.write(data)

    def _write_block(self, data, behind: bool) -> None:
        """Appending a block at least a buffer long: what is pending goes out, then the block
        itself without passing through the buffer (the state afterwards is the one a
        buffered append would leave: nothing pending)."""
        self.flush()
        if behind:
            self._submit_behind(data)
        else:
            self._os_write(data)
        self._base += len(data)
        if self._base > self._end:
            self._end = self._base

    def _submit_behind(self, data) -> None:
        if not self._may_write():
            return
        if self._behind is None:
            from .write_behind import WriteBehind
            self._behind = WriteBehind(self._fd)
        err = self._behind.submit(data)
        if err:
            self.error = err
            return
        self.bytes_written += len(data)
        # (counted as written now, as write() would have; a failure sticks when seen)
        end = self._base + len(data)
        if end > self.written_size:
            self.written_size = end

    def _drain(self) -> None:
        """Wait for a block written behind; its error sticks like any write error."""
        if self._behind is not None:
            err = self._behind.wait()
            if err and not self.error:
                self.error = err

    def w8(self, v: int) -> None:
        self.write(bytes((v & 0xFF,)))

    def wl16(self, v: int) -> None:
        self.write(struct.pack("<H", v & 0xFFFF))

    def wb16(self, v: int) -> None:
        self.write(struct.pack(">H", v & 0xFFFF))

    def wb24(self, v: int) -> None:
        self.write(struct.pack(">I", v & 0xFFFFFF)[1:])

    def wl32(self, v: int) -> None:
        self.write(struct.pack("<I", v & 0xFFFFFFFF))

    def wb32(self, v: int) -> None:
        self.write(struct.pack(">I", v & 0xFFFFFFFF))

    def wl64(self, v: int) -> None:
        self.write(struct.pack("<Q", v & 0xFFFFFFFFFFFFFFFF))

    def wb64(self, v: int) -> None:
        self.write(struct.pack(">Q", v & 0xFFFFFFFFFFFFFFFF))

    def fourcc(self, tag: str | bytes) -> None:
        self.write(tag.encode("latin-1") if isinstance(tag, str) else tag)

    def fill(self, byte: int, count: int) -> None:
        if count > 0:
            self.write(bytes((byte,)) * count)

    def put_str(self, s: str) -> None:
        """avio_put_str: the UTF-8 bytes and a terminating NUL."""
        self.write(s.encode("utf-8") + b"\0")

    # -- position --------------------------------------------------------------------------
    def tell(self) -> int:
        return self._base + self._ptr

    def seek(self, pos: int) -> int:
        """avio_seek(SEEK_SET): inside the pending buffer always works; elsewhere only on a
        seekable output. Returns the new position, or a negative AVERROR (ESPIPE)."""
        if self._base <= pos <= self._base + len(self._buf):
            self._ptr = pos - self._base
            return pos
        if not self.seekable:
            return -errno.ESPIPE
        self.flush()
        self._drain()
        try:
            os.lseek(self._fd, pos, os.SEEK_SET)
        except OSError as exc:
            self.error = -(exc.errno or errno.EIO)
            return self.error
        self._base = pos
        return pos

    def shift_data(self, start: int, end: int, shift: int) -> None:
        """ff_format_shift_data: move the bytes [start, end) `shift` bytes later (the hole is
        then overwritten by the caller). Seekable files only."""
        self.flush()
        self._drain()
        chunk = 1 << 20
        pos = end
        try:
            while pos > start:
                n = min(chunk, pos - start)
                pos -= n
                data = self._pread(pos, n)
                self._pwrite(pos + shift, data)
        except OSError as exc:
            raise from_oserror(exc) from None
        self._end = max(self._end, end + shift)
        self._base = end + shift
        self._ptr = 0

    def _pread(self, pos: int, n: int) -> bytes:
        # FFmpeg 5.1.9 re-opens the output for reading to shift data (faststart)
        self._drain()
        if getattr(self, "_rfd", None) is None:
            path = self.url[5:] if self.url.startswith("file:") else self.url
            self._rfd = os.open(path, os.O_RDONLY)
        return os.pread(self._rfd, n, pos)

    def _pwrite(self, pos: int, data: bytes) -> None:
        if _interrupt.requested():
            self.error = AVERROR_EXIT
            return
        os.pwrite(self._fd, data, pos)
        self.bytes_written += len(data)
        self.written_size = max(self.written_size, pos + len(data))

    def size(self) -> int | None:
        """avio_size: the extent written successfully so far, else the file's size (None
        when the output is not seekable)."""
        if self.written_size:
            return self.written_size
        if not self.seekable:
            return None
        if self._fd >= 0 and not self.closed:
            self._drain()
            try:
                # FFmpeg 5.1.9 file.c AVSEEK_SIZE: fstat's size (0 for a character device)
                return os.fstat(self._fd).st_size
            except OSError:
                pass
        return max(self._end, self._base + len(self._buf))

    # -- flushing --------------------------------------------------------------------------
    def flush(self) -> None:
        if self._buf:
            self._os_write(self._buf)
            self._base += len(self._buf)
            self._buf.clear()
            self._ptr = 0

    def flush_point(self) -> None:
        """avio_write_marker(FLUSH_POINT) after a header or packet: flush once at least
        min_packet_size bytes are pending."""
        if self._ptr >= self.min_packet_size:
            self.flush()

    def _may_write(self) -> bool:
        """Whether a write goes to the OS (once a block written behind is out): not after an
        error, which sticks, nor once the interrupt callback (a signal to ffmpeg) asked to
        stop: AVERROR_EXIT then sticks like any error."""
        self._drain()
        if self.error:
            return False
        if _interrupt.requested():
            self.error = AVERROR_EXIT
            return False
        return True

    def _os_write(self, data: bytes) -> None:
        if not self._may_write():
            return
        view = memoryview(data)
        end = self._base + len(data)
        while view:
            try:
                n = os.write(self._fd, view)
            except OSError as exc:
                # FFmpeg 5.1.9 aviobuf.c writeout: the error sticks to the context, later
                # writes are dropped; the muxing layer and avio_close report it
                self.error = -(exc.errno or errno.EIO)
                return
            view = view[n:]
            self.bytes_written += n
        # written_output_size: the extent of the writes that succeeded
        if end > self.written_size:
            self.written_size = end

    def close(self) -> int:
        """avio_close: flush and close; returns the sticky write error (0 when none)."""
        if self.closed:
            return 0
        try:
            self.flush()
        finally:
            self._drain()
            self.closed = True
            if self._rfd is not None:
                try:
                    os.close(self._rfd)
                except OSError:
                    pass
                self._rfd = None
            if self._close_fd:
                try:
                    os.close(self._fd)
                except OSError as exc:
                    if not self.error:
                        self.error = -(exc.errno or errno.EIO)
        return self.error


class MemorySink(ByteSink):
    """A seekable in-memory output (tests, the Python API)."""

    def __init__(self, seekable: bool = True):
        super().__init__(-1, seekable=seekable, close_fd=False, url="memory:")
        self.data = bytearray()
        self._pos = 0

    def _os_write(self, data: bytes) -> None:
        end = self._base + len(data)
        if end > len(self.data):
            self.data.extend(b"\0" * (end - len(self.data)))
        self.data[self._base:end] = data
        self.bytes_written += len(data)

    def seek(self, pos: int) -> int:
        if self._base <= pos <= self._base + len(self._buf):
            self._ptr = pos - self._base
            return pos
        if not self.seekable:
            return -errno.ESPIPE
        self.flush()
        self._base = pos
        return pos

    def _pread(self, pos: int, n: int) -> bytes:
        return bytes(self.data[pos:pos + n])

    def _pwrite(self, pos: int, data: bytes) -> None:
        end = pos + len(data)
        if end > len(self.data):
            self.data.extend(b"\0" * (end - len(self.data)))
        self.data[pos:end] = data

    def getvalue(self) -> bytes:
        self.flush()
        return bytes(self.data)


def open_sink(url: str) -> ByteSink:
    """Open an output URL the way FFmpeg's file/pipe protocols do (truncating a file).

    Raises CineError (ENOENT, EACCES, EISDIR...) on failure."""
    if url == "-" or url.startswith("pipe:"):
        fd = 1
        rest = url[5:] if url.startswith("pipe:") else ""
        if rest:
            try:
                fd = int(rest)
            except ValueError:
                fd = 1
        try:
            sys.stdout.flush()
        except (OSError, ValueError):
            pass
        return ByteSink(fd, seekable=False, close_fd=False, url=url)
    path = url[5:] if url.startswith("file:") else url
    # O_TRUNC's effect, applied only to a file that has bytes: the ffmpeg face has already
    # created (truncated) the output once, and on ext4 truncating a file again makes its
    # close wait for the delayed allocation of everything written (tens of ms per 100 MB)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o666)
    except OSError as exc:
        raise from_oserror(exc) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISREG(st.st_mode) and st.st_size:
            os.ftruncate(fd, 0)
    except OSError as exc:
        os.close(fd)
        raise from_oserror(exc) from None
    if stat.S_ISDIR(st.st_mode):
        os.close(fd)
        raise CineError(strerror(-errno.EISDIR), code=-errno.EISDIR)
    # FFmpeg 5.1.9 file.c: only a FIFO is "streamed"; character devices count as seekable
    return ByteSink(fd, seekable=not stat.S_ISFIFO(st.st_mode), close_fd=True, url=url,
                    regular=stat.S_ISREG(st.st_mode))
