"""HEVC picture parameter set (ITU-T H.265 7.3.2.3.1, 7.3.2.3.2 range extension): the ids
and the checks a decoder applies before it stores a PPS, which tell whether a slice that
names it can activate an SPS.

FFmpeg 5.1.9: a PPS whose SPS is not stored yet is refused ("SPS %u does not exist."), so
parameter sets only count in stream order.
"""
from __future__ import annotations

from ...record import Record

from ...bitstream.bitreader import BitReader, unescape_rbsp
from ...errors import CineError, InvalidData
from .vps_sps import rbsp_bits, scaling_list_data

PROFILE_REXT = 4

MAX_PPS_COUNT = 64
MAX_SPS_COUNT = 16


class HevcPPS(Record):
    pps_id: int
    sps_id: int
    dependent_slice_segments: bool = False
    num_extra_slice_header_bits: int = 0
    sps: object = None                               # the HevcSPS it was checked against

    def __init__(self, pps_id, sps_id, dependent_slice_segments=False,
                 num_extra_slice_header_bits=0, sps=None):
        self.pps_id = pps_id
        self.sps_id = sps_id
        self.dependent_slice_segments = dependent_slice_segments
        self.num_extra_slice_header_bits = num_extra_slice_header_bits
        self.sps = sps


def payload_reader(nal: bytes) -> BitReader:
    """A reader over the RBSP after the 2-byte NAL header that ends where the reference's
    does (h2645 get_bit_length): before the stop bit and the zeros after it."""
    rbsp = unescape_rbsp(nal[2:])
    br = BitReader(rbsp)
    br.size = rbsp_bits(rbsp)
    return br


def parse_pps(nal: bytes, sps_list: dict) -> HevcPPS:
    """Parse a PPS NAL unit (2-byte header included) against the stored SPSs (id -> HevcSPS);
    InvalidData (its detail the reference's error line where it logs one) when the reference
    refuses to store it, an overread included."""
    br = payload_reader(nal)
    try:
        pps_id = br.ue()
        if pps_id >= MAX_PPS_COUNT:
            raise InvalidData("PPS id out of range: %d\n" % pps_id)
        sps_id = br.ue()
        if sps_id >= MAX_SPS_COUNT:
            raise InvalidData("SPS id out of range: %d\n" % sps_id)
        sps = sps_list.get(sps_id)
        if sps is None:
            raise InvalidData("SPS %d does not exist.\n" % sps_id)
        pps = HevcPPS(pps_id, sps_id, sps=sps)
        pps.dependent_slice_segments = br.flag()
        br.skip(1)                                   # output_flag_present_flag
        pps.num_extra_slice_header_bits = br.u(3)
        br.skip(2)                                   # sign_data_hiding, cabac_init_present
        br.ue(), br.ue()                             # num_ref_idx_l0/l1_default_active_minus1
        br.se()                                      # init_qp_minus26
        br.skip(1)                                   # constrained_intra_pred_flag
        transform_skip = br.flag()
        depth = br.ue() if br.flag() else 0          # diff_cu_qp_delta_depth
        if depth > sps.log2_diff_max_min_cb:
            raise InvalidData("diff_cu_qp_delta_depth %d is invalid\n" % depth)
        for name in ("cb", "cr"):
            offset = br.se()
            if not -12 <= offset <= 12:
                raise InvalidData("pps_%s_qp_offset out of range: %d\n" % (name, offset))
        br.skip(3)                                   # chroma qp offsets, weighted pred/bipred
        br.skip(1)                                   # transquant_bypass_enable_flag
        tiles = br.flag()
        br.skip(1)                                   # entropy_coding_sync_enabled_flag
        if tiles:
            _tiles(br, sps)
        br.skip(1)                                   # loop_filter_across_slices
        if br.flag():                                # deblocking_filter_control_present
            br.skip(1)                               # deblocking_filter_override_enabled
            if not br.flag():                        # pps_deblocking_filter_disabled_flag
                for name in ("beta", "tc"):
                    offset = br.se()
                    if not -6 <= offset <= 6:
                        raise InvalidData("pps_%s_offset_div2 out of range: %d\n"
                                          % (name, offset))
        if br.flag():                                # pps_scaling_list_data_present_flag
            scaling_list_data(br)
        br.skip(1)                                   # lists_modification_present_flag
        merge = br.ue()
        if merge > sps.log2_ctb_size:
            raise InvalidData("log2_parallel_merge_level_minus2 out of range: %d\n" % merge)
        br.skip(1)                                   # slice_segment_header_extension
        if br.flag():                                # pps_extension_present_flag
            range_ext = br.flag()
            br.skip(7)
            if sps.profile_idc == PROFILE_REXT and range_ext:
                _range_extension(br, sps, transform_skip)
    except InvalidData:
        raise
    except CineError as exc:                         # "Overread PPS": it is not stored
        raise InvalidData("Overread PPS\n") from exc
    return pps


def _tiles(br: BitReader, sps) -> None:
    cols, rows = br.ue(), br.ue()
    if cols >= sps.ctb_width:
        raise InvalidData("num_tile_columns_minus1 out of range: %d\n" % cols)
    if rows >= sps.ctb_height:
        raise InvalidData("num_tile_rows_minus1 out of range: %d\n" % rows)
    if not br.flag():                                # uniform_spacing_flag
        if sum(br.ue() + 1 for _ in range(cols)) >= sps.ctb_width:
            raise InvalidData("Invalid tile widths.\n")
        if sum(br.ue() + 1 for _ in range(rows)) >= sps.ctb_height:
            raise InvalidData("Invalid tile heights.\n")
    br.skip(1)                                       # loop_filter_across_tiles_enabled_flag


def _range_extension(br: BitReader, sps, transform_skip: bool) -> None:
    if transform_skip:
        br.ue()                                      # log2_max_transform_skip_block_size
    br.skip(1)                                       # cross_component_prediction
    if br.flag():                                    # chroma_qp_offset_list_enabled_flag
        br.ue()
        n = br.ue()
        if n > 5:
            raise InvalidData("chroma_qp_offset_list_len_minus1 shall be in the range [0, 5].\n")
        for _ in range(2 * (n + 1)):
            br.se()
    luma, chroma = br.ue(), br.ue()
    if luma > max(sps.bit_depth - 10, 0) or chroma > max(sps.bit_depth_chroma - 10, 0):
        raise InvalidData("log2_sao_offset_scale out of range")
