"""The one way a numba kernel is declared: `@kernel(signature)` for entry points called from
Python, `@helper` for functions that only kernels call (`@leaf` for those of them that
allocate nothing: see there).

Kernels are plain functions over typed arrays and scalars. Every entry point carries its
explicit signature (so the frozen binaries can compile all of them ahead of time, and so a
call with the wrong types fails in Python instead of compiling a new specialisation), and all
of them index with bounds checks (`boundscheck=True`: input-derived indices must never read or
write outside an array, whatever the bytes said). Python checks argument types and sizes
before the call; kernels report failure through their return value, never by raising.

Development compiles on first import and caches the machine code (`cache=True`) under a
per-user folder keyed on the numba version and a digest of the kernel packages' sources
(`$XDG_CACHE_HOME/cine/numba/<tag>`: see `source_digest`), unless NUMBA_CACHE_DIR is set. `NUMBA_DISABLE_JIT=1` turns every kernel back into the plain
Python function (the fuzz targets run that way, so coverage sees inside the kernels).

Importing this module imports numba; only `*_jit.py` modules import it, and only decoders,
filters and encoders import those (the probe path never does).
"""
from __future__ import annotations

import os

from .kernels import CACHE_TAG, KERNEL_MODULES


def kernel_sources() -> list[str] | None:
    """The files of the kernel modules and of every module of cine they import (relative
    imports, followed transitively); None when the sources are not there (a frozen build)."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    todo, seen, files = list(KERNEL_MODULES), set(), []
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        path = os.path.join(root, *module.split("."))
        if os.path.isdir(path):
            path = os.path.join(path, "__init__.py")
        elif os.path.exists(path + ".py"):
            path += ".py"
        elif module in KERNEL_MODULES:
            return None
        else:
            continue            # a name imported from a module, not a module
        files.append(path)
        package = module.split(".")[:-1]
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
        for line in lines:
            words = line.split()
            if len(words) >= 4 and words[0] == "from" and words[1].startswith("."):
                dots = len(words[1]) - len(words[1].lstrip("."))
                base = package[:len(package) - dots + 1]
                target = ".".join(base + [p for p in words[1][dots:].split(".") if p])
                todo.append(target)
                if words[1] == "." * dots:      # `from . import tables` names modules
                    todo.extend(target + "." + name.strip("(),") for name in words[3:])
    return sorted(files)


def source_digest() -> str:
    """A digest of kernel_sources(). numba keys a cached kernel on its own file only: a change
    to a helper or a table in another module would otherwise be served stale from the cache."""
    import hashlib
    files = kernel_sources()
    if files is None:
        return ""
    digest = hashlib.blake2b(digest_size=8)
    for path in files:
        with open(path, "rb") as f:
            digest.update(path.encode() + b"\0" + f.read() + b"\0")
    return digest.hexdigest()


def cache_dir(numba_version: str) -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    tag = "-".join(filter(None, (CACHE_TAG, numba_version, source_digest())))
    return os.path.join(base, "cine", "numba", tag)


import numba  # noqa: E402

if not os.environ.get("NUMBA_CACHE_DIR"):
    # numba read its configuration at import; its cache locator reads this when a kernel
    # is declared, and every declaration comes after this module's import
    numba.config.CACHE_DIR = cache_dir(numba.__version__)

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


def leaf(fn):
    """A helper that allocates nothing and returns no array, compiled without numba's
    reference counting (`_nrt=False`). With it, every call that passes arrays increments and
    decrements their counts (atomic operations, ~20 ns an array), which is most of the cost
    of a small per-block helper (a 4x4 prediction or inverse transform). Safe because the
    caller keeps its arrays alive for the whole call and nothing outlives the call: an
    allocation fails to compile here, and a returned array (which the caller would release
    once too often) is refused by a test."""
    return numba.njit(_nrt=False, **_OPTIONS)(fn)
