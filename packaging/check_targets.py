"""Check that the launcher compiles for every target, and run it where this machine can.

    python3 packaging/check_targets.py [-v]

Needs no PyInstaller, numba or bundle: seconds, not minutes. Per target (packaging/README.md):

- compile: the target's launcher source with -Werror by its compiler (native, or a cross
  compiler: aarch64-linux-gnu-gcc, x86_64-linux-gnu-gcc, x86_64-w64-mingw32-gcc), then a
  static link against the target's libz.a when one is there ("compiled" without one);
  macOS has no compiler here: the host's gcc checks launcher.c with -D__APPLE__ and a
  stand-in for <mach-o/dyld.h> (-fsyntax-only: our code, not Apple's SDK);
- run: on the host, the launcher build_dist.py makes (its compile_launcher), and the Windows
  launcher under wine when wine is installed, each with a tiny fake bundle: first run
  (unpacks), later run, arguments passed unchanged (spaces, quotes, backslashes), exit code
  and CINE_PROG forwarded, the same process on Linux and macOS, a damaged payload refused
  leaving nothing, and on Windows no orphan once the launcher is killed (the job object).

A target whose compiler is missing is SKIPPED; the exit status is 1 when any check FAILS.
"""
from __future__ import annotations

import argparse
import glob
import hashlib
import os
import platform
import shutil
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import build_dist  # noqa: E402  (archive, compile_launcher, MAGIC: the real recipe)

KEY = "0.0.0-0123456789abcdef"
TRAILER_SIZE = 8 + 8 + 8 + 32           # launcher.h
FLAGS = ["-O2", "-Wall", "-Wextra", "-Werror", '-DCINE_KEY="%s"' % KEY]
ARGS = ["a b", 'q"uote', "back\\slash\\", "-v", "x"]

FAKE_SH = """#!/bin/sh
if [ "$1" = sleep ]; then echo started; sleep 30; exit 0; fi
printf '%s' "$CINE_PROG"; for a in "$0" "$@"; do printf '|%s' "$a"; done; echo "|$$"
exit 7
"""
FAKE_C = r"""#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "sleep")) {
        puts("started");
        fflush(stdout);
        Sleep(30000);
        return 0;
    }
    printf("%s", getenv("CINE_PROG") ? getenv("CINE_PROG") : "-");
    for (int i = 0; i < argc; i++)
        printf("|%s", argv[i]);
    printf("|%lu\n", GetCurrentProcessId());
    return 7;
}
"""
DYLD_STUB = "#include <stdint.h>\nint _NSGetExecutablePath(char *buf, uint32_t *size);\n"

results: list[tuple[str, str, str]] = []       # (target, PASS/FAIL/SKIP, detail)
verbose = False


def note(target: str, status: str, detail: str = "") -> None:
    results.append((target, status, detail))
    print("%-16s %-4s %s" % (target, status, detail), flush=True)


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    if verbose:
        print("  $ " + " ".join(cmd), flush=True)
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def zlib_include(cc: str, tmp: str) -> list[str]:
    """[] when `cc` finds <zlib.h>; else -I a folder holding the host's (a cross compiler
    without the target's zlib: the header is the same on every target)."""
    probe = run([cc, "-E", "-x", "c", "-", "-o", os.devnull], input="#include <zlib.h>\n")
    if probe.returncode == 0:
        return []
    folder = os.path.join(tmp, "zlib-include")
    os.makedirs(folder, exist_ok=True)
    for name in ("zlib.h", "zconf.h"):
        if os.path.exists(os.path.join("/usr/include", name)):
            shutil.copy(os.path.join("/usr/include", name), folder)
    return ["-I" + folder]


def compile_target(target: str, cc: str, source: str, tmp: str, out: str,
                   link: bool = True) -> str | None:
    """Compile (and link, when the target's libz.a is there) `source`: the executable's path,
    or None when it only compiled."""
    if not shutil.which(cc):
        note(target, "SKIP", "no %s" % cc)
        return None
    src = os.path.join(HERE, source)
    inc = zlib_include(cc, tmp)
    proc = run([cc] + FLAGS + inc + ["-c", src, "-o", out + ".o"])
    if proc.returncode:
        note(target, "FAIL", "%s -c: %s" % (cc, proc.stderr.strip()))
        return None
    if not link:
        note(target, "PASS", "compiled by %s" % cc)
        return None
    if inc:
        note(target, "PASS", "compiled by %s (not linked: no zlib for the target)" % cc)
        return None
    proc = run([cc] + FLAGS + ["-s", "-static", src, "-o", out, "-lz"])
    if proc.returncode:
        why = [line[line.index("cannot find"):] for line in proc.stderr.splitlines()
               if "cannot find" in line]
        note(target, "PASS", "compiled by %s (not linked: %s)"
             % (cc, (why or proc.stderr.strip().splitlines() or ["?"])[0].strip()))
        return None
    note(target, "PASS", "compiled and linked statically by %s" % cc)
    return out


def single_file(launcher: str, bundle: str, out: str) -> None:
    """launcher + payload + trailer, as build_dist.main writes dist/*."""
    payload = build_dist.archive(bundle)
    digest = hashlib.sha256(payload).digest()
    with open(launcher, "rb") as f:
        code = f.read()
    with open(out, "wb") as f:
        f.write(code + payload + build_dist.MAGIC + struct.pack(">QQ", len(code), len(payload))
                + digest)
    os.chmod(out, 0o755)


def fake_bundle(tmp: str, windows_cc: str | None) -> str:
    bundle = os.path.join(tmp, "bundle-win" if windows_cc else "bundle")
    os.makedirs(os.path.join(bundle, "_internal", "sub"))
    with open(os.path.join(bundle, "_internal", "sub", "data.txt"), "w") as f:
        f.write("data\n")
    if windows_cc:
        with open(os.path.join(tmp, "fake.c"), "w") as f:
            f.write(FAKE_C)
        subprocess.run([windows_cc, "-O2", "-static", os.path.join(tmp, "fake.c"), "-o",
                        os.path.join(bundle, "cine-bundle.exe")], check=True)
    else:
        program = os.path.join(bundle, "cine-bundle")
        with open(program, "w") as f:
            f.write(FAKE_SH)
        os.chmod(program, 0o755)
        os.symlink("sub/data.txt", os.path.join(bundle, "_internal", "link.txt"))
    return bundle


def smoke(target: str, launcher: str, tmp: str, windows: bool, prefix: list[str]) -> None:
    """Run the fake single-file program: see the module's docstring."""
    try:
        errors = smoke_errors(target, launcher, tmp, windows, prefix)
    except Exception as exc:            # noqa: BLE001 (reported as the target's failure)
        errors = ["%s: %s" % (type(exc).__name__, exc)]
    if errors:
        note(target, "FAIL", "; ".join(errors))
    else:
        note(target, "PASS", "ran: unpack, rerun, args, exit code, damaged payload, "
             "concurrent first runs"
             + (", no orphan after a kill" if windows else ", same process"))


def smoke_errors(target: str, launcher: str, tmp: str, windows: bool,
                 prefix: list[str]) -> list[str]:
    folder = os.path.join(tmp, "run-" + target)
    os.makedirs(folder)
    bundle = fake_bundle(folder, compiler_for_windows() if windows else None)
    exe = os.path.join(folder, "ffprobe.exe" if windows else "ffprobe")
    single_file(launcher, bundle, exe)
    cache = os.path.join(folder, "cache")
    env = dict(os.environ)
    if prefix:                          # wine sets LOCALAPPDATA from its own prefix's profile
        env.update(WINEPREFIX=os.path.join(folder, "wineprefix"), WINEDEBUG="-all")
    elif windows:
        env["LOCALAPPDATA"] = cache
    else:
        env["XDG_CACHE_HOME"] = cache
    errors = []

    def check(what: str, ok: bool) -> None:
        if not ok:
            errors.append(what)

    for attempt in ("first run", "later run"):
        proc = subprocess.Popen(prefix + [exe] + ARGS, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=env)
        out, err = proc.communicate(timeout=300)
        fields = out.decode(errors="replace").strip().split("|")
        check("%s: exit %s, not 7 (%s)" % (attempt, proc.returncode, err[-300:]),
              proc.returncode == 7)
        check("%s: CINE_PROG %r" % (attempt, fields[:1]), fields[:1] == ["ffprobe"])
        check("%s: arguments %r" % (attempt, fields[2:-1]), fields[2:-1] == ARGS)
        program = fields[1] if len(fields) > 1 else ""
        check("%s: argv[0] %r is not the cached program" % (attempt, program),
              program.replace("\\", "/").lower().endswith(
                  ("/cine/%s/cine-bundle%s" % (KEY, ".exe" if windows else "")).lower()))
        if not windows:
            check("%s: not the launcher's process" % attempt, fields[-1] == str(proc.pid))
        if prefix:
            cache = glob.glob(os.path.join(env["WINEPREFIX"], "drive_c", "users", "*",
                                           "AppData", "Local"))[0]
    listing = sorted(os.listdir(os.path.join(cache, "cine")))
    check("cache holds %r" % listing, listing == [KEY])
    unpacked = os.path.join(cache, "cine", KEY, "_internal")
    check("unpacked data", open(os.path.join(unpacked, "sub", "data.txt")).read() == "data\n")
    if not windows:
        check("unpacked link", os.readlink(os.path.join(unpacked, "link.txt")) == "sub/data.txt")

    damaged = os.path.join(folder, "damaged", os.path.basename(exe))
    os.makedirs(os.path.dirname(damaged))
    data = bytearray(open(exe, "rb").read())
    data[-TRAILER_SIZE - 10] ^= 0xFF                  # the payload's last bytes
    with open(damaged, "wb") as f:
        f.write(data)
    os.chmod(damaged, 0o755)
    shutil.rmtree(os.path.join(cache, "cine"))
    proc = run(prefix + [damaged, "-version"], env=env, timeout=300)
    check("damaged: exit %s, stderr %r" % (proc.returncode, proc.stderr[-200:]),
          proc.returncode == 1 and "damaged payload" in proc.stderr)
    check("damaged: left %r" % os.listdir(os.path.join(cache, "cine")),
          os.listdir(os.path.join(cache, "cine")) == [])

    shutil.rmtree(os.path.join(cache, "cine"))       # three concurrent first runs
    procs = [subprocess.Popen(prefix + [exe] + ARGS, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=env) for _ in range(3)]
    codes = [(p.communicate(timeout=300), p.returncode)[1] for p in procs]
    listing = sorted(os.listdir(os.path.join(cache, "cine")))
    check("concurrent: exits %s, cache %r" % (codes, listing),
          codes == [7, 7, 7] and listing == [KEY])

    if windows:                         # killing the launcher kills the program (job object)
        proc = subprocess.Popen(prefix + [exe, "sleep"], stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, env=env)
        started = proc.stdout.readline()
        proc.kill()
        proc.wait()
        begin = time.monotonic()
        rest = proc.stdout.read()       # EOF once no process holds the pipe
        check("sleep: %r" % started, started.strip() == b"started")
        check("killed launcher left its child (%.1f s)" % (time.monotonic() - begin),
              rest == b"" and time.monotonic() - begin < 20)
    return errors


def compiler_for_windows() -> str:
    if sys.platform == "win32":
        return os.environ.get("CINE_CC", "gcc")
    return "x86_64-w64-mingw32-gcc"


def main(argv: list[str] | None = None) -> int:
    global verbose
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-v", "--verbose", action="store_true")
    verbose = ap.parse_args(argv).verbose
    machine = platform.machine().lower()
    tmp = tempfile.mkdtemp(prefix="cine-targets-")
    try:
        if sys.platform == "win32":
            note("linux-*", "SKIP", "not from Windows")
            note("macos", "SKIP", "not from Windows")
        else:
            for arch, names in (("x86_64", ("x86_64", "amd64")),
                                ("aarch64", ("aarch64", "arm64"))):
                native = sys.platform.startswith("linux") and machine in names
                cc = "gcc" if native else "%s-linux-gnu-gcc" % arch
                compile_target("linux-" + arch, cc, "launcher.c", tmp,
                               os.path.join(tmp, "target-linux-" + arch))
            if sys.platform == "darwin":
                compile_target("macos", "cc", "launcher.c", tmp, os.path.join(tmp, "target-macos"),
                               link=False)
            else:
                stub = os.path.join(tmp, "stub", "mach-o")
                os.makedirs(stub)
                with open(os.path.join(stub, "dyld.h"), "w") as f:
                    f.write(DYLD_STUB)
                ccs = [cc for cc in ("gcc", "clang") if shutil.which(cc)]
                procs = [run([cc] + FLAGS + ["-fsyntax-only", "-D__APPLE__",
                                             "-I" + os.path.dirname(stub),
                                             os.path.join(HERE, "launcher.c")]) for cc in ccs]
                errors = [p.stderr.strip() or "failed" for p in procs if p.returncode]
                note("macos", "FAIL" if errors else "PASS", " ".join(errors) or
                     "syntax-checked by %s with -D__APPLE__ (no SDK)" % " and ".join(ccs))
        win = compile_target("windows-x86_64", compiler_for_windows(), "launcher_win.c", tmp,
                             os.path.join(tmp, "target-windows.exe"))

        host = build_dist.compile_launcher(KEY, tmp)  # the recipe, as make dist runs it
        smoke("host-" + sys.platform, host, tmp, sys.platform == "win32", [])
        wine = shutil.which("wine") or shutil.which("wine64") or (
            "/usr/lib/wine/wine64" if os.path.exists("/usr/lib/wine/wine64") else None)
        if win and sys.platform != "win32":
            if wine:
                smoke("windows-wine", win, tmp, True, [wine])
            else:
                note("windows-wine", "SKIP", "no wine")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    failed = [r for r in results if r[1] == "FAIL"]
    print("check_targets: %d passed, %d skipped, %d failed" % (
        sum(r[1] == "PASS" for r in results), sum(r[1] == "SKIP" for r in results),
        len(failed)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
