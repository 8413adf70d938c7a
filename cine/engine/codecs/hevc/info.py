"""HEVC stream analysis for probing: the values libavcodec's hevc decoder exports from the
active SPS (export_stream_params) once find_stream_info decoded a first frame (ITU-T H.265
7.3.2, Annex E).

FFmpeg 5.1.9: the decoder exports the first SPS of the hvcC already when it is opened, so
even a stream without packets gets these values, and ffprobe's own decoder context reports
the SPS coded size. Extradata that extract_extradata takes from the packets (raw Annex B,
MPEG-TS) comes after that opening: then only a slice naming a stored PPS and SPS exports
anything, and a stream cut before one keeps width 0 and no profile.
"""
from __future__ import annotations

from ...bitstream.bitreader import BitReader, unescape_rbsp
from ...errors import InvalidData
from ...log import ERROR, Logger
from ...model import Rational
from .. import colour
from ..sei import (ALTERNATIVE_TRANSFER, FILM_GRAIN_CHARACTERISTICS, USER_DATA_REGISTERED,
                   film_grain_present, is_a53_captions, preferred_transfer, sei_messages)
from ..h264.avcc import split_annexb, split_length_prefixed
from ..h264.framing import decoder_split
from .hvcc import parse_hvcc
from .pps import HevcPPS, parse_pps
from .vps_sps import HevcSPS, int32, parse_sps, parse_vps

NAL_VPS, NAL_SPS, NAL_PPS = 32, 33, 34
NAL_RASL_R, NAL_BLA_W_LP, NAL_CRA, NAL_IRAP_MAX = 9, 16, 21, 23
NAL_SEI_PREFIX, NAL_SEI_SUFFIX = 39, 40


def log_refusal(log: Logger | None, exc: InvalidData) -> None:
    """A refused parameter set: the reference's error line, where it logs one (the details
    that end in a newline are its av_log lines)."""
    if log is not None and exc.detail.endswith("\n"):
        log.error(exc.detail)


class _ParamSets:
    def __init__(self) -> None:
        self.log: Logger | None = None       # where refused parameter sets are reported
        self.vps: set[int] = set()
        self.sps: dict[int, HevcSPS] = {}
        self.first: HevcSPS | None = None
        self.captions = False
        self.film_grain = False
        self.alt_transfer: int | None = None

    def add(self, nal: bytes) -> None:
        if len(nal) < 2:
            return
        t = (nal[0] >> 1) & 0x3F
        try:
            if t == NAL_VPS:
                self.vps.add(parse_vps(nal).vps_id)
            elif t == NAL_SPS:
                sps = parse_sps(nal, self.vps)
                self.sps[sps.sps_id] = sps
                if self.first is None:
                    self.first = sps
            elif t in (NAL_SEI_PREFIX, NAL_SEI_SUFFIX):
                self.sei(nal)
        except InvalidData as exc:
            if t != NAL_SEI_PREFIX and t != NAL_SEI_SUFFIX:
                log_refusal(self.log, exc)

    def sei(self, nal: bytes) -> None:
        for ptype, payload in sei_messages(nal[2:]):
            if ptype == USER_DATA_REGISTERED and is_a53_captions(payload):
                self.captions = True
            elif ptype == FILM_GRAIN_CHARACTERISTICS and film_grain_present(payload):
                self.film_grain = True
            elif ptype == ALTERNATIVE_TRANSFER:
                self.alt_transfer = preferred_transfer(payload)

    def export_sei(self, par) -> None:
        """export_stream_params_from_sei: only the preferred transfer reaches codecpar."""
        if self.alt_transfer is not None and self.alt_transfer != 2:
            name = colour.transfer(self.alt_transfer)
            if name is not None:
                par.color_transfer = name


def _export(par, sps: HevcSPS) -> None:
    """export_stream_params (hevcdec.c)."""
    par.format = sps.pix_fmt
    par.width, par.height = sps.out_width, sps.out_height
    par.video_delay = sps.num_reorder_pics[-1]
    par.profile = sps.profile_idc
    par.level = sps.level_idc
    num, den = sps.sar
    par.sample_aspect_ratio = Rational(num, den) if den > 0 and num >= 0 else Rational(0, 1)
    par.color_range = ("pc" if sps.full_range else "tv") if sps.video_signal_type_present else "tv"
    if sps.colour_description_present:
        par.color_primaries = colour.primaries(sps.colour_primaries)
        par.color_transfer = colour.transfer(sps.transfer_characteristics)
        par.color_space = colour.space(sps.matrix_coeffs)
    else:
        par.color_primaries = par.color_transfer = par.color_space = None
    par.chroma_location = None
    if sps.chroma_format_idc == 1:
        if sps.chroma_loc_present:
            if sps.chroma_loc_top <= 5:
                par.chroma_location = colour.chroma_location(sps.chroma_loc_top + 1)
        else:
            par.chroma_location = "left"


def _base_layer(nal: bytes) -> bool:
    """A NAL unit of nuh_layer_id 0 (the reference's HEVC decoder skips every other)."""
    return len(nal) >= 2 and not (nal[0] & 1) and not (nal[1] >> 3)


class _Decoder:
    """find_stream_info's decoder fed packet after packet (hevcdec.c decode_nal_units):
    parameter sets are stored in stream order, and the SPS becomes active, i.e. its values
    reach the codec context, only when a slice names a stored PPS whose SPS is stored."""

    def __init__(self, ps: _ParamSets) -> None:
        self.ps = ps
        self.pps: dict[int, HevcPPS] = {}
        self.cur_pps: HevcPPS | None = None

    def decode(self, nals: list[bytes]) -> HevcSPS | None:
        """One packet; the SPS its first decodable slice activates, else None."""
        for index, nal in enumerate(nals):
            if not _base_layer(nal):
                continue
            t = (nal[0] >> 1) & 0x3F
            if t == NAL_PPS:
                try:
                    pps = parse_pps(nal, self.ps.sps)
                except InvalidData as exc:
                    log_refusal(self.ps.log, exc)
                    continue                     # FFmpeg 5.1.9: a bad PPS is skipped
                self.pps[pps.pps_id] = pps
            elif t == NAL_SPS:
                self.ps.add(nal)
                # a replaced SPS takes the PPSs built on the old one with it
                for k in [k for k, p in self.pps.items()
                          if self.ps.sps.get(p.sps_id) != p.sps]:
                    del self.pps[k]
            elif t <= NAL_RASL_R or NAL_BLA_W_LP <= t <= NAL_CRA:
                sps = self._slice(nal, t, index)
                # FFmpeg 5.1.9: a slice header error drops the rest of the packet
                return sps
            else:
                self.ps.add(nal)
        return None

    def _slice(self, nal: bytes, t: int, index: int) -> HevcSPS | None:
        """hls_slice_header as far as SPS activation (index: the NAL unit's in the packet,
        which decode_nal_units names when the header is refused)."""
        br = BitReader(unescape_rbsp(nal[2:18]))
        try:
            first = br.flag()
            if NAL_BLA_W_LP <= t <= NAL_IRAP_MAX:
                br.skip(1)                       # no_output_of_prior_pics_flag
            pps_id = br.ue()
        except InvalidData:
            return None
        pps = self.pps.get(pps_id)
        log = self.ps.log
        if pps is None or (not first and pps is not self.cur_pps):
            if log is not None:
                log.error("PPS id out of range: %d\n" % int32(pps_id) if pps is None
                          else "PPS changed between slices.\n")
                log.warning("Error parsing NAL unit #%d.\n" % index)
            return None
        self.cur_pps = pps
        return pps.sps


def extradata_open_log(extradata: bytes) -> list[tuple[str, int, str]]:
    """What hevc_decode_init logs when ffprobe opens its decoder on Annex B extradata that
    extract_extradata collected (hevc_decode_nal_units): the parameter sets in order, up to
    the first one refused (its error line), which ends the walk without failing the open."""
    ps = _ParamSets()
    for nal in split_annexb(extradata):
        if not _base_layer(nal):
            continue
        t = (nal[0] >> 1) & 0x3F
        try:
            if t == NAL_VPS:
                ps.vps.add(parse_vps(nal).vps_id)
            elif t == NAL_SPS:
                sps = parse_sps(nal, ps.vps)
                ps.sps[sps.sps_id] = sps
            elif t == NAL_PPS:
                parse_pps(nal, ps.sps)
        except InvalidData as exc:
            return [("hevc", ERROR, exc.detail)] if exc.detail.endswith("\n") else []
    return []


def analyze(stream, packets, log) -> None:
    par = stream.codecpar
    if par.extradata and par.extradata_after_open:
        # ffprobe's own decoder context is opened on the extradata found in the packets
        par.decoder_open_log = extradata_open_log(par.extradata)
    ps = _ParamSets()
    is_nalff, nal_length_size = False, 4
    try:
        cfg = parse_hvcc(par.extradata) if par.extradata else None
    except InvalidData as exc:
        if not par.extradata_after_open:
            # FFmpeg 5.1.9: hevc_decode_init fails on the hvcC: the decoder never opens
            Logger("hevc", getattr(log, "sink", None)).error(exc.detail)
            par.decoder_open_failed = True
            return
        cfg = None
    if cfg is not None:
        is_nalff, nal_length_size = cfg.is_nalff, cfg.nal_length_size
        for nal in cfg.nals:
            if _base_layer(nal):     # (hevc_decode_nal_units skips the others here too)
                ps.add(nal)
    # FFmpeg 5.1.9: extradata that extract_extradata found in the packets came after
    # find_stream_info opened its decoder, which then only learns from the packets
    dec_ctx_sps = ps.first
    init_sps = None if par.extradata_after_open else ps.first
    active = init_sps
    # ffprobe's own decoder context only ever sees the hvcC's SEI
    captions, film_grain = ps.captions, ps.film_grain
    # FFmpeg 5.1.9: with an SPS in the hvcC the pixel format is known as soon as the decoder
    # is opened, so find_stream_info decodes nothing: in-band headers only count without one.
    if init_sps is None:
        hlog = Logger("hevc", getattr(log, "sink", None))
        if par.extradata_after_open:
            is_nalff = False
            ps = _ParamSets()
        ps.log = hlog
        dec = _Decoder(ps)
        for pkt in packets:
            if is_nalff:
                # FFmpeg 5.1.9 decode_nal_units: a packet whose NAL unit lengths do not fit
                # is logged and dropped
                _, events, ok = decoder_split(pkt.data, True, nal_length_size)
                if not ok:
                    for level, message in events:
                        hlog.log(level, message)
                    hlog.error("Error splitting the input into NAL units.\n")
                    continue
            try:
                nals = split_length_prefixed(pkt.data, nal_length_size) if is_nalff \
                    else split_annexb(pkt.data)
            except InvalidData:
                continue
            active = dec.decode(nals)
            if active is not None:
                break
    # FFmpeg 5.1.9: find_stream_info opens the decoder for every stream (at EOF at the latest),
    # and opening exports the hvcC's first SPS; a first frame exports the active one.
    if active is not None:
        _export(par, active)
        ps.export_sei(par)
    par.closed_captions = int(captions)
    par.film_grain = int(film_grain)
    # ffprobe's decoder context, opened with the final extradata: coded size from its first
    # SPS, else the stream's
    if dec_ctx_sps is not None:
        par.coded_width, par.coded_height = dec_ctx_sps.width, dec_ctx_sps.height
    else:
        par.coded_width, par.coded_height = par.width, par.height
    par.refs = 1
