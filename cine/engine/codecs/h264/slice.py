"""H.264 slice header (ITU-T H.264 7.3.3) up to dec_ref_pic_marking, and picture order count
derivation (8.2.1): what probing needs to follow output order without decoding macroblocks."""
from __future__ import annotations

from ...record import Record
from ...bitstream.bitreader import BitReader, unescape_rbsp
from ...errors import InvalidData
from .pps import PPS
from .sps import SPS, ue31

PICT_TOP, PICT_BOTTOM, PICT_FRAME = 1, 2, 3
# slice_type % 5 -> picture type letter
SLICE_TYPES = ("P", "B", "I", "SP", "SI")


class SliceHeader(Record):
    first_mb: int = 0
    slice_type: str = "I"
    pps_id: int = 0
    frame_num: int = 0
    structure: int = PICT_FRAME
    idr: bool = False
    ref_idc: int = 0
    poc_lsb: int = 0
    delta_poc_bottom: int = 0
    delta_poc: tuple[int, int] = (0, 0)
    mmco_reset: bool = False
    decodable: bool = True              # False when only the parser would accept the header
    refusal: str = ""                   # then the decoder's error line, where it logs one

    def __init__(self, first_mb=0, slice_type="I", pps_id=0, frame_num=0, structure=PICT_FRAME,
                 idr=False, ref_idc=0, poc_lsb=0, delta_poc_bottom=0, delta_poc=(0, 0),
                 mmco_reset=False, decodable=True, refusal=""):
        self.first_mb = first_mb
        self.slice_type = slice_type
        self.pps_id = pps_id
        self.frame_num = frame_num
        self.structure = structure
        self.idr = idr
        self.ref_idc = ref_idc
        self.poc_lsb = poc_lsb
        self.delta_poc_bottom = delta_poc_bottom
        self.delta_poc = delta_poc
        self.mmco_reset = mmco_reset
        self.decodable = decodable
        self.refusal = refusal


def _skip_ref_list_modification(br: BitReader, lists: int) -> None:
    for _ in range(lists):
        if br.flag():
            for _ in range(33):
                idc = br.ue()
                if idc == 3:
                    break
                if idc > 3:
                    raise InvalidData("illegal modification_of_pic_nums_idc %d" % idc)
                br.ue()
            else:
                raise InvalidData("reference count overflow")


def _skip_pred_weight_table(br: BitReader, sps: SPS, ref_count: tuple[int, int], lists: int) -> None:
    br.ue()                              # luma_log2_weight_denom
    chroma = sps.chroma_format_idc != 0
    if chroma:
        br.ue()
    for lst in range(lists):
        for _ in range(ref_count[lst]):
            if br.flag():
                br.se()
                br.se()
            if chroma and br.flag():
                for _ in range(4):
                    br.se()


def _mmco_reset(br: BitReader) -> bool:
    reset = False
    for _ in range(66):
        op = br.ue()
        if op == 0:
            return reset
        if op > 6:
            return reset             # FFmpeg 5.1.9: reported, the header is still used
        if op in (1, 3):
            br.ue()
        if op == 2:
            br.ue()
        if op in (3, 6):
            br.ue()
        if op == 4:
            br.ue()
        if op == 5:
            reset = True
    return reset


def parse_slice_header(nal: bytes, sps_map: dict[int, SPS], pps_map: dict[int, PPS]) -> tuple[SliceHeader, SPS, PPS]:
    """Parse a slice NAL (types 1 and 5) header; returns the header and its active SPS/PPS."""
    # only the first bytes are needed; 64 covers any header this parse reaches in practice
    br = BitReader(unescape_rbsp(nal[1:1 + 512]))
    sh = SliceHeader(ref_idc=(nal[0] >> 5) & 3, idr=(nal[0] & 0x1F) == 5)
    sh.first_mb = br.ue()
    st = br.ue()
    if st > 9:
        raise InvalidData("slice type %d too large" % st)
    sh.slice_type = SLICE_TYPES[st % 5]
    sh.pps_id = br.ue()
    pps = pps_map.get(sh.pps_id)
    if pps is None:
        raise InvalidData("non-existing PPS %d referenced" % sh.pps_id)
    sps = sps_map.get(pps.sps_id)
    if sps is None:
        raise InvalidData("non-existing SPS %d referenced" % pps.sps_id)
    sh.frame_num = br.u(sps.log2_max_frame_num)
    if not sps.frame_mbs_only and br.flag():
        sh.structure = PICT_BOTTOM if br.flag() else PICT_TOP
    if sh.idr:
        br.ue()                          # idr_pic_id
    if sps.poc_type == 0:
        sh.poc_lsb = br.u(sps.log2_max_poc_lsb)
        if pps.pic_order_present and sh.structure == PICT_FRAME:
            sh.delta_poc_bottom = br.se()
    elif sps.poc_type == 1 and not sps.delta_pic_order_always_zero:
        d0 = br.se()
        d1 = br.se() if pps.pic_order_present and sh.structure == PICT_FRAME else 0
        sh.delta_poc = (d0, d1)
    try:
        _decoder_fields(br, sh, sps, pps)
    except InvalidData as exc:
        sh.decodable = False
        sh.refusal = exc.detail if exc.detail.endswith("\n") else ""
    return sh, sps, pps


def _decoder_fields(br: BitReader, sh: SliceHeader, sps: SPS, pps: PPS) -> None:
    """The rest of the header, which only the decoder reads and checks (h264_slice.c)."""
    if sh.idr and sh.slice_type not in ("I", "SI"):
        raise InvalidData("A non-intra slice in an IDR NAL unit.\n")
    if pps.redundant_pic_cnt_present:
        br.ue()
    if sh.slice_type == "B":
        br.u(1)                          # direct_spatial_mv_pred_flag
    ref_count = pps.ref_count
    lists = 0
    if sh.slice_type in ("P", "SP", "B"):
        lists = 2 if sh.slice_type == "B" else 1
        if br.flag():                    # num_ref_idx_active_override_flag
            r0 = br.ue() + 1
            r1 = br.ue() + 1 if lists == 2 else 1
            ref_count = (r0, r1)
        limit = 32 if sh.structure != PICT_FRAME else 16
        if ref_count[0] > limit or (lists == 2 and ref_count[1] > limit):
            raise InvalidData("reference overflow %d > %d or %d > %d\n"
                              % ((ref_count[0] - 1) & 0xFFFFFFFF, limit - 1,
                                 (ref_count[1] - 1) & 0xFFFFFFFF, limit - 1))
    _skip_ref_list_modification(br, lists)
    if (pps.weighted_pred and sh.slice_type in ("P", "SP")) or \
            (pps.weighted_bipred_idc == 1 and sh.slice_type == "B"):
        _skip_pred_weight_table(br, sps, ref_count, lists)
    if sh.ref_idc:
        if sh.idr:
            br.u(2)
        elif br.flag():                  # adaptive_ref_pic_marking_mode_flag
            sh.mmco_reset = _mmco_reset(br)
    if pps.cabac and sh.slice_type not in ("I", "SI"):
        idc = ue31(br)
        if idc > 2:
            raise InvalidData("cabac_init_idc %d overflow\n" % idc)
    qp = pps.init_qp + 6 * (sps.bit_depth_luma - 8) + br.se()
    if qp < 0 or qp > 51 + 6 * (sps.bit_depth_luma - 8):
        raise InvalidData("QP %d out of range\n" % (qp & 0xFFFFFFFF))
    if sh.slice_type == "SP":
        br.u(1)
    if sh.slice_type in ("SP", "SI"):
        br.se()
    if pps.deblocking_filter_control_present:
        idc = ue31(br)
        if idc > 2:
            raise InvalidData("deblocking_filter_idc %d out of range\n" % idc)
        if idc != 1:
            a, b = br.se(), br.se()
            if not (-6 <= a <= 6 and -6 <= b <= 6):
                raise InvalidData("deblocking filter parameters %d %d out of range\n" % (a, b))


class PocState:
    """The decoder's picture order count state (prev_poc_msb/lsb, frame_num offsets)."""

    def __init__(self) -> None:
        self.idr()

    def idr(self) -> None:
        self.prev_frame_num = 0
        self.prev_frame_num_offset = 0
        self.prev_poc_msb = 1 << 16
        self.prev_poc_lsb = -1

    def compute(self, sh: SliceHeader, sps: SPS) -> tuple[int, int]:
        """Field POCs of a picture (top, bottom) as 8.2.1 derives them."""
        max_frame_num = 1 << sps.log2_max_frame_num
        self.frame_num_offset = self.prev_frame_num_offset
        if sh.frame_num < self.prev_frame_num:
            self.frame_num_offset += max_frame_num
        self.frame_num = sh.frame_num
        if sps.poc_type == 0:
            max_lsb = 1 << sps.log2_max_poc_lsb
            if self.prev_poc_lsb < 0:
                self.prev_poc_lsb = sh.poc_lsb
            if sh.poc_lsb < self.prev_poc_lsb and self.prev_poc_lsb - sh.poc_lsb >= max_lsb // 2:
                msb = self.prev_poc_msb + max_lsb
            elif sh.poc_lsb > self.prev_poc_lsb and self.prev_poc_lsb - sh.poc_lsb < -(max_lsb // 2):
                msb = self.prev_poc_msb - max_lsb
            else:
                msb = self.prev_poc_msb
            self.poc_msb, self.poc_lsb = msb, sh.poc_lsb
            top = bottom = msb + sh.poc_lsb
            if sh.structure == PICT_FRAME:
                bottom += sh.delta_poc_bottom
        elif sps.poc_type == 1:
            cycle = sps.offset_for_ref_frame
            abs_frame_num = self.frame_num_offset + sh.frame_num if cycle else 0
            if sh.ref_idc == 0 and abs_frame_num > 0:
                abs_frame_num -= 1
            expected = 0
            if abs_frame_num > 0:
                cnt, in_cycle = divmod(abs_frame_num - 1, len(cycle))
                expected = cnt * sum(cycle) + sum(cycle[:in_cycle + 1])
            if sh.ref_idc == 0:
                expected += sps.offset_for_non_ref_pic
            top = expected + sh.delta_poc[0]
            bottom = top + sps.offset_for_top_to_bottom_field
            if sh.structure == PICT_FRAME:
                bottom += sh.delta_poc[1]
        else:
            poc = 2 * (self.frame_num_offset + sh.frame_num)
            if not sh.ref_idc:
                poc -= 1
            top = bottom = poc
        return top, bottom

    def end_picture(self, sh: SliceHeader) -> None:
        """ff_h264_field_end: carry the state to the next picture."""
        if sh.ref_idc:
            if hasattr(self, "poc_msb"):
                self.prev_poc_msb = self.poc_msb
                self.prev_poc_lsb = self.poc_lsb
        self.prev_frame_num_offset = self.frame_num_offset
        self.prev_frame_num = 0 if sh.mmco_reset else self.frame_num
