"""H.264 stream analysis for probing: what avformat_find_stream_info leaves in codecpar after
the h264 parser and decoder saw the avcC and the first access units (ITU-T H.264 7.3, Annex E).

FFmpeg 5.1.9: ffprobe prints coded size, refs and the private options (is_avc,
nal_length_size) from a second, freshly opened decoder context: coded size = the stream's
width/height, refs = 1, and the avcC decides is_avc/nal_length_size.
"""
from __future__ import annotations

from ...errors import InvalidData
from ...model import Rational
from .. import colour
from ..sei import ALTERNATIVE_TRANSFER, USER_DATA_REGISTERED, a53_cc_present, preferred_transfer, sei_messages
from ...log import WARNING, Logger
from .avcc import parse_avcc
from .framing import decoder_split, parser_nals
from .pps import parse_pps
from .slice import PICT_BOTTOM, PICT_FRAME, PICT_TOP, PocState, parse_slice_header
from .sps import MAX_DPB_FRAMES, SPS, parse_sps, ue31
from ...bitstream.bitreader import BitReader, unescape_rbsp

INT_MIN = -(1 << 31)
NAL_SLICE, NAL_IDR, NAL_SEI, NAL_SPS, NAL_PPS = 1, 5, 6, 7, 8
SEI_PIC_TIMING, SEI_RECOVERY_POINT = 1, 6


def pix_fmt(sps: SPS, colorspace: str | None, color_range: str | None) -> str | None:
    """get_pixel_format: the software format the decoder picks (h264_slice.c)."""
    depth = sps.bit_depth_luma
    c444 = sps.chroma_format_idc == 3
    c422 = sps.chroma_format_idc == 2
    rgb = colorspace == "gbr"
    if depth == 8:
        jpeg = color_range == "pc"
        if c444:
            return "gbrp" if rgb else ("yuvj444p" if jpeg else "yuv444p")
        if c422:
            return "yuvj422p" if jpeg else "yuv422p"
        return "yuvj420p" if jpeg else "yuv420p"
    if depth in (9, 10, 12, 14):
        if c444:
            return ("gbrp%d" if rgb else "yuv444p%d") % depth + "le"
        return ("yuv422p%dle" if c422 else "yuv420p%dle") % depth
    return None


class _Pic:
    __slots__ = ("poc", "key", "mmco_reset", "recovered", "field_poc", "structure",
                 "frame_num", "pict_type")

    def __init__(self) -> None:
        self.field_poc = [0x7FFFFFFF, 0x7FFFFFFF]
        self.key = False
        self.mmco_reset = False
        self.recovered = False


class _Decoder:
    """The parts of the H.264 decoder state that decide codecpar values."""

    def __init__(self, stream) -> None:
        par = stream.codecpar
        self.par = par
        self.a53_pending = False
        self.closed_captions = False
        self.sps_map: dict[int, SPS] = {}
        self.pps_map = {}
        self.is_avc = False
        self.nal_length_size = 0
        self.has_b_frames = max(par.video_delay, 0)
        self.active: SPS | None = None
        self.pix_fmt = None
        self.width_from_caller = par.width
        self.height_from_caller = par.height
        self.poc = PocState()
        self.last_pocs = [INT_MIN] * MAX_DPB_FRAMES
        self.delayed: list[_Pic] = []
        self.next_outputed_poc = INT_MIN
        self.nb_decoded = 0
        self.cur: _Pic | None = None
        self.first_field = False
        self.prev_sh = None
        self.frame_recovered = False
        self.recovery_cnt = -1
        self.field_order_from_parser: str | None = None
        self.profile = None
        self.level = None

    # -- parameter sets -------------------------------------------------------------
    def add_sps(self, nal: bytes, log: Logger | None = None, decoder: bool = False) -> None:
        """The parser reads an SPS once, the decoder up to three times (decoder_sps)."""
        emit = log.log if log is not None else None
        try:
            sps = decoder_sps(nal, emit) if decoder else parse_sps(nal, emit)
        except InvalidData:
            return
        self.sps_map[sps.sps_id] = sps

    def add_pps(self, nal: bytes, log: Logger | None = None) -> None:
        try:
            pps = parse_pps(nal, set(self.sps_map), log.log if log is not None else None)
        except InvalidData:
            return
        self.pps_map[pps.pps_id] = pps

    def load_extradata(self, data: bytes) -> None:
        try:
            cfg = parse_avcc(data)
        except InvalidData:
            if data and data[0] == 1:
                self.is_avc = True
            return
        self.is_avc = cfg.is_avc
        self.nal_length_size = cfg.nal_length_size if cfg.is_avc else 0
        for nal in cfg.nals:
            self.nal(nal)

    def nal(self, nal: bytes, log: Logger | None = None, decoder: bool = False) -> None:
        if not nal:
            return
        t = nal[0] & 0x1F
        if t == NAL_SPS:
            self.add_sps(nal, log, decoder)
        elif t == NAL_PPS:
            self.add_pps(nal, log)

    # -- SEI ---------------------------------------------------------------------------
    @staticmethod
    def sei(nal: bytes) -> dict:
        out: dict = {}
        for ptype, payload in sei_messages(nal[1:]):
            out.setdefault(ptype, payload)
        return out

    # -- access units --------------------------------------------------------------------
    def parse_packet(self, data: bytes, decode: bool, log: Logger) -> None:
        """The parser pass (profile/level/field order) and, when decode, the decoder pass;
        each logs what the reference's h264 parser and decoder log for broken framing."""
        self.parser_pass(data, log)
        if decode:
            self.decode_pass(data, log)

    def parser_pass(self, data: bytes, log: Logger) -> None:
        """h264_parser.c parse_nal_units: NAL units up to the first slice."""
        nals, events, found = parser_nals(data, self.is_avc, self.nal_length_size)
        for level, message in events:
            log.log(level, message)
        if not found:
            nals = [nal for nal in nals if nal[0] & 0x1F not in (NAL_SLICE, NAL_IDR)]
        seis: dict = {}
        for nal in nals:
            t = nal[0] & 0x1F
            if t in (NAL_SPS, NAL_PPS):
                self.nal(nal, log)
            elif t == NAL_SEI:
                for k, v in self.sei(nal).items():
                    seis.setdefault(k, v)
            elif t in (NAL_SLICE, NAL_IDR):
                if self.has_b_frames == 0 and _parser_b_slice(nal):
                    # FFmpeg 5.1.9 compute_pkt_fields: a packet the parser typed B (from the
                    # slice_type it reads before checking the PPS) means a decoding delay
                    self.has_b_frames = 1
                if self._slice_pps_missing(nal, log, False):
                    return
                try:
                    sh, sps, _ = parse_slice_header(nal, self.sps_map, self.pps_map)
                except InvalidData:
                    return
                self.parser_slice(sh, sps, seis)
                return

    def decode_pass(self, data: bytes, log: Logger) -> None:
        """h264dec.c decode_nal_units: split the whole packet, then headers and slices."""
        n = len(data)
        if self.nal_length_size == 4:
            # FFmpeg 5.1.9: the decoder guesses the framing of each packet anew
            first = int.from_bytes(data[:4], "big") if n >= 4 else 0
            if n > 8 and first == 1 and int.from_bytes(data[5:9], "big") > n:
                self.is_avc = False
            elif n > 3 and 1 < first <= n:
                self.is_avc = True
        kept, events, ok = decoder_split(data, self.is_avc, self.nal_length_size)
        for level, message in events:
            log.log(level, message)
        if not ok:
            log.error("Error splitting the input into NAL units.\n")
            return
        seis: dict = {}
        has_slice = started = False
        frame_num = 0
        for nal in kept:
            t = nal[0] & 0x1F
            if t in (NAL_SPS, NAL_PPS):
                self.nal(nal, log, decoder=True)
            elif t == NAL_SEI:
                for k, v in self.sei(nal).items():
                    seis.setdefault(k, v)
                if any(ptype == USER_DATA_REGISTERED and a53_cc_present(payload)
                       for ptype, payload in sei_messages(nal[1:])):
                    self.a53_pending = True
            elif t in (NAL_SLICE, NAL_IDR):
                has_slice = True
                if self._slice_pps_missing(nal, log, True):
                    log.error("decode_slice_header error\n")
                    continue
                try:
                    sh, sps, _ = parse_slice_header(nal, self.sps_map, self.pps_map)
                except InvalidData:
                    continue
                if started and sh.frame_num != frame_num:
                    # FFmpeg 5.1.9: a later slice of the packet belongs to its picture
                    log.error("Frame num change from %d to %d\n" % (frame_num, sh.frame_num))
                    log.error("decode_slice_header error\n")
                    continue
                if sh.decodable:
                    if not started:
                        started, frame_num = True, sh.frame_num
                    self.decode_slice(sh, sps, seis)
                elif sh.refusal:
                    log.error(sh.refusal)
                    log.error("decode_slice_header error\n")
        # FFmpeg 5.1.9 h264_decode_frame: a packet that started no picture (outside a field
        # pair) or held no slice
        if not has_slice or not (started or self.first_field):
            log.error("no frame!\n")
        if self.prev_sh is not None:
            self.poc.end_picture(self.prev_sh)
            self.prev_sh = None

    def _slice_pps_missing(self, nal: bytes, log: Logger, decoder: bool) -> bool:
        """The slice header fields before the frame number, as the parser (decoder=False) or
        the decoder reads and checks them; True (after the error line) when the slice is
        refused there."""
        br = BitReader(unescape_rbsp(nal[1:16]))
        try:
            first_mb = br.ue()
            slice_type = ue31(br)
            if decoder:
                if slice_type > 9:
                    log.error("slice type %d too large at %d\n" % (slice_type, first_mb))
                    return True
                if nal[0] & 0x1F == NAL_IDR and slice_type % 5 not in (2, 4):
                    log.error("A non-intra slice in an IDR NAL unit.\n")
                    return True
            pps_id = br.ue()
        except InvalidData:
            return False
        if pps_id >= 256:
            log.error("pps_id %d out of range\n" % pps_id)
            return True
        if pps_id not in self.pps_map:
            log.error("non-existing PPS %d referenced\n" % pps_id)
            return True
        return False

    def parser_slice(self, sh, sps: SPS, seis: dict) -> None:
        self.profile = sps.profile
        self.level = sps.level_idc
        if self.field_order_from_parser is not None:
            return
        fo = None
        if sh.structure == PICT_FRAME:
            ps = self.pic_struct(sps, seis)
            if ps is not None:
                fo = "tt" if ps in (3, 5) else "bb" if ps in (4, 6) else "progressive"
            else:
                top, bottom = _field_pocs_relative(sh, sps)
                fo = "tt" if top < bottom else "bb" if top > bottom else "progressive"
        # FFmpeg 5.1.9: a lone field gives no order (the parser sees one slice per packet)
        if fo is not None:
            self.field_order_from_parser = fo

    @staticmethod
    def pic_struct(sps: SPS, seis: dict) -> int | None:
        payload = seis.get(SEI_PIC_TIMING)
        if payload is None or not sps.pic_struct_present:
            return None
        from ...bitstream.bitreader import BitReader
        br = BitReader(payload)
        try:
            if sps.nal_hrd or sps.vcl_hrd:
                br.u(sps.cpb_removal_delay_length)
                br.u(sps.dpb_output_delay_length)
            ps = br.u(4)
        except InvalidData:
            return None
        return ps if ps <= 8 else None

    def decode_slice(self, sh, sps: SPS, seis: dict) -> None:
        if sh.first_mb != 0:
            return              # another slice of the current picture
        if self.a53_pending:
            # FFmpeg 5.1.9: a field start exports pending A/53 captions as a frame side data
            # and marks the codec context with FF_CODEC_PROPERTY_CLOSED_CAPTIONS
            self.closed_captions = True
            self.a53_pending = False
        if self.prev_sh is not None:
            self.poc.end_picture(self.prev_sh)
            self.prev_sh = None
        if sh.idr:
            self.idr()
        second_field = (self.first_field and sh.structure != PICT_FRAME and self.cur is not None
                        and self.cur.structure != sh.structure and self.cur.structure != PICT_FRAME
                        and self.cur.frame_num == sh.frame_num)
        self.init_ps(sps, seis)
        if not second_field:
            pic = _Pic()
            pic.structure = sh.structure
            pic.frame_num = sh.frame_num
            pic.pict_type = sh.slice_type
            self.cur = pic
        pic = self.cur
        top, bottom = self.poc.compute(sh, sps)
        if sh.structure != PICT_BOTTOM:
            pic.field_poc[0] = top
        if sh.structure != PICT_TOP:
            pic.field_poc[1] = bottom
        pic.poc = min(pic.field_poc)
        pic.key = pic.key or sh.idr
        rec = seis.get(SEI_RECOVERY_POINT)
        if rec is not None:
            pic.key = pic.key or rec[:1] == b"\x80"   # recovery_frame_cnt == 0
        if sh.idr:
            self.frame_recovered = True
            pic.recovered = True
        elif rec is not None and sh.slice_type == "I":
            self.frame_recovered = True
            pic.recovered = True
        pic.recovered = pic.recovered or self.frame_recovered
        if sh.mmco_reset:
            pic.mmco_reset = True
            self.last_pocs = [INT_MIN] * MAX_DPB_FRAMES
        self.prev_sh = sh
        if sh.structure == PICT_FRAME:
            self.first_field = False
            self.select_output(sps)
        elif second_field:
            self.first_field = False
            self.select_output(sps)
        else:
            self.first_field = True

    def idr(self) -> None:
        self.poc.idr()
        self.last_pocs = [INT_MIN] * MAX_DPB_FRAMES

    def init_ps(self, sps: SPS, seis: dict) -> None:
        """h264_init_ps: export the active SPS to the codec context."""
        first = self.active is None
        self.active = sps
        par = self.par
        self.profile = sps.profile
        self.level = sps.level_idc
        w = sps.coded_width - sps.crop_left - sps.crop_right
        h = sps.coded_height - sps.crop_top - sps.crop_bottom
        wc, hc = self.width_from_caller, self.height_from_caller
        if (wc > 0 and hc > 0 and not sps.crop_top and not sps.crop_left
                and (wc + 15) & ~15 == (w + 15) & ~15 and (hc + 15) & ~15 == (h + 15) & ~15
                and wc <= w and hc <= h):
            w, h = wc, hc
        else:
            self.width_from_caller = self.height_from_caller = 0
        self.width, self.height = w, h
        if sps.video_signal_type_present:
            par.color_range = "pc" if sps.full_range > 0 else "tv"
            if sps.colour_description_present:
                par.color_primaries = colour.primaries(sps.colour_primaries)
                par.color_transfer = colour.transfer(sps.transfer_characteristics)
                par.color_space = colour.space(sps.matrix_coefficients)
        alt = preferred_transfer(seis.get(ALTERNATIVE_TRANSFER, b""))
        if alt is not None and alt != 2 and colour.transfer(alt) is not None:
            par.color_transfer = colour.transfer(alt)
        par.chroma_location = colour.chroma_location(sps.chroma_location)
        if first or self.pix_fmt is None:
            self.pix_fmt = pix_fmt(sps, par.color_space, par.color_range)
        self.sar = sps.sar
        self.bits = sps.bit_depth_luma
        if sps.bitstream_restriction and self.has_b_frames < sps.num_reorder_frames:
            self.has_b_frames = sps.num_reorder_frames

    def select_output(self, sps: SPS) -> None:
        """h264_select_output_frame: grow has_b_frames from the POC order seen so far."""
        cur = self.cur
        if sps.bitstream_restriction:
            self.has_b_frames = max(self.has_b_frames, sps.num_reorder_frames)
        lp = self.last_pocs
        i = 0
        while True:
            if i == MAX_DPB_FRAMES or cur.poc < lp[i]:
                if i:
                    lp[i - 1] = cur.poc
                break
            elif i:
                lp[i - 1] = lp[i]
            i += 1
        out_of_order = MAX_DPB_FRAMES - i
        if cur.pict_type == "B" or (lp[MAX_DPB_FRAMES - 2] > INT_MIN
                                    and lp[MAX_DPB_FRAMES - 1] - lp[MAX_DPB_FRAMES - 2] > 2):
            out_of_order = max(out_of_order, 1)
        if out_of_order == MAX_DPB_FRAMES:
            for k in range(1, MAX_DPB_FRAMES):
                lp[k] = INT_MIN
            lp[0] = cur.poc
            cur.mmco_reset = True
        elif self.has_b_frames < out_of_order and not sps.bitstream_restriction:
            self.has_b_frames = out_of_order
        self.delayed.append(cur)
        pics = len(self.delayed)
        out, out_idx = self.delayed[0], 0
        for k in range(1, pics):
            p = self.delayed[k]
            if p.key or p.mmco_reset:
                break
            if p.poc < out.poc:
                out, out_idx = p, k
        if self.has_b_frames == 0 and (self.delayed[0].key or self.delayed[0].mmco_reset):
            self.next_outputed_poc = INT_MIN
        ooo = out.poc < self.next_outputed_poc
        if ooo or pics > self.has_b_frames:
            del self.delayed[out_idx]
        if not ooo and pics > self.has_b_frames:
            if out_idx == 0 and self.delayed and (self.delayed[0].key or self.delayed[0].mmco_reset):
                self.next_outputed_poc = INT_MIN
            else:
                self.next_outputed_poc = out.poc
            if out.recovered:
                self.nb_decoded += 1

    def delay_guessed(self) -> bool:
        """has_decode_delay_been_guessed (libavformat/demux.c)."""
        reorder = self.active.num_reorder_frames if self.active is not None else 0
        if self.has_b_frames and reorder == self.has_b_frames:
            return True
        if self.has_b_frames < 3:
            return self.nb_decoded >= 7
        if self.has_b_frames < 4:
            return self.nb_decoded >= 18
        return self.nb_decoded >= 20


def _parser_b_slice(nal: bytes) -> bool:
    """Whether h264_parser.c types the picture B: slice_type % 5 == 1 (Table 7-6)."""
    from ...bitstream.bitreader import BitReader, unescape_rbsp
    br = BitReader(unescape_rbsp(nal[1:16]))
    try:
        br.ue()                                 # first_mb_in_slice
        return br.ue() % 5 == 1
    except InvalidData:
        return False


def _field_pocs_relative(sh, sps: SPS) -> tuple[int, int]:
    """Top and bottom field POC difference of a frame picture (state independent part)."""
    if sps.poc_type == 0:
        return 0, sh.delta_poc_bottom
    if sps.poc_type == 1:
        return 0, sps.offset_for_top_to_bottom_field + sh.delta_poc[1]
    return 0, 0


def decoder_sps(nal: bytes, emit) -> SPS:
    """An SPS as FFmpeg 5.1.9's decoder reads it: when refused, again on the NAL unit's bytes
    as they are (emulation prevention kept), then once more as first (each try logs)."""
    try:
        return parse_sps(nal, emit)
    except InvalidData:
        pass
    try:
        return parse_sps(nal, emit, escaped=False)
    except InvalidData:
        return parse_sps(nal, emit)


def extradata_open_log(extradata: bytes) -> list[tuple[str, int, str]]:
    """What h264_decode_init logs when ffprobe opens its decoder on Annex B extradata that
    extract_extradata collected (decode_extradata_ps): the parameter sets in order, up to the
    first one refused, which ends with "Error decoding the extradata"."""
    msgs: list[tuple[str, int, str]] = []

    def emit(level: int, message: str) -> None:
        msgs.append(("h264", level, message))
    nals, events, ok = decoder_split(extradata, False, 0)
    for level, message in events:
        emit(level, message)
    sps_ids: set[int] = set()
    for nal in nals if ok else ():
        t = nal[0] & 0x1F
        try:
            if t == NAL_SPS:
                sps_ids.add(decoder_sps(nal, emit).sps_id)
            elif t == NAL_PPS:
                parse_pps(nal, sps_ids, emit)
        except InvalidData:
            emit(WARNING, "Error decoding the extradata\n")
            break
    return msgs


def analyze(stream, packets, log) -> None:
    par = stream.codecpar
    if par.extradata and par.extradata_after_open and par.extradata[0] != 1:
        # ffprobe's own decoder context is opened on the extradata found in the packets
        par.decoder_open_log = extradata_open_log(par.extradata)
    hlog = Logger("h264", getattr(log, "sink", None))
    dec = _Decoder(stream)
    dec.load_extradata(par.extradata)
    reset_first = stream.__dict__.get("avctx_reset_after_first_packet", False)
    parsed_only = len(packets) - 1 if stream.__dict__.get("last_packet_parsed_only") else -1
    for k, pkt in enumerate(packets):
        decode = (dec.pix_fmt is None or not dec.delay_guessed()) and k != parsed_only
        dec.parse_packet(pkt.data, decode, hlog)
        if reset_first and k == 0:
            # FFmpeg 5.1.9: a stream added during find_stream_info gets its decoder context
            # from codecpar after its first packet was parsed, losing that packet's field order
            dec.field_order_from_parser = None
    par.private = [("is_avc", "true" if dec.is_avc else "false"),
                   ("nal_length_size", str(dec.nal_length_size))]
    if dec.profile is not None:
        par.profile = dec.profile
        par.level = dec.level
    if par.field_order is None and dec.field_order_from_parser is not None:
        par.field_order = dec.field_order_from_parser
    if dec.active is not None:
        par.width, par.height = dec.width, dec.height
        par.format = dec.pix_fmt
        num, den = dec.sar
        par.sample_aspect_ratio = Rational(num, den) if den > 0 and num >= 0 else Rational(0, 1)
        par.bits_per_raw_sample = dec.bits
        par.dec_bits_per_raw_sample = dec.bits
        par.video_delay = dec.has_b_frames
    elif packets:
        par.video_delay = dec.has_b_frames
    # the dump shows find_stream_info's decoder properties
    par.info_closed_captions = dec.closed_captions
    # ffprobe's own decoder context: opened from codecpar, never fed a packet
    par.coded_width, par.coded_height = par.width, par.height
    par.refs = 1
