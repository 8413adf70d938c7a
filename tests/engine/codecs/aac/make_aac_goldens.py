"""Regenerates goldens/aac_decode.json: for each covered file, what cine's AAC decoder
gives (sample count, channels, layout, md5 of its s16 conversion) and how it agreed with
FFmpeg 5.1.9's decoder when measured. Run from the repository root:
    python3 tests/engine/codecs/aac/make_aac_goldens.py"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", ".."))
from aac_support import (CORPUS_FILES, FIXTURES, GOLDENS, agreement, cine_decode,  # noqa: E402
                         have_reference, path_of, reference_decode, s16_md5)


def main() -> None:
    if not have_reference():
        sys.exit("FFmpeg 5.1.9 is needed to measure the agreement")
    goldens = {}
    for name in FIXTURES + CORPUS_FILES:
        path = path_of(name)
        if not os.path.exists(path):
            print("skipping", name)
            continue
        data, layout, rate, _lines, errors = cine_decode(path)
        ref = reference_decode(path, data.shape[1])
        assert ref.shape == data.shape, (name, ref.shape, data.shape)
        entry = {"samples": data.shape[0], "channels": data.shape[1], "layout": layout,
                 "sample_rate": rate, "errors": errors, "md5_s16": s16_md5(data)}
        entry.update(agreement(data, ref))
        goldens[name] = entry
        print(name, entry)
    with open(GOLDENS, "w") as f:
        json.dump(goldens, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
