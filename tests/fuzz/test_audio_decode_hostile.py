"""Hostile input through the audio decoders (AAC, ALAC, FLAC, MP3, Opus, Vorbis) with the
compiled kernels.

The fuzz campaign runs fuzz/targets/<codec>_decode.py with NUMBA_DISABLE_JIT=1 (so coverage
sees inside the kernels); their seeds and what they found (fuzz/regressions/<codec>_decode)
are replayed here through the compiled kernels, which are built with boundscheck=True: an
index the bytes control that escapes its array raises IndexError there. Then every seed's
packets cut short and with bits flipped (whatever the bytes: only CineError, in well under a
second), the targets run with the kernels as Python as the campaigns run them, and the
findings' behaviour against the reference's.
"""
import os
import random
import subprocess
import sys
import time

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FUZZ = os.path.join(ROOT, "fuzz")
for _p in (os.path.join(FUZZ, "targets"), FUZZ, ROOT):
    if _p not in sys.path:
        sys.path.insert(0, _p)

import run as fuzz_run  # noqa: E402 - fuzz/run.py

from _audio import SEP, decode, packets  # noqa: E402 - fuzz/targets/_audio.py

TARGETS = ["aac_decode", "alac_decode", "flac_decode", "mp3_decode", "opus_decode",
           "vorbis_decode"]
SECONDS = 5.0           # per input (compiled kernels; a loaded machine)


def _files(target: str) -> list:
    return [os.path.join(d, f) for d in fuzz_run.seeds(target) for f in sorted(os.listdir(d))
            if not f.endswith(".md") and os.path.isfile(os.path.join(d, f))]


def _read(path: str) -> bytes:
    with open(path, "rb") as f:
        return f.read()


def _jit_disabled() -> bool:
    return os.environ.get("NUMBA_DISABLE_JIT", "0") not in ("", "0")


def _target(target: str):
    mod = fuzz_run.module(target)
    cls = next(getattr(mod, n) for n in dir(mod) if n.endswith("Decoder"))
    return cls, mod.PARAMS


def _compiled(target: str) -> None:
    """The decoder's kernel entry points are compiled code (numba dispatchers with their
    signature), not the plain Python functions they are under NUMBA_DISABLE_JIT."""
    import importlib
    from cine.engine import jit
    package = "cine.engine.codecs.%s." % target.split("_")[0]
    entries = [getattr(importlib.import_module(m), name)
               for m, name, _sig in jit.DECLARED if m.startswith(package)]
    assert entries, "no kernel of %s was declared" % package
    for fn in entries:
        assert fn.signatures, "%s is not compiled" % fn.__name__


CASES = [(t, p) for t in TARGETS for p in _files(t)]


@pytest.mark.parametrize("target,path", CASES,
                         ids=["%s-%s" % (t, os.path.relpath(p, FUZZ)) for t, p in CASES])
def test_corpus_replays_through_compiled_kernels(target, path):
    if _jit_disabled():
        pytest.skip("kernels are plain Python here (NUMBA_DISABLE_JIT)")
    _compiled(target)
    start = time.perf_counter()
    fuzz_run.load(target)(_read(path))
    assert time.perf_counter() - start < SECONDS


@pytest.mark.parametrize("target", TARGETS)
def test_every_configuration_decodes_its_seeds(target):
    """The targets are not vacuous: the seeds of every configuration give samples."""
    cls, params = _target(target)
    decoded = {}
    for path in _files(target):
        if os.path.basename(os.path.dirname(path)) == target:        # seeds, not regressions
            data = _read(path)
            decoded[data[0]] = decoded.get(data[0], 0) + decode(cls, params, data)
    assert sorted(decoded) == list(range(len(params)))
    assert all(decoded.values()), decoded


def _damaged(data: bytes, rng: random.Random) -> bytes:
    """The seed with each packet cut short, or a few of its bits flipped, or both."""
    out = []
    for p in packets(data):
        kind = rng.randrange(3)
        if kind != 1:
            p = p[:rng.randrange(len(p))]
        if kind != 0 and p:
            b = bytearray(p)
            for _ in range(rng.randint(1, 8)):
                b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
            p = bytes(b)
        out.append(p)
    return data[:1] + SEP.join(out)


@pytest.mark.parametrize("target", TARGETS)
def test_damaged_packets(target):
    cls, params = _target(target)
    seeds = [p for p in _files(target) if os.path.basename(os.path.dirname(p)) == target]
    rng = random.Random(target)
    for path in seeds:
        data = _read(path)
        for _ in range(3):
            start = time.perf_counter()
            try:
                decode(cls, params, _damaged(data, rng))
            except Exception as exc:        # opening never fails: the parameters are valid
                raise AssertionError("%s: %r" % (path, exc)) from exc
            assert time.perf_counter() - start < SECONDS


_AS_PYTHON = r"""
import os, sys
sys.path[:0] = [os.path.join(sys.argv[1], "fuzz", "targets"), os.path.join(sys.argv[1], "fuzz"),
                sys.argv[1]]
import run
for target, path in zip(sys.argv[2::2], sys.argv[3::2]):
    with open(path, "rb") as f:
        run.load(target)(f.read())
"""


def test_targets_run_with_the_kernels_as_python():
    """The campaigns run the kernels as plain Python (NUMBA_DISABLE_JIT=1), where numpy
    scalars do not behave as numba's integers (ALAC's sign of a difference once subtracted
    two numpy booleans: a TypeError on every LPC packet, regressions/alac_decode): the
    regressions and the first seed of each target, replayed that way."""
    args = []
    for target in TARGETS:
        files = _files(target)
        args += [a for p in [files[0]] + [f for f in files if "regressions" in f]
                 for a in (target, p)]
    env = dict(os.environ, NUMBA_DISABLE_JIT="1", PYTHONDONTWRITEBYTECODE="1")
    out = subprocess.run([sys.executable, "-c", _AS_PYTHON, ROOT, *args], env=env,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]


def test_coupling_element_not_allocated():
    """A coupling channel element (CCE) that the channel configuration does not allocate
    fails the packet as any other unallocated element does ("channel element 2.5 is not
    allocated", invalid data: the packet is dropped and decoding goes on), as the
    reference's decoder does (`ffmpeg -i` on an ADTS file with such a frame between valid
    ones; regressions/aac_decode/cce-*); only a CCE a PCE allocates is refused as not
    supported (a fuzz finding: cine stopped the whole run at any CCE)."""
    from cine.engine.codecs.aac.decoder import AacDecoder
    from cine.engine.errors import InvalidData
    from cine.engine.log import Logger
    _cls, params = _target("aac_decode")
    lines = []
    dec = AacDecoder(params[1], Logger("aac", lambda c, lvl, m: lines.append(m)))
    with pytest.raises(InvalidData):
        dec.decode(b"\x4b\xc0")               # CCE 5, END
    assert lines == ["channel element 2.5 is not allocated\n"]
    data = _read(os.path.join(FUZZ, "regressions", "aac_decode", "cce-not-allocated-adts.bin"))
    assert decode(*_target("aac_decode"), data) == 2048        # the valid frames around it
