"""deblock_picture against FFmpeg 5.1.9 (h264_deblock_oracle.py): the picture the reference
decodes with `-skip_loop_filter all`, filtered by the kernel with the macroblock kinds, QPs and
slice parameters the reference reports, must be the picture it decodes normally, bit for bit.
goldens/deblock.json holds that for small libx264 streams (make_deblock_goldens.py); the live
test remakes them, larger and with more pictures, when the reference is installed."""
from __future__ import annotations

import hashlib
import json
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import h264_deblock_oracle as O  # noqa: E402
import make_deblock_goldens as G  # noqa: E402

from cine.engine.codecs.h264 import deblock_tables as T  # noqa: E402
from cine.engine.codecs.h264.deblock_jit import deblock_picture  # noqa: E402

with open(G.GOLDENS) as _f:
    GOLDENS = json.load(_f)


@pytest.mark.parametrize("name", sorted(GOLDENS))
def test_golden_streams(name):
    stream = GOLDENS[name]
    assert stream["frames"]
    for frame in stream["frames"]:
        frame = dict(frame, unfiltered=O.unpack(frame["unfiltered"]))
        filtered = O.deblocked_md5(deblock_picture, stream, frame)
        assert filtered == frame["filtered_md5"]
        if frame["slice_params"][0][0] != 1:   # the loop filter changed something
            assert hashlib.md5(frame["unfiltered"]).hexdigest() != frame["filtered_md5"]


def test_goldens_cover():
    params = [p for s in GOLDENS.values() for f in s["frames"] for p in f["slice_params"]]
    assert {p[0] for p in params} == {0, 1}                    # idc 2: test_deblock_model
    assert {p[1] for p in params} >= {-6, 0, 6} and {p[2] for p in params} >= {-6, 0, 6}
    assert {p[3] for p in params} >= {-6, -2, 3}
    assert {len(f["slice_params"]) for s in GOLDENS.values() for f in s["frames"]} >= {1, 3, 4}
    assert {s["chroma_format"] for s in GOLDENS.values()} == {0, 1}
    kinds = {k for s in GOLDENS.values() for f in s["frames"] for k in f["kinds"]}
    assert kinds >= {1, 2, 3}


def test_tables():
    assert len(T.ALPHA) == len(T.BETA) == len(T.TC0_BS1) == len(T.TC0_BS2) == len(T.TC0_BS3) == 52
    # spot values of Tables 8-16 and 8-17
    assert (T.ALPHA[15], T.ALPHA[16], T.ALPHA[30], T.ALPHA[40], T.ALPHA[51]) == (0, 4, 25, 80, 255)
    assert (T.BETA[15], T.BETA[16], T.BETA[26], T.BETA[40], T.BETA[51]) == (0, 2, 6, 13, 18)
    assert (T.TC0_BS1[22], T.TC0_BS1[23], T.TC0_BS1[51]) == (0, 1, 13)
    assert (T.TC0_BS2[20], T.TC0_BS2[21], T.TC0_BS2[51]) == (0, 1, 17)
    assert (T.TC0_BS3[16], T.TC0_BS3[17], T.TC0_BS3[51]) == (0, 1, 25)
    for table in (T.ALPHA, T.BETA, T.TC0_BS1, T.TC0_BS2, T.TC0_BS3):
        assert list(table) == sorted(table)
    assert all(a <= b <= c for a, b, c in zip(T.TC0_BS1, T.TC0_BS2, T.TC0_BS3))


LIVE = {
    **{name: (176, 144, 2) + case[3:] for name, case in G.CASES.items()},
    "wide_slices8": (320, 64, 2, "keyint=1:slices=8:crf=33:deblock=-2,-1:chroma-qp-offset=2", []),
    "cavlc_bframes_off_a1": (176, 144, 3, "keyint=1:cabac=0:8x8dct=0:crf=46:deblock=1,0", []),
}


@pytest.mark.skipif(not O.have_reference(), reason="needs FFmpeg 5.1.9 at /usr/bin/ffmpeg")
@pytest.mark.parametrize("name", sorted(LIVE))
def test_live(name, tmp_path):
    width, height, pictures, x264, extra = LIVE[name]
    path = str(tmp_path / "s.h264")
    O.encode(O.encode_command(width, height, pictures, x264, extra), path)
    stream = O.reference(path, width, height, deblock_picture)
    assert len(stream["frames"]) == pictures
    for frame in stream["frames"]:
        assert O.deblocked_md5(deblock_picture, stream, frame) == frame["filtered_md5"]


@pytest.mark.skipif(not O.have_reference(), reason="needs FFmpeg 5.1.9 at /usr/bin/ffmpeg")
def test_goldens_are_the_references(tmp_path):
    name = "slices4_a-1_b2_cqp-4"
    path = str(tmp_path / "s.h264")
    O.encode(G.command(name), path)
    stream = O.reference(path, G.CASES[name][0], G.CASES[name][1], deblock_picture)
    golden = GOLDENS[name]["frames"][0]
    assert stream["frames"][0]["filtered_md5"] == golden["filtered_md5"]
    assert stream["frames"][0]["unfiltered"] == O.unpack(golden["unfiltered"])
