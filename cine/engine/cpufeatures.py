"""Which instruction-set level this machine runs: picks the ahead-of-time kernel build
(packaging/aot_build.py compiles the kernels once for LLVM's generic CPU of the platform and,
on x86-64, once more for the x86-64-v3 level; cine.engine.jit loads the best one the CPU
runs).

x86-64-v3 (the psABI's level: AVX, AVX2, BMI1, BMI2, F16C, FMA, LZCNT, MOVBE, XSAVE, over
the v2 level's CMPXCHG16B, LAHF/SAHF, POPCNT, SSE3, SSSE3, SSE4.1, SSE4.2) is read from the
flags Linux reports in /proc/cpuinfo, which lists AVX only where the kernel saves the AVX
state (OSXSAVE). Elsewhere, or when the file cannot be read, the answer is the generic
build: never an instruction the machine might lack.
"""
from __future__ import annotations

import os

# /proc/cpuinfo's names (LZCNT is "abm" there, SSE3 "pni")
X86_64_V3 = frozenset(("cx16", "lahf_lm", "popcnt", "pni", "ssse3", "sse4_1", "sse4_2",
                       "avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "abm", "movbe", "xsave"))

LEVELS = {"x86-64-v3": X86_64_V3}


def cpu_flags(lines) -> frozenset:
    """The flags of the first processor listed in /proc/cpuinfo's lines (x86's "flags"; a
    machine of many cores lists hundreds of kilobytes, read no further). Empty when there
    is no such line."""
    for line in lines:
        key, sep, value = line.partition(":")
        if sep and key.strip() == "flags":
            return frozenset(value.split())
    return frozenset()


def supports(level: str, flags: frozenset | None = None) -> bool:
    """Whether the CPU runs code compiled for `level` (an LLVM CPU name of LEVELS): from
    `flags`, else from this machine's /proc/cpuinfo when it is an x86-64 Linux."""
    needed = LEVELS.get(level)
    if needed is None:
        return False
    if flags is None:
        if os.uname().machine not in ("x86_64", "AMD64"):
            return False
        try:
            with open("/proc/cpuinfo", encoding="ascii", errors="replace") as f:
                flags = cpu_flags(f)
        except OSError:
            return False
    return needed <= flags
