"""Write-behind for large blocks to a regular file: one os.write in flight on a thread of its
own while the caller prepares the next block (the syscall releases the GIL, so on two cores
the copy into the page cache overlaps the muxer's Python work).

At most one block is in flight: `submit` first waits for the previous one. The caller must
leave the submitted bytes unchanged until the next `submit` or `wait` returns (the stream
copy alternates two batch buffers). A failed write's error is kept and returned by `wait`.
"""
from __future__ import annotations

import _thread
import errno
import os


class WriteBehind:
    def __init__(self, fd: int):
        self._fd = fd
        self._idle = _thread.allocate_lock()     # held while a write is in flight
        self.error = 0

    def submit(self, data) -> int:
        """Start writing `data` (bytes-like) at the file's current offset; returns the error
        of an earlier write (0 when none), in which case nothing is started."""
        err = self.wait()
        if err:
            return err
        self._idle.acquire()
        try:
            _thread.start_new_thread(self._run, (memoryview(data),))
        except BaseException:
            self._idle.release()
            raise
        return 0

    def _run(self, view) -> None:
        try:
            while view:
                view = view[os.write(self._fd, view):]
        except OSError as exc:
            self.error = -(exc.errno or errno.EIO)
        finally:
            self._idle.release()

    def wait(self) -> int:
        """Wait for the write in flight; the first error met so far (0 when none)."""
        if self._idle.locked():
            self._idle.acquire()
            self._idle.release()
        return self.error
