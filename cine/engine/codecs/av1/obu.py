"""AV1 OBU framing, sequence header OBU and the start of the uncompressed frame header
(AV1 Bitstream & Decoding Process Specification 5.3, 5.5, 5.9.2-5.9.6)."""
from __future__ import annotations

from ...record import FACTORY, Record
from ...bitstream.bitreader import BitReader
from ...errors import InvalidData

OBU_SEQUENCE_HEADER, OBU_TEMPORAL_DELIMITER, OBU_FRAME_HEADER, OBU_FRAME = 1, 2, 3, 6
KEY_FRAME, INTER_FRAME, INTRA_ONLY_FRAME, SWITCH_FRAME = 0, 1, 2, 3


def leb128(data: bytes, pos: int) -> tuple[int, int]:
    value = 0
    for i in range(8):
        if pos >= len(data):
            raise InvalidData("truncated leb128")
        b = data[pos]
        pos += 1
        value |= (b & 0x7F) << (7 * i)
        if not b & 0x80:
            return value, pos
    return value, pos


class Obu(Record):
    type: int
    temporal_id: int
    spatial_id: int
    payload: bytes

    def __init__(self, type, temporal_id, spatial_id, payload):
        self.type = type
        self.temporal_id = temporal_id
        self.spatial_id = spatial_id
        self.payload = payload


def split_obus(data: bytes) -> list[Obu]:
    """Low-overhead OBU stream (5.2) as carried in ISOBMFF samples and av1C configOBUs."""
    out = []
    pos = 0
    while pos < len(data):
        h = data[pos]
        if h & 0x80:
            raise InvalidData("forbidden bit set")
        typ = (h >> 3) & 0xF
        ext = h & 4
        has_size = h & 2
        pos += 1
        tid = sid = 0
        if ext:
            if pos >= len(data):
                raise InvalidData("truncated OBU header")
            tid, sid = data[pos] >> 5, (data[pos] >> 3) & 3
            pos += 1
        if has_size:
            size, pos = leb128(data, pos)
        else:
            size = len(data) - pos
        if size > len(data) - pos:
            raise InvalidData("OBU size past the end")
        out.append(Obu(typ, tid, sid, bytes(data[pos:pos + size])))
        pos += size
    return out


class SequenceHeader(Record):
    profile: int = 0
    still_picture: bool = False
    reduced_still_picture_header: bool = False
    timing_info_present: bool = False
    equal_picture_interval: bool = False
    decoder_model_info_present: bool = False
    buffer_removal_time_length: int = 0
    frame_presentation_time_length: int = 0
    operating_point_idc: list[int]
    seq_level_idx: list[int]
    decoder_model_present: list[bool]
    frame_width_bits: int = 0
    frame_height_bits: int = 0
    max_frame_width: int = 0
    max_frame_height: int = 0
    frame_id_numbers_present: bool = False
    frame_id_length: int = 0
    force_screen_content_tools: int = 2
    force_integer_mv: int = 2
    order_hint_bits: int = 0
    enable_order_hint: bool = False
    enable_superres: bool = False
    bit_depth: int = 8
    mono_chrome: bool = False
    colour_primaries: int = 2
    transfer_characteristics: int = 2
    matrix_coefficients: int = 2
    color_range: int = 0
    subsampling_x: int = 1
    subsampling_y: int = 1
    chroma_sample_position: int = 0
    film_grain_params_present: bool = False

    def __init__(self, profile=0, still_picture=False, reduced_still_picture_header=False,
                 timing_info_present=False, equal_picture_interval=False,
                 decoder_model_info_present=False, buffer_removal_time_length=0,
                 frame_presentation_time_length=0, operating_point_idc=FACTORY,
                 seq_level_idx=FACTORY, decoder_model_present=FACTORY, frame_width_bits=0,
                 frame_height_bits=0, max_frame_width=0, max_frame_height=0,
                 frame_id_numbers_present=False, frame_id_length=0, force_screen_content_tools=2,
                 force_integer_mv=2, order_hint_bits=0, enable_order_hint=False,
                 enable_superres=False, bit_depth=8, mono_chrome=False, colour_primaries=2,
                 transfer_characteristics=2, matrix_coefficients=2, color_range=0, subsampling_x=1,
                 subsampling_y=1, chroma_sample_position=0, film_grain_params_present=False):
        self.profile = profile
        self.still_picture = still_picture
        self.reduced_still_picture_header = reduced_still_picture_header
        self.timing_info_present = timing_info_present
        self.equal_picture_interval = equal_picture_interval
        self.decoder_model_info_present = decoder_model_info_present
        self.buffer_removal_time_length = buffer_removal_time_length
        self.frame_presentation_time_length = frame_presentation_time_length
        self.operating_point_idc = [] if operating_point_idc is FACTORY else operating_point_idc
        self.seq_level_idx = [] if seq_level_idx is FACTORY else seq_level_idx
        self.decoder_model_present = [] if decoder_model_present is FACTORY else decoder_model_present
        self.frame_width_bits = frame_width_bits
        self.frame_height_bits = frame_height_bits
        self.max_frame_width = max_frame_width
        self.max_frame_height = max_frame_height
        self.frame_id_numbers_present = frame_id_numbers_present
        self.frame_id_length = frame_id_length
        self.force_screen_content_tools = force_screen_content_tools
        self.force_integer_mv = force_integer_mv
        self.order_hint_bits = order_hint_bits
        self.enable_order_hint = enable_order_hint
        self.enable_superres = enable_superres
        self.bit_depth = bit_depth
        self.mono_chrome = mono_chrome
        self.colour_primaries = colour_primaries
        self.transfer_characteristics = transfer_characteristics
        self.matrix_coefficients = matrix_coefficients
        self.color_range = color_range
        self.subsampling_x = subsampling_x
        self.subsampling_y = subsampling_y
        self.chroma_sample_position = chroma_sample_position
        self.film_grain_params_present = film_grain_params_present


def _uvlc(br: BitReader) -> int:
    zeros = 0
    while not br.u(1):
        zeros += 1
        if zeros >= 32:
            return (1 << 32) - 1
    return br.u(zeros) + (1 << zeros) - 1


def parse_sequence_header(payload: bytes) -> SequenceHeader:
    br = BitReader(payload)
    sh = SequenceHeader()
    sh.profile = br.u(3)
    if sh.profile > 2:
        raise InvalidData("invalid seq_profile")
    sh.still_picture = br.flag()
    sh.reduced_still_picture_header = br.flag()
    if sh.reduced_still_picture_header:
        sh.operating_point_idc = [0]
        sh.seq_level_idx = [br.u(5)]
        sh.decoder_model_present = [False]
    else:
        sh.timing_info_present = br.flag()
        buffer_delay_length = 0
        if sh.timing_info_present:
            br.u(32)
            br.u(32)
            sh.equal_picture_interval = br.flag()
            if sh.equal_picture_interval:
                _uvlc(br)
            sh.decoder_model_info_present = br.flag()
            if sh.decoder_model_info_present:
                buffer_delay_length = br.u(5) + 1
                br.u(32)
                sh.buffer_removal_time_length = br.u(5) + 1
                sh.frame_presentation_time_length = br.u(5) + 1
        initial_display_delay_present = br.flag()
        for _ in range(br.u(5) + 1):
            sh.operating_point_idc.append(br.u(12))
            level = br.u(5)
            sh.seq_level_idx.append(level)
            if level > 7:
                br.u(1)
            present = False
            if sh.decoder_model_info_present:
                present = br.flag()
                if present:
                    br.u(buffer_delay_length)
                    br.u(buffer_delay_length)
                    br.u(1)
            sh.decoder_model_present.append(present)
            if initial_display_delay_present and br.flag():
                br.u(4)
    sh.frame_width_bits = br.u(4) + 1
    sh.frame_height_bits = br.u(4) + 1
    sh.max_frame_width = br.u(sh.frame_width_bits) + 1
    sh.max_frame_height = br.u(sh.frame_height_bits) + 1
    if not sh.reduced_still_picture_header:
        sh.frame_id_numbers_present = br.flag()
    if sh.frame_id_numbers_present:
        delta = br.u(4) + 2
        sh.frame_id_length = br.u(3) + 1 + delta
    br.u(3)                              # 128x128 superblock, filter intra, intra edge
    if not sh.reduced_still_picture_header:
        br.u(4)                          # interintra, masked, warped, dual filter
        sh.enable_order_hint = br.flag()
        if sh.enable_order_hint:
            br.u(2)                      # jnt_comp, ref_frame_mvs
        if br.flag():                    # seq_choose_screen_content_tools
            sh.force_screen_content_tools = 2
        else:
            sh.force_screen_content_tools = br.u(1)
        if sh.force_screen_content_tools > 0:
            sh.force_integer_mv = 2 if br.flag() else br.u(1)
        else:
            sh.force_integer_mv = 2
        if sh.enable_order_hint:
            sh.order_hint_bits = br.u(3) + 1
    sh.enable_superres = br.flag()
    br.u(2)                              # cdef, restoration
    _color_config(br, sh)
    sh.film_grain_params_present = br.flag()
    return sh


def _color_config(br: BitReader, sh: SequenceHeader) -> None:
    high = br.flag()
    if sh.profile == 2 and high:
        sh.bit_depth = 12 if br.flag() else 10
    else:
        sh.bit_depth = 10 if high else 8
    sh.mono_chrome = False if sh.profile == 1 else br.flag()
    if br.flag():
        sh.colour_primaries = br.u(8)
        sh.transfer_characteristics = br.u(8)
        sh.matrix_coefficients = br.u(8)
    if sh.mono_chrome:
        sh.color_range = br.u(1)
        sh.subsampling_x = sh.subsampling_y = 1
        return
    if sh.colour_primaries == 1 and sh.transfer_characteristics == 13 and sh.matrix_coefficients == 0:
        sh.color_range = 1
        sh.subsampling_x = sh.subsampling_y = 0
    else:
        sh.color_range = br.u(1)
        if sh.profile == 0:
            sh.subsampling_x = sh.subsampling_y = 1
        elif sh.profile == 1:
            sh.subsampling_x = sh.subsampling_y = 0
        elif sh.bit_depth == 12:
            sh.subsampling_x = br.u(1)
            sh.subsampling_y = br.u(1) if sh.subsampling_x else 0
        else:
            sh.subsampling_x, sh.subsampling_y = 1, 0
        if sh.subsampling_x and sh.subsampling_y:
            sh.chroma_sample_position = br.u(2)
    br.u(1)                              # separate_uv_delta_q


class FrameSize(Record):
    show_frame: bool
    frame_type: int
    upscaled_width: int
    frame_height: int
    render_width: int
    render_height: int

    def __init__(self, show_frame, frame_type, upscaled_width, frame_height, render_width,
                 render_height):
        self.show_frame = show_frame
        self.frame_type = frame_type
        self.upscaled_width = upscaled_width
        self.frame_height = frame_height
        self.render_width = render_width
        self.render_height = render_height


def parse_frame_size(payload: bytes, seq: SequenceHeader, temporal_id: int = 0,
                     spatial_id: int = 0) -> FrameSize | None:
    """The frame and render size of an intra frame header (5.9.2); None for the other kinds
    (their size comes from reference frames)."""
    br = BitReader(payload)
    if seq.reduced_still_picture_header:
        frame_type, show_frame, error_res = KEY_FRAME, True, True
    else:
        if br.flag():                    # show_existing_frame
            return None
        frame_type = br.u(2)
        show_frame = br.flag()
        if show_frame and seq.decoder_model_info_present and not seq.equal_picture_interval:
            br.u(seq.frame_presentation_time_length)
        if not show_frame:
            br.u(1)                      # showable_frame
        if frame_type == SWITCH_FRAME or (frame_type == KEY_FRAME and show_frame):
            error_res = True
        else:
            error_res = br.flag()
    if frame_type not in (KEY_FRAME, INTRA_ONLY_FRAME):
        return None
    br.u(1)                              # disable_cdf_update
    screen = br.u(1) if seq.force_screen_content_tools == 2 else seq.force_screen_content_tools
    if screen and seq.force_integer_mv == 2:
        br.u(1)
    if seq.frame_id_numbers_present:
        br.u(seq.frame_id_length)
    override = False if seq.reduced_still_picture_header else br.flag()
    br.u(seq.order_hint_bits)
    if seq.decoder_model_info_present and br.flag():   # buffer_removal_time_present_flag
        for idc, present in zip(seq.operating_point_idc, seq.decoder_model_present):
            if present:
                in_t = (idc >> temporal_id) & 1
                in_s = (idc >> (spatial_id + 8)) & 1
                if idc == 0 or (in_t and in_s):
                    br.u(seq.buffer_removal_time_length)
    refresh = 0xFF
    if not (frame_type == KEY_FRAME and show_frame):
        refresh = br.u(8)
    if refresh != 0xFF and error_res and seq.enable_order_hint:
        for _ in range(8):
            br.u(seq.order_hint_bits)
    if override:
        width = br.u(seq.frame_width_bits) + 1
        height = br.u(seq.frame_height_bits) + 1
    else:
        width, height = seq.max_frame_width, seq.max_frame_height
    upscaled = width
    if seq.enable_superres and br.flag():
        br.u(3)
    if br.flag():                        # render_and_frame_size_different
        rw = br.u(16) + 1
        rh = br.u(16) + 1
    else:
        rw, rh = upscaled, height
    return FrameSize(show_frame, frame_type, upscaled, height, rw, rh)
