"""Compile every numba kernel ahead of time (numba.pycc) into one extension module.

    python3 packaging/aot_build.py [--out cine/_aot] [--cpu generic] [--module M ...]

Imports each module of cine/engine/kernels.py with the kernels left uncompiled
(cine.engine.jit.BUILDING), exports every declared entry point under its signature
(jit.aot_symbol names it) and writes the package `--out`: `kernels.<abi>.so` and an
`__init__.py` that records what it holds (the signatures, the digest of the kernels'
sources, the numba version and the CPU it targets). cine.engine.jit loads that package
instead of numba when CINE_AOT=1 and always in a frozen binary.

The code is compiled as the JIT compiles it: bounds checks on, numpy's error model (an
integer division by zero gives 0, not an exception), no fast-math, the GIL released during
the call. numba.pycc compiles for the host's architecture only (each target of
packaging/build_dist.py builds its own), and the default CPU is LLVM's generic one for it:
x86-64 without AVX, aarch64 (Linux) or arm64 (macOS) with NEON, so the module runs on any
machine of its platform (on generic x86-64, fused multiply-adds become libm's fma calls,
correctly rounded, so results do not change; aarch64 has the instruction); `--cpu x86-64-v3`
or `host` trades that for speed.
"""
from __future__ import annotations

import argparse
import importlib
import os
import shutil
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NAME = "kernels"


def _use_kernel_flags() -> None:
    """pycc compiles with default flags (Python's error model, no bounds checks, the GIL
    held); give it the ones cine.engine.jit gives numba.njit."""
    from numba.pycc import compiler

    base = compiler.Flags

    class KernelFlags(base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.boundscheck = True
            self.error_model = "numpy"
            self.release_gil = True

    compiler.Flags = KernelFlags


def _index_source(entries, digest: str, cpu: str, numba_version: str) -> str:
    lines = ['"""The ahead-of-time kernel build (packaging/aot_build.py writes this file)."""',
             "", "NUMBA = %r" % numba_version, "CPU = %r" % cpu,
             "SOURCE_DIGEST = %r" % digest, "", "SIGNATURES = {"]
    lines += ["    %r: %r," % (symbol, sig) for symbol, sig in entries]
    lines += ["}", ""]
    return "\n".join(lines)


def build(out: str, cpu: str = "", modules: list[str] | None = None,
          verbose: bool = False) -> list[tuple[str, str]]:
    """Compile the entry points of `modules` (all kernel modules by default) into the
    package folder `out`, replacing what is there. Returns [(symbol, signature)]."""
    os.environ.pop("CINE_AOT", None)
    if ROOT not in sys.path:
        sys.path.insert(0, ROOT)
    from cine.engine import jit
    from cine.engine.kernels import KERNEL_MODULES
    if jit.AOT:
        raise SystemExit("aot_build: cannot build from a process that loads the AOT build")
    jit.BUILDING = True
    import numba
    from numba.pycc import CC
    _use_kernel_flags()

    digest = jit.source_digest()      # of the sources about to be compiled
    wanted = list(modules or KERNEL_MODULES)
    for module in wanted:
        importlib.import_module(module)
    cc = CC(NAME)
    cc.verbose = verbose
    cc.target_cpu = cpu
    entries = []
    for module, name, signature in jit.DECLARED:
        if module not in wanted:
            continue
        symbol = jit.aot_symbol(module, name)
        cc.export(symbol, signature)(getattr(sys.modules[module], name).py_func)
        entries.append((symbol, signature))
    if not entries:
        raise SystemExit("aot_build: no kernel declared in " + ", ".join(wanted))

    parent = os.path.dirname(os.path.abspath(out))
    os.makedirs(parent, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=".aot-", dir=parent)
    os.chmod(staging, 0o755)
    try:
        cc.output_dir = staging
        cc.compile()
        with open(os.path.join(staging, "__init__.py"), "w", encoding="utf-8") as f:
            f.write(_index_source(entries, digest, cpu or "generic", numba.__version__))
        old = staging + ".old"
        if os.path.exists(out):
            os.rename(out, old)
        os.rename(staging, out)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return entries


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.join(ROOT, "cine", "_aot"))
    ap.add_argument("--cpu", default="",
                    help="LLVM CPU name (default: the host architecture's generic one)")
    ap.add_argument("--module", action="append", help="only this kernel module (repeatable)")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    start = time.monotonic()
    entries = build(args.out, args.cpu, args.module, args.verbose)
    size = sum(os.path.getsize(os.path.join(args.out, n)) for n in os.listdir(args.out))
    print("aot_build: %d kernels into %s (%.1f MB) in %.0f s"
          % (len(entries), args.out, size / 1e6, time.monotonic() - start))
    return 0


if __name__ == "__main__":
    sys.exit(main())
