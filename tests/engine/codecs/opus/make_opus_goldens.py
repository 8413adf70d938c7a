"""Regenerates goldens/opus_goldens.txt: per fixture, the sample count and md5 of the
reference's s16 output (ffmpeg -f s16le) and of cine's, and the measured agreement.
Run from the repository root: python3 tests/engine/codecs/opus/make_opus_goldens.py"""
import hashlib
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))

import numpy as np  # noqa: E402

from opus_support import FIXTURES, ROOT, aligned, decode, reference_f32, to_s16  # noqa: E402


def main():
    lines = ["# fixture samples ref_s16_md5 cine_s16_md5 identical_percent max_s16_diff"]
    for rel in FIXTURES:
        path = os.path.join(ROOT, rel)
        dec, body, tail = decode(path)
        ref = reference_f32(path, dec.channels)
        ours = aligned(dec, body, tail, ref.shape[1])
        r16, o16 = to_s16(ref), to_s16(ours)
        same = 100.0 * np.mean(r16 == o16)
        diff = int(np.abs(r16.astype(np.int32) - o16).max())
        lines.append("%s %d %s %s %.4f %d" % (
            rel, ref.shape[1], hashlib.md5(r16.T.tobytes()).hexdigest(),
            hashlib.md5(o16.T.tobytes()).hexdigest(), same, diff))
    out = os.path.join(os.path.dirname(__file__), "goldens", "opus_goldens.txt")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
