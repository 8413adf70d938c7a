"""Regenerates the goldens of fixtures/elementary with the real ffprobe 5.1.9 (refuses any
other version): <name>.json (-show_format -show_streams, json writer), <name>.chapters.json
(-show_chapters), <name>.flat, <name>.packets.compact (-show_packets), <name>.stderr (the default-level dump with -hide_banner, format context
addresses replaced by 0x0) and <name>.rc (exit status)."""
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[3]
FIX = ROOT / "fixtures" / "elementary"
OUT = pathlib.Path(__file__).resolve().parent / "goldens"
FFPROBE = "/usr/bin/ffprobe"
CASES = {
    "json": ["-v", "quiet", "-of", "json", "-show_format", "-show_streams"],
    "chapters.json": ["-v", "quiet", "-of", "json", "-show_chapters"],
    "flat": ["-v", "quiet", "-of", "flat", "-show_format", "-show_streams"],
    "packets.compact": ["-v", "quiet", "-of", "compact", "-show_packets"],
}


def fixtures() -> list[str]:
    return sorted(p.name for p in FIX.iterdir() if p.suffix not in (".md", ".sh"))


def normalize_stderr(data: bytes) -> bytes:
    return re.sub(rb" @ 0x[0-9a-f]+\]", b" @ 0x0]", data)


def main() -> int:
    ver = subprocess.run([FFPROBE, "-version"], capture_output=True, text=True).stdout
    if not ver.startswith("ffprobe version 5.1.9"):
        print("refusing: %s is not ffprobe 5.1.9" % FFPROBE, file=sys.stderr)
        return 1
    OUT.mkdir(exist_ok=True)
    for old in OUT.iterdir():
        old.unlink()
    for name in fixtures():
        for kind, args in CASES.items():
            r = subprocess.run([FFPROBE] + args + [name], cwd=FIX, capture_output=True)
            (OUT / ("%s.%s" % (name, kind))).write_bytes(r.stdout)
        r = subprocess.run([FFPROBE, "-hide_banner", name], cwd=FIX, capture_output=True)
        (OUT / (name + ".stderr")).write_bytes(normalize_stderr(r.stderr))
        (OUT / (name + ".rc")).write_text("%d\n" % r.returncode)
    return 0


if __name__ == "__main__":
    sys.exit(main())
