"""Writes the goldens for fixtures/ts with the real ffprobe 5.1.9 (refuses other versions)."""
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[3]
OUT = pathlib.Path(__file__).with_name("goldens")
ARGS = ["-v", "quiet", "-of", "json", "-show_format", "-show_streams", "-show_programs"]

ver = subprocess.run(["/usr/bin/ffprobe", "-version"], capture_output=True, text=True).stdout
if not ver.startswith("ffprobe version 5.1.9"):
    sys.exit("need ffprobe 5.1.9")
OUT.mkdir(exist_ok=True)
for f in sorted((ROOT / "fixtures" / "ts").glob("*.*ts")):
    rel = f.relative_to(ROOT)
    r = subprocess.run(["/usr/bin/ffprobe", *ARGS, str(rel)], cwd=ROOT, capture_output=True)
    (OUT / (f.name + ".json")).write_bytes(r.stdout)
    (OUT / (f.name + ".rc")).write_text("%d\n" % r.returncode)
