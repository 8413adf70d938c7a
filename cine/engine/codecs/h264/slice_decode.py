"""The whole H.264 slice header (ITU-T H.264 7.3.3 to 7.3.3.3), read for decoding: every field
up to slice_data(), where slice_data starts (bit position in the RBSP; the first whole byte
after cabac_alignment_one_bit for CABAC), and where the rbsp_stop_one_bit is (CAVLC's
more_rbsp_data() ends there). Field (PAFF) slices are reported Unsupported; range errors raise
InvalidData with the reference's wording where it logs one.
"""
from __future__ import annotations

from ...bitstream.bitreader import BitReader
from ...errors import InvalidData, Unsupported
from .ps_decode import DecodePPS, rbsp_stop_bit
from .sps import SPS

# slice_type % 5
SLICE_P, SLICE_B, SLICE_I, SLICE_SP, SLICE_SI = 0, 1, 2, 3, 4
SLICE_LETTERS = ("P", "B", "I", "SP", "SI")


class DecodeSliceHeader:
    __slots__ = ("nal_unit_type", "nal_ref_idc", "idr", "first_mb", "slice_type", "slice_type_raw",
                 "pps_id", "frame_num", "idr_pic_id", "poc_lsb", "delta_poc_bottom", "delta_poc",
                 "redundant_pic_cnt", "direct_spatial_mv_pred", "num_ref_idx_active",
                 "ref_pic_list_modification", "pred_weight_table", "no_output_of_prior_pics",
                 "long_term_reference", "mmco", "cabac_init_idc", "slice_qp_delta", "qp",
                 "sp_for_switch", "qs", "disable_deblocking_filter_idc", "slice_alpha_c0_offset_div2",
                 "slice_beta_offset_div2", "data_bit", "stop_bit")

    def __init__(self) -> None:
        self.nal_unit_type = 1
        self.nal_ref_idc = 0
        self.idr = False
        self.first_mb = 0
        self.slice_type = SLICE_I            # slice_type % 5
        self.slice_type_raw = 7              # as coded (5..9: all slices of the picture alike)
        self.pps_id = 0
        self.frame_num = 0
        self.idr_pic_id = 0
        self.poc_lsb = 0
        self.delta_poc_bottom = 0
        self.delta_poc = (0, 0)
        self.redundant_pic_cnt = 0
        self.direct_spatial_mv_pred = False
        self.num_ref_idx_active = (0, 0)
        self.ref_pic_list_modification = ([], [])     # (modification_of_pic_nums_idc, value)
        self.pred_weight_table = None                 # (log2 denoms, per-list weight entries)
        self.no_output_of_prior_pics = False
        self.long_term_reference = False
        self.mmco = None                               # adaptive marking: [(op, a, b)], else None
        self.cabac_init_idc = 0
        self.slice_qp_delta = 0
        self.qp = 26                                   # SliceQPY
        self.sp_for_switch = False
        self.qs = 26
        self.disable_deblocking_filter_idc = 0
        self.slice_alpha_c0_offset_div2 = 0
        self.slice_beta_offset_div2 = 0
        self.data_bit = 0         # first bit of slice_data() in the RBSP (CABAC: byte aligned)
        self.stop_bit = 0         # bit position of the rbsp_stop_one_bit

    @property
    def letter(self) -> str:
        return SLICE_LETTERS[self.slice_type]


def _ref_pic_list_modification(br: BitReader, sh: DecodeSliceHeader, lists: int) -> None:
    for lst in range(lists):
        if not br.flag():
            continue
        ops = sh.ref_pic_list_modification[lst]
        for _ in range(sh.num_ref_idx_active[lst] + 1):
            idc = br.ue()
            if idc == 3:
                break
            if idc > 5:
                raise InvalidData("illegal modification_of_pic_nums_idc %d" % idc)
            ops.append((idc, br.ue()))
        else:
            raise InvalidData("reference count overflow")


def _pred_weight_table(br: BitReader, sh: DecodeSliceHeader, sps: SPS, lists: int) -> None:
    luma_denom = br.ue()
    if luma_denom > 7:
        raise InvalidData("luma_log2_weight_denom %d is out of range" % luma_denom)
    chroma_denom = 0
    if sps.chroma_format_idc:
        chroma_denom = br.ue()
        if chroma_denom > 7:
            raise InvalidData("chroma_log2_weight_denom %d is out of range" % chroma_denom)
    entries: list = [[], []]
    for lst in range(lists):
        for _ in range(sh.num_ref_idx_active[lst]):
            luma = (br.se(), br.se()) if br.flag() else None
            chroma = None
            if sps.chroma_format_idc and br.flag():
                chroma = (br.se(), br.se(), br.se(), br.se())
            entries[lst].append((luma, chroma))
    sh.pred_weight_table = ((luma_denom, chroma_denom), entries)


def _dec_ref_pic_marking(br: BitReader, sh: DecodeSliceHeader) -> None:
    if sh.idr:
        sh.no_output_of_prior_pics = br.flag()
        sh.long_term_reference = br.flag()
        return
    if not br.flag():                     # adaptive_ref_pic_marking_mode_flag
        return
    ops = []
    for _ in range(66):                   # MAX_MMCO_COUNT
        op = br.ue()
        if op == 0:
            break
        if op > 6:
            raise InvalidData("illegal memory management control operation %d" % op)
        a = br.ue() if op in (1, 2, 3, 6) else 0    # difference_of_pic_nums / long_term_pic_num / idx
        if op == 3:
            b = br.ue()                               # long_term_frame_idx
        elif op == 4:
            b = br.ue()                               # max_long_term_frame_idx_plus1
        else:
            b = 0
        ops.append((op, a, b))
    sh.mmco = ops


def parse_decode_slice_header(rbsp: bytes, nal_header: int, sps_map: dict, pps_map: dict
                              ) -> tuple[DecodeSliceHeader, SPS, DecodePPS]:
    """Read a slice header from the RBSP of a slice NAL unit (after its header byte, emulation
    prevention removed). Returns the header (with data_bit and stop_bit) and the active
    SPS and PPS."""
    br = BitReader(rbsp)
    sh = DecodeSliceHeader()
    sh.nal_unit_type = nal_header & 0x1F
    sh.nal_ref_idc = (nal_header >> 5) & 3
    sh.idr = sh.nal_unit_type == 5
    sh.first_mb = br.ue()
    st = br.ue()
    if st > 9:
        raise InvalidData("slice type %d too large at %d" % (st, sh.first_mb))
    sh.slice_type_raw = st
    sh.slice_type = st % 5
    sh.pps_id = br.ue()
    pps = pps_map.get(sh.pps_id)
    if pps is None:
        raise InvalidData("non-existing PPS %d referenced" % sh.pps_id)
    sps = sps_map.get(pps.sps_id)
    if sps is None:
        raise InvalidData("non-existing SPS %d referenced" % pps.sps_id)
    if sh.idr and sh.slice_type not in (SLICE_I, SLICE_SI):
        raise InvalidData("A non-intra slice in an IDR NAL unit.")
    sh.frame_num = br.u(sps.log2_max_frame_num)
    if not sps.frame_mbs_only and br.flag():          # field_pic_flag
        raise Unsupported("H.264 field pictures")
    if sh.first_mb >= sps.mb_width * sps.mb_height:
        raise InvalidData("first_mb_in_slice overflow")
    if sh.idr:
        sh.idr_pic_id = br.ue()
    if sps.poc_type == 0:
        sh.poc_lsb = br.u(sps.log2_max_poc_lsb)
        if pps.bottom_field_pic_order_in_frame_present:
            sh.delta_poc_bottom = br.se()
    elif sps.poc_type == 1 and not sps.delta_pic_order_always_zero:
        d0 = br.se()
        d1 = br.se() if pps.bottom_field_pic_order_in_frame_present else 0
        sh.delta_poc = (d0, d1)
    if pps.redundant_pic_cnt_present:
        sh.redundant_pic_cnt = br.ue()
    if sh.slice_type == SLICE_B:
        sh.direct_spatial_mv_pred = br.flag()
    lists = 0
    if sh.slice_type in (SLICE_P, SLICE_SP, SLICE_B):
        lists = 2 if sh.slice_type == SLICE_B else 1
        r0, r1 = pps.num_ref_idx_default
        if br.flag():                                  # num_ref_idx_active_override_flag
            r0 = br.ue() + 1
            if lists == 2:
                r1 = br.ue() + 1
        if r0 > 16 or r1 > 16:
            raise InvalidData("reference overflow %u > 15 or %u > 15" % (r0 - 1, r1 - 1))
        sh.num_ref_idx_active = (r0, r1 if lists == 2 else 0)
    _ref_pic_list_modification(br, sh, lists)
    if (pps.weighted_pred and sh.slice_type in (SLICE_P, SLICE_SP)) or \
            (pps.weighted_bipred_idc == 1 and sh.slice_type == SLICE_B):
        _pred_weight_table(br, sh, sps, lists)
    if sh.nal_ref_idc:
        _dec_ref_pic_marking(br, sh)
    if pps.entropy_coding_mode and sh.slice_type not in (SLICE_I, SLICE_SI):
        sh.cabac_init_idc = br.ue()
        if sh.cabac_init_idc > 2:
            raise InvalidData("cabac_init_idc %u overflow" % sh.cabac_init_idc)
    sh.slice_qp_delta = br.se()
    qp_bd = 6 * (sps.bit_depth_luma - 8)
    sh.qp = pps.pic_init_qp + sh.slice_qp_delta
    if not -qp_bd <= sh.qp <= 51:
        raise InvalidData("QP %d out of range" % (sh.qp + qp_bd))
    if sh.slice_type == SLICE_SP:
        sh.sp_for_switch = br.flag()
    if sh.slice_type in (SLICE_SP, SLICE_SI):
        sh.qs = pps.pic_init_qs + br.se()
    if pps.deblocking_filter_control_present:
        idc = br.ue()
        if idc > 2:
            raise InvalidData("deblocking_filter_idc %u out of range" % idc)
        sh.disable_deblocking_filter_idc = idc
        if idc != 1:
            a, b = br.se(), br.se()
            if not (-6 <= a <= 6 and -6 <= b <= 6):
                raise InvalidData("deblocking filter parameters %d %d out of range" % (2 * a, 2 * b))
            sh.slice_alpha_c0_offset_div2 = a
            sh.slice_beta_offset_div2 = b
    sh.stop_bit = rbsp_stop_bit(rbsp)
    pos = br.pos
    if pps.entropy_coding_mode:
        pos = (pos + 7) & ~7                           # cabac_alignment_one_bits (not checked)
        if pos >= br.size:
            raise InvalidData("slice data is missing")
    elif sh.stop_bit < pos:
        raise InvalidData("slice data is missing")
    sh.data_bit = pos
    return sh, sps, pps
