"""Regenerate the Matroska goldens from the reference ffprobe (FFmpeg 5.1.9 only).

Usage: python3 tests/engine/matroska/make_goldens.py   (from the repository root)
Each case is one fixture probed with one argument set; the golden holds stdout, then a
line "rc=N". Paths are relative to fixtures/mkv (the probe runs there).
"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
FIXTURES = os.path.join(ROOT, "fixtures", "mkv")
FFPROBE = "/usr/bin/ffprobe"

# (case suffix, argv before the input, feed on stdin)
VARIANTS = (
    ("json", ["-v", "quiet", "-of", "json", "-show_format", "-show_streams", "-show_chapters"], False),
    ("flat", ["-v", "quiet", "-of", "flat", "-show_format", "-show_streams", "-show_chapters"], False),
    ("default", ["-v", "quiet", "-show_format", "-show_streams"], False),
    ("pipe", ["-v", "quiet", "-of", "json", "-show_format", "-show_streams"], True),
    ("dump", ["-hide_banner"], False),
)


def cases():
    for name in sorted(os.listdir(FIXTURES)):
        if name.endswith((".sh", ".md")):
            continue
        for suffix, args, pipe in VARIANTS:
            yield name, suffix, args, pipe


def run(prog, name, args, pipe):
    argv = list(prog) + args + (["-"] if pipe else [name])
    stdin = open(os.path.join(FIXTURES, name), "rb") if pipe else subprocess.DEVNULL
    try:
        proc = subprocess.run(argv, cwd=FIXTURES, stdin=stdin, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT if args == ["-hide_banner"] else subprocess.DEVNULL)
    finally:
        if pipe:
            stdin.close()
    return normalise(proc.stdout) + b"rc=%d\n" % proc.returncode


def normalise(out: bytes) -> bytes:
    import re
    return re.sub(rb"0x[0-9a-f]{6,}", b"0xADDR", out)


def main():
    ver = subprocess.run([FFPROBE, "-version"], stdout=subprocess.PIPE).stdout.split(b"\n")[0]
    if not ver.startswith(b"ffprobe version 5.1.9"):
        sys.exit("refusing: %s is not FFmpeg 5.1.9 (%r)" % (FFPROBE, ver))
    for name, suffix, args, pipe in cases():
        out = run([FFPROBE], name, args, pipe)
        with open(os.path.join(HERE, "goldens", "%s.%s.txt" % (name, suffix)), "wb") as f:
            f.write(out)


if __name__ == "__main__":
    main()
