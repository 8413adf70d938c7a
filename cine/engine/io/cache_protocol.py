"""The cache: protocol of FFmpeg 5.1.9 (libavformat/cache.c).

`cache:URL` reads URL (pipe:N, file:PATH, a plain path, another cache:) and keeps every byte it
read, so a pipe becomes seekable: a seek back is served from what was kept, a seek forward
that the inner protocol refuses reads ahead (up to the `read_ahead_limit` option, -1 for no
limit; default 65536) and so does a SEEK_END (only without a limit). What it kept is a set of
blocks mapping logical (input) positions to positions in the store (cache_store.py: memory,
then an anonymous temporary file), merged while the reading is contiguous.

What the reference prints is reproduced: "Inner protocol failed to seekback end : -38" each
time the size is asked of an inner protocol that cannot seek (a pipe), and at close
"Statistics, cache hits:N cache misses:M" (a read served from the store is a hit, one from the
inner protocol a miss). Those counts depend on the exact reads and seeks the layer above
makes, which is why the Source given out is an AvioReader (AVIOContext's buffering).
"""
from __future__ import annotations

import bisect
import errno
import os

from ..errors import AVERROR_EOF, CineError, from_oserror, strerror
from ..log import Logger
from .avio_reader import AVSEEK_SIZE, SEEK_CUR, SEEK_END, SEEK_SET, AvioReader
from .cache_store import CacheStore

PREFIX = "cache:"
READ_AHEAD_DEFAULT = 65536
INT_MAX = (1 << 31) - 1
ENOSYS = -errno.ENOSYS
_SEEK_CHUNK = 32768             # cache_seek's read-ahead buffer

_OPEN: list = []                # the readers opened, for close_all()


def is_cache_url(url: str) -> bool:
    return url.startswith(PREFIX)


def open_cache(url: str, options: dict | None = None, sink=None) -> AvioReader:
    """ffurl_open of cache:URL: the options first (read_ahead_limit is taken out of
    `options`), then the inner URL. Raises CineError as the reference fails."""
    log = Logger("cache", sink)
    limit = _read_ahead_limit(options, log)
    inner = _open_inner(url[len(PREFIX):], sink)
    reader = AvioReader(CacheProtocol(inner, limit, log))
    _OPEN.append(reader)
    return reader


def close_all() -> None:
    """Close the cache inputs still open (ffmpeg_cleanup's avformat_close_input): each logs
    its statistics."""
    while _OPEN:
        reader = _OPEN.pop(0)
        try:
            reader.close()
        except CineError:
            pass


# ---------------------------------------------------------------------------- the option

def _read_ahead_limit(options: dict | None, log: Logger) -> int:
    if not options or "read_ahead_limit" not in options:
        return READ_AHEAD_DEFAULT
    text = str(options.pop("read_ahead_limit"))
    from ..formats.avopt import parse_number
    d = parse_number(text)
    if d is None:
        Logger(("cache", "Eval"), log.sink).error(
            "Undefined constant or missing '(' in '%s'\n" % text)
        log.error('Unable to parse option value "%s"\n' % text)
        code = -errno.EINVAL
    elif d != d or d < -1 or d > INT_MAX:
        log.error("Value %f for parameter 'read_ahead_limit' out of range [-1 - %g]\n"
                  % (d, INT_MAX))
        code = -errno.ERANGE
    else:
        return round(d)         # llrint
    log.error("Error setting option read_ahead_limit to value %s.\n" % text)
    raise CineError(strerror(code), code=code)


# ---------------------------------------------------------------------------- inner protocols

def _open_inner(url: str, sink):
    """ffurl_open of the inner URL, as cine resolves input URLs (source.open_url)."""
    if is_cache_url(url):
        return CacheProtocol(_open_inner(url[len(PREFIX):], sink), READ_AHEAD_DEFAULT,
                             Logger("cache", sink))
    if url.startswith("pipe:"):
        try:
            fd = int(url[5:]) if url[5:] else 0
        except ValueError:
            fd = 0
        return _PipeInner(fd)
    return _FileInner(url[5:] if url.startswith("file:") else url)


def _read_full(fd: int, n: int):
    """Up to n bytes (fewer only at the end of the data); AVERROR_EOF when there are none."""
    parts = []
    got = 0
    try:
        while got < n:
            chunk = os.read(fd, min(n - got, 1 << 20))
            if not chunk:
                break
            parts.append(chunk)
            got += len(chunk)
    except OSError as exc:
        if not parts:
            return -(exc.errno or errno.EIO)
    return b"".join(parts) if parts else AVERROR_EOF


class _PipeInner:
    """The pipe protocol: reads, and no seeking at all (ffurl_seek: ENOSYS)."""

    def __init__(self, fd: int):
        try:
            os.fstat(fd)
        except OSError as exc:
            raise from_oserror(exc) from None
        self.fd = fd

    def read(self, n: int):
        return _read_full(self.fd, n)

    def seek(self, pos: int, whence: int) -> int:
        return ENOSYS

    def close(self) -> None:
        pass            # (the standard input stays open, as the reference leaves it)


class _FileInner:
    """The file protocol: lseek for seeks, fstat for AVSEEK_SIZE (0 for a FIFO)."""

    def __init__(self, path: str):
        import stat
        try:
            self.fd = os.open(path, os.O_RDONLY)
            st = os.fstat(self.fd)
        except OSError as exc:
            raise from_oserror(exc) from None
        if stat.S_ISDIR(st.st_mode):
            os.close(self.fd)
            raise CineError(strerror(-errno.EISDIR), code=-errno.EISDIR)

    def read(self, n: int):
        return _read_full(self.fd, n)

    def seek(self, pos: int, whence: int) -> int:
        import stat
        try:
            if whence == AVSEEK_SIZE:
                st = os.fstat(self.fd)
                return 0 if stat.S_ISFIFO(st.st_mode) else st.st_size
            return os.lseek(self.fd, pos, whence)
        except OSError as exc:
            return -(exc.errno or errno.EIO)

    def close(self) -> None:
        try:
            os.close(self.fd)
        except OSError:
            pass


# ---------------------------------------------------------------------------- cache.c

class CacheProtocol:
    """cache_read / cache_seek / cache_close over an inner protocol."""

    def __init__(self, inner, read_ahead_limit: int, log: Logger):
        self.inner = inner
        self.read_ahead_limit = read_ahead_limit
        self.log = log
        self.store = CacheStore()
        self._keys: list[int] = []          # logical starts of the blocks, sorted
        self._blocks: list[list[int]] = []  # [logical, physical, size]
        self.logical_pos = 0
        self.inner_pos = 0
        self.end = 0
        self.is_true_eof = False
        self.hits = 0
        self.misses = 0

    def known_size(self) -> int | None:
        return self.end if self.is_true_eof else None

    def _block_at(self, pos: int):
        """The block starting at pos or the last one before it (av_tree_find's next[0])."""
        i = bisect.bisect_right(self._keys, pos) - 1
        return self._blocks[i] if i >= 0 else None

    def _add(self, data: bytes) -> None:
        phys = self.store.append(data)
        b = self._block_at(self.logical_pos)
        if b is not None and b[0] + b[2] == self.logical_pos and b[1] + b[2] == phys:
            b[2] += len(data)
            return
        i = bisect.bisect_right(self._keys, self.logical_pos)
        self._keys.insert(i, self.logical_pos)
        self._blocks.insert(i, [self.logical_pos, phys, len(data)])

    def read(self, size: int):
        b = self._block_at(self.logical_pos)
        if b is not None:
            off = self.logical_pos - b[0]
            if off < b[2]:
                data = self.store.read(b[1] + off, min(size, b[2] - off))
                if data:
                    self.logical_pos += len(data)
                    self.hits += 1
                    return data
        # a miss: from the inner protocol
        if self.logical_pos != self.inner_pos:
            r = self.inner.seek(self.logical_pos, SEEK_SET)
            if r < 0:
                self.log.error("Failed to perform internal seek\n")
                return r
            self.inner_pos = r
        data = self.inner.read(size)
        if isinstance(data, int):
            if data == AVERROR_EOF and size > 0:
                self.is_true_eof = True
            return data
        self.inner_pos += len(data)
        self.misses += 1
        self._add(data)
        self.logical_pos += len(data)
        self.end = max(self.end, self.logical_pos)
        return data

    def seek(self, pos: int, whence: int) -> int:
        if whence == AVSEEK_SIZE:
            size = self.inner.seek(pos, AVSEEK_SIZE)
            if size <= 0:
                size = self.inner.seek(-1, SEEK_END)
                if self.inner.seek(self.inner_pos, SEEK_SET) < 0:
                    self.log.error("Inner protocol failed to seekback end : %d\n" % size)
            if size > 0:
                self.is_true_eof = True
            self.end = max(self.end, size)
            return size
        if whence == SEEK_CUR:
            whence = SEEK_SET
            pos += self.logical_pos
        elif whence == SEEK_END and self.is_true_eof:
            whence = SEEK_SET
            pos += self.end
        while True:
            if whence == SEEK_SET and 0 <= pos < self.end:
                self.logical_pos = pos      # inside what is known: no protocol work
                return pos
            ret = self.inner.seek(pos, whence)
            if ret < 0 and ((whence == SEEK_SET and pos >= self.logical_pos)
                            or (whence == SEEK_END and pos <= 0)):
                if ((whence == SEEK_SET and self.read_ahead_limit >= pos - self.logical_pos)
                        or self.read_ahead_limit < 0):
                    resolved = False
                    while self.logical_pos < pos or whence == SEEK_END:
                        size = _SEEK_CHUNK
                        if whence == SEEK_SET:
                            size = min(_SEEK_CHUNK, pos - self.logical_pos)
                        r = self.read(size)
                        if isinstance(r, int):
                            if r == AVERROR_EOF and whence == SEEK_END:
                                whence = SEEK_SET       # resolve_eof
                                pos += self.end
                                resolved = True
                                break
                            return r
                    if resolved:
                        continue
                    return self.logical_pos
            if ret >= 0:
                self.logical_pos = ret
                self.end = max(self.end, ret)
            return ret

    def close(self) -> None:
        self.log.info("Statistics, cache hits:%d cache misses:%d\n" % (self.hits, self.misses))
        self.store.close()
        inner, self.inner = self.inner, None
        if inner is not None:
            inner.close()
