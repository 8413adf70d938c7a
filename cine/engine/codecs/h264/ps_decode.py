"""What the H.264 decoder needs of its parameter sets beyond the probe fields (ITU-T H.264
7.3.2.1 and 7.3.2.2): the whole PPS and the checks that turn streams cine cannot decode into
Unsupported errors.

The SPS itself is sps.parse_sps (shared with probing: it records the scaling lists as coded,
qpprime_y_zero_transform_bypass and direct_8x8_inference); `sps.scaling_lists` and
`DecodePPS.scaling_lists` are exactly the input of quant.level_scales (None when the matrix is
absent; per list None, "default" or the coded values). Pure Python: no numpy here.
"""
from __future__ import annotations

from ...bitstream.bitreader import BitReader, unescape_rbsp
from ...errors import InvalidData, Unsupported
from .sps import SPS, read_scaling_matrices

class DecodePPS:
    """Every field of a picture parameter set (7.3.2.2), names as the standard spells them."""
    __slots__ = ("pps_id", "sps_id", "entropy_coding_mode", "bottom_field_pic_order_in_frame_present",
                 "num_slice_groups", "num_ref_idx_default", "weighted_pred", "weighted_bipred_idc",
                 "pic_init_qp", "pic_init_qs", "chroma_qp_index_offset",
                 "deblocking_filter_control_present", "constrained_intra_pred",
                 "redundant_pic_cnt_present", "transform_8x8_mode", "scaling_lists",
                 "second_chroma_qp_index_offset")

    def __init__(self) -> None:
        self.pps_id = 0
        self.sps_id = 0
        self.entropy_coding_mode = 0             # 1: CABAC
        self.bottom_field_pic_order_in_frame_present = False
        self.num_slice_groups = 1
        self.num_ref_idx_default = (1, 1)        # num_ref_idx_l0/l1_default_active
        self.weighted_pred = False
        self.weighted_bipred_idc = 0
        self.pic_init_qp = 26
        self.pic_init_qs = 26
        self.chroma_qp_index_offset = 0
        self.deblocking_filter_control_present = False
        self.constrained_intra_pred = False
        self.redundant_pic_cnt_present = False
        self.transform_8x8_mode = False
        self.scaling_lists = None                # pic_scaling_matrix_present: the lists, else None
        self.second_chroma_qp_index_offset = 0


def rbsp_stop_bit(rbsp: bytes) -> int:
    """Bit position of the rbsp_stop_one_bit (the last 1 bit), or -1 when there is none."""
    end = len(rbsp)
    while end and not rbsp[end - 1]:
        end -= 1
    if not end:
        return -1
    last = rbsp[end - 1]
    return 8 * end - 1 - ((last & -last).bit_length() - 1)


def parse_decode_pps(nal: bytes, sps_map: dict) -> DecodePPS:
    """Parse a PPS NAL unit (header byte included, emulation prevention present). The SPS it
    names must be known (its profile and chroma format shape the tail). InvalidData on a
    malformed PPS, Unsupported on slice groups (FMO)."""
    rbsp = unescape_rbsp(nal[1:])
    br = BitReader(rbsp)
    p = DecodePPS()
    p.pps_id = br.ue()
    if p.pps_id >= 256:
        raise InvalidData("pps_id %d out of range" % p.pps_id)
    p.sps_id = br.ue()
    sps = sps_map.get(p.sps_id) if p.sps_id < 32 else None
    if sps is None:
        raise InvalidData("sps_id %d out of range" % p.sps_id)
    p.entropy_coding_mode = br.u(1)
    p.bottom_field_pic_order_in_frame_present = br.flag()
    p.num_slice_groups = br.ue() + 1
    if p.num_slice_groups > 1:
        raise Unsupported("H.264 slice groups (FMO)")
    r0, r1 = br.ue() + 1, br.ue() + 1
    if r0 > 32 or r1 > 32:
        raise InvalidData("reference overflow (pps)")
    p.num_ref_idx_default = (r0, r1)
    p.weighted_pred = br.flag()
    p.weighted_bipred_idc = br.u(2)
    p.pic_init_qp = 26 + br.se()                 # checked with slice_qp_delta (slice header)
    p.pic_init_qs = 26 + br.se()
    p.chroma_qp_index_offset = br.se()
    if not -12 <= p.chroma_qp_index_offset <= 12:
        raise InvalidData("chroma_qp_index_offset %d out of range" % p.chroma_qp_index_offset)
    p.deblocking_filter_control_present = br.flag()
    p.constrained_intra_pred = br.flag()
    p.redundant_pic_cnt_present = br.flag()
    p.second_chroma_qp_index_offset = p.chroma_qp_index_offset
    stop = rbsp_stop_bit(rbsp)
    # FFmpeg 5.1.9 reads no PPS extension when the SPS's profile is Baseline/Main/Extended
    # with one of constraint_set0..2 set
    plain = sps.profile_idc in (66, 77, 88) and sps.constraint_flags & 7
    if br.pos < stop and not plain:
        p.transform_8x8_mode = br.flag()
        if br.flag():                            # pic_scaling_matrix_present_flag
            count = 6 + (2 if sps.chroma_format_idc != 3 else 6) * p.transform_8x8_mode
            p.scaling_lists = read_scaling_matrices(br, count)
        p.second_chroma_qp_index_offset = br.se()
        if not -12 <= p.second_chroma_qp_index_offset <= 12:
            raise InvalidData("second_chroma_qp_index_offset out of range")
    return p


def check_decodable(sps: SPS) -> None:
    """Unsupported for what the intra decoder does not decode (8-bit progressive 4:2:0 and
    4:0:0 only)."""
    if not sps.frame_mbs_only:
        raise Unsupported("H.264 interlaced (field or MBAFF) pictures")
    if sps.chroma_format_idc not in (0, 1):
        raise Unsupported("H.264 chroma format %s" % ("4:2:2" if sps.chroma_format_idc == 2 else "4:4:4"))
    if sps.bit_depth_luma != 8 or sps.bit_depth_chroma != 8:
        raise Unsupported("H.264 bit depth %d" % sps.bit_depth_luma)
    if sps.transform_bypass:
        raise Unsupported("H.264 lossless (qpprime_y_zero_transform_bypass)")
