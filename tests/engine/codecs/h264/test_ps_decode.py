"""ps_decode and slice_decode on hand-written bits (ITU-T H.264 7.3.2.2, 7.3.3)."""
from __future__ import annotations

import pytest

from cine.engine.codecs.h264.ps_decode import check_decodable, parse_decode_pps, rbsp_stop_bit
from cine.engine.codecs.h264.slice_decode import SLICE_I, parse_decode_slice_header
from cine.engine.codecs.h264.sps import SPS, parse_sps
from cine.engine.errors import InvalidData, Unsupported


class Bits:
    def __init__(self):
        self.bits = []

    def u(self, n, v):
        self.bits += [(v >> (n - 1 - i)) & 1 for i in range(n)]
        return self

    def ue(self, v):
        n = (v + 1).bit_length()
        return self.u(n - 1, 0).u(n, v + 1)

    def se(self, v):
        return self.ue(2 * v - 1 if v > 0 else -2 * v)

    def rbsp(self):
        bits = self.bits + [1] + [0] * (-(len(self.bits) + 1) % 8)
        return bytes(int("".join(map(str, bits[i:i + 8])), 2) for i in range(0, len(bits), 8))


def _sps(profile=100):
    b = Bits().u(8, profile).u(8, 0).u(8, 30).ue(0)
    if profile == 100:
        b.ue(1).ue(0).ue(0).u(1, 0).u(1, 0)        # 4:2:0, 8 bit, no bypass, no matrices
    b.ue(0).ue(0).ue(4).ue(1).u(1, 0).ue(3).ue(2).u(1, 1).u(1, 1).u(1, 0).u(1, 0)
    return parse_sps(b"\x67" + b.rbsp())


def _pps(tail=None, groups=0):
    b = Bits().ue(3).ue(0).u(1, 1).u(1, 0).ue(groups)
    if groups:
        b.ue(0).ue(0).ue(0)                          # slice group map type 0, run length
    b.ue(0).ue(0).u(1, 0).u(2, 0).se(-2).se(0).se(-4).u(1, 1).u(1, 0).u(1, 0)
    if tail:
        tail(b)
    return b"\x68" + b.rbsp()


def test_rbsp_stop_bit():
    assert rbsp_stop_bit(b"\x80") == 0
    assert rbsp_stop_bit(b"\x12\x34\x01\x00\x00") == 23
    assert rbsp_stop_bit(b"\xff\x40") == 9
    assert rbsp_stop_bit(b"\x00\x00") == -1


def test_pps_fields_and_tail():
    sps = {0: _sps()}
    p = parse_decode_pps(_pps(), sps)
    assert (p.pps_id, p.entropy_coding_mode, p.pic_init_qp, p.chroma_qp_index_offset,
            p.deblocking_filter_control_present, p.transform_8x8_mode,
            p.second_chroma_qp_index_offset) == (3, 1, 24, -4, True, False, -4)
    # transform_8x8_mode, pic_scaling_matrix_present with list 0 "default" and list 6 coded
    flat8 = [8] + [0] * 63                           # delta 8 then zeros: all 16
    def tail(b):
        b.u(1, 1).u(1, 1)
        b.u(1, 1).se(-8)                             # list 0: useDefaultScalingMatrixFlag
        for _ in range(5):
            b.u(1, 0)
        b.u(1, 1)
        for d in flat8:
            b.se(d)
        b.u(1, 0)
        b.se(3)
    p = parse_decode_pps(_pps(tail), sps)
    assert p.transform_8x8_mode and p.second_chroma_qp_index_offset == 3
    assert p.scaling_lists[0] == "default" and p.scaling_lists[1:6] == [None] * 5
    assert p.scaling_lists[6] == (16,) * 64 and p.scaling_lists[7] is None


def test_pps_of_constrained_baseline_has_no_tail():
    sps = {0: _sps(66)}
    sps[0].constraint_flags = 3
    p = parse_decode_pps(_pps(lambda b: b.u(1, 1).u(1, 0).se(3)), sps)
    assert not p.transform_8x8_mode and p.second_chroma_qp_index_offset == -4


def test_fmo_and_unknown_sps():
    with pytest.raises(Unsupported, match="FMO"):
        parse_decode_pps(_pps(groups=1), {0: _sps()})
    with pytest.raises(InvalidData):
        parse_decode_pps(_pps(), {})


def test_check_decodable():
    for kw, word in (({"frame_mbs_only": False}, "interlaced"), ({"chroma_format_idc": 2}, "4:2:2"),
                     ({"bit_depth_luma": 10}, "bit depth"), ({"transform_bypass": True}, "lossless")):
        with pytest.raises(Unsupported, match=word):
            check_decodable(SPS(**kw))
    check_decodable(SPS(chroma_format_idc=0))


def test_slice_header_positions():
    sps = _sps()
    pps = parse_decode_pps(_pps(), {0: sps})
    # IDR I slice: first_mb 0, type 7, pps 3, frame_num (4 bits), idr_pic_id, poc lsb (4+4
    # bits), marking flags, qp delta, deblocking idc 0 with offsets
    b = Bits().ue(0).ue(7).ue(3).u(4, 0).ue(1).u(8, 0).u(1, 0).u(1, 0).se(5).ue(0).se(-1).se(2)
    header_bits = len(b.bits)
    b.u(5, 0b10110)                                  # some slice data
    sh, _, _ = parse_decode_slice_header(b.rbsp(), 0x65, {0: sps}, {3: pps})
    assert (sh.slice_type, sh.idr_pic_id, sh.qp, sh.slice_alpha_c0_offset_div2,
            sh.slice_beta_offset_div2) == (SLICE_I, 1, 29, -1, 2)
    assert sh.data_bit == (header_bits + 7) // 8 * 8       # CABAC: byte aligned
    assert sh.stop_bit == header_bits + 5
    with pytest.raises(InvalidData, match="non-existing PPS"):
        parse_decode_slice_header(b.rbsp(), 0x65, {0: sps}, {})
