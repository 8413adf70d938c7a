"""H.265 VPS id and sequence parameter set + VUI parsing (ITU-T H.265 7.3.2.1, 7.3.2.2,
7.3.3 profile_tier_level, 7.3.7 st_ref_pic_set, Annex E.2.1) for the values the decoder exports."""
from __future__ import annotations

from ...record import FACTORY, Record

from ...bitstream.bitreader import BitReader, unescape_rbsp
from ...errors import CineError, InvalidData

# Table E-1 (shared with H.264)
VUI_SAR = (
    (0, 1), (1, 1), (12, 11), (10, 11), (16, 11), (40, 33), (24, 11), (20, 11), (32, 11),
    (80, 33), (18, 11), (15, 11), (64, 33), (160, 99), (4, 3), (3, 2), (2, 1),
)
OVERREAD = "bitstream overread"               # BitReader's detail at the end of the data
PADDING = 64                                  # AV_INPUT_BUFFER_PADDING_SIZE
SUB_WIDTH_C = (1, 2, 2, 1)
SUB_HEIGHT_C = (1, 2, 1, 1)
MAX_DPB_SIZE = 16


class HevcSPS(Record):
    vps_id: int = 0
    sps_id: int = 0
    max_sub_layers: int = 1
    profile_idc: int = 0
    level_idc: int = 0
    chroma_format_idc: int = 1
    width: int = 0
    height: int = 0
    win: list[int]   # left right top bottom
    vui_num_units_in_tick: int = 0
    vui_time_scale: int = 0
    bit_depth: int = 8
    pix_fmt: str | None = None
    num_reorder_pics: list[int]
    sar: tuple[int, int] = (0, 1)
    video_signal_type_present: bool = False
    full_range: bool = False
    colour_description_present: bool = False
    colour_primaries: int = 2
    transfer_characteristics: int = 2
    matrix_coeffs: int = 2
    chroma_loc_present: bool = False
    chroma_loc_top: int = 0
    field_seq: bool = False
    frame_field_info_present: bool = False
    # coding tree geometry (what a PPS is checked against)
    log2_ctb_size: int = 4
    log2_diff_max_min_cb: int = 0
    bit_depth_chroma: int = 8

    def __init__(self, vps_id=0, sps_id=0, max_sub_layers=1, profile_idc=0, level_idc=0,
                 chroma_format_idc=1, width=0, height=0, win=FACTORY, vui_num_units_in_tick=0,
                 vui_time_scale=0, bit_depth=8, pix_fmt=None, num_reorder_pics=FACTORY, sar=(0, 1),
                 video_signal_type_present=False, full_range=False,
                 colour_description_present=False, colour_primaries=2, transfer_characteristics=2,
                 matrix_coeffs=2, chroma_loc_present=False, chroma_loc_top=0, field_seq=False,
                 frame_field_info_present=False, log2_ctb_size=4, log2_diff_max_min_cb=0,
                 bit_depth_chroma=8):
        self.vps_id = vps_id
        self.sps_id = sps_id
        self.max_sub_layers = max_sub_layers
        self.profile_idc = profile_idc
        self.level_idc = level_idc
        self.chroma_format_idc = chroma_format_idc
        self.width = width
        self.height = height
        self.win = [0, 0, 0, 0] if win is FACTORY else win
        self.vui_num_units_in_tick = vui_num_units_in_tick
        self.vui_time_scale = vui_time_scale
        self.bit_depth = bit_depth
        self.pix_fmt = pix_fmt
        self.num_reorder_pics = [] if num_reorder_pics is FACTORY else num_reorder_pics
        self.sar = sar
        self.video_signal_type_present = video_signal_type_present
        self.full_range = full_range
        self.colour_description_present = colour_description_present
        self.colour_primaries = colour_primaries
        self.transfer_characteristics = transfer_characteristics
        self.matrix_coeffs = matrix_coeffs
        self.chroma_loc_present = chroma_loc_present
        self.chroma_loc_top = chroma_loc_top
        self.field_seq = field_seq
        self.frame_field_info_present = frame_field_info_present
        self.log2_ctb_size = log2_ctb_size
        self.log2_diff_max_min_cb = log2_diff_max_min_cb
        self.bit_depth_chroma = bit_depth_chroma

    @property
    def ctb_width(self) -> int:
        return (self.width + (1 << self.log2_ctb_size) - 1) >> self.log2_ctb_size

    @property
    def ctb_height(self) -> int:
        return (self.height + (1 << self.log2_ctb_size) - 1) >> self.log2_ctb_size

    @property
    def out_width(self) -> int:
        return self.width - self.win[0] - self.win[1]

    @property
    def out_height(self) -> int:
        return self.height - self.win[2] - self.win[3]


def int32(v: int) -> int:
    """A value the reference holds in an int (get_ue_golomb_long's unsigned result)."""
    v &= 0xFFFFFFFF
    return v - (1 << 32) if v >= 1 << 31 else v


def _pix_fmt(depth: int, chroma: int) -> str:
    if depth not in (8, 9, 10, 12):
        raise InvalidData("The following bit-depths are currently specified: 8, 9, 10 and 12 "
                          "bits, chroma_format_idc is %d, depth is %d\n" % (chroma, int32(depth)))
    if depth == 8:
        return ("gray", "yuv420p", "yuv422p", "yuv444p")[chroma]
    return ("gray%dle", "yuv420p%dle", "yuv422p%dle", "yuv444p%dle")[chroma] % depth


def _ptl(br: BitReader, sps: HevcSPS, max_sub_layers: int) -> None:
    if br.bits_left < 2 + 1 + 5 + 32 + 4 + 43 + 1 + 8:
        raise InvalidData("PTL information too short\n")
    br.u(2)
    br.u(1)
    profile = br.u(5)
    for i in range(32):
        if br.u(1) and profile == 0 and i > 0:
            profile = i
    br.skip(4 + 43 + 1)
    sps.profile_idc = profile
    sps.level_idc = br.u(8)
    sub_profile = []
    sub_level = []
    for _ in range(max_sub_layers - 1):
        sub_profile.append(br.u(1))
        sub_level.append(br.u(1))
    if max_sub_layers > 1:
        for _ in range(max_sub_layers - 1, 8):
            br.u(2)
    for i in range(max_sub_layers - 1):
        if sub_profile[i]:
            br.skip(88)
        if sub_level[i]:
            br.skip(8)


def scaling_list_data(br: BitReader) -> None:
    """scaling_list_data (7.3.4) with the reference's checks: a predicted matrix must name
    an earlier one, a DC coefficient must lie in 1..255."""
    for size_id in range(4):
        step = 3 if size_id == 3 else 1
        for matrix_id in range(0, 6, step):
            if not br.u(1):
                delta = br.ue() * step
                if matrix_id < delta:
                    raise InvalidData("Invalid delta in scaling list data: %d.\n"
                                      % ((delta + 0x80000000) % (1 << 32) - 0x80000000))
            else:
                coef_num = min(64, 1 << (4 + (size_id << 1)))
                if size_id > 1 and not -7 <= br.se() <= 247:
                    raise InvalidData("scaling_list_dc_coef_minus8 out of range")
                for _ in range(coef_num):
                    br.se()


def _st_rps(br: BitReader, idx: int, counts: list[int]) -> int:
    """st_ref_pic_set(idx) in an SPS; returns NumDeltaPocs."""
    if idx and br.u(1):                  # inter_ref_pic_set_prediction_flag
        ref = counts[idx - 1]
        br.u(1)
        if br.ue() + 1 > 1 << 15:
            raise InvalidData("Invalid value of abs_delta_rps")
        k = 0
        for _ in range(ref + 1):
            used = br.u(1)
            if used or br.u(1):
                k += 1
        if k > MAX_DPB_SIZE * 2:
            raise InvalidData("Invalid num_delta_pocs")
        return k
    neg = br.ue()
    pos = br.ue()
    if neg >= MAX_DPB_SIZE or pos >= MAX_DPB_SIZE:
        raise InvalidData("Too many refs in a short term RPS.")
    for _ in range(neg + pos):
        br.ue()
        br.u(1)
    return neg + pos


def _vui(br: BitReader, sps: HevcSPS) -> None:
    if br.flag():
        idx = br.u(8)
        if idx < len(VUI_SAR):
            sps.sar = VUI_SAR[idx]
        elif idx == 255:
            sps.sar = (br.u(16), br.u(16))
    if br.flag():
        br.u(1)
    sps.video_signal_type_present = br.flag()
    if sps.video_signal_type_present:
        br.u(3)
        sps.full_range = br.flag()
        sps.colour_description_present = br.flag()
        if sps.full_range and sps.pix_fmt == "yuv420p":
            sps.pix_fmt = "yuvj420p"
        if sps.colour_description_present:
            sps.colour_primaries = br.u(8)
            sps.transfer_characteristics = br.u(8)
            sps.matrix_coeffs = br.u(8)
            if sps.matrix_coeffs == 0:
                sps.pix_fmt = {"yuv444p": "gbrp", "yuv444p10le": "gbrp10le",
                               "yuv444p12le": "gbrp12le"}.get(sps.pix_fmt, sps.pix_fmt)
    sps.chroma_loc_present = br.flag()
    if sps.chroma_loc_present:
        sps.chroma_loc_top = br.ue()
        br.ue()
    br.u(1)                              # neutral_chroma_indication_flag
    sps.field_seq = br.flag()
    sps.frame_field_info_present = br.flag()
    # display window, then the timing the hevc parser turns into a frame rate (raw streams)
    try:
        if br.flag():
            for _ in range(4):
                br.ue()
        if br.flag():
            sps.vui_num_units_in_tick = br.u(32)
            sps.vui_time_scale = br.u(32)
    except CineError:
        pass


def parse_sps(nal: bytes, vps_ids: set[int] | None = None) -> HevcSPS:
    """Parse an SPS NAL unit (2-byte header included)."""
    br = BitReader(unescape_rbsp(nal[2:]))
    sps = HevcSPS()
    sps.vps_id = br.u(4)
    if vps_ids is not None and sps.vps_id not in vps_ids:
        raise InvalidData("VPS %d does not exist\n" % sps.vps_id)
    sps.max_sub_layers = br.u(3) + 1
    if sps.max_sub_layers > 7:
        raise InvalidData("sps_max_sub_layers out of range: %d\n" % sps.max_sub_layers)
    br.u(1)
    _ptl(br, sps, sps.max_sub_layers)
    sps.sps_id = br.ue()
    if sps.sps_id >= 16:
        raise InvalidData("SPS id out of range: %d\n" % sps.sps_id)
    sps.chroma_format_idc = br.ue()
    if sps.chroma_format_idc > 3:
        raise InvalidData("chroma_format_idc %d is invalid\n" % int32(sps.chroma_format_idc))
    if sps.chroma_format_idc == 3 and br.flag():
        sps.chroma_format_idc = 0
    sps.width = br.ue()
    sps.height = br.ue()
    if not sps.width or not sps.height or (sps.width + 128) * (sps.height + 128) >= 0x7FFFFFFF // 8:
        raise InvalidData("Picture size is invalid")
    if br.flag():
        hm, vm = SUB_WIDTH_C[sps.chroma_format_idc], SUB_HEIGHT_C[sps.chroma_format_idc]
        sps.win = [br.ue() * hm, br.ue() * hm, br.ue() * vm, br.ue() * vm]
    sps.bit_depth = br.ue() + 8
    depth_chroma = sps.bit_depth_chroma = br.ue() + 8
    if sps.chroma_format_idc and depth_chroma != sps.bit_depth:
        raise InvalidData("Luma bit depth (%d) is different from chroma bit depth (%d), this is "
                          "unsupported.\n" % (int32(sps.bit_depth), int32(depth_chroma)))
    sps.pix_fmt = _pix_fmt(sps.bit_depth, sps.chroma_format_idc)
    log2_max_poc_lsb = br.ue() + 4
    if log2_max_poc_lsb > 16:
        raise InvalidData("log2_max_pic_order_cnt_lsb_minus4 out range: %d\n"
                          % int32(log2_max_poc_lsb - 4))
    ordering = br.flag()
    start = 0 if ordering else sps.max_sub_layers - 1
    reorder = [0] * sps.max_sub_layers
    for i in range(start, sps.max_sub_layers):
        max_dec = br.ue() + 1
        reorder[i] = br.ue()
        br.ue()
        if max_dec > MAX_DPB_SIZE:
            raise InvalidData("sps_max_dec_pic_buffering_minus1 out of range: %d\n"
                              % int32(max_dec - 1))
        if reorder[i] > max_dec - 1 and reorder[i] > MAX_DPB_SIZE - 1:
            raise InvalidData("sps_max_num_reorder_pics out of range")
    for i in range(start):
        reorder[i] = reorder[start]
    sps.num_reorder_pics = reorder
    log2_min_cb = br.ue() + 3
    log2_diff_cb = br.ue()
    log2_min_tb = br.ue() + 2
    log2_diff_tb = br.ue()
    if not 3 <= log2_min_cb <= 30 or log2_diff_cb > 30 or not 2 <= log2_min_tb < log2_min_cb \
            or log2_diff_tb > 30:
        raise InvalidData("invalid coding block sizes")
    br.ue()
    br.ue()
    if br.flag() and br.flag():          # scaling_list_enabled, sps_scaling_list_data_present
        scaling_list_data(br)
    br.u(1)
    br.u(1)
    if br.flag():                        # pcm_enabled_flag
        pcm_depth = br.u(4) + 1
        pcm_depth_c = br.u(4) + 1
        br.ue()
        br.ue()
        if max(pcm_depth, pcm_depth_c) > sps.bit_depth:
            raise InvalidData("PCM bit depth is greater than normal bit depth")
        br.u(1)
    nb_st_rps = br.ue()
    if nb_st_rps > 64:
        raise InvalidData("Too many short term RPS")
    counts: list[int] = []
    for i in range(nb_st_rps):
        counts.append(_st_rps(br, i, counts))
    if br.flag():                        # long_term_ref_pics_present_flag
        n = br.ue()
        if n > 32:
            raise InvalidData("num_long_term_ref_pics_sps out of range")
        for _ in range(n):
            br.u(log2_max_poc_lsb)
            br.u(1)
    br.u(1)
    br.u(1)
    if br.flag():                        # vui_parameters_present_flag
        _vui(br, sps)
    left, right, top, bottom = sps.win
    if left + right >= sps.width or top + bottom >= sps.height:
        sps.win = [0, 0, 0, 0]
    log2_ctb = log2_min_cb + log2_diff_cb
    sps.log2_ctb_size, sps.log2_diff_max_min_cb = log2_ctb, log2_diff_cb
    if log2_ctb > 6 or log2_ctb < 4:
        raise InvalidData("CTB size out of range")
    if sps.width % (1 << log2_min_cb) or sps.height % (1 << log2_min_cb):
        raise InvalidData("Invalid coded frame dimensions.")
    return sps


class HevcVPS(Record):
    vps_id: int
    num_units_in_tick: int = 0
    time_scale: int = 0

    def __init__(self, vps_id, num_units_in_tick=0, time_scale=0):
        self.vps_id = vps_id
        self.num_units_in_tick = num_units_in_tick
        self.time_scale = time_scale


def rbsp_bits(rbsp: bytes) -> int:
    """The RBSP's length in bits without the stop bit and what follows it (the reference's
    h2645 get_bit_length, NAL header excluded)."""
    body = rbsp.rstrip(b"\x00")
    if not body:
        return 0
    last = body[-1]
    return 8 * len(body) - (last & -last).bit_length()


def parse_vps(nal: bytes) -> HevcVPS:
    """A VPS NAL unit (2-byte header included, 7.3.2.1) as far as the reference checks it
    before storing it; InvalidData (the reference's error line) when it refuses it. Reading
    stops, accepting the VPS, at its HRD parameters."""
    rbsp = unescape_rbsp(nal[2:])
    size = rbsp_bits(rbsp)
    # FFmpeg 5.1.9: past the end the reader sees the stop bit, then the zero padding
    br = BitReader(rbsp + bytes(PADDING))
    try:
        vps = HevcVPS(br.u(4))
        if br.u(2) != 3:
            raise InvalidData("vps_reserved_three_2bits is not three\n")
        br.skip(6)
        subs = br.u(3) + 1
        br.skip(1)
        if br.u(16) != 0xFFFF:
            raise InvalidData("vps_reserved_ffff_16bits is not 0xffff\n")
        if subs > 7:
            raise InvalidData("vps_max_sub_layers out of range: %d\n" % subs)
        _ptl(br, HevcSPS(), subs)
        for _ in range(0 if br.flag() else subs - 1, subs):
            dpb = br.ue() + 1
            br.ue(), br.ue()
            if dpb > MAX_DPB_SIZE:
                raise InvalidData("vps_max_dec_pic_buffering_minus1 out of range: %d\n"
                                  % (dpb - 1))
        max_layer_id = br.u(6)
        sets = br.ue() + 1
        if sets > 1024 or (sets - 1) * (max_layer_id + 1) > size - br.pos:
            raise InvalidData("too many layer_id_included_flags\n")
        br.skip((sets - 1) * (max_layer_id + 1))
        if br.flag():                                # vps_timing_info_present_flag
            vps.num_units_in_tick, vps.time_scale = br.u(32), br.u(32)
            if br.flag():
                br.ue()                              # vps_num_ticks_poc_diff_one_minus1
            hrd = br.ue()
            if hrd > sets:
                raise InvalidData("vps_num_hrd_parameters %d is invalid\n" % hrd)
    except InvalidData as exc:
        if exc.detail != OVERREAD or br.pos < 4:
            raise
    return vps


def vps_id(nal: bytes) -> int:
    """video_parameter_set_id of a VPS NAL unit."""
    if len(nal) < 3:
        raise InvalidData("VPS too short")
    return nal[2] >> 4
