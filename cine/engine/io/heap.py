"""Keep the C heap from holding on to freed memory on long runs.

glibc raises its mmap threshold each time a large block served by mmap is freed (up to
32 MiB), so after the first large temporaries the big growing arrays of a long run (the
demuxer's index, the muxer's sample tables) come from the main heap, where the holes they
leave behind stay part of the process: measured ~25 MB of a 2.2 GB MP4 remux. A fixed
threshold keeps every block of 512 KiB or more in its own mapping, given back when freed.
Not lower: the output's 256 KiB write buffer and its copies would then be mapped and
unmapped on every flush (measured +60% time on a 100 MB remux at 128 KiB). Fixing the
threshold also fixes the heap trim threshold, at 128 KiB unless set: 8 MiB keeps the heap
top from being given back and faulted in again around each flush.

Only long runs need it, and loading the C library through ctypes costs ~2 ms of start-up,
so the ffmpeg face sets it for an input file of BIG_FILE bytes or more before opening it, or
for an input whose streams hold MANY_SAMPLES samples or more once it is open
(`for_input_file`, `for_input_streams`). The holes scale with the samples (index and sample
tables), not with the bytes: a 100 MB file of 34k samples peaks at the same RSS with and
without the fixed threshold (~19-24 MB, bench/remux.py), so the size check only catches
the files whose index is certain to be large before it is built.
"""
from __future__ import annotations

M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
_done = False

BIG_FILE = 1 << 30
MANY_SAMPLES = 50_000


def fix_mmap_threshold(nbytes: int = 524288, trim: int = 8 << 20) -> bool:
    """mallopt(M_MMAP_THRESHOLD, nbytes) and mallopt(M_TRIM_THRESHOLD, trim) where the C
    library is glibc; True when set."""
    global _done
    if _done:
        return True
    import sys
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes
        libc = ctypes.CDLL(None)
        mallopt = getattr(libc, "mallopt", None)
        if mallopt is None or not hasattr(libc, "gnu_get_libc_version"):
            return False
        _done = bool(mallopt(M_TRIM_THRESHOLD, trim)) and bool(mallopt(M_MMAP_THRESHOLD, nbytes))
    except (OSError, AttributeError, ImportError):
        return False
    return _done


def for_input_file(url: str) -> None:
    """fix_mmap_threshold() when `url` names a regular file of BIG_FILE bytes or more."""
    if _done:
        return
    import os
    import stat
    path = url[5:] if url.startswith("file:") else url
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return
    if stat.S_ISREG(info.st_mode) and info.st_size >= BIG_FILE:
        fix_mmap_threshold()


def for_input_streams(streams) -> None:
    """fix_mmap_threshold() when the streams' frame counts (nb_frames: an MP4's sample
    count) add up to MANY_SAMPLES or more."""
    if not _done and sum(st.nb_frames or 0 for st in streams) >= MANY_SAMPLES:
        fix_mmap_threshold()
