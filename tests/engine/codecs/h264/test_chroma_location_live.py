"""The chroma sample location an H.264 stream reports, against FFmpeg 5.1.9's ffprobe.

The reference takes it from the active SPS each time a slice activates one: the VUI's
chroma_sample_loc_type_top_field + 1 when chroma_loc_info_present_flag is set, "left" (1)
when the SPS has a VUI without it, and unspecified (nothing in the JSON) when the SPS has no
VUI at all (fixtures/h264/ipcm_cavlc.h264, whose hand-made SPS has none). The variants here
keep the pictures of that fixture and swap its SPS for one with the VUI under test.
Skipped without the reference."""
from __future__ import annotations

import os

import pytest

from _reference import FFPROBE, ROOT, cine_cmd, reference_ok, run

from .cabac_ipcm_stream import nal

IPCM = os.path.join(ROOT, "fixtures", "h264", "ipcm_cavlc.h264")


class _Bits:
    def __init__(self):
        self.bits: list[int] = []

    def u(self, n: int, v: int) -> "_Bits":
        self.bits += [(v >> (n - 1 - i)) & 1 for i in range(n)]
        return self

    def ue(self, v: int) -> "_Bits":
        n = (v + 1).bit_length()
        return self.u(n - 1, 0).u(n, v + 1)

    def rbsp(self) -> bytes:
        bits = self.bits + [1] + [0] * (-(len(self.bits) + 1) % 8)
        return bytes(int("".join(map(str, bits[i:i + 8])), 2) for i in range(0, len(bits), 8))


def _sps(vui: str, loc: int = 0) -> bytes:
    """The fixture's SPS (Constrained Baseline, 4x3 macroblocks cropped to 60x44, POC type
    2) with `vui`: "none", "plain" (every VUI flag 0) or "loc" (chroma location `loc` only)."""
    b = _Bits().u(8, 66).u(8, 0xC0).u(8, 10).ue(0)
    b.ue(0).ue(2).ue(1).u(1, 0).ue(3).ue(2).u(1, 1).u(1, 1)
    b.u(1, 1).ue(0).ue(2).ue(0).ue(2)               # frame cropping
    if vui == "none":
        b.u(1, 0)
    else:
        b.u(1, 1).u(1, 0).u(1, 0).u(1, 0)             # no aspect ratio, overscan, signal type
        if vui == "loc":
            b.u(1, 1).ue(loc).ue(loc)
        else:
            b.u(1, 0)
        b.u(1, 0).u(1, 0).u(1, 0).u(1, 0).u(1, 0)     # timing, HRDs, pic_struct, restriction
    return nal(0x67, b.rbsp())                      # (emulation prevention)


def _with_sps(sps: bytes) -> bytes:
    with open(IPCM, "rb") as f:
        data = f.read()
    after = data.find(b"\x00\x00\x00\x01", 4)       # the fixture's SPS is its first NAL unit
    return sps + data[after:]


VARIANTS = {
    "no_vui": _with_sps(_sps("none")),
    "vui_without_location": _with_sps(_sps("plain")),
    "vui_location_0": _with_sps(_sps("loc", 0)),
    "vui_location_2": _with_sps(_sps("loc", 2)),
    "vui_location_5": _with_sps(_sps("loc", 5)),
    # two SPSs in turn: the one the last slices activated decides
    "location_then_no_vui": _with_sps(_sps("loc", 2)) + _with_sps(_sps("none")),
    "no_vui_then_location": _with_sps(_sps("none")) + _with_sps(_sps("loc", 2)),
}


def test_variants_keep_the_fixture_sps_when_it_has_no_vui():
    """The builder reproduces the fixture's own SPS (no VUI) byte for byte."""
    with open(IPCM, "rb") as f:
        assert VARIANTS["no_vui"] == f.read()


@pytest.mark.skipif(not reference_ok(), reason="reference ffprobe 5.1.9 not installed")
@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_chroma_location_matches_reference(tmp_path, name):
    path = tmp_path / (name + ".h264")
    path.write_bytes(VARIANTS[name])
    args = ["-v", "error", "-of", "json", "-show_streams", str(path)]
    ref = run([FFPROBE] + args)
    got = run(cine_cmd("ffprobe") + args)
    assert got == ref
