"""The one way a numba kernel is declared: `@kernel(signature)` for entry points called from
Python, `@helper` for functions that only kernels call.

Kernels are plain functions over typed arrays and scalars. Every entry point carries its
explicit signature (so the frozen binaries can compile all of them ahead of time, and so a
call with the wrong types fails in Python instead of compiling a new specialisation), and all
of them index with bounds checks (`boundscheck=True`: input-derived indices must never read or
write outside an array, whatever the bytes said). Python checks argument types and sizes
before the call; kernels report failure through their return value, never by raising.

Development compiles on first import and caches the machine code (`cache=True`) under a
per-user, version-keyed folder (`$XDG_CACHE_HOME/cine/numba-<version>`), unless
NUMBA_CACHE_DIR is already set. `NUMBA_DISABLE_JIT=1` turns every kernel back into the plain
Python function (the fuzz targets run that way, so coverage sees inside the kernels).

Importing this module imports numba; only `*_jit.py` modules import it, and only decoders,
filters and encoders import those (the probe path never does).
"""
from __future__ import annotations

import os

from .kernels import CACHE_TAG

_cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
os.environ.setdefault("NUMBA_CACHE_DIR", os.path.join(_cache, "cine", "numba-" + CACHE_TAG))

import numba  # noqa: E402  (the cache folder must be set first)

# (module, function name, signature) of every entry point, in import order
DECLARED: list[tuple[str, str, str]] = []

_OPTIONS = dict(cache=True, boundscheck=True, nogil=True, error_model="numpy")


def kernel(signature: str):
    """An entry point: compiled eagerly for exactly `signature`, registered for AOT builds."""
    def wrap(fn):
        DECLARED.append((fn.__module__, fn.__name__, signature))
        return numba.njit(signature, **_OPTIONS)(fn)
    return wrap


def helper(fn):
    """A function only kernels call: compiled with its caller's argument types."""
    return numba.njit(**_OPTIONS)(fn)
