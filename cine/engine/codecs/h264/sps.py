"""H.264 sequence parameter set and VUI parsing (ITU-T H.264 7.3.2.1.1 and Annex E.1.1).

Produces the values libavcodec's H.264 decoder derives from an SPS: profile, level, bit depth,
chroma format, coded/cropped size, sample aspect ratio, colour description, chroma location,
reorder depth. Errors raise InvalidData (the reference rejects the SPS in the same cases).
"""
from __future__ import annotations

from ...record import FACTORY, Record
from ...bitstream.bitreader import BitReader, unescape_rbsp
from ...errors import InvalidData

MAX_DPB_FRAMES = 16
EXTENDED_SAR = 255

# Table E-1, aspect_ratio_idc 0..16
PIXEL_ASPECT = (
    (0, 1), (1, 1), (12, 11), (10, 11), (16, 11), (40, 33), (24, 11), (20, 11), (32, 11),
    (80, 33), (18, 11), (15, 11), (64, 33), (160, 99), (4, 3), (3, 2), (2, 1),
)

# Table A-1: (level_idc, MaxDpbMbs)
LEVEL_MAX_DPB_MBS = (
    (10, 396), (11, 900), (12, 2376), (13, 2376), (20, 2376), (21, 4752), (22, 8100),
    (30, 8100), (31, 18000), (32, 20480), (40, 32768), (41, 32768), (42, 34816),
    (50, 110400), (51, 184320), (52, 184320),
)

# profile_idc values whose SPS carries chroma_format_idc, bit depths and scaling lists
_HIGH_PROFILES = frozenset((100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 144))


class SPS(Record):
    sps_id: int = 0
    profile_idc: int = 0
    constraint_flags: int = 0          # bit i = constraint_set{i}_flag
    level_idc: int = 0
    chroma_format_idc: int = 1
    bit_depth_luma: int = 8
    bit_depth_chroma: int = 8
    separate_colour_plane: bool = False
    log2_max_frame_num: int = 4
    poc_type: int = 0
    log2_max_poc_lsb: int = 4
    delta_pic_order_always_zero: bool = False
    offset_for_non_ref_pic: int = 0
    offset_for_top_to_bottom_field: int = 0
    offset_for_ref_frame: list[int]
    ref_frame_count: int = 0
    mb_width: int = 0
    mb_height: int = 0                 # in frame macroblock rows (already doubled for fields)
    frame_mbs_only: bool = True
    mb_aff: bool = False
    crop_left: int = 0                 # in luma samples
    crop_right: int = 0
    crop_top: int = 0
    crop_bottom: int = 0
    vui_present: bool = False
    sar: tuple[int, int] = (0, 1)
    video_signal_type_present: bool = False
    full_range: int = -1
    colour_description_present: bool = False
    colour_primaries: int = 2
    transfer_characteristics: int = 2
    matrix_coefficients: int = 2
    chroma_location: int = 1           # AVChromaLocation: left unless signalled
    timing_info_present: bool = False
    num_units_in_tick: int = 0
    time_scale: int = 0
    nal_hrd: bool = False
    vcl_hrd: bool = False
    pic_struct_present: bool = False
    cpb_removal_delay_length: int = 24
    dpb_output_delay_length: int = 24
    time_offset_length: int = 24
    bitstream_restriction: bool = False
    num_reorder_frames: int = 0
    transform_bypass: bool = False     # qpprime_y_zero_transform_bypass_flag
    scaling_lists: list | None = None  # seq_scaling_matrix_present: read_scaling_matrices()
    direct_8x8_inference: bool = False
    raw: bytes = b""

    def __init__(self, sps_id=0, profile_idc=0, constraint_flags=0, level_idc=0,
                 chroma_format_idc=1, bit_depth_luma=8, bit_depth_chroma=8,
                 separate_colour_plane=False, log2_max_frame_num=4, poc_type=0, log2_max_poc_lsb=4,
                 delta_pic_order_always_zero=False, offset_for_non_ref_pic=0,
                 offset_for_top_to_bottom_field=0, offset_for_ref_frame=FACTORY, ref_frame_count=0,
                 mb_width=0, mb_height=0, frame_mbs_only=True, mb_aff=False, crop_left=0,
                 crop_right=0, crop_top=0, crop_bottom=0, vui_present=False, sar=(0, 1),
                 video_signal_type_present=False, full_range=-1, colour_description_present=False,
                 colour_primaries=2, transfer_characteristics=2, matrix_coefficients=2,
                 chroma_location=1, timing_info_present=False, num_units_in_tick=0, time_scale=0,
                 nal_hrd=False, vcl_hrd=False, pic_struct_present=False,
                 cpb_removal_delay_length=24, dpb_output_delay_length=24, time_offset_length=24,
                 bitstream_restriction=False, num_reorder_frames=0, transform_bypass=False,
                 scaling_lists=None, direct_8x8_inference=False, raw=b""):
        self.sps_id = sps_id
        self.profile_idc = profile_idc
        self.constraint_flags = constraint_flags
        self.level_idc = level_idc
        self.chroma_format_idc = chroma_format_idc
        self.bit_depth_luma = bit_depth_luma
        self.bit_depth_chroma = bit_depth_chroma
        self.separate_colour_plane = separate_colour_plane
        self.log2_max_frame_num = log2_max_frame_num
        self.poc_type = poc_type
        self.log2_max_poc_lsb = log2_max_poc_lsb
        self.delta_pic_order_always_zero = delta_pic_order_always_zero
        self.offset_for_non_ref_pic = offset_for_non_ref_pic
        self.offset_for_top_to_bottom_field = offset_for_top_to_bottom_field
        self.offset_for_ref_frame = [] if offset_for_ref_frame is FACTORY else offset_for_ref_frame
        self.ref_frame_count = ref_frame_count
        self.mb_width = mb_width
        self.mb_height = mb_height
        self.frame_mbs_only = frame_mbs_only
        self.mb_aff = mb_aff
        self.crop_left = crop_left
        self.crop_right = crop_right
        self.crop_top = crop_top
        self.crop_bottom = crop_bottom
        self.vui_present = vui_present
        self.sar = sar
        self.video_signal_type_present = video_signal_type_present
        self.full_range = full_range
        self.colour_description_present = colour_description_present
        self.colour_primaries = colour_primaries
        self.transfer_characteristics = transfer_characteristics
        self.matrix_coefficients = matrix_coefficients
        self.chroma_location = chroma_location
        self.timing_info_present = timing_info_present
        self.num_units_in_tick = num_units_in_tick
        self.time_scale = time_scale
        self.nal_hrd = nal_hrd
        self.vcl_hrd = vcl_hrd
        self.pic_struct_present = pic_struct_present
        self.cpb_removal_delay_length = cpb_removal_delay_length
        self.dpb_output_delay_length = dpb_output_delay_length
        self.time_offset_length = time_offset_length
        self.bitstream_restriction = bitstream_restriction
        self.num_reorder_frames = num_reorder_frames
        self.transform_bypass = transform_bypass
        self.scaling_lists = scaling_lists
        self.direct_8x8_inference = direct_8x8_inference
        self.raw = raw

    @property
    def profile(self) -> int:
        """FF_PROFILE_H264_* as ff_h264_get_profile derives it."""
        p = self.profile_idc
        if p == 66 and self.constraint_flags & 2:
            p |= 512                   # FF_PROFILE_H264_CONSTRAINED
        elif p in (110, 122, 244) and self.constraint_flags & 8:
            p |= 2048                  # FF_PROFILE_H264_INTRA
        return p

    @property
    def coded_width(self) -> int:
        return 16 * self.mb_width

    @property
    def coded_height(self) -> int:
        return 16 * self.mb_height


def _scaling_list(br: BitReader, size: int):
    """One scaling_list(): its values in scan (zig-zag) order, or "default" when the first
    delta makes useDefaultScalingMatrixFlag true."""
    last = 8
    nxt = 8
    values = []
    for j in range(size):
        if nxt:
            delta = br.se()
            if delta < -128 or delta > 127:
                raise InvalidData("delta scale out of range")
            nxt = (last + delta) & 0xFF
            if j == 0 and not nxt:
                # the remaining deltas are not read (nextScale stays 0)
                return "default"
        if nxt:
            last = nxt
        values.append(last)
    return tuple(values)


def read_scaling_matrices(br: BitReader, count: int) -> list:
    """seq/pic_scaling_matrix_present: `count` lists, 6 of 4x4 then 8x8 ones (7.3.2.1.1.1);
    each None when not present, "default" (useDefaultScalingMatrixFlag) or its values."""
    return [_scaling_list(br, 16 if i < 6 else 64) if br.flag() else None for i in range(count)]


def _hrd(br: BitReader, sps: SPS) -> None:
    cpb_cnt = br.ue() + 1
    if cpb_cnt > 32:
        raise InvalidData("invalid cpb_cnt")
    br.u(4)
    br.u(4)
    for _ in range(cpb_cnt):
        br.ue()
        br.ue()
        br.u(1)
    br.u(5)                             # initial_cpb_removal_delay_length_minus1
    sps.cpb_removal_delay_length = br.u(5) + 1
    sps.dpb_output_delay_length = br.u(5) + 1
    sps.time_offset_length = br.u(5)


def _vui(br: BitReader, sps: SPS) -> None:
    if br.flag():
        idc = br.u(8)
        if idc == EXTENDED_SAR:
            sps.sar = (br.u(16), br.u(16))
        elif idc < len(PIXEL_ASPECT):
            sps.sar = PIXEL_ASPECT[idc]
        else:
            raise InvalidData("illegal aspect ratio")
    else:
        sps.sar = (0, 0)
    if br.flag():                       # overscan_info_present_flag
        br.u(1)
    sps.video_signal_type_present = br.flag()
    if sps.video_signal_type_present:
        br.u(3)                         # video_format
        sps.full_range = br.u(1)
        sps.colour_description_present = br.flag()
        if sps.colour_description_present:
            sps.colour_primaries = br.u(8)
            sps.transfer_characteristics = br.u(8)
            sps.matrix_coefficients = br.u(8)
    if br.flag():                       # chroma_loc_info_present_flag
        sps.chroma_location = br.ue() + 1
        br.ue()
    else:
        sps.chroma_location = 1
    # FFmpeg 5.1.9: a VUI cut short right after the chroma location is accepted as is.
    if br.bits_left > 0 and br.bits_left < 10 and \
            (br.data[br.pos >> 3] >> (7 - (br.pos & 7))) & 1:
        return
    sps.timing_info_present = br.flag()
    if sps.timing_info_present:
        nu = br.u(32)
        ts = br.u(32)
        if nu and ts:
            sps.num_units_in_tick, sps.time_scale = nu, ts
        else:
            sps.timing_info_present = False
        br.u(1)                         # fixed_frame_rate_flag
    sps.nal_hrd = br.flag()
    if sps.nal_hrd:
        _hrd(br, sps)
    sps.vcl_hrd = br.flag()
    if sps.vcl_hrd:
        _hrd(br, sps)
    if sps.nal_hrd or sps.vcl_hrd:
        br.u(1)                         # low_delay_hrd_flag
    sps.pic_struct_present = br.flag()
    if br.bits_left <= 0:
        return
    sps.bitstream_restriction = br.flag()
    if sps.bitstream_restriction:
        try:
            br.u(1)
            for _ in range(4):
                br.ue()
            sps.num_reorder_frames = br.ue()
            br.ue()                     # max_dec_frame_buffering
        except InvalidData:
            sps.num_reorder_frames = 0
            sps.bitstream_restriction = False
            return
        if sps.num_reorder_frames > 16:
            raise InvalidData("Clipping illegal num_reorder_frames")


def parse_sps(nal: bytes) -> SPS:
    """Parse an SPS NAL unit (header byte included, emulation prevention still present)."""
    rbsp = unescape_rbsp(nal[1:])
    br = BitReader(rbsp)
    sps = SPS(raw=bytes(nal))
    sps.profile_idc = br.u(8)
    flags = br.u(8)
    sps.constraint_flags = sum(((flags >> (7 - i)) & 1) << i for i in range(6))
    sps.level_idc = br.u(8)
    sps.sps_id = br.ue()
    if sps.sps_id >= 32:
        raise InvalidData("sps_id out of range")
    if sps.profile_idc in _HIGH_PROFILES:
        sps.chroma_format_idc = br.ue()
        if sps.chroma_format_idc > 3:
            raise InvalidData("chroma_format_idc")
        if sps.chroma_format_idc == 3:
            sps.separate_colour_plane = br.flag()
            if sps.separate_colour_plane:
                raise InvalidData("separate color planes are not supported")
        sps.bit_depth_luma = br.ue() + 8
        sps.bit_depth_chroma = br.ue() + 8
        if sps.bit_depth_chroma != sps.bit_depth_luma:
            raise InvalidData("Different chroma and luma bit depth")
        if not 8 <= sps.bit_depth_luma <= 14:
            raise InvalidData("illegal bit depth value")
        sps.transform_bypass = br.flag()
        if br.flag():                   # seq_scaling_matrix_present_flag
            sps.scaling_lists = read_scaling_matrices(br, 8 if sps.chroma_format_idc != 3 else 12)
    t = br.ue()
    if t > 12:
        raise InvalidData("log2_max_frame_num_minus4 out of range")
    sps.log2_max_frame_num = t + 4
    sps.poc_type = br.ue()
    if sps.poc_type == 0:
        t = br.ue()
        if t > 12:
            raise InvalidData("log2_max_poc_lsb out of range")
        sps.log2_max_poc_lsb = t + 4
    elif sps.poc_type == 1:
        sps.delta_pic_order_always_zero = br.flag()
        sps.offset_for_non_ref_pic = br.se()
        sps.offset_for_top_to_bottom_field = br.se()
        n = br.ue()
        if n >= 256:
            raise InvalidData("poc_cycle_length overflow")
        sps.offset_for_ref_frame = [br.se() for _ in range(n)]
    elif sps.poc_type != 2:
        raise InvalidData("illegal POC type")
    sps.ref_frame_count = br.ue()
    if sps.ref_frame_count > MAX_DPB_FRAMES:
        raise InvalidData("too many reference frames")
    br.u(1)                             # gaps_in_frame_num_value_allowed_flag
    sps.mb_width = br.ue() + 1
    sps.mb_height = br.ue() + 1
    sps.frame_mbs_only = br.flag()
    sps.mb_height *= 2 - sps.frame_mbs_only
    if not sps.frame_mbs_only:
        sps.mb_aff = br.flag()
    w, h = 16 * sps.mb_width, 16 * sps.mb_height
    # av_image_check_size: (w+128)*(h+128) < INT_MAX/8
    if w >= (1 << 31) // 16 or h >= (1 << 31) // 16 or (w + 128) * (h + 128) >= 0x7FFFFFFF // 8:
        raise InvalidData("mb_width/height overflow")
    sps.direct_8x8_inference = br.flag()
    if br.flag():                       # frame_cropping_flag
        cl, cr, ct, cb = br.ue(), br.ue(), br.ue(), br.ue()
        vsub = 1 if sps.chroma_format_idc == 1 else 0
        hsub = 1 if sps.chroma_format_idc in (1, 2) else 0
        step_x = 1 << hsub
        step_y = (2 - sps.frame_mbs_only) << vsub
        if (cl + cr) * step_x >= w or (ct + cb) * step_y >= h:
            raise InvalidData("crop values invalid")
        sps.crop_left, sps.crop_right = cl * step_x, cr * step_x
        sps.crop_top, sps.crop_bottom = ct * step_y, cb * step_y
    sps.vui_present = br.flag()
    if sps.vui_present:
        _vui(br, sps)
    if not sps.bitstream_restriction and sps.ref_frame_count:
        sps.num_reorder_frames = MAX_DPB_FRAMES - 1
        for level, max_dpb_mbs in LEVEL_MAX_DPB_MBS:
            if level == sps.level_idc:
                sps.num_reorder_frames = min(max_dpb_mbs // (sps.mb_width * sps.mb_height),
                                             sps.num_reorder_frames)
                break
    if not sps.sar[1]:
        sps.sar = (sps.sar[0], 1)
    return sps
