"""Writes the goldens of test_damaged_rules.py with the real ffprobe 5.1.9 (refuses others).

Each case is a fixtures/ts file cut at a byte offset or with seeded byte flips (the same
damage as tests/conformance/test_damaged_vs_reference.py). Per case: <id>.json
(-v quiet -of json -show_format -show_streams), <id>.stderr (-hide_banner, "@ 0x..."
replaced by "@ 0x0") and <id>.rc. Run from anywhere:
python3 tests/engine/mpegts/make_damaged_goldens.py
"""
import pathlib
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from damaged_cases import CASES, build, normalise  # noqa: E402

OUT = pathlib.Path(__file__).with_name("damaged_goldens")


def main() -> None:
    ver = subprocess.run(["/usr/bin/ffprobe", "-version"], capture_output=True, text=True).stdout
    if not ver.startswith("ffprobe version 5.1.9"):
        sys.exit("need ffprobe 5.1.9")
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for case in CASES:
            name = build(case, pathlib.Path(tmp))
            run = lambda args: subprocess.run(["/usr/bin/ffprobe", *args, name], cwd=tmp,
                                              capture_output=True)
            r = run(["-v", "quiet", "-of", "json", "-show_format", "-show_streams"])
            (OUT / (case[0] + ".json")).write_bytes(r.stdout)
            (OUT / (case[0] + ".rc")).write_text("%d\n" % r.returncode)
            (OUT / (case[0] + ".stderr")).write_bytes(normalise(run(["-hide_banner"]).stderr))


if __name__ == "__main__":
    main()
