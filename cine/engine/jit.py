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
per-user folder keyed on the numba version and a digest of the declaring module's sources and
of what it imports (`$XDG_CACHE_HOME/cine/numba/<tag>`: see `cache_dir`), unless
NUMBA_CACHE_DIR is set.
`NUMBA_DISABLE_JIT=1` turns every kernel back into the plain Python function (the fuzz
targets run that way, so coverage sees inside the kernels).

The frozen binaries never JIT: packaging/aot_build.py (`make aot`) compiles every entry point
ahead of time into the package cine._aot (for the platform's generic CPU and, on x86-64, once
more for x86-64-v3, loaded where the CPU has it), and when that build is selected (always in a
frozen binary, in development with CINE_AOT=1) `kernel` returns its export, `helper` and
`leaf` the plain function, and numba is never imported. The exports check no argument type
(a wrong dtype, rank or layout is read as the declared one): Python makes sure of them before
the call, and CINE_AOT_CHECK=1 (make aot-test) checks every call against the signature.

Importing this module imports numba (not with the ahead-of-time build); only `*_jit.py`
modules import it, and only decoders, filters and encoders import those (the probe path
never does).
"""
from __future__ import annotations

import os
import sys

from .kernels import CACHE_TAG, KERNEL_MODULES


def kernel_sources(modules=KERNEL_MODULES) -> list[str] | None:
    """The files of `modules` (by default every kernel module) and of every module of cine
    they import (relative imports, followed transitively); None when the sources are not
    there (a frozen build, or a module outside cine)."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    todo, seen, files = list(modules), set(), []
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
        elif module in modules:
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


def source_digest(modules=KERNEL_MODULES) -> str:
    """A digest of kernel_sources(modules). numba keys a cached kernel on its own file only: a
    change to a helper or a table in another module would otherwise be served stale from the
    cache."""
    import hashlib
    files = kernel_sources(modules)
    if files is None:
        return ""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    digest = hashlib.blake2b(digest_size=8)
    for path in files:
        # (the path inside the tree: the same sources in another clone give the same digest)
        with open(path, "rb") as f:
            digest.update(os.path.relpath(path, root).encode() + b"\0" + f.read() + b"\0")
    return digest.hexdigest()


_MODULE_DIGESTS: dict[str, str] = {}


def cache_dir(numba_version: str, module: str | None = None) -> str:
    """The numba cache folder of the kernels declared in `module`, keyed on the digest of
    that module's sources and of what it imports (so editing one codec's kernels recompiles
    that codec's alone); of every kernel module when `module` is None or outside cine."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    digest = _MODULE_DIGESTS.get(module or "")
    if digest is None:
        digest = (module and source_digest((module,))) or source_digest()
        _MODULE_DIGESTS[module or ""] = digest
    tag = "-".join(filter(None, (CACHE_TAG, numba_version, digest)))
    return os.path.join(base, "cine", "numba", tag)


def _arg_specs(signature: str) -> list[tuple[str, int, bool] | str]:
    """Each argument of `signature`: (dtype, ndim, C-contiguous) for an array, the type's
    name for a scalar."""
    inner = signature[signature.index("(") + 1:signature.rindex(")")]
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(inner + ","):
        depth += (ch == "[") - (ch == "]")
        if ch == "," and depth == 0:
            parts.append(inner[start:i].strip())
            start = i + 1
    specs: list[tuple[str, int, bool] | str] = []
    for part in filter(None, parts):
        if "[" not in part:
            specs.append(part)
            continue
        dims = [d.strip() for d in part[part.index("[") + 1:-1].split(",")]
        if any(d not in (":", "::1") for d in dims) or "::1" in dims[:-1]:
            raise ValueError("unsupported array layout in " + signature)
        specs.append((part[:part.index("[")], len(dims), dims[-1] == "::1"))
    return specs


def _checked(export, signature: str):
    """`export` behind the argument checks numba's dispatcher makes (the ahead-of-time
    exports make none: an array of another dtype, rank or layout would be read as if it
    were the declared one). CINE_AOT_CHECK=1 turns this on, for test runs."""
    import numpy as np
    specs = _arg_specs(signature)

    def call(*args):
        if len(args) != len(specs):
            raise TypeError("%s takes %d arguments" % (export.__name__, len(specs)))
        for i, (arg, spec) in enumerate(zip(args, specs)):
            if isinstance(spec, str):
                kinds = (int, np.integer) if "int" in spec else (int, float, np.number)
                ok = isinstance(arg, kinds)
            else:
                ok = type(arg) is np.ndarray and arg.dtype == spec[0] \
                    and arg.ndim == spec[1] and arg.flags.writeable \
                    and (arg.flags.c_contiguous or not spec[2])
            if not ok:
                raise TypeError("%s: argument %d (%r) does not match %s" % (
                    export.__name__, i, getattr(arg, "dtype", type(arg)), signature))
        return export(*args)
    return call


def aot_selected() -> bool:
    """Whether kernels come from the ahead-of-time build: always in a frozen binary (numba
    would key its cache on the current directory there, and the binaries bundle no numba),
    in development when CINE_AOT=1."""
    return bool(getattr(sys, "frozen", False)) or os.environ.get("CINE_AOT") == "1"


def aot_symbol(module: str, name: str) -> str:
    """The name of a kernel's export in the ahead-of-time module (packaging/aot_build.py)."""
    return module.removeprefix("cine.engine.").replace(".", "_") + "__" + name


# (module, function name, signature) of every entry point, in import order
DECLARED: list[tuple[str, str, str]] = []

# set by packaging/aot_build.py before it imports the kernel modules: entry points stay
# uncompiled (the build compiles them), nothing is cached
BUILDING = False

AOT = aot_selected()

if AOT:
    _BUILD = []

    def _compiled():
        """The ahead-of-time build: (its index module, the extension module of the best CPU
        variant this machine runs, or the one CINE_AOT_CPU names: "generic" for the
        fallback)."""
        if not _BUILD:
            import importlib
            try:
                # (not relative imports: source_digest would count them as kernel sources)
                index = importlib.import_module("cine._aot")
                name = "kernels"
                forced = os.environ.get("CINE_AOT_CPU")
                if forced != "generic":
                    supports = importlib.import_module("cine.engine.cpufeatures").supports
                    for cpu, module in getattr(index, "VARIANTS", {}).items():
                        if cpu == forced or (not forced and supports(cpu)):
                            name = module
                            break
                compiled = importlib.import_module("cine._aot." + name)
            except ImportError as exc:
                raise RuntimeError("no ahead-of-time kernel build (make aot)") from exc
            if not getattr(sys, "frozen", False) \
                    and source_digest() not in ("", index.SOURCE_DIGEST):
                raise RuntimeError("the ahead-of-time kernel build is older than the kernels' "
                                   "sources (make aot)")
            _BUILD[:] = index, compiled
        return _BUILD

    # whether numba compiles the kernels of this process (not under NUMBA_DISABLE_JIT)
    NUMBA_COMPILES = False

    def kernel(signature: str):
        """An entry point: the ahead-of-time build's export for exactly `signature`."""
        def wrap(fn):
            DECLARED.append((fn.__module__, fn.__name__, signature))
            aot, compiled = _compiled()
            symbol = aot_symbol(fn.__module__, fn.__name__)
            if aot.SIGNATURES.get(symbol) != signature:
                raise RuntimeError("%s.%s is not in the ahead-of-time kernel build with this "
                                   "signature (make aot)" % (fn.__module__, fn.__name__))
            export = getattr(compiled, symbol)
            if os.environ.get("CINE_AOT_CHECK") == "1":
                return _checked(export, signature)
            return export
        return wrap

    def helper(fn):
        """Compiled into the kernels that call it: the plain function here."""
        return fn

    leaf = helper
else:
    import numba

    _USER_CACHE_DIR = bool(os.environ.get("NUMBA_CACHE_DIR"))

    NUMBA_COMPILES = not numba.config.DISABLE_JIT

    _OPTIONS = dict(boundscheck=True, nogil=True, error_model="numpy")

    def _njit(fn, *signature, **options):
        if not (_USER_CACHE_DIR or BUILDING):
            # numba read its configuration at import; the cache locator of a function reads
            # this when it is declared
            numba.config.CACHE_DIR = cache_dir(numba.__version__, fn.__module__)
        return numba.njit(*signature, cache=not BUILDING, **_OPTIONS, **options)(fn)

    def kernel(signature: str):
        """An entry point: compiled eagerly for exactly `signature`, registered for AOT
        builds."""
        def wrap(fn):
            DECLARED.append((fn.__module__, fn.__name__, signature))
            if BUILDING:
                return _njit(fn)
            return _njit(fn, signature)
        return wrap

    def helper(fn):
        """A function only kernels call: compiled with its caller's argument types."""
        return _njit(fn)

    def leaf(fn):
        """A helper that allocates nothing and returns no array, compiled without numba's
        reference counting (`_nrt=False`). With it, every call that passes arrays increments
        and decrements their counts (atomic operations, ~20 ns an array), which is most of
        the cost of a small per-block helper (a 4x4 prediction or inverse transform). Safe
        because the caller keeps its arrays alive for the whole call and nothing outlives
        the call: an allocation fails to compile here, and a returned array (which the
        caller would release once too often) is refused by a test."""
        return _njit(fn, _nrt=False)
