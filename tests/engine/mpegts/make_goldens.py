"""Writes the goldens for fixtures/ts with the real ffprobe 5.1.9 (refuses other versions).

Per fixture: <name>.json (-of json -show_format -show_streams -show_programs, -v quiet),
<name>.flat (-of flat, same sections), <name>.stderr (default log level, -hide_banner, the
"@ 0x..." context addresses replaced by "@ 0x0") and <name>.rc.
Run from anywhere: python3 tests/engine/mpegts/make_goldens.py
"""
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[3]
OUT = pathlib.Path(__file__).with_name("goldens")
SECTIONS = ["-show_format", "-show_streams", "-show_programs"]


def normalise(text: bytes) -> bytes:
    return re.sub(rb"@ 0x[0-9a-f]+\]", b"@ 0x0]", text)


def main() -> None:
    ver = subprocess.run(["/usr/bin/ffprobe", "-version"], capture_output=True, text=True).stdout
    if not ver.startswith("ffprobe version 5.1.9"):
        sys.exit("need ffprobe 5.1.9")
    OUT.mkdir(exist_ok=True)
    for f in sorted((ROOT / "fixtures" / "ts").glob("*.*ts")):
        rel = str(f.relative_to(ROOT))
        run = lambda args: subprocess.run(["/usr/bin/ffprobe", *args, rel], cwd=ROOT, capture_output=True)
        r = run(["-v", "quiet", "-of", "json", *SECTIONS])
        (OUT / (f.name + ".json")).write_bytes(r.stdout)
        (OUT / (f.name + ".rc")).write_text("%d\n" % r.returncode)
        (OUT / (f.name + ".flat")).write_bytes(run(["-v", "quiet", "-of", "flat", *SECTIONS]).stdout)
        (OUT / (f.name + ".stderr")).write_bytes(normalise(run(["-hide_banner"]).stderr))


if __name__ == "__main__":
    main()
