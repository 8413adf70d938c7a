"""Compile every numba kernel ahead of time (numba.pycc) into extension modules.

    python3 packaging/aot_build.py [--out cine/_aot] [--cpu CPU ...] [--module M ...]

Imports each module of cine/engine/kernels.py with the kernels left uncompiled
(cine.engine.jit.BUILDING), exports every declared entry point under its signature
(jit.aot_symbol names it) and writes the package `--out`: one extension module per CPU and an
`__init__.py` that records what it holds (the signatures, the digest of the kernels'
sources, the numba version, the CPUs). cine.engine.jit loads that package instead of numba
when CINE_AOT=1 and always in a frozen binary.

The code is compiled as the JIT compiles it: bounds checks on, numpy's error model (an
integer division by zero gives 0, not an exception), no fast-math, the GIL released during
the call. numba.pycc compiles for the host's architecture only (each target of
packaging/build_dist.py builds its own). The first CPU (by default LLVM's generic one for
the architecture: x86-64 without AVX, aarch64 (Linux) or arm64 (macOS) with NEON) builds the
module `kernels`, which runs on any machine of its platform: on generic x86-64, fused
multiply-adds become libm's fma calls (correctly rounded, so results do not change, but the
resampler and the audio decoders' filters ran 2-3x slower for them). On x86-64 the default
adds `x86-64-v3` (AVX2, FMA, BMI2: every x86-64 CPU since 2013-2015), built as
`kernels_x86_64_v3`, which cine.engine.jit loads where cine.engine.cpufeatures finds the
level. Each further CPU compiles in a process of its own, beside the first.
"""
from __future__ import annotations

import argparse
import importlib
import os
import re
import shutil
import subprocess
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


def default_cpus() -> list[str]:
    """The CPUs a build compiles for on this machine ("" is the architecture's generic)."""
    return ["", "x86-64-v3"] if os.uname().machine in ("x86_64", "AMD64") else [""]


def variant_module(cpu: str, first: bool) -> str:
    """The extension module of the kernels compiled for `cpu`: `kernels` for the first
    (the fallback), `kernels_<cpu>` for each further one."""
    return NAME if first else NAME + "_" + re.sub(r"\W", "_", cpu)


def _index_source(entries, digest: str, cpus: list[str], numba_version: str) -> str:
    variants = {cpu: variant_module(cpu, False) for cpu in cpus[1:]}
    lines = ['"""The ahead-of-time kernel build (packaging/aot_build.py writes this file)."""',
             "", "NUMBA = %r" % numba_version, "CPU = %r" % (cpus[0] or "generic"),
             "# further builds of the same kernels: {LLVM CPU: module}, loaded where the",
             "# machine runs that CPU's instructions (cine.engine.cpufeatures)",
             "VARIANTS = %r" % variants,
             "SOURCE_DIGEST = %r" % digest, "", "SIGNATURES = {"]
    lines += ["    %r: %r," % (symbol, sig) for symbol, sig in entries]
    lines += ["}", ""]
    return "\n".join(lines)


def _declare(modules):
    """Import the kernel modules uncompiled: (digest of their sources, [(module, name,
    signature)] of the entry points of `modules`)."""
    os.environ.pop("CINE_AOT", None)
    if ROOT not in sys.path:
        sys.path.insert(0, ROOT)
    from cine.engine import jit
    from cine.engine.kernels import KERNEL_MODULES
    if jit.AOT:
        raise SystemExit("aot_build: cannot build from a process that loads the AOT build")
    jit.BUILDING = True
    digest = jit.source_digest()      # of the sources about to be compiled
    wanted = list(modules or KERNEL_MODULES)
    for module in wanted:
        importlib.import_module(module)
    declared = [d for d in jit.DECLARED if d[0] in wanted]
    if not declared:
        raise SystemExit("aot_build: no kernel declared in " + ", ".join(wanted))
    return digest, declared


def _compile(folder: str, name: str, cpu: str, declared, verbose: bool) -> None:
    """Compile the entry points `declared` for `cpu` into the extension module `name`."""
    from cine.engine import jit
    from numba.pycc import CC
    _use_kernel_flags()
    cc = CC(name)
    cc.verbose = verbose
    cc.target_cpu = cpu
    for module, fn_name, signature in declared:
        cc.export(jit.aot_symbol(module, fn_name), signature)(
            getattr(sys.modules[module], fn_name).py_func)
    cc.output_dir = folder
    cc.compile()


def build(out: str, cpus: list[str] | None = None, modules: list[str] | None = None,
          verbose: bool = False) -> list[tuple[str, str]]:
    """Compile the entry points of `modules` (all kernel modules by default) for each of
    `cpus` (default_cpus()) into the package folder `out`, replacing what is there. Returns
    [(symbol, signature)]."""
    import numba
    cpus = default_cpus() if cpus is None else [("" if c == "generic" else c) for c in cpus]
    if not cpus or len(set(cpus)) != len(cpus):
        raise SystemExit("aot_build: give each CPU once")
    digest, declared = _declare(modules)
    from cine.engine import jit
    entries = [(jit.aot_symbol(module, name), sig) for module, name, sig in declared]

    parent = os.path.dirname(os.path.abspath(out))
    os.makedirs(parent, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=".aot-", dir=parent)
    os.chmod(staging, 0o755)
    try:
        children = []
        # (the children import what this process can: its sys.path)
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
        for cpu in cpus[1:]:         # each further CPU in its own process, beside this one
            cmd = [sys.executable, os.path.abspath(__file__), "--compile-into", staging,
                   "--cpu", cpu] + [a for m in (modules or []) for a in ("--module", m)]
            children.append((cpu, subprocess.Popen(cmd + (["-v"] if verbose else []), env=env)))
        try:
            _compile(staging, NAME, cpus[0], declared, verbose)
        finally:
            failed = [cpu for cpu, child in children if child.wait() != 0]
        if failed:
            raise SystemExit("aot_build: compiling for %s failed" % ", ".join(failed))
        with open(os.path.join(staging, "__init__.py"), "w", encoding="utf-8") as f:
            f.write(_index_source(entries, digest, cpus, numba.__version__))
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
    ap.add_argument("--cpu", action="append",
                    help="LLVM CPU name, repeatable: the first builds the fallback module "
                         "(default: the architecture's generic CPU, and x86-64-v3 on x86-64)")
    ap.add_argument("--module", action="append", help="only this kernel module (repeatable)")
    ap.add_argument("--compile-into", help=argparse.SUPPRESS)   # (one further CPU's child)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    if args.compile_into:
        _, declared = _declare(args.module)
        cpu = args.cpu[0]
        _compile(args.compile_into, variant_module(cpu, False), cpu, declared, args.verbose)
        return 0
    start = time.monotonic()
    entries = build(args.out, args.cpu, args.module, args.verbose)
    size = sum(os.path.getsize(os.path.join(args.out, n)) for n in os.listdir(args.out))
    print("aot_build: %d kernels into %s (%.1f MB) in %.0f s"
          % (len(entries), args.out, size / 1e6, time.monotonic() - start))
    return 0


if __name__ == "__main__":
    sys.exit(main())
