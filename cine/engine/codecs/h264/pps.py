"""H.264 picture parameter set: the fields a slice header parse needs (ITU-T H.264 7.3.2.2)."""
from __future__ import annotations

from ...record import Record
from ...bitstream.bitreader import BitReader, unescape_rbsp
from ...errors import InvalidData
from .sps import refuse, report_missing, ue31


class PPS(Record):
    pps_id: int = 0
    sps_id: int = 0
    cabac: bool = False
    pic_order_present: bool = False     # bottom_field_pic_order_in_frame_present_flag
    slice_group_count: int = 1
    ref_count: tuple[int, int] = (1, 1)
    weighted_pred: bool = False
    weighted_bipred_idc: int = 0
    redundant_pic_cnt_present: bool = False
    init_qp: int = 26
    deblocking_filter_control_present: bool = False

    def __init__(self, pps_id=0, sps_id=0, cabac=False, pic_order_present=False,
                 slice_group_count=1, ref_count=(1, 1), weighted_pred=False, weighted_bipred_idc=0,
                 redundant_pic_cnt_present=False, init_qp=26,
                 deblocking_filter_control_present=False):
        self.pps_id = pps_id
        self.sps_id = sps_id
        self.cabac = cabac
        self.pic_order_present = pic_order_present
        self.slice_group_count = slice_group_count
        self.ref_count = ref_count
        self.weighted_pred = weighted_pred
        self.weighted_bipred_idc = weighted_bipred_idc
        self.redundant_pic_cnt_present = redundant_pic_cnt_present
        self.init_qp = init_qp
        self.deblocking_filter_control_present = deblocking_filter_control_present


def parse_pps(nal: bytes, sps_ids=None, log=None) -> PPS:
    """A PPS NAL unit (header byte included); sps_ids, when given, are the stored SPSs it may
    name. log(level, message) gets what ff_h264_decode_picture_parameter_set logs; a refused
    PPS raises InvalidData with its error line."""
    br = BitReader(unescape_rbsp(nal[1:]))
    pps = PPS()
    pps.pps_id = br.ue()
    if pps.pps_id >= 256:
        raise refuse(log, "pps_id %d out of range\n" % pps.pps_id)
    pps.sps_id = ue31(br)
    if pps.sps_id >= 32 or (sps_ids is not None and pps.sps_id not in sps_ids):
        raise refuse(log, "sps_id %d out of range\n" % pps.sps_id)
    pps.cabac = br.flag()
    pps.pic_order_present = br.flag()
    pps.slice_group_count = br.ue() + 1
    if pps.slice_group_count > 1:
        br.ue()                         # slice_group_map_type
        raise report_missing(log, "FMO")
    r0, r1 = br.ue() + 1, br.ue() + 1
    if r0 - 1 > 31 or r1 - 1 > 31:
        raise refuse(log, "reference overflow (pps)\n")
    pps.ref_count = (r0, r1)
    pps.weighted_pred = br.flag()
    pps.weighted_bipred_idc = br.u(2)
    pps.init_qp = 26 + br.se()          # pic_init_qp_minus26
    br.se()                             # pic_init_qs_minus26
    if not -12 <= br.se() <= 12:        # chroma_qp_index_offset (refused without a message)
        raise InvalidData("chroma_qp_index_offset out of range")
    pps.deblocking_filter_control_present = br.flag()
    br.u(1)                             # constrained_intra_pred_flag
    pps.redundant_pic_cnt_present = br.flag()
    return pps
