"""A Source that reads a URL protocol the way FFmpeg 5.1.9's AVIOContext does (aviobuf.c).

Used for the protocols whose visible behaviour depends on the exact reads and seeks they are
asked for (cache:, which counts its hits and misses and logs when its inner protocol cannot
seek): the 32 KiB buffer refilled by fill_buffer, reads larger than the buffer going
straight to the protocol, avio_seek's choice between moving inside the buffer, reading
forward (a short seek), re-reading half a buffer back, or a protocol seek, avio_size's
AVSEEK_SIZE then SEEK_END fallback, and the probe buffer put back in front of the buffer
after format detection (ffio_rewind_with_probe_data).

The protocol is any object with read(n) -> bytes or a negative AVERROR (AVERROR_EOF at the
end), seek(pos, whence) -> the new position or a negative AVERROR (whence AVSEEK_SIZE asks for
the size) and close().
"""
from __future__ import annotations

import errno

from ..errors import AVERROR_EOF, CineError, strerror
from .source import Source

IO_BUFFER_SIZE = 32768
SHORT_SEEK_THRESHOLD = 32768
SEEK_SET, SEEK_CUR, SEEK_END = 0, 1, 2
AVSEEK_SIZE = 0x10000


class AvioReader(Source):
    """AVIOContext (read side) over a protocol; seekable when the protocol seeks.
    `avio_buffered`: readers that chunk their reads to save system calls should ask for
    what they need instead, so the protocol sees the reference's reads."""

    avio_buffered = True

    def __init__(self, proto, seekable: bool = True, buffer_size: int = IO_BUFFER_SIZE):
        self.proto = proto
        self.seekable = seekable
        self._buf = b""             # the buffer's bytes [0, _end); capacity _cap
        self._ptr = 0
        self._end = 0
        self._cap = buffer_size
        self._orig = buffer_size
        self.pos = 0                # the protocol position: where _buf[_end] would come from
        self._eof = False
        self._err = 0
        self._virtual = None        # a position past the end a failed seek was asked for
        self._size: int | None = None
        self.bytes_read = 0

    # ------------------------------------------------------------------ fill_buffer

    def _fill(self) -> None:
        dst = self._end if self._end + IO_BUFFER_SIZE <= self._cap else 0
        n = self._cap - dst
        if self._eof:
            return
        if self._cap > self._orig and n >= self._orig:
            if dst == 0 and self._ptr != 0:
                self._cap = self._orig          # set_buf_size: a fresh, smaller buffer
                self._buf = b""
                self._ptr = self._end = 0
            n = self._orig
        got = self._proto_read(n)
        if isinstance(got, int):
            self._eof = True
            if got != AVERROR_EOF:
                self._err = got
            return
        self.pos += len(got)
        self._buf = self._buf[:dst] + got
        self._ptr = dst
        self._end = dst + len(got)
        self.bytes_read += len(got)

    def _proto_read(self, n: int):
        if self._interrupted():
            return AVERROR_EOF          # (self.error says why, as with the other sources)
        got = self.proto.read(n)
        if not isinstance(got, int) and not got:
            return AVERROR_EOF
        return got

    # ------------------------------------------------------------------ Source

    def read(self, n: int) -> bytes:
        if n <= 0:
            return b""
        if self._virtual is not None:
            return b""
        out = []
        size = n
        while size > 0:
            avail = min(self._end - self._ptr, size)
            if avail == 0:
                if size > self._cap:
                    # bypass the buffer: straight into the caller's
                    got = self._proto_read(size)
                    if isinstance(got, int):
                        self._eof = True
                        if got != AVERROR_EOF:
                            self._err = got
                        break
                    self.pos += len(got)
                    self.bytes_read += len(got)
                    out.append(got)
                    size -= len(got)
                    self._ptr = self._end = 0
                else:
                    self._fill()
                    if self._end - self._ptr == 0:
                        break
            else:
                out.append(self._buf[self._ptr:self._ptr + avail])
                self._ptr += avail
                size -= avail
        if size == n:               # nothing read: the error, else one more try at the end
            if self._err:
                raise CineError(strerror(self._err), code=self._err)
            self.feof()
        return b"".join(out)

    def feof(self) -> bool:
        """avio_feof: a context at its end tries once more to fill its buffer."""
        if self._eof:
            self._eof = False
            self._fill()
        return self._eof

    def tell(self) -> int:
        if self._virtual is not None:
            return self._virtual
        return self.pos - (self._end - self._ptr)

    def seek(self, pos: int) -> None:
        if pos < 0:
            raise CineError(code=-errno.EINVAL)
        self._virtual = None
        ret = self._avio_seek(pos)
        if ret < 0:
            if ret == AVERROR_EOF or not self.seekable:
                # past the end: reads give nothing until the next seek (cine's sources keep
                # the asked position)
                self._virtual = pos
                return
            raise CineError(strerror(ret), code=ret)

    def _avio_seek(self, offset: int) -> int:
        buffer_size = self._end
        base = self.pos - buffer_size
        rel = offset - base
        if 0 <= rel <= buffer_size:
            self._ptr = rel
        elif (not self.seekable or rel <= buffer_size + SHORT_SEEK_THRESHOLD) and rel >= 0:
            while self.pos < offset and not self._eof:
                self._fill()
            if self._eof:
                return AVERROR_EOF
            self._ptr = self._end - (self.pos - offset)
        elif rel < 0 and -rel < buffer_size >> 1 and self.seekable and offset > 0:
            back = base - min(buffer_size >> 1, base)
            res = self.proto.seek(back, SEEK_SET)
            if res < 0:
                return res
            self._buf = b""
            self._ptr = self._end = 0
            self.pos = back
            self._eof = False
            self._fill()
            return self._avio_seek(offset)
        else:
            # (a stream's protocol is asked too: ffurl_seek refuses, ENOSYS for a pipe)
            res = self.proto.seek(offset, SEEK_SET)
            if res < 0:
                # a refused seek may have moved the protocol (cache: read ahead to the end):
                # it goes back to where this context reads (the reference would read on from
                # where it stopped, handing out the wrong bytes)
                self.proto.seek(self.pos, SEEK_SET)
                return res
            self._buf = b""
            self._ptr = self._end = 0
            self.pos = offset
        self._eof = False
        return offset

    # ------------------------------------------------------------------ the rest of avio

    def avio_size(self) -> int:
        """avio_size: AVSEEK_SIZE, else the SEEK_END position + 1 (and back to where the
        protocol was). The size, or a negative AVERROR."""
        size = self.proto.seek(0, AVSEEK_SIZE)
        if size < 0:
            size = self.proto.seek(-1, SEEK_END)
            if size < 0:
                return size
            size += 1
            self.proto.seek(self.pos, SEEK_SET)
        self._size = size
        return size

    @property
    def size(self) -> int | None:
        """What the reader knows of the size without asking the protocol (the last
        avio_size, or the end the reads met)."""
        if self._size is not None:
            return self._size
        known = getattr(self.proto, "known_size", None)
        return known() if known is not None else None

    def rewind_with_probe_data(self, probe: bytes) -> None:
        """ffio_rewind_with_probe_data: the probe buffer, followed by what of the buffer lies
        after it, becomes the buffer; reading starts again at 0."""
        buf_size = len(probe)
        buffer_size = self._end
        start = self.pos - buffer_size
        if start > buf_size:
            self.seek(0)            # (cannot happen with av_probe_input_buffer2's reads)
            return
        overlap = buf_size - start
        new_size = buf_size + buffer_size - overlap
        self._cap = max(self._cap, new_size)
        if new_size > buf_size:
            probe = probe + self._buf[overlap:buffer_size]
        self._buf = probe
        self._ptr = 0
        self._end = len(probe)
        self.pos = len(probe)
        self._eof = False
        self._virtual = None

    def close(self) -> None:
        self._buf = b""
        proto, self.proto = self.proto, None
        if proto is not None:
            proto.close()
