"""Build the frozen single-file ffprobe, ffmpeg and cine for this platform into dist/.

Targets: linux-x86_64, linux-aarch64, macOS arm64 and Windows x86-64 (ffprobe.exe,
ffmpeg.exe, cine.exe); each is built on its own platform (packaging/README.md, per target).

    python3 packaging/build_dist.py [--out dist] [--work build/dist]

1. the kernels compiled ahead of time (cine/_aot, `make aot`) are built if absent, stale or
   not loadable here (numba.pycc compiles for the host's architecture: its generic CPU, and
   on x86-64 also x86-64-v3, which the binaries load on machines that have it);
2. PyInstaller freezes packaging/frozen_main.py into a onedir bundle (`cine-bundle` and its
   `_internal/`): every module of cine as a hidden import (cine imports demuxers, decoders,
   muxers and filters lazily from "module:Class" strings; packaging/hidden_imports.py lists
   the registries' ones and this build checks they are all in), cine._aot included, numba
   and llvmlite excluded (a frozen binary never JITs);
3. the bundle is archived into one deflated payload (launcher.c reads the format), and its
   SHA-256 names the cache folder, <version>-<first 16 hex digits>;
4. packaging/launcher.c (launcher_win.c on Windows) is compiled with that name (statically
   where the platform allows, so it starts in well under a millisecond) and each of
   dist/ffprobe, dist/ffmpeg and dist/cine (+ .exe on Windows) is the launcher, the payload
   and a trailer (magic, payload offset and size, SHA-256).

The launcher's compiler: gcc on Linux, cc (clang) on macOS, MinGW-w64's gcc on Windows
(CINE_CC names another, e.g. a full path, on Windows and macOS).

packaging/README.md explains the design and what was measured.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import struct
import subprocess
import sys
import time
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HERE = os.path.join(ROOT, "packaging")
BUNDLE_PROGRAM = "cine-bundle"          # launcher.h's BUNDLE_PROGRAM
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""
MAGIC = b"CINEPAY1"                     # launcher.h's MAGIC
PROGRAMS = ("ffprobe", "ffmpeg", "cine")
EXCLUDED = ("numba", "llvmlite")
# what PyInstaller would follow from numpy's optional corners and cine never runs (smaller
# artefact, faster first run)
TRIMMED = ("yaml", "charset_normalizer", "numpy.f2py", "numpy.distutils", "tkinter", "pydoc",
           "setuptools", "pytest", "hypothesis")

# PyInstaller's runtime hooks for these modules run before the program and import them
# (inspect, pkgutil, multiprocessing with socket, pickle, subprocess: ~20 ms of every start);
# they only adapt APIs that cine does not call in a frozen build (inspect.getsourcefile,
# pkgutil.iter_modules, multiprocessing's child processes: cine starts none)
DROPPED_RUNTIME_HOOKS = ("pyi_rth_inspect", "pyi_rth_pkgutil", "pyi_rth_multiprocessing")

SPEC = """# written by packaging/build_dist.py
a = Analysis([{script!r}], pathex=[{root!r}], hiddenimports={hidden!r}, excludes={excluded!r},
             noarchive=False, optimize=0)
a.scripts = [s for s in a.scripts if s[0] not in {dropped!r}]
pyz = PYZ(a.pure)
# the bootstrap's ctypes hooks (pyimod03_ctypes) replaced by packaging/pyi_ctypes_lazy.py
import os
from PyInstaller.building.utils import compile_pymodule
from PyInstaller.config import CONF
pyz.dependencies = [
    (n, compile_pymodule(n, {ctypes_stub!r}, os.path.join(CONF['workpath'], 'cinepycs'),
                         optimize=0, code_cache=None) if n == 'pyimod03_ctypes' else p, t)
    for n, p, t in pyz.dependencies]
assert any(n == 'pyimod03_ctypes' for n, _p, _t in pyz.dependencies)
exe = EXE(pyz, a.scripts, [], exclude_binaries=True, name={name!r}, debug=False,
          strip=False, upx=False, console=True)
coll = COLLECT(exe, a.binaries, a.datas, strip=False, upx=False, name={name!r})
"""


def cine_version() -> str:
    sys.path.insert(0, ROOT)
    try:
        from cine import __version__
    finally:
        sys.path.pop(0)
    return __version__


def cine_modules() -> list[str]:
    """Every module of the cine package, from the files (nothing is imported)."""
    mods = []
    for folder, dirs, files in os.walk(os.path.join(ROOT, "cine")):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        package = os.path.relpath(folder, ROOT).replace(os.sep, ".")
        for name in sorted(files):
            if name == "__init__.py":
                mods.append(package)
            elif name.endswith(".py"):
                mods.append(package + "." + name[:-3])
            elif name.endswith((".so", ".pyd")) and "." in name.rsplit(".", 1)[0]:
                mods.append(package + "." + name.split(".", 1)[0])
    return mods


def ensure_aot() -> None:
    """Build cine/_aot (packaging/aot_build.py) when it is absent, older than the kernels'
    sources or not loadable here (built on another platform: numba.pycc compiles for the
    host only, each target builds its own): a frozen binary trusts it without checking.
    aot_build.py's first CPU is LLVM's generic one for the host's architecture (x86-64,
    aarch64, arm64), so the binaries run on any machine of their platform; on x86-64 the
    x86-64-v3 build beside it is what machines of that level load (a build without it is
    stale here too)."""
    sys.path.insert(0, HERE)
    try:
        from aot_build import default_cpus
    finally:
        del sys.path[0]
    check = ("import importlib, cine._aot as a, cine._aot.kernels; "
             "from cine.engine.jit import source_digest; "
             "[importlib.import_module('cine._aot.' + m) for m in a.VARIANTS.values()]; "
             "raise SystemExit(source_digest() != a.SOURCE_DIGEST "
             "or sorted(a.VARIANTS) != %r)" % sorted(default_cpus()[1:]))
    env = dict(os.environ, CINE_AOT="1", PYTHONDONTWRITEBYTECODE="1")
    fresh = subprocess.run([sys.executable, "-c", check], cwd=ROOT, env=env,
                           stderr=subprocess.DEVNULL).returncode == 0
    if not fresh:
        print("build_dist: cine/_aot is missing or stale: building it (make aot)", flush=True)
        subprocess.run([sys.executable, os.path.join(HERE, "aot_build.py")], check=True)


def freeze(work: str) -> str:
    """Run PyInstaller; returns the onedir bundle's folder."""
    sys.path.insert(0, HERE)
    sys.path.insert(0, ROOT)
    try:
        from hidden_imports import hidden_imports
        registry_modules = hidden_imports()
    finally:
        del sys.path[:2]
    modules = cine_modules()
    missing = sorted(set(registry_modules) - set(modules))
    if missing:
        raise SystemExit("build_dist: registry modules not in the package: %s" % missing)
    spec = os.path.join(work, BUNDLE_PROGRAM + ".spec")
    with open(spec, "w", encoding="utf-8") as f:
        f.write(SPEC.format(script=os.path.join(HERE, "frozen_main.py"), root=ROOT,
                            hidden=modules, excluded=list(EXCLUDED + TRIMMED),
                            dropped=DROPPED_RUNTIME_HOOKS, name=BUNDLE_PROGRAM,
                            ctypes_stub=os.path.join(HERE, "pyi_ctypes_lazy.py")))
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                    "--distpath", os.path.join(work, "bundle"),
                    "--workpath", os.path.join(work, "pyinstaller"), spec],
                   check=True, cwd=ROOT)
    bundle = os.path.join(work, "bundle", BUNDLE_PROGRAM)
    for folder, dirs, files in os.walk(bundle):
        for d in dirs:
            if d in EXCLUDED:
                raise SystemExit("build_dist: %s was bundled: %s" % (d, os.path.join(folder, d)))
        # libpython's debug sections (~10 MB); stripping the wheels' libraries (PyInstaller's
        # strip=True) breaks numpy's: auditwheel's patchelf edits do not survive it
        libs = [os.path.join(folder, n) for n in files if n.startswith("libpython")
                and not os.path.islink(os.path.join(folder, n))]
        # (Linux only: macOS's strip has no --strip-debug, and would void the bundle's
        # code signatures; Windows has no libpython*)
        if libs and sys.platform.startswith("linux") and shutil.which("strip"):
            subprocess.run(["strip", "--strip-debug"] + libs, check=True)
    return bundle


def archive(bundle: str, level: int = 9) -> bytes:
    """The bundle as launcher.c's payload: entries (type, mode, path length, data length,
    path, data), an 'E' at the end, all deflated."""
    out = zlib.compressobj(level)
    parts = []

    def entry(kind: bytes, mode: int, rel: str, data: bytes) -> None:
        path = rel.encode("utf-8")
        parts.append(out.compress(kind + struct.pack(">IHQ", mode, len(path), len(data))
                                  + path + data))

    for folder, dirs, files in os.walk(bundle):
        dirs.sort()
        rel_folder = os.path.relpath(folder, bundle)
        if rel_folder != ".":
            entry(b"d", 0o755, rel_folder.replace(os.sep, "/"), b"")
        for name in sorted(files + [d for d in dirs if os.path.islink(os.path.join(folder, d))]):
            path = os.path.join(folder, name)
            rel = os.path.normpath(os.path.join(rel_folder, name)).replace(os.sep, "/")
            if os.path.islink(path) and os.name == "nt":
                raise SystemExit("build_dist: the Windows launcher makes no links: " + path)
            if os.path.islink(path):
                entry(b"l", 0o777, rel, os.readlink(path).encode("utf-8"))
            else:
                with open(path, "rb") as f:
                    entry(b"f", os.stat(path).st_mode & 0o777, rel, f.read())
    parts.append(out.compress(b"E"))
    parts.append(out.flush())
    return b"".join(parts)


def compile_launcher(key: str, work: str) -> str:
    """The launcher for this platform, compiled with the cache key `key`: static on Linux
    (glibc and zlib's libz.a; dynamic zlib if that fails), static on Windows (MinGW-w64 and
    its libz.a), against the system's zlib on macOS (which links no static executable; the
    linker signs it ad hoc, which arm64 requires)."""
    define = '-DCINE_KEY="%s"' % key
    if sys.platform == "win32":
        exe = os.path.join(work, "launcher.exe")
        subprocess.run([os.environ.get("CINE_CC", "gcc"), "-O2", "-s", "-Wall", "-Wextra",
                        "-static", define, os.path.join(HERE, "launcher_win.c"), "-o", exe,
                        "-lz"], check=True)
        return exe
    if sys.platform == "darwin":
        exe = os.path.join(work, "launcher")
        minimum = os.environ.get("MACOSX_DEPLOYMENT_TARGET", "11.0")
        subprocess.run([os.environ.get("CINE_CC", "cc"), "-O2", "-Wall", "-Wextra",
                        "-mmacosx-version-min=" + minimum, define,
                        os.path.join(HERE, "launcher.c"), "-o", exe, "-lz"], check=True)
        return exe
    exe = os.path.join(work, "launcher")
    base = ["gcc", "-O2", "-s", "-Wall", "-Wextra", '-DCINE_KEY="%s"' % key,
            os.path.join(HERE, "launcher.c"), "-o", exe]
    try:
        subprocess.run(base[:1] + ["-static"] + base[1:] + ["-l:libz.a"], check=True,
                       stderr=subprocess.PIPE)
    except subprocess.CalledProcessError as exc:
        print("build_dist: static link failed, linking zlib dynamically:\n%s"
              % exc.stderr.decode(errors="replace"), flush=True)
        subprocess.run(base + ["-lz"], check=True)
    return exe


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.join(ROOT, "dist"))
    ap.add_argument("--work", default=os.path.join(ROOT, "build", "dist"))
    args = ap.parse_args(argv)
    start = time.monotonic()
    ensure_aot()
    os.makedirs(args.work, exist_ok=True)
    bundle = freeze(args.work)
    frozen = time.monotonic()
    payload = archive(bundle)
    digest = hashlib.sha256(payload).digest()
    key = "%s-%s" % (cine_version(), digest.hex()[:16])
    with open(compile_launcher(key, args.work), "rb") as f:
        launcher = f.read()
    trailer = MAGIC + struct.pack(">QQ", len(launcher), len(payload)) + digest
    os.makedirs(args.out, exist_ok=True)
    for name in PROGRAMS:
        path = os.path.join(args.out, name + EXE_SUFFIX)
        tmp = path + ".tmp"
        with open(tmp, "wb") as f:
            f.write(launcher)
            f.write(payload)
            f.write(trailer)
        os.chmod(tmp, 0o755)
        os.replace(tmp, path)
    print("build_dist: %s/{%s}%s: %.1f MB each (launcher %d kB), cache key %s; "
          "freeze %.0f s, total %.0f s" % (
              args.out, ",".join(PROGRAMS), EXE_SUFFIX, (len(launcher) + len(payload)) / 1e6,
              len(launcher) // 1024, key, frozen - start, time.monotonic() - start))
    return 0


if __name__ == "__main__":
    sys.exit(main())
