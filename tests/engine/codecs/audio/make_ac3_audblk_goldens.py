"""Write goldens/ac3_audblk.json: what FFmpeg 5.1.9 reports for each seeded damaged first
frame (ac3_damage.py): the decoder's error lines at -v error (context prefix dropped) and
whether the stream keeps a bit rate. Run from the repository root:
    python3 tests/engine/codecs/audio/make_ac3_audblk_goldens.py
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import ac3_damage as D  # noqa: E402

sys.path.insert(0, D.ROOT)
FFPROBE = "/usr/bin/ffprobe"


def main() -> None:
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in D.FIXTURES:
            for seed in D.SEEDS:
                path = os.path.join(tmp, name)
                with open(path, "wb") as f:
                    f.write(D.damaged(name, seed))
                p = subprocess.run([FFPROBE, "-v", "error", "-show_entries", "stream=bit_rate",
                                    "-of", "json", name], cwd=tmp, capture_output=True,
                                   text=True, check=False)
                lines = [re.sub(r"^\[\w+ @ 0x[0-9a-f]+\] ", "", line)
                         for line in p.stderr.splitlines(keepends=True)]
                streams = json.loads(p.stdout or "{}").get("streams", [])
                out[f"{name}:{seed}"] = {"errors": lines,
                                         "bit_rate": bool(streams and "bit_rate" in streams[0])}
    with open(os.path.join(HERE, "goldens", "ac3_audblk.json"), "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
