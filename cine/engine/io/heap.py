"""Keep the C heap from holding on to freed memory on long runs.

glibc raises its mmap threshold each time a large block served by mmap is freed (up to
32 MiB), so after the first large temporaries the big growing arrays of a long run (the
demuxer's index, the muxer's sample tables) come from the main heap, where the holes they
leave behind stay part of the process: measured ~15-25 MB of a 2.2 GB MP4 remux. A fixed
threshold keeps every block of 128 KiB or more in its own mapping, given back when freed.
"""
from __future__ import annotations

M_MMAP_THRESHOLD = -3
_done = False


def fix_mmap_threshold(nbytes: int = 131072) -> bool:
    """mallopt(M_MMAP_THRESHOLD, nbytes) where the C library is glibc; True when set."""
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
        _done = bool(mallopt(M_MMAP_THRESHOLD, nbytes))
    except (OSError, AttributeError, ImportError):
        return False
    return _done
