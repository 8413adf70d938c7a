"""The h264 and hevc raw video demuxers (Annex B byte streams, ITU-T H.264 Annex B and
H.265 Annex B): FFmpeg 5.1.9's h264_probe/hevc_probe scores and the raw video demuxer's
stream (1/1200000 time base, 25 fps default), packets cut into access units as the
parsers do (no timestamps), and the parameter sets extract_extradata collects.
"""
from __future__ import annotations

from types import SimpleNamespace

from ..model import PKT_FLAG_KEY, Packet, Rational, Stream
from ..timebase import rescale
from .base import Demuxer

SCORE_EXTENSION = 50
MAX_SPS, MAX_PPS = 32, 256
CHUNK = 1 << 16
_REF_ZERO = (2, 0, 0, 0, 0, -1, 1, -1, -1, 1, 1, 1, 1, -1, 2, 2,
             2, 2, 2, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2)


class _Bits:
    def __init__(self, data: bytes, pos: int):
        self.v = int.from_bytes(data[pos:pos + 24].ljust(24, b"\0"), "big")
        self.n = 192
        self.p = 0

    def u(self, k: int) -> int:
        self.p += k
        return (self.v >> (self.n - self.p)) & ((1 << k) - 1) if self.p <= self.n else 0

    def ue(self) -> int:
        zeros = 0
        while zeros < 32 and not self.u(1):
            zeros += 1
        return (1 << zeros) - 1 + self.u(zeros) if zeros < 32 else 0xFFFFFFFF


def probe_h264(buf: bytes, filename: str = "") -> int:
    data = bytes(buf)
    sps = pps = idr = res = sli = 0
    pps_ids = set()
    sps_ids = set()
    i = data.find(b"\x00\x00\x01")
    while 0 <= i and i + 3 + 2 < len(data) + 2 and i + 3 < len(data) - 0:
        j = i + 3                     # position of the NAL header byte
        if j + 2 >= len(data) + 0 and j >= len(data):
            break
        code = 0x100 | data[j]
        if j + 2 >= len(data) + 2:
            break
        ref_idc = (code >> 5) & 3
        typ = code & 0x1F
        if code & 0x80:
            return 0
        if _REF_ZERO[typ] == 1 and ref_idc:
            return 0
        if _REF_ZERO[typ] == -1 and not ref_idc:
            return 0
        if _REF_ZERO[typ] == 2:
            if not (code == 0x100 and not data[j + 1:j + 2] == b"\0" and False):
                if not (code == 0x100 and data[j + 1:j + 3] == b"\0\0"):
                    res += 1
        gb = _Bits(data, j + 1)
        if typ in (1, 5):
            gb.ue()
            if gb.ue() > 9:
                return 0
            pid = gb.ue()
            if pid > MAX_PPS:
                return 0
            if pid in pps_ids:
                if typ == 1:
                    sli += 1
                else:
                    idr += 1
        elif typ == 7:
            gb.u(14)
            if gb.u(2):
                return 0
            gb.u(8)
            sid = gb.ue()
            if sid > MAX_SPS:
                return 0
            sps_ids.add(sid)
            sps += 1
        elif typ == 8:
            pid = gb.ue()
            if pid > MAX_PPS:
                return 0
            sid = gb.ue()
            if sid > MAX_SPS:
                return 0
            if sid in sps_ids:
                pps_ids.add(pid)
                pps += 1
        i = data.find(b"\x00\x00\x01", i + 1)
        if i + 3 + 2 > len(data):
            break
    if sps and pps and (idr or sli > 3) and res < sps + pps + idr:
        return SCORE_EXTENSION + 1
    return 0


def probe_hevc(buf: bytes, filename: str = "") -> int:
    data = bytes(buf)
    vps = sps = pps = irap = 0
    i = data.find(b"\x00\x00\x01")
    while i >= 0 and i + 4 < len(data):
        b0, b1 = data[i + 3], data[i + 4]
        if b0 & 0x81:
            return 0
        if b1 & 0xF8:
            return 0
        typ = (b0 & 0x7E) >> 1
        if typ == 32:
            vps += 1
        elif typ == 33:
            sps += 1
        elif typ == 34:
            pps += 1
        elif 16 <= typ <= 21:
            irap += 1
        i = data.find(b"\x00\x00\x01", i + 1)
    if vps and sps and pps and irap:
        return SCORE_EXTENSION + 1
    return 0


class _RawVideoDemuxer(Demuxer):
    codec_name = ""
    whole_frames = True         # a packet lasts one frame (1 / r_frame_rate)

    def read_header(self) -> None:
        st = Stream(index=len(self.ctx.streams))
        st.codecpar.codec_type = "video"
        st.codecpar.codec_name = self.codec_name
        st.time_base = Rational(1, 1200000)
        # FFmpeg 5.1.9: the codec context starts at the demuxer's 25 fps, which stays the
        # frame rate unless the parser finds timing info
        st.r_frame_rate = Rational(25, 1)
        # ff_raw_video_read_header also presets the decoder context's frame rate (the
        # -framerate option): the decoder keeps it when the parameter sets carry no timing,
        # and every decode call then makes its time base 1 / (framerate * ticks_per_frame)
        st.priv = SimpleNamespace(decoder_framerate=Rational(25, 1))
        self.ctx.streams.append(st)
        self.st = st
        self.buf = bytearray()
        self.buf_pos = self.source.tell()
        self.eof = False
        # where the access-unit scan of self.buf resumes after more bytes arrive (the frame
        # state of the NAL units before it is kept): rescanning from 0 on every read was
        # quadratic in the bytes of an access unit that never ends
        self.scan_pos = 0
        self.scan_origin = 0        # the first byte the parser's start-code search looks at
        self.frame_start_found = False
        self.last_mb = 0
        self.data_offset = self.source.tell()

    def _au_starts(self, data, j: int):
        """The parser's find_frame_end on the NAL unit whose header is data[j]: (True when
        a new access unit starts at its start code, False when not (the frame state
        updated), None when the bytes it needs are not all here yet; where the search for
        the next start code resumes)."""
        raise NotImplementedError

    def _fill(self) -> bool:
        if self.eof:
            return False
        chunk = self.source.read(CHUNK)
        if not chunk:
            self.eof = True
            return False
        self.buf += chunk
        return True

    def read_packet(self) -> Packet | None:
        # an access unit ends where a NAL starts a new one (after a VCL NAL was seen)
        while True:
            buf = self.buf
            origin = self.scan_origin
            i = buf.find(b"\x00\x00\x01", self.scan_pos)
            cut = -1
            while i >= 0:
                starts, nxt = self._au_starts(buf, i + 3)
                if starts is None:
                    break                   # its NAL header is not all here yet
                if starts:
                    # a zero before the start code goes with it when the search saw it
                    zero = self.include_zero and i - 1 >= origin and buf[i - 1] == 0
                    cut = i - 1 if zero else i
                    break
                origin = nxt
                i = buf.find(b"\x00\x00\x01", origin)
            self.scan_origin = origin
            self.scan_pos = i if i >= 0 else max(origin, len(buf) - 2)
            if cut > 0 or (self.eof and buf):
                if cut <= 0:
                    cut = len(buf)
                data = bytes(buf[:cut])
                pos = self.buf_pos
                self.buf = buf[cut:]
                self.buf_pos += cut
                self.scan_pos = self.scan_origin = 0
                self.frame_start_found = False
                self._extradata(data)
                self._parse(data)
                flags = PKT_FLAG_KEY if self._is_key(data) else 0
                rate = self.st.r_frame_rate if self.st.r_frame_rate.num else Rational(25, 1)
                duration = rescale(rate.den, 1200000, rate.num * (1 if self.whole_frames else 2))
                return Packet(self.st.index, data, None, None, duration, pos, flags)
            if not self._fill():
                if not self.buf:
                    return None

    def _extradata(self, data: bytes) -> None:
        par = self.st.codecpar
        if par.extradata:
            return
        out = []
        kinds = set()
        for nal in _raw_nals(data, self.codec_name == "hevc"):
            if self._is_param_set(nal):
                # FFmpeg 5.1.9: extract_extradata puts 00 00 01 before each raw NAL unit,
                # which keeps the zeros that preceded the next start code
                out.append(b"\x00\x00\x01" + nal)
                kinds.add(self._kind(nal))
                rate = self._frame_rate(nal)
                if rate is not None:
                    self.rate = rate
        # FFmpeg 5.1.9: only a packet with an SPS (and a VPS for HEVC) gives extradata
        if out and ({32, 33} <= kinds if self.codec_name == "hevc" else 7 in kinds):
            par.extradata = b"".join(out)
            self.st.r_frame_rate = getattr(self, "rate", None) or Rational(25, 1)

    def _frame_rate(self, nal: bytes):
        return None

    def _parse(self, data: bytes) -> None:
        """What the codec parser learns from an access unit (before its duration is set)."""


def _raw_nals(data: bytes, hevc: bool) -> list[bytes]:
    """NAL units as ff_h2645_packet_split delimits them (raw, escapes kept): each from its
    00 00 01 to the next 00 00 01 or 00 00 02, zeros before that included, the last to the
    end; units with an invalid header or no non-zero byte are dropped."""
    out = []
    n = len(data)
    pos = 0
    next2 = -2          # the next 00 00 02 (searched once, not from every NAL unit)
    while n - pos >= 4:
        i = data.find(b"\x00\x00\x01", pos)
        if i < 0:
            break
        s = i + 3
        if next2 == -2 or 0 <= next2 < s:
            next2 = data.find(b"\x00\x00\x02", s)
        e = data.find(b"\x00\x00\x01", s)
        if e < 0 or 0 <= next2 < e:
            e = next2
        if e < 0:
            e = n
        nal = data[s:e]
        pos = e
        if not nal.rstrip(b"\x00") or nal[0] & 0x80:
            continue
        if hevc and (len(nal) < 2 or not nal[1] & 7):            # temporal_id_plus1 == 0
            continue
        out.append(nal)
    return out


def _first_mb(hist: bytes):
    """first_mb_in_slice as h264_find_frame_end reads it from the bytes after the NAL
    header: Exp-Golomb from the first 1..6 bytes, taken as soon as the code ends inside them
    (get_ue_golomb_long, unsigned 32-bit), else from all 6; None with fewer than 6 bytes and
    no complete code. Returns (value, bytes read)."""
    v = int.from_bytes(hist, "big")
    n = 8 * len(hist)
    for k in range(1, len(hist) + 1):
        top = v >> (n - 8 * k)
        if top:
            lz = 8 * k - top.bit_length()
            if 2 * lz + 1 < 8 * k:
                return (top >> (8 * k - 2 * lz - 1)) - 1, k
    if len(hist) < 6:
        return None
    word = v >> 16                       # show_bits_long(32) of the 48 history bits
    log = 31 - (word.bit_length() - 1 if word else 0)
    big = v << 64                        # (bits past the history read as zeros)
    return (((big >> (112 - 2 * log - 1)) & ((1 << (log + 1)) - 1)) - 1) & 0xFFFFFFFF, 6


class H264Demuxer(_RawVideoDemuxer):
    codec_name = "h264"
    include_zero = True         # a 4-byte start code belongs to the next access unit
    # FFmpeg 5.1.9: a frame lasts 1 + repeat_pict fields, and the parser's repeat_pict stays
    # 0 until it parses a first picture (access units before have one field's duration)
    whole_frames = False

    def _parse(self, data: bytes) -> None:
        """h264_parser's parse_nal_units: the key verdict (an IDR or recovery point before
        the first slice, or an I slice that allows a single reference) and whether a
        picture was parsed yet."""
        parser = self.__dict__.get("key_parser")
        if parser is None:
            from ..codecs.h264.parser import H264KeyParser
            parser = self.key_parser = H264KeyParser(b"")
        self.key = parser.key_frame(data)
        self.whole_frames = parser.parsed_picture

    def _au_starts(self, data, j):
        """h264_find_frame_end: an SEI, SPS, PPS or AUD after a slice starts an access
        unit, and so does a slice whose first_mb_in_slice is not above the last slice's
        (read from at most 6 bytes, as the parser's history holds)."""
        if j >= len(data):
            return None, j
        typ = data[j] & 0x1F
        if typ in (6, 7, 8, 9):
            return self.frame_start_found, j + 1
        if typ not in (1, 2, 5):
            return False, j + 1
        hist = data[j + 1:j + 7]
        got = _first_mb(hist)
        if got is None:
            if not self.eof:
                return None, j
            return False, len(data)     # the input ends inside what the parser reads
        # FFmpeg 5.1.9: the bytes read for first_mb_in_slice are not searched for a start code
        mb, used = got
        last, self.last_mb = self.last_mb, mb
        if self.frame_start_found:
            return mb <= last, j + 1 + used
        self.frame_start_found = True
        return False, j + 1 + used

    def _is_param_set(self, nal):
        return bool(nal) and nal[0] & 0x1F in (7, 8)

    def _kind(self, nal):
        return nal[0] & 0x1F

    def _is_key(self, data):
        return self.key

    def _frame_rate(self, nal):
        if nal[0] & 0x1F != 7:
            return None
        try:
            from ..codecs.h264.sps import parse_sps
            sps = parse_sps(nal)
        except Exception:  # noqa: BLE001 - a damaged SPS leaves the default rate
            return None
        if sps.timing_info_present and sps.num_units_in_tick and sps.time_scale:
            from ..timebase import reduce
            return reduce(sps.time_scale, 2 * sps.num_units_in_tick, 0x7FFFFFFF)
        return None


class HevcDemuxer(_RawVideoDemuxer):
    codec_name = "hevc"

    # FFmpeg 5.1.9 (hevc_find_frame_end): the cut is at the 00 00 01 itself
    include_zero = False

    def _au_starts(self, data, j):
        """hevc_find_frame_end (which looks at the third byte after the start code): a
        parameter set, SEI prefix or reserved unit after a picture starts an access unit,
        and so does a slice with first_slice_segment_in_pic_flag."""
        if j + 2 >= len(data):
            return None, j
        typ = (data[j] >> 1) & 0x3F
        if typ <= 9 or 16 <= typ <= 21:
            if not data[j + 2] & 0x80:
                return False, j
            if self.frame_start_found:
                return True, j
            self.frame_start_found = True
            return False, j
        if 32 <= typ <= 37 or typ == 39 or 41 <= typ <= 44 or 48 <= typ <= 55:
            return self.frame_start_found, j
        return False, j

    def _is_param_set(self, nal):
        return bool(nal) and (nal[0] >> 1) & 0x3F in (32, 33, 34)

    def _kind(self, nal):
        return (nal[0] >> 1) & 0x3F

    def _is_key(self, data):
        return self.key

    def _parse(self, data: bytes) -> None:
        """hevc_parser: parameter sets are stored in stream order (an SPS needs its VPS, a
        PPS its SPS); the first slice of the access unit, when its PPS and SPS are stored,
        sets the codec frame rate from their timing info. FFmpeg 5.1.9: without such a
        slice the raw demuxer's 25 fps stays."""
        from ..codecs.hevc.pps import parse_pps
        from ..codecs.hevc.vps_sps import parse_sps, parse_vps
        from ..codecs.h264.framing import decoder_split
        from ..errors import CineError
        # the key flag: an IRAP first slice (FFmpeg 5.1.9: NAL units the packet split drops,
        # with the forbidden bit or a zero temporal id, are not looked at)
        self.key = False
        _, events, ok = decoder_split(data, False, 0, True)
        if not ok:                          # ff_h2645_packet_split failed: nothing parsed
            for level, message in events:
                self.log.log(level, message)
            return
        state = self.__dict__.setdefault("parser_sets", ({}, {}, {}))
        vps, sps, pps = state               # id -> HevcVPS, HevcSPS, HevcPPS
        for nal in _raw_nals(data, True):
            nal = nal.rstrip(b"\x00")
            if len(nal) < 2 or (nal[0] & 1) or (nal[1] >> 3):   # nuh_layer_id > 0
                continue
            typ = (nal[0] >> 1) & 0x3F
            try:
                if typ == 32:
                    v = parse_vps(nal)
                    vps[v.vps_id] = v
                elif typ == 33:
                    s = parse_sps(nal, set(vps))
                    sps[s.sps_id] = s
                    for k in [k for k, p in pps.items() if p.sps_id == s.sps_id and p.sps != s]:
                        del pps[k]               # a new SPS drops the PPSs built on the old one
                elif typ == 34:
                    p = parse_pps(nal, sps)
                    pps[p.pps_id] = p
                elif typ <= 9 or 16 <= typ <= 21:
                    self.key = typ >= 16
                    self._slice_rate(nal, typ, vps, pps)
                    return
            except CineError as exc:
                if typ in (32, 33, 34) and exc.detail.endswith("\n"):
                    self.log.error(exc.detail)   # the parameter set parser's error line
                continue
        self.log.error("missing picture in access unit with size %d\n" % len(data))

    def _slice_rate(self, nal, typ, vps, pps) -> None:
        from ..bitstream.bitreader import BitReader, unescape_rbsp
        from ..errors import CineError
        br = BitReader(unescape_rbsp(nal[2:18]))
        try:
            br.skip(1)                           # first_slice_segment_in_pic_flag
            if 16 <= typ <= 23:
                br.skip(1)                       # no_output_of_prior_pics_flag
            pps_id = br.ue()
        except CineError:
            return
        p = pps.get(pps_id)
        if p is None:
            self.log.error("PPS id out of range: %d\n" % pps_id)
            return
        s = p.sps
        rate = None
        if s.vui_num_units_in_tick and s.vui_time_scale:
            from ..timebase import reduce
            rate = reduce(s.vui_time_scale, s.vui_num_units_in_tick, 1 << 30)
        # cine takes the SPS VUI timing first, then the VPS's
        v = vps.get(s.vps_id)
        if rate is None and v is not None and v.num_units_in_tick and v.time_scale:
            from ..timebase import reduce
            rate = reduce(v.time_scale, v.num_units_in_tick, 1 << 30)
        if rate is not None:
            self.st.r_frame_rate = rate
