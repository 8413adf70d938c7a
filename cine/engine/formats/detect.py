"""Format detection as libavformat/format.c does it: every format scores the probe buffer
(0..100), extensions give 50 (or 1 for formats with a probe function), MIME gives 75, a tie at
the top means no winner, and the buffer doubles from 2 KiB to 1 MiB while the best score is
at most AVPROBE_SCORE_RETRY (25), skipping a leading ID3v2 tag.
"""
from __future__ import annotations

import sys

from ..errors import InvalidData
from ..limits import PROBE_BUF_MAX, PROBE_BUF_MIN
from .registry import INPUT_FORMATS, FormatEntry

SCORE_RETRY = 25
SCORE_STREAM_RETRY = 24
SCORE_EXTENSION = 50
SCORE_MIME = 75
SCORE_MAX = 100

_NO_ID3, _ID3_ALMOST_GREATER, _ID3_GREATER, _ID3_GREATER_MAX = range(4)


def match_name(name: str | None, names: str | None) -> bool:
    """av_match_name: case-insensitive membership in a comma list ('-' negates, 'ALL' matches)."""
    if not name or not names:
        return False
    for item in names.split(","):
        negate = item.startswith("-")
        if negate:
            item = item[1:]
        if item.lower() == name.lower() or item == "ALL":
            return not negate
    return False


def match_ext(filename: str, extensions: str) -> bool:
    """av_match_ext: the text after the last '.' of the whole filename."""
    dot = filename.rfind(".")
    return dot >= 0 and match_name(filename[dot + 1:], extensions)


def id3v2_len(buf: bytes) -> int:
    """Length of an ID3v2 tag at buf[0] (header + size + footer), 0 if none (id3v2.c)."""
    if (len(buf) >= 10 and buf[:3] == b"ID3" and buf[3] != 0xFF and buf[4] != 0xFF
            and not (buf[6] | buf[7] | buf[8] | buf[9]) & 0x80):
        size = (buf[6] << 21) | (buf[7] << 14) | (buf[8] << 7) | buf[9]
        size += 10
        if buf[5] & 0x10:
            size += 10
        return size
    return 0


# Formats whose probe can only score 0 on a buffer without their signature: the test is done
# here, so that detecting another format does not import their modules (start-up time; each
# probe module pulls in its package and the demuxer's imports). A reject(buf) that is true
# must mean probe(buf) == 0 (tests/engine/test_detect_reject.py checks them against the probes).
def _no_ac3_sync(buf) -> bool:
    # ac3raw._scan: every chained frame starts at a sync word, plain or byte-swapped
    return b"\x0b\x77" not in buf and b"\x77\x0b" not in buf


_REJECT = {
    "cine.engine.formats.ac3raw:probe_ac3": _no_ac3_sync,
    "cine.engine.formats.ac3raw:probe_eac3": _no_ac3_sync,
    "cine.engine.formats.avi.probe": lambda buf: buf[:4] not in (b"RIFF", b"ON2 "),
    "cine.engine.formats.flac": lambda buf: buf[:4] != b"fLaC",
    "cine.engine.formats.matroska.probe": lambda buf: buf[:4] != b"\x1a\x45\xdf\xa3",
    "cine.engine.formats.ogg.probe": lambda buf: buf[:4] != b"OggS",
    "cine.engine.formats.w64": lambda buf: buf[:4] != b"riff",
    "cine.engine.formats.wav": lambda buf: buf[8:12] != b"WAVE",
}


def _probe_fn(entry: FormatEntry):
    if not entry.probe:
        return None
    mod, _, fn = entry.probe.partition(":")
    __import__(mod)  # not importlib.import_module: importing importlib costs start-up time
    return getattr(sys.modules[mod], fn or "probe")


def probe_buffer(buf: bytes, filename: str, mime: str | None = None) -> tuple[FormatEntry | None, int]:
    """av_probe_input_format3 with is_opened=1: the winning format and its score."""
    nodat = _NO_ID3
    lbuf = buf
    if len(buf) > 10:
        id3len = id3v2_len(buf)
        if id3len:
            if len(buf) > id3len + 16:
                if len(buf) < 2 * id3len + 16:
                    nodat = _ID3_ALMOST_GREATER
                lbuf = buf[id3len:]
            elif id3len >= PROBE_BUF_MAX:
                nodat = _ID3_GREATER_MAX
            else:
                nodat = _ID3_GREATER
    best: FormatEntry | None = None
    score_max = 0
    for entry in INPUT_FORMATS:
        if "nofile" in entry.flags:
            continue
        if entry.probe:
            reject = _REJECT.get(entry.probe) if type(lbuf) is bytes else None
            score = 0 if reject is not None and reject(lbuf) else _probe_fn(entry)(lbuf, filename)
            if entry.extensions and match_ext(filename, entry.extensions):
                if nodat == _NO_ID3:
                    score = max(score, 1)
                elif nodat in (_ID3_GREATER, _ID3_ALMOST_GREATER):
                    score = max(score, SCORE_EXTENSION // 2 - 1)
                else:
                    score = max(score, SCORE_EXTENSION)
        elif entry.extensions and match_ext(filename, entry.extensions):
            score = SCORE_EXTENSION
        else:
            score = 0
        if mime and match_name(mime, entry.mime) and score < SCORE_MIME:
            score = SCORE_MIME
        if score > score_max:
            score_max, best = score, entry
        elif score == score_max:
            best = None
    if nodat == _ID3_GREATER:
        score_max = min(SCORE_EXTENSION // 2 - 1, score_max)
    return best, score_max


def detect(source, filename: str, log=None, max_probe_size: int = PROBE_BUF_MAX) -> tuple[FormatEntry, int]:
    """av_probe_input_buffer2: read growing prefixes of the source, then rewind to 0.

    Raises InvalidData when nothing matches."""
    buf = b""
    eof = False
    fmt: FormatEntry | None = None
    score = 0
    probe_size = PROBE_BUF_MIN
    while probe_size <= max_probe_size and fmt is None and not eof:
        threshold = SCORE_RETRY if probe_size < max_probe_size else 0
        chunk = source.read(probe_size - len(buf))
        if not chunk:
            threshold = 0
            eof = True
        buf += chunk
        cand, cand_score = probe_buffer(buf, filename)
        if cand is not None and cand_score > threshold:
            fmt, score = cand, cand_score
            if score <= SCORE_RETRY and log is not None:
                # FFmpeg 5.1.9: logged on the format context whose iformat is already the winner
                from ..log import Logger
                Logger(fmt.name, log.sink).warning("Format %s detected only with low score of %d, misdetection possible!\n"
                            % (fmt.name, score))
        probe_size = min(probe_size << 1, max(max_probe_size, probe_size + 1))
    from ..io.sizecall import rewind
    rewind(source, buf)
    if fmt is None:
        raise InvalidData("no format matched")
    return fmt, score
