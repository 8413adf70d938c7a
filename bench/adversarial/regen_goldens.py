"""Record the reference's behaviour on every crafted file: bench/adversarial/goldens.json.

    python3 bench/adversarial/regen_goldens.py

Runs /usr/bin/ffprobe (FFmpeg 5.1.9 only: refuses another version) on the files make_files.py
writes, once per mode of measure.MODES, and keeps the exit code and the first stderr line (log
context addresses normalised). make_files.py is deterministic, so the goldens stay valid until an
attack is added or changed; rerun this then.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_files  # noqa: E402
import measure  # noqa: E402

VERSION = "5.1.9"


def main() -> int:
    ver = subprocess.run([measure.REFERENCE, "-version"], capture_output=True, text=True).stdout
    if f"ffprobe version {VERSION}" not in ver.split("\n")[0]:
        print("refusing: %s is not FFmpeg %s" % (measure.REFERENCE, VERSION), file=sys.stderr)
        return 1
    out: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="cine-adv-") as d:
        descs = make_files.build(d)
        for name in sorted(descs):
            out[name] = {"attack": descs[name]}
            for mode in measure.MODES:
                r = measure.run([measure.REFERENCE], os.path.join(d, name), mode)
                out[name][mode] = r.as_golden()
    with open(measure.GOLDENS, "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")
    print("%d files, goldens in %s" % (len(out), measure.GOLDENS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
