"""What the MPEG-1/2 and MPEG-4 Part 2 video parsers learn from one complete frame when a
demuxer asks for header parsing (FFmpeg 5.1.9 AVSTREAM_PARSE_HEADERS: mpegvideo_parser.c and
mpeg4video_parser.c with PARSER_FLAG_COMPLETE_FRAMES; ISO/IEC 11172-2 2.4.3, ISO/IEC 13818-2
6.2.2.3 and 6.2.3, ISO/IEC 14496-2 6.2.3 and 6.2.5): the picture type of the frame and the
decoder delay (has_b_frames) these parsers, and the decoder find_stream_info opens on the same
codec context, leave behind.

compute_pkt_fields (engine/readframe.py) turns the two into timestamps: a stream with a delay
of one frame keeps the demuxer's dts on I/P frames and leaves their pts unknown, while B
frames get pts = dts.
"""
from __future__ import annotations

PARSED_VIDEO = ("mpeg1video", "mpeg2video", "mpeg4")
_PICT = {1: "I", 2: "P", 3: "B", 4: "S", 5: "SI", 6: "SP", 7: "BI"}


def _codes(data: bytes, start: int = 0):
    """(code byte, payload offset) of each 00 00 01 xx start code from `start`."""
    i = data.find(b"\x00\x00\x01", start)
    n = len(data)
    while 0 <= i and i + 3 < n:
        yield data[i + 3], i + 4
        i = data.find(b"\x00\x00\x01", i + 4)


class HeaderParser:
    """One stream's parser context plus the codec context's has_b_frames.

    has_b_frames is None until first set: the value find_stream_info left in the codec
    parameters is the starting point for a stream whose first packet comes after it."""

    def __init__(self, codec: str, extradata: bytes | None):
        self.codec = codec
        self.extradata = extradata or b""
        self.pict = None            # the parser's pict_type (kept from frame to frame)
        self.has_b_frames = None
        self.first_picture = True
        self.decoded = False        # find_stream_info's decoder has seen a sequence header
        self._m4 = None             # MPEG-4 parser context (VOL state)
        self._seq_low_delay = None  # what the last sequence header(s) of this frame said

    def reset_parser(self) -> None:
        """av_parser_close + a fresh parser after a seek; the codec context stays."""
        self.pict = None
        self.first_picture = True
        self._m4 = None

    def parse(self, data: bytes, par_delay: int) -> str | None:
        """The parser's pass over one frame, before compute_pkt_fields; the picture type."""
        if self.has_b_frames is None:
            self.has_b_frames = par_delay
        self._seq_low_delay = None
        if self.codec == "mpeg4":
            self._mpeg4(data)
        else:
            self._mpeg12(data)
        self.first_picture = False
        return self.pict

    def start(self, buffered: bool) -> None:
        if self.has_b_frames is None and buffered:
            self.has_b_frames = 0

    def saw_b_frame(self) -> None:
        """compute_pkt_fields: a B picture gives a stream without delay a delay of one."""
        if not self.has_b_frames:
            self.has_b_frames = 1

    def decoded_in_probe(self) -> None:
        """find_stream_info's decoder ran on this frame (only until it found a sequence
        header): the MPEG-1/2 decoder sets has_b_frames = !low_delay (MPEG-1: always 1)."""
        if self.decoded or self.codec == "mpeg4":
            return
        if self._seq_low_delay is not None:
            self.decoded = True
            self.has_b_frames = 0 if self._seq_low_delay else 1

    # -- mpegvideo_extract_headers --------------------------------------------------------------
    def _mpeg12(self, data: bytes) -> None:
        n = len(data)
        for code, off in _codes(data):
            left = n - off
            if code == 0x00:
                if left >= 2:
                    self.pict = _PICT.get((data[off + 1] >> 3) & 7)
            elif code == 0xB3:
                if left >= 7 and self._seq_low_delay is None:
                    self._seq_low_delay = 0     # MPEG-1: low_delay is never set
            elif code == 0xB5:
                if left >= 6 and data[off] >> 4 == 1:
                    low_delay = data[off + 5] >> 7
                    self._seq_low_delay = low_delay
                    self.has_b_frames = 0 if low_delay else 1
            elif 0x01 <= code <= 0xAF:
                break

    # -- ff_mpeg4_decode_picture_header(parse_only) ---------------------------------------------
    def _mpeg4(self, data: bytes) -> None:
        from .codecs.mpeg4.vol import Mpeg4Headers, parse_headers
        if self._m4 is None:
            self._m4 = Mpeg4Headers()
        h = self._m4
        if self.extradata and self.first_picture:
            parse_headers(self.extradata, h, True)
        parse_headers(data, h, True)
        for code, off in _codes(data):
            if code == 0xB6:
                if off >= len(data):
                    return
                # FFmpeg 5.1.9: has_b_frames is set before the VOP header is read
                self.has_b_frames = 0 if h.low_delay else 1
                pict = (data[off] >> 6) + 1
                self.pict = _PICT[pict]
                if pict == 3 and h.low_delay and not h.vol_control_parameters:
                    h.low_delay = 0
                return
