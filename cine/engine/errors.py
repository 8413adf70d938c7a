"""The single error root of the engine: CineError(code) with FFmpeg's AVERROR values.

Only CineError (and subclasses) may escape an engine API. compat/cli.py turns an error into
the reference's message line and exit code; the engine never prints.
"""
from __future__ import annotations

import errno as _errno


def fferrtag(a: str, b: str, c: str, d: str) -> int:
    """FFERRTAG: the negated little-endian four-character tag (libavutil/error.h)."""
    return -(ord(a) | ord(b) << 8 | ord(c) << 16 | ord(d) << 24)


AVERROR_INVALIDDATA = fferrtag("I", "N", "D", "A")
AVERROR_EOF = fferrtag("E", "O", "F", " ")
AVERROR_PATCHWELCOME = fferrtag("P", "A", "W", "E")
AVERROR_DECODER_NOT_FOUND = fferrtag("\xF8", "D", "E", "C")
AVERROR_DEMUXER_NOT_FOUND = fferrtag("\xF8", "D", "E", "M")
AVERROR_OPTION_NOT_FOUND = fferrtag("\xF8", "O", "P", "T")
AVERROR_STREAM_NOT_FOUND = fferrtag("\xF8", "S", "T", "R")
AVERROR_PROTOCOL_NOT_FOUND = fferrtag("\xF8", "P", "R", "O")
AVERROR_BSF_NOT_FOUND = fferrtag("\xF8", "B", "S", "F")
AVERROR_BUG = fferrtag("B", "U", "G", "!")
AVERROR_EXIT = fferrtag("E", "X", "I", "T")
AVERROR_EXTERNAL = fferrtag("E", "X", "T", " ")
AVERROR_UNKNOWN = fferrtag("U", "N", "K", "N")
AVERROR_EXPERIMENTAL = -0x2BB2AFA8      # (not a tag: libavutil/error.h defines the number)

# Messages as av_strerror prints them (libavutil/error.c), plus the errno strings glibc prints.
STRERROR: dict[int, str] = {
    AVERROR_INVALIDDATA: "Invalid data found when processing input",
    AVERROR_EOF: "End of file",
    AVERROR_PATCHWELCOME: "Not yet implemented in FFmpeg, patches welcome",
    AVERROR_DECODER_NOT_FOUND: "Decoder not found",
    AVERROR_DEMUXER_NOT_FOUND: "Demuxer not found",
    AVERROR_OPTION_NOT_FOUND: "Option not found",
    AVERROR_STREAM_NOT_FOUND: "Stream not found",
    AVERROR_PROTOCOL_NOT_FOUND: "Protocol not found",
    AVERROR_BSF_NOT_FOUND: "Bitstream filter not found",
    AVERROR_BUG: "Internal bug, should not have happened",
    AVERROR_EXIT: "Immediate exit requested",
    AVERROR_EXTERNAL: "Generic error in an external library",
    AVERROR_UNKNOWN: "Unknown error occurred",
    AVERROR_EXPERIMENTAL: "Experimental feature",
    -_errno.ENOENT: "No such file or directory",
    -_errno.EACCES: "Permission denied",
    -_errno.EISDIR: "Is a directory",
    -_errno.ENOMEM: "Cannot allocate memory",
    -_errno.EIO: "Input/output error",
    -_errno.EINVAL: "Invalid argument",
    -_errno.ENOSYS: "Function not implemented",
    -_errno.EPIPE: "Broken pipe",
    -_errno.ENOSPC: "No space left on device",
    -_errno.EEXIST: "File exists",
    -_errno.ENOTDIR: "Not a directory",
    -_errno.ELOOP: "Too many levels of symbolic links",
    -_errno.ENAMETOOLONG: "File name too long",
    -_errno.EPERM: "Operation not permitted",
    -_errno.EAGAIN: "Resource temporarily unavailable",
}


def strerror(code: int) -> str:
    """av_strerror: the message FFmpeg prints for an AVERROR code."""
    msg = STRERROR.get(code)
    if msg is not None:
        return msg
    if code < 0 and -code < 4096:
        import os
        return os.strerror(-code)
    return "Error number %d occurred" % code


class CineError(Exception):
    """An engine failure carrying an AVERROR code; str() is av_strerror's text."""

    code: int = AVERROR_UNKNOWN

    def __init__(self, detail: str = "", code: int | None = None):
        if code is not None:
            self.code = code
        self.detail = detail
        super().__init__(detail or strerror(self.code))

    @property
    def message(self) -> str:
        return strerror(self.code)


class InvalidData(CineError):
    """AVERROR_INVALIDDATA: malformed or truncated input."""
    code = AVERROR_INVALIDDATA


class EndOfFile(CineError):
    """AVERROR_EOF: the input ended."""
    code = AVERROR_EOF


class NotFound(CineError):
    """ENOENT."""
    code = -_errno.ENOENT


class Unsupported(CineError):
    """AVERROR_PATCHWELCOME: a feature cine (or the reference) does not implement."""
    code = AVERROR_PATCHWELCOME


class LimitExceeded(InvalidData):
    """A named resource bound in engine/limits.py was exceeded; reported as invalid data."""


def from_oserror(exc: OSError) -> CineError:
    """Map an OSError to the CineError FFmpeg's file protocol would report."""
    code = -(exc.errno or _errno.EIO)
    return CineError(strerror(code), code=code)
