"""Small damaged H.264/HEVC/ADTS streams whose first error lines come from the reference's
parameter-set parsers, slice header checks and the AAC decoder's element walk, and the
goldens of what /usr/bin/ffprobe 5.1.9 logs on them (ps_error_goldens.json).

Each case is one access unit (or one packet) so the reference's order of parser and decoder
lines is the order cine logs them in. Regenerate the goldens with
`python3 tests/conformance/ps_error_cases.py` (needs /usr/bin/ffprobe).
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "bench", "adversarial"))
import craft  # noqa: E402

GOLDENS = os.path.join(HERE, "ps_error_goldens.json")
REFERENCE = "/usr/bin/ffprobe"
SC = b"\0\0\0\1"


class _Bits:
    """MSB-first bit writer with Exp-Golomb codes and emulation prevention."""

    def __init__(self) -> None:
        self.bits: list[int] = []

    def u(self, n: int, v: int) -> None:
        self.bits += [(v >> (n - 1 - i)) & 1 for i in range(n)]

    def ue(self, v: int) -> None:
        v += 1
        self.u(v.bit_length() - 1, 0)
        self.u(v.bit_length(), v)

    def rbsp(self) -> bytes:
        bits = self.bits + [1]
        bits += [0] * (-len(bits) % 8)
        raw = bytes(int("".join(map(str, bits[i:i + 8])), 2) for i in range(0, len(bits), 8))
        out, zeros = bytearray(), 0
        for b in raw:
            if zeros >= 2 and b <= 3:
                out.append(3)
                zeros = 0
            out.append(b)
            zeros = zeros + 1 if b == 0 else 0
        return bytes(out)


def _vui(w: _Bits, fields: list) -> None:
    for n, v in fields:
        w.ue(v) if n == "ue" else w.u(n, v)


def h264_sps(profile=66, sps_id=0, chroma=1, depths=(0, 0), log2_frame_num=0, poc_type=0,
             log2_poc_lsb=0, refs=1, crop=None, vui=None) -> bytes:
    w = _Bits()
    w.u(8, profile)
    w.u(8, 0)
    w.u(8, 30)
    w.ue(sps_id)
    if profile == 100:
        w.ue(chroma)
        if chroma == 3:
            w.u(1, 0)
        w.ue(depths[0])
        w.ue(depths[1])
        w.u(2, 0)                       # transform bypass, no scaling matrices
    w.ue(log2_frame_num)
    w.ue(poc_type)
    if poc_type == 0:
        w.ue(log2_poc_lsb)
    w.ue(refs)
    w.u(1, 0)
    w.ue(9)                             # 10 x 8 macroblocks
    w.ue(7)
    w.u(2, 3)                           # frame_mbs_only, direct_8x8_inference
    w.u(1, crop is not None)
    for c in crop or ():
        w.ue(c)
    w.u(1, vui is not None)
    if vui is not None:
        _vui(w, vui)
    return b"\x67" + w.rbsp()


def _h264_au(sps: bytes) -> bytes:
    return SC + sps + SC + craft.H264_PPS + SC + craft.H264_IDR


def hevc_sps(fields: list) -> bytes:
    """An HEVC SPS: the valid one's VPS id, sub-layer count and profile/tier/level, then
    the fields given from sps_seq_parameter_set_id on, then zeros' codes."""
    w = _Bits()
    for byte in _unescape(craft.HEVC_SPS[2:])[:13]:
        w.u(8, byte)
    _vui(w, fields + [("ue", 0)] * 20)
    return b"\x42\x01" + w.rbsp()


def _unescape(data: bytes) -> bytes:
    return data.replace(b"\0\0\3", b"\0\0")


def _hevc_au(sps: bytes) -> bytes:
    return SC + craft.HEVC_VPS + SC + sps + SC + craft.HEVC_PPS + SC + craft.HEVC_IDR


_NO_VUI_FLAGS = [(1, 0)] * 4            # aspect, overscan, video signal, chroma location
_SIZE = [("ue", 0), ("ue", 1), ("ue", 64), ("ue", 64), (1, 0)]   # id, 4:2:0, 64x64, no window
CASES = {
    "h264_sps_id_32.h264": _h264_au(b"\x67\x64\x00\x1f" + b"\x00\x00\x03\x00\x00\x03\x00\x00"
                                    b"\x03\x00\x01\xff"),
    "h264_sps_id_40.h264": _h264_au(h264_sps(sps_id=40)),
    "h264_frame_num_13.h264": _h264_au(h264_sps(log2_frame_num=13)),
    "h264_frame_num_200.h264": _h264_au(h264_sps(log2_frame_num=200)),
    "h264_poc_type_3.h264": _h264_au(h264_sps(poc_type=3)),
    "h264_poc_lsb_14.h264": _h264_au(h264_sps(log2_poc_lsb=14)),
    "h264_refs_17.h264": _h264_au(h264_sps(refs=17)),
    "h264_chroma_4.h264": _h264_au(h264_sps(profile=100, chroma=4)),
    "h264_depth_16.h264": _h264_au(h264_sps(profile=100, depths=(8, 8))),
    "h264_crop.h264": _h264_au(h264_sps(crop=(50, 50, 0, 0))),
    "h264_aspect.h264": _h264_au(h264_sps(vui=[(1, 1), (8, 100)])),
    "h264_cpb_41.h264": _h264_au(h264_sps(vui=_NO_VUI_FLAGS + [(1, 0), (1, 1), ("ue", 40),
                                                               (4, 0), (4, 0)])),
    "h264_reorder_20.h264": _h264_au(h264_sps(vui=_NO_VUI_FLAGS + [(1, 0)] * 4 + [(1, 1), (1, 1)]
                                              + [("ue", 0)] * 4 + [("ue", 20), ("ue", 20)])),
    "h264_time_scale_0.h264": _h264_au(h264_sps(vui=_NO_VUI_FLAGS + [(1, 1), (32, 0), (32, 25)]
                                                + [(1, 0)] * 5)),
    "hevc_vps_sub_layers.hevc": (SC + b"\x40\x01" + b"\xff" * 40 + SC + b"\x42\x01" + b"\xff" * 60
                                 + SC + craft.HEVC_PPS + SC + craft.HEVC_IDR),
    "hevc_sps_sub_layers.hevc": _hevc_au(craft.HEVC_SPS[:2] + b"\x0f" + craft.HEVC_SPS[3:]),
    "hevc_sps_vps_3.hevc": _hevc_au(craft.HEVC_SPS[:2] + b"\x31" + craft.HEVC_SPS[3:]),
    "hevc_sps_id_20.hevc": _hevc_au(hevc_sps([("ue", 20)])),
    "hevc_sps_chroma_4.hevc": _hevc_au(hevc_sps([("ue", 0), ("ue", 4)])),
    "hevc_sps_depths.hevc": _hevc_au(hevc_sps(_SIZE + [("ue", 0), ("ue", 2)])),
    "hevc_sps_depth_14.hevc": _hevc_au(hevc_sps(_SIZE + [("ue", 6), ("ue", 6)])),
    "hevc_sps_poc_lsb.hevc": _hevc_au(hevc_sps(_SIZE + [("ue", 0), ("ue", 0), ("ue", 13)])),
    "hevc_sps_dpb_17.hevc": _hevc_au(hevc_sps(_SIZE + [("ue", 0)] * 3 + [(1, 1), ("ue", 16)])),
    "adts_duplicate_sce.aac": (craft.adts(8191) + b"\0" * 13) * 200,
}
_ADDR = re.compile(r"^\[(\S+) @ (0x[0-9a-f]+)\] ")


def reference_lines(path: str) -> dict[str, list[list]]:
    """The reference's warning and error lines, as [component, message] with "Last message
    repeated" expanded: "probe", what find_stream_info logs (up to its "Could not find codec
    parameters"), and "open", what ffprobe's own decoder context logs when it is opened
    after the probe (the lines at the end from an address not seen before)."""
    err = subprocess.run([REFERENCE, "-v", "warning", "-show_format", "-show_streams", path],
                         capture_output=True, check=False).stderr.decode()
    lines, addrs = [], []
    for line in err.splitlines():
        m = re.match(r"^    Last message repeated (\d+) times$", line)
        if m:
            lines += [lines[-1]] * int(m.group(1))
            addrs += [addrs[-1]] * int(m.group(1))
            continue
        m = _ADDR.match(line)
        if m:
            lines.append([m.group(1), line[m.end():]])
            addrs.append(m.group(2))
        else:
            lines.append(["", line])
            addrs.append("")
    start = len(addrs)
    while start > 1 and addrs[start - 1] == addrs[-1]:
        start -= 1
    opened = []
    if start and addrs[-1] and addrs[-1] not in addrs[:start]:
        opened = lines[start:]
        del lines[start:]
    for k, (_component, message) in enumerate(lines):
        if message.startswith("Could not find codec parameters"):
            del lines[k:]
            break
    return {"probe": lines, "open": opened}


def main() -> int:
    out = {}
    with tempfile.TemporaryDirectory() as d:
        for name, data in CASES.items():
            path = os.path.join(d, name)
            with open(path, "wb") as f:
                f.write(data)
            out[name] = reference_lines(path)
    with open(GOLDENS, "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
