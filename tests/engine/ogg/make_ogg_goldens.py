"""Regenerate the Ogg goldens from the reference ffprobe (FFmpeg 5.1.9 only).

Usage: python3 tests/engine/ogg/make_ogg_goldens.py   (from anywhere)
Each case is one fixture probed with one argument set; the golden holds stdout (plus stderr
for the dump variants), then a line "rc=N". The probe runs in fixtures/ogg.
"""
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
FIXTURES = os.path.join(ROOT, "fixtures", "ogg")
FFPROBE = "/usr/bin/ffprobe"
SHOW = ["-show_format", "-show_streams", "-show_chapters"]

# (case suffix, argv before the input, feed on stdin, keep stderr)
VARIANTS = (
    ("json", ["-v", "quiet", "-of", "json"] + SHOW, False, False),
    ("flat", ["-v", "quiet", "-of", "flat"] + SHOW, False, False),
    ("default", ["-v", "quiet"] + SHOW, False, False),
    ("compact", ["-v", "quiet", "-of", "compact"] + SHOW, False, False),
    ("pipe", ["-v", "quiet", "-of", "json"] + SHOW, True, False),
    ("dump", ["-hide_banner"], False, True),
    ("pipedump", ["-hide_banner"], True, True),
)


def cases(fixtures=FIXTURES):
    for name in sorted(os.listdir(fixtures)):
        if name.endswith((".sh", ".md")):
            continue
        for suffix, args, pipe, err in VARIANTS:
            yield name, suffix, args, pipe, err


def normalise(out: bytes) -> bytes:
    return re.sub(rb"0x[0-9a-f]{6,}", b"0xADDR", out)


def run(prog, name, args, pipe, err, fixtures=FIXTURES):
    argv = list(prog) + args + (["-"] if pipe else [name])
    stdin = open(os.path.join(fixtures, name), "rb") if pipe else subprocess.DEVNULL
    try:
        proc = subprocess.run(argv, cwd=fixtures, stdin=stdin, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT if err else subprocess.DEVNULL)
    finally:
        if pipe:
            stdin.close()
    return normalise(proc.stdout) + b"rc=%d\n" % proc.returncode


def main(here=HERE, fixtures=FIXTURES):
    ver = subprocess.run([FFPROBE, "-version"], stdout=subprocess.PIPE).stdout.split(b"\n")[0]
    if not ver.startswith(b"ffprobe version 5.1.9"):
        sys.exit("refusing: %s is not FFmpeg 5.1.9 (%r)" % (FFPROBE, ver))
    for name, suffix, args, pipe, err in cases(fixtures):
        out = run([FFPROBE], name, args, pipe, err, fixtures)
        with open(os.path.join(here, "goldens", "%s.%s.txt" % (name, suffix)), "wb") as f:
            f.write(out)


if __name__ == "__main__":
    main()
