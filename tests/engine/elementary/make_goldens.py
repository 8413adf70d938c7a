"""Regenerates goldens/<fixture>.json with the real ffprobe 5.1.9 (refuses other versions)."""
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[3]
FIX = ROOT / "fixtures" / "elementary"
OUT = pathlib.Path(__file__).resolve().parent / "goldens"
FFPROBE = "/usr/bin/ffprobe"


def main() -> int:
    ver = subprocess.run([FFPROBE, "-version"], capture_output=True, text=True).stdout
    if not ver.startswith("ffprobe version 5.1.9"):
        print("refusing: ffprobe is not 5.1.9", file=sys.stderr)
        return 1
    for f in sorted(FIX.iterdir()):
        if f.suffix in (".md", ".sh"):
            continue
        r = subprocess.run([FFPROBE, "-v", "quiet", "-of", "json", "-show_format", "-show_streams",
                            f.name], cwd=FIX, capture_output=True)
        (OUT / (f.name + ".json")).write_bytes(r.stdout)
        (OUT / (f.name + ".json.rc")).write_text("%d\n" % r.returncode)
    return 0


if __name__ == "__main__":
    sys.exit(main())
