"""Signals as FFmpeg 5.1.9's tools take them.

ffprobe installs no handler: SIGINT, SIGTERM and SIGPIPE end it by the signal. ffmpeg is the
same until its global options are parsed; then its term_init counts SIGINT, SIGTERM and
SIGXCPU (SIGQUIT too while stdin interaction is on) and ignores SIGPIPE, so a closed output
pipe is a write error ("Broken pipe"). A counted signal ends the packet loop: the outputs are
still finished (trailers, the last stats line), then "Exiting normally, received signal N."
and exit status 255. While the inputs are opened a single signal, and after that a second
one, also makes every read and write fail ("Immediate exit requested", the interrupt callback
of the I/O layer). A fourth signal exits at once with status 123.

The Python interpreter starts with SIGINT raising KeyboardInterrupt and SIGPIPE ignored:
`restore_defaults` gives both back their C defaults. Only the `_signal` builtin is used
(the `signal` module imports enum, which a probe does not pay for).
"""
from __future__ import annotations

import _signal
import os

HARD_EXIT_TEXT = b"Received > 3 system signals, hard exiting\n"
HARD_EXIT_CODE = 123
EXIT_CODE = 255         # main: exit_program(received_nb_signals ? 255 : main_return_code)


def _set(signum: int, handler):
    """signal(signum, handler); None where Python refuses (not the main thread)."""
    try:
        return _signal.signal(signum, handler)
    except (ValueError, OSError, TypeError):
        return None


_whole_process = False      # the program owns the process: nothing to give back at its end


def restore_defaults() -> None:
    """A C program's dispositions for SIGINT and SIGPIPE, at the start of a process that
    runs one program (the console scripts, python -m cine)."""
    global _whole_process
    _whole_process = True
    _set(_signal.SIGINT, _signal.SIG_DFL)
    _set(_signal.SIGPIPE, _signal.SIG_DFL)


class Received:
    """ffmpeg's received_sigterm (`signal`), received_nb_signals (`count`) and
    transcode_init_done (`init_done`), with the handlers that keep them.

    Python runs a handler once for any number of deliveries of one signal that arrive before
    the main thread gets to it, so the deliveries are counted through the wakeup descriptor
    (one byte per delivery, written by the interpreter's C-level handler)."""

    def __init__(self) -> None:
        self.signal = 0
        self.count = 0
        self.init_done = 0
        self._mine: set[int] = set()
        self._saved: dict[int, object] = {}
        self._wake_r = -1
        self._wake_w = -1
        self._wake_old = None

    # -- term_init ---------------------------------------------------------------------------
    def install(self, stdin_interaction: bool) -> None:
        """term_init: count SIGINT, SIGTERM, SIGXCPU (and SIGQUIT with stdin interaction),
        ignore SIGPIPE."""
        wanted = [_signal.SIGINT, _signal.SIGTERM]
        if hasattr(_signal, "SIGXCPU"):
            wanted.append(_signal.SIGXCPU)
        if stdin_interaction and hasattr(_signal, "SIGQUIT"):
            wanted.append(_signal.SIGQUIT)
        self._open_wakeup()
        from ..engine.io import interrupt
        interrupt.set_callback(self.interrupted)
        for signum in wanted:
            old = _set(signum, self._handler)
            if old is not None:
                self._saved.setdefault(signum, old)
                self._mine.add(signum)
        old = _set(_signal.SIGPIPE, _signal.SIG_IGN)
        if old is not None:
            self._saved.setdefault(_signal.SIGPIPE, old)

    def default_interrupt(self) -> None:
        """SIGINT back to its default while the overwrite question waits for an answer."""
        old = _set(_signal.SIGINT, _signal.SIG_DFL)
        if old is not None:
            self._saved.setdefault(_signal.SIGINT, old)
        self._mine.discard(_signal.SIGINT)

    def finish(self) -> None:
        """ffmpeg_cleanup's last words after a signal. A run inside a longer-lived process
        then gives back the dispositions from before install; a program that owns its
        process keeps its handlers until it exits, as the reference does."""
        if self.signal:
            from . import log as clog
            clog.log(clog.INFO, "Exiting normally, received signal %d.\n" % self.signal)
        if not _whole_process:
            self.restore()

    def conversion_failed(self) -> None:
        """ffmpeg_cleanup's line for a failing exit after transcode_init, which a signal
        replaces with its own (finish)."""
        from .input_protocols import close_inputs
        close_inputs()          # (ffmpeg_cleanup closes the inputs before this line)
        if not self.signal:
            from . import log as clog
            clog.log(clog.INFO, "Conversion failed!\n")

    def restore(self) -> None:
        """The dispositions from before install, and no interrupt callback."""
        if self._saved or self._wake_r >= 0:
            from ..engine.io import interrupt
            interrupt.set_callback(None)
        for signum, old in self._saved.items():
            _set(signum, old)
        self._saved.clear()
        self._mine.clear()
        if self._wake_old is not None:
            try:
                _signal.set_wakeup_fd(self._wake_old)
            except (ValueError, OSError):
                pass
            self._wake_old = None
        for fd in (self._wake_r, self._wake_w):
            if fd >= 0:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self._wake_r = self._wake_w = -1

    # -- what the run asks ---------------------------------------------------------------------
    def stop_requested(self) -> bool:
        """The transcode loop's `while (!received_sigterm)`."""
        return self.signal != 0

    def interrupted(self) -> bool:
        """decode_interrupt_cb: more signals than transcode_init_done."""
        if not self.signal:
            return False
        self._drain()
        return self.count > self.init_done

    def mark_init_done(self) -> None:
        self.init_done = 1

    def exit_code(self, code: int) -> int:
        """main's exit status after a completed run."""
        return EXIT_CODE if self.signal else code

    # -- the handler ---------------------------------------------------------------------------
    def _handler(self, signum, frame) -> None:
        if not self.signal:
            self.signal = signum
        self._drain(signum)

    def _drain(self, signum: int = 0) -> None:
        """Count the deliveries noted in the wakeup pipe; without one, the call itself.

        Signals pending together are delivered lowest number first; the reference's handler
        blocks the others while it runs, so its last one is the highest. The interpreter's
        C-level handler blocks nothing: they nest and note their bytes last-first, so a batch
        is read backwards."""
        if self._wake_r < 0:
            if signum:
                self.count += 1
                self.signal = signum
        else:
            while True:
                try:
                    data = os.read(self._wake_r, 512)
                except OSError:             # (BlockingIOError: nothing more)
                    break
                if not data:
                    break
                for b in reversed(data):
                    if b in self._mine:
                        self.count += 1
                        self.signal = b
        if self.count > 3:
            try:
                os.write(2, HARD_EXIT_TEXT)
            except OSError:
                pass
            os._exit(HARD_EXIT_CODE)

    def _open_wakeup(self) -> None:
        if self._wake_r >= 0:
            return
        try:
            r, w = os.pipe()
        except OSError:
            return
        try:
            os.set_blocking(r, False)
            os.set_blocking(w, False)
            self._wake_old = _signal.set_wakeup_fd(w, warn_on_full_buffer=False)
        except (ValueError, OSError):
            os.close(r)
            os.close(w)
            return
        self._wake_r, self._wake_w = r, w
