"""Regenerate the goldens of the crafted damaged Matroska files (recovery_cases.py) from the
reference ffprobe (FFmpeg 5.1.9 only).

Usage: python3 tests/engine/matroska/make_recovery_goldens.py   (from the repository root)
Each golden holds the JSON stdout of `-show_format -show_streams` (and -show_packets for
PACKET_CASES), a line "rc=N", then the
reference's "[matroska,webm @ ...]" lines at -v warning, then its distinct "[vorbis @ ...]" lines
(addresses normalised).
"""
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import recovery_cases as RC  # noqa: E402

ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
FFPROBE = "/usr/bin/ffprobe"
GOLDENS = os.path.join(HERE, "goldens_recovery")
ARGS = ["-of", "json", "-show_format", "-show_streams"]


def run(prog, name: str) -> bytes:
    """Probe the crafted file `name` with prog (argv prefix); the golden text."""
    with tempfile.TemporaryDirectory() as d:
        fn = name + ".mkv"
        with open(os.path.join(d, fn), "wb") as fh:
            fh.write(RC.build(name))
        env = dict(os.environ, LC_ALL="C")
        env["PYTHONPATH"] = ROOT + os.pathsep + env.get("PYTHONPATH", "")
        args = ARGS + (["-show_packets"] if name in RC.PACKET_CASES else [])
        q = subprocess.run(list(prog) + ["-v", "quiet"] + args + [fn], cwd=d, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        e = subprocess.run(list(prog) + ["-v", "warning"] + args + [fn], cwd=d, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    lines = [re.sub(rb"@ 0x[0-9a-f]+\]", b"@ 0xADDR]", ln) for ln in e.stderr.split(b"\n")]
    mkv = [ln for ln in lines if ln.startswith(b"[matroska,webm @")]
    # the decoder's refusal, once per distinct line (the reference repeats it per open)
    dec = []
    for ln in lines:
        if ln.startswith(b"[vorbis @") and ln not in dec:
            dec.append(ln)
    if not any(ln.endswith(b"header corrupt.") for ln in dec):
        dec = []                    # the decoder opened: its per-packet lines are not compared
    return (q.stdout + b"rc=%d\n--- stderr\n" % q.returncode + b"".join(ln + b"\n" for ln in mkv)
            + b"--- decoder\n" + b"".join(ln + b"\n" for ln in dec))


def main():
    ver = subprocess.run([FFPROBE, "-version"], stdout=subprocess.PIPE).stdout.split(b"\n")[0]
    if not ver.startswith(b"ffprobe version 5.1.9"):
        sys.exit("refusing: %s is not FFmpeg 5.1.9 (%r)" % (FFPROBE, ver))
    os.makedirs(GOLDENS, exist_ok=True)
    for name in RC.CASES:
        with open(os.path.join(GOLDENS, name + ".txt"), "wb") as fh:
            fh.write(run([FFPROBE], name))


if __name__ == "__main__":
    main()
