"""The key-frame verdict of libavcodec's H.264 parser on one access unit (ITU-T H.264 7.3.2,
D.2.8 recovery point SEI): what av_read_frame uses as a packet's key flag when a demuxer asks
for parsing (MPEG-TS, and mov's `need_parsing = headers` for H.264).

FFmpeg 5.1.9 h264_parser.c parse_nal_units: the NAL units up to the first slice are read; the
frame is key for an IDR slice, for a recovery point SEI earlier in the same access unit, or for
an I slice whose SPS allows at most one reference frame and whose PPS at most one L0 reference.
Parameter sets persist from one access unit to the next (and start from the extradata).
"""
from __future__ import annotations

from ...bitstream.bitreader import BitReader, unescape_rbsp
from ...errors import CineError
from ..sei import sei_messages
from .avcc import parse_avcc
from .framing import parser_nals
from .pps import parse_pps
from .sps import parse_sps

_PICT_I = (2, 7)          # slice_type % 5 == 2 (I); 4/9 are SI, typed as their own kind


class H264KeyParser:
    """Per-stream parser state: parameter sets and the NAL framing."""

    def __init__(self, extradata: bytes = b"") -> None:
        self.sps = {}
        self.pps = {}
        self.is_avc = False
        self.nal_length_size = 4
        self.pict_type = "I"        # of the last access unit: "I", "P", "B", "S" (SP), "i" (SI)
        self._single_ref = None     # single_ref_possible(), until a parameter set changes
        # whether a slice with a stored PPS and SPS was parsed yet (the parser's repeat_pict
        # is set only then)
        self.parsed_picture = False
        try:
            cfg = parse_avcc(extradata or b"")
        except CineError:
            return
        self.is_avc = cfg.is_avc
        self.nal_length_size = cfg.nal_length_size if cfg.is_avc else 4
        for nal in cfg.nals:
            self._param(nal)

    def single_ref_possible(self) -> bool:
        """Whether some PPS and its SPS allow an I slice to count as key (at most one
        reference frame, at most one L0 reference): when none does, a non-IDR slice
        without a recovery point SEI never makes a key frame."""
        memo = self._single_ref
        if memo is None:
            memo = self._single_ref = any(
                self.sps.get(p.sps_id) is not None and self.sps[p.sps_id].ref_frame_count <= 1
                and p.ref_count[0] <= 1 for p in self.pps.values())
        return memo

    def _param(self, nal: bytes) -> None:
        if not nal:
            return
        self._single_ref = None
        t = nal[0] & 0x1F
        try:
            if t == 7:
                s = parse_sps(nal)
                self.sps[s.sps_id] = s
            elif t == 8:
                p = parse_pps(nal, set(self.sps))
                self.pps[p.pps_id] = p
        except (CineError, IndexError, ValueError):
            pass

    def key_frame(self, data: bytes, log=None) -> int:
        """1 when the parser marks the access unit as a key frame, else 0; log(level, line)
        gets what the parser logs about broken framing."""
        nals, events, _found = parser_nals(data, self.is_avc, self.nal_length_size)
        if log is not None:
            for level, message in events:
                log(level, message)
        key = 0
        recovery = False
        self.pict_type = "I"
        for nal in nals:
            t = nal[0] & 0x1F
            if t in (7, 8):
                self._param(nal)
            elif t == 6:
                try:
                    if any(ptype == 6 for ptype, _ in sei_messages(nal[1:])):
                        recovery = True
                except (CineError, IndexError):
                    pass
            elif t in (1, 5):
                if t == 5:
                    key = 1
                try:
                    br = BitReader(unescape_rbsp(nal[1:1 + 60]))
                    br.ue()
                    slice_type = br.ue()
                    pps_id = br.ue()
                except (CineError, IndexError, ValueError):
                    return key
                self.pict_type = "PBISi"[slice_type % 5]
                if recovery:
                    key = 1
                pps = self.pps.get(pps_id)
                if pps is None:
                    return key
                sps = self.sps.get(pps.sps_id)
                if sps is None:
                    return key
                self.parsed_picture = True
                if sps.ref_frame_count <= 1 and pps.ref_count[0] <= 1 and slice_type % 5 == 2:
                    key = 1
                return key
        return key


def parsed_frame_duration(sps, time_base):
    """compute_frame_duration for an H.264 stream behind its parser, (num, den) seconds, or
    None when the SPS has no timing (then r_frame_rate decides as without a parser).

    FFmpeg 5.1.9: the parser sets the codec frame rate to time_scale / (2 num_units_in_tick),
    which then wins over r_frame_rate; a progressive frame has repeat_pict 1 (two fields)."""
    from ...timebase import reduce
    if sps is None or not sps.timing_info_present or not sps.num_units_in_tick \
            or not sps.time_scale:
        return None
    fr = reduce(sps.time_scale, sps.num_units_in_tick * 2, 1 << 30)
    if time_base.num * 1000 > time_base.den:
        return time_base.num, time_base.den
    if fr.den * 1000 > fr.num:
        r = reduce(fr.den, fr.num * 2, (1 << 31) - 1)
        r = reduce(r.num * 2, r.den, (1 << 31) - 1)
        return r.num, r.den
    return 0, 0


def extradata_sps(extradata: bytes):
    """The first SPS of an avcC / Annex B extradata, or None."""
    p = H264KeyParser(extradata or b"")
    return next(iter(p.sps.values()), None)
