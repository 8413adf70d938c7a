"""Regenerates goldens/aac_prediction.json: for each AAC Main and AAC LTP fixture, what FFmpeg
5.1.9's decoder gives (sample count, channels, layout, rate, md5 of its s16 output) and how
cine's decoder agreed with it when measured (identical s16: the tests hold cine to the
reference's md5). Run from the repository root:
    python3 tests/engine/codecs/aac/make_aac_prediction_goldens.py"""
import hashlib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", ".."))
from aac_support import agreement, cine_decode, have_reference, path_of, reference_decode, \
    to_s16  # noqa: E402

PREDICTION_FIXTURES = [
    "fixtures/aac/main_mono.m4a", "fixtures/aac/main_stereo.m4a", "fixtures/aac/main_16k.aac",
    "fixtures/aac/main_tns.m4a", "fixtures/aac/ltp_native.m4a", "fixtures/aac/ltp_mono.aac",
    "fixtures/aac/ltp_stereo.aac",
]
GOLDENS = os.path.join(HERE, "goldens", "aac_prediction.json")


def main() -> None:
    if not have_reference():
        sys.exit("FFmpeg 5.1.9 is needed")
    goldens = {}
    for name in PREDICTION_FIXTURES:
        path = path_of(name)
        data, layout, rate, _lines, errors = cine_decode(path)
        ref = reference_decode(path, data.shape[1])
        assert ref.shape == data.shape, (name, ref.shape, data.shape)
        ref_s16 = to_s16(ref).tobytes()
        entry = {"samples": data.shape[0], "channels": data.shape[1], "layout": layout,
                 "sample_rate": rate, "errors": errors,
                 "reference_md5_s16": hashlib.md5(ref_s16).hexdigest()}
        entry.update(agreement(data, ref))
        assert entry["s16_identical"] == 1.0, (name, entry)
        goldens[name] = entry
        print(name, entry)
    with open(GOLDENS, "w") as f:
        json.dump(goldens, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
