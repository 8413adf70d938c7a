"""H.264 sequence parameter set and VUI parsing (ITU-T H.264 7.3.2.1.1 and Annex E.1.1).

Produces the values libavcodec's H.264 decoder derives from an SPS: profile, level, bit depth,
chroma format, coded/cropped size, sample aspect ratio, colour description, chroma location,
reorder depth. Errors raise InvalidData (the reference rejects the SPS in the same cases).
"""
from __future__ import annotations

from ...record import FACTORY, Record
from ...bitstream.bitreader import BitReader, unescape_rbsp
from ...errors import InvalidData
from ...log import ERROR, WARNING
from ..missing import missing_feature

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
    gaps_in_frame_num_allowed: bool = False
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
    chroma_location: int = 0           # AVChromaLocation: unspecified without a VUI, left in one
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
                 gaps_in_frame_num_allowed=False, mb_width=0, mb_height=0, frame_mbs_only=True, mb_aff=False, crop_left=0,
                 crop_right=0, crop_top=0, crop_bottom=0, vui_present=False, sar=(0, 1),
                 video_signal_type_present=False, full_range=-1, colour_description_present=False,
                 colour_primaries=2, transfer_characteristics=2, matrix_coefficients=2,
                 chroma_location=0, timing_info_present=False, num_units_in_tick=0, time_scale=0,
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
        self.gaps_in_frame_num_allowed = gaps_in_frame_num_allowed
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


def _hrd(br: BitReader, sps: SPS, log) -> None:
    cpb_cnt = ue31(br) + 1
    if cpb_cnt > 32:
        raise refuse(log, "cpb_count %d invalid\n" % cpb_cnt)
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


def _vui(br: BitReader, sps: SPS, log) -> None:
    if br.flag():
        idc = br.u(8)
        if idc == EXTENDED_SAR:
            sps.sar = (br.u(16), br.u(16))
        elif idc < len(PIXEL_ASPECT):
            sps.sar = PIXEL_ASPECT[idc]
        else:
            raise refuse(log, "illegal aspect ratio\n")
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
        sps.chroma_location = ue31(br) + 1
        ue31(br)
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
            if log is not None:
                log(ERROR, "time_scale/num_units_in_tick invalid or unsupported (%d/%d)\n"
                    % (ts, nu))
            sps.timing_info_present = False
        br.u(1)                         # fixed_frame_rate_flag
    sps.nal_hrd = br.flag()
    if sps.nal_hrd:
        _hrd(br, sps, log)
    sps.vcl_hrd = br.flag()
    if sps.vcl_hrd:
        _hrd(br, sps, log)
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
                ue31(br)
            sps.num_reorder_frames = ue31(br)
            ue31(br)                   # max_dec_frame_buffering
            if br.bits_left < 0:
                raise InvalidData("bitstream overread")
        except InvalidData:
            sps.num_reorder_frames = 0
            sps.bitstream_restriction = False
            return
        if sps.num_reorder_frames > 16:
            raise refuse(log, "Clipping illegal num_reorder_frames %d\n" % sps.num_reorder_frames)


def _int32(v: int) -> int:
    """An unsigned value printed with %d."""
    v &= 0xFFFFFFFF
    return v - (1 << 32) if v >= 1 << 31 else v


def ue31(br: BitReader) -> int:
    """get_ue_golomb_31: a 9-bit table look-up; a code with five or more leading zeros reads
    as 32 (31 for exactly 00000 1 00000), whatever follows, skipping the table's length."""
    pos = br.pos
    end = pos + 9
    chunk = br.data[pos >> 3:(end + 7) >> 3].ljust(((end + 7) >> 3) - (pos >> 3), b"\0")
    window = (int.from_bytes(chunk, "big") >> (len(chunk) * 8 - (end - (pos & ~7)))) & 0x1FF
    if window >= 16:
        return br.ue()
    br.pos = pos + _UE31_LEN[window]
    return 31 if window == 8 else 32


_UE31_LEN = (19, 17, 15, 15, 13, 13, 13, 13) + (11,) * 8
_INT32_MIN = -(1 << 31)


def refuse(log, message: str):
    """The reference's av_log(ERROR) before a refused SPS; the InvalidData to raise."""
    if log is not None:
        log(ERROR, message)
    return InvalidData(message)


def report_missing(log, what: str, sample: bool = False) -> InvalidData:
    """avpriv_report_missing_feature / avpriv_request_sample before a refused parameter set:
    its warning lines (the feature and " is not implemented..." in two calls, as the
    reference logs them); the InvalidData to raise."""
    if log is not None:
        lines = missing_feature(what, sample)
        log(WARNING, what)
        log(WARNING, lines[0][len(what):])
        for line in lines[1:]:
            log(WARNING, line)
    return InvalidData(what)


def parse_sps(nal: bytes, log=None, escaped: bool = True) -> SPS:
    """Parse an SPS NAL unit (header byte included, emulation prevention still present; with
    escaped=False the bytes are read as they are, as the reference's decoder does on its
    second try). log(level, message) gets what ff_h264_decode_seq_parameter_set logs; a
    refused SPS raises InvalidData with its error line."""
    rbsp = unescape_rbsp(nal[1:]) if escaped else nal[1:]
    br = BitReader(rbsp)
    sps = SPS(raw=bytes(nal))
    sps.profile_idc = br.u(8)
    flags = br.u(8)
    sps.constraint_flags = sum(((flags >> (7 - i)) & 1) << i for i in range(6))
    sps.level_idc = br.u(8)
    sps.sps_id = ue31(br)
    if sps.sps_id >= 32:
        raise refuse(log, "sps_id %d out of range\n" % sps.sps_id)
    if sps.profile_idc in _HIGH_PROFILES:
        sps.chroma_format_idc = ue31(br)
        if sps.chroma_format_idc > 3:
            raise report_missing(log, "chroma_format_idc %d" % sps.chroma_format_idc, True)
        if sps.chroma_format_idc == 3:
            sps.separate_colour_plane = br.flag()
            if sps.separate_colour_plane:
                raise refuse(log, "separate color planes are not supported\n")
        sps.bit_depth_luma = ue31(br) + 8
        sps.bit_depth_chroma = ue31(br) + 8
        if sps.bit_depth_chroma != sps.bit_depth_luma:
            raise report_missing(log, "Different chroma and luma bit depth", True)
        if not 8 <= sps.bit_depth_luma <= 14:
            raise refuse(log, "illegal bit depth value (%d, %d)\n"
                        % (sps.bit_depth_luma, sps.bit_depth_chroma))
        sps.transform_bypass = br.flag()
        if br.flag():                   # seq_scaling_matrix_present_flag
            sps.scaling_lists = read_scaling_matrices(br, 8 if sps.chroma_format_idc != 3 else 12)
    t = ue31(br)
    if t > 12:
        raise refuse(log, "log2_max_frame_num_minus4 out of range (0-12): %d\n" % t)
    sps.log2_max_frame_num = t + 4
    sps.poc_type = ue31(br)
    if sps.poc_type == 0:
        t = ue31(br)
        if t > 12:
            raise refuse(log, "log2_max_poc_lsb (%d) is out of range\n" % t)
        sps.log2_max_poc_lsb = t + 4
    elif sps.poc_type == 1:
        sps.delta_pic_order_always_zero = br.flag()
        sps.offset_for_non_ref_pic = br.se()
        sps.offset_for_top_to_bottom_field = br.se()
        if _INT32_MIN in (sps.offset_for_non_ref_pic, sps.offset_for_top_to_bottom_field):
            raise refuse(log, "offset_for_non_ref_pic or offset_for_top_to_bottom_field is out "
                             "of range\n")
        n = br.ue()
        if n >= 256:
            raise refuse(log, "poc_cycle_length overflow %d\n" % n)
        sps.offset_for_ref_frame = []
        for _ in range(n):
            sps.offset_for_ref_frame.append(br.se())
            if sps.offset_for_ref_frame[-1] == _INT32_MIN:
                raise refuse(log, "offset_for_ref_frame is out of range\n")
    elif sps.poc_type != 2:
        raise refuse(log, "illegal POC type %d\n" % sps.poc_type)
    sps.ref_frame_count = ue31(br)
    if sps.ref_frame_count > MAX_DPB_FRAMES:
        raise refuse(log, "too many reference frames %d\n" % sps.ref_frame_count)
    sps.gaps_in_frame_num_allowed = br.flag()
    sps.mb_width = br.ue() + 1
    sps.mb_height = br.ue() + 1
    sps.frame_mbs_only = br.flag()
    if sps.mb_height >= 0x7FFFFFFF // 2:
        raise refuse(log, "height overflow\n")
    sps.mb_height *= 2 - sps.frame_mbs_only
    if not sps.frame_mbs_only:
        sps.mb_aff = br.flag()
    w, h = 16 * sps.mb_width, 16 * sps.mb_height
    # av_image_check_size: (w+128)*(h+128) < INT_MAX/8
    if w >= (1 << 31) // 16 or h >= (1 << 31) // 16 or (w + 128) * (h + 128) >= 0x7FFFFFFF // 8:
        raise refuse(log, "mb_width/height overflow\n")
    sps.direct_8x8_inference = br.flag()
    if br.flag():                       # frame_cropping_flag
        cl, cr, ct, cb = br.ue(), br.ue(), br.ue(), br.ue()
        vsub = 1 if sps.chroma_format_idc == 1 else 0
        hsub = 1 if sps.chroma_format_idc in (1, 2) else 0
        step_x = 1 << hsub
        step_y = (2 - sps.frame_mbs_only) << vsub
        lim_x, lim_y = 0x7FFFFFFF // 4 // step_x, 0x7FFFFFFF // 4 // step_y
        if cl > lim_x or cr > lim_x or ct > lim_y or cb > lim_y \
                or (cl + cr) * step_x >= w or (ct + cb) * step_y >= h:
            raise refuse(log, "crop values invalid %d %d %d %d / %d %d\n"
                        % (_int32(cl), _int32(cr), _int32(ct), _int32(cb), w, h))
        sps.crop_left, sps.crop_right = cl * step_x, cr * step_x
        sps.crop_top, sps.crop_bottom = ct * step_y, cb * step_y
    sps.vui_present = br.flag()
    if sps.vui_present:
        _vui(br, sps, log)
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
