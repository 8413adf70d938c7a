"""What every fuzz target shares: open bytes through the engine and drain them, where the one
contract is that nothing but CineError escapes and every run ends.

A target module defines TestOneInput(data: bytes) (the atheris/libFuzzer contract) and may
name its seed folders (SEEDS, repository-relative) and dictionary (DICT, a file under
fuzz/dictionaries/); fuzz/run.py reads both.
"""
import io

from cine.engine.demux import open_input
from cine.engine.errors import CineError
from cine.engine.io.source import FileObjectSource, PipeSource

# a fuzz input is at most 128 KiB: a demuxer still handing out packets after this many has
# lost track of the end of its data
MAX_PACKETS = 1_000_000
# except MOV/MP4, whose fragment runs legitimately give millions of packets from a few bytes
# (samples without per-sample fields, all at the same data offset: the reference lists the
# same 3.4M packets from 77 KB): past this many, the rest is the same loop, so stop
MOV_PACKETS = 50_000


class Runaway(AssertionError):
    """A demuxer that never reports the end of its input."""


def drain(data: bytes, filename: str, format_name=None, seekable: bool = True) -> int:
    """open_input over the bytes (a seekable file, or a pipe), every packet read as
    av_read_frame gives them (the probing buffer, then the parsers), closed;
    CineError swallowed (the clean failure). Returns the packets read."""
    src = FileObjectSource(io.BytesIO(data)) if seekable else PipeSource(io.BytesIO(data))
    n = 0
    try:
        inp = open_input(filename if seekable else "pipe:", source=src, format_name=format_name)
        try:
            budget = MOV_PACKETS if inp.ctx.format_name.startswith("mov,") else MAX_PACKETS
            while inp.read_packet() is not None:
                n += 1
                if n == budget == MOV_PACKETS:
                    break
                if n > MAX_PACKETS:
                    raise Runaway("%s: read_packet never ends" % filename)
        finally:
            inp.close()
    except CineError:
        pass
    return n


def compiled(module: str) -> None:
    """Import the kernel module `module` compiled (with bounds checks, as everywhere) even
    under NUMBA_DISABLE_JIT, where every other kernel runs as Python for coverage: for
    kernels whose input is the engine's own arrays rather than the fuzzer's bytes and which
    as Python dominate a unit's time. H.264 deblocking was ~90% of it (a seed of 2000
    one-macroblock pictures: 10.5 s, 0.27 s compiled; all 91 seeds 73 s -> 7 s), past
    libFuzzer's slow-unit limit on a loaded CI machine. numba reads the switch when a kernel
    is declared, so it is off only while the module is imported."""
    import importlib
    import numba
    python, numba.config.DISABLE_JIT = numba.config.DISABLE_JIT, False
    try:
        importlib.import_module(module)
    finally:
        numba.config.DISABLE_JIT = python


def clean(fn, *args) -> None:
    """fn(*args), where a CineError is the clean failure."""
    try:
        fn(*args)
    except CineError:
        pass
