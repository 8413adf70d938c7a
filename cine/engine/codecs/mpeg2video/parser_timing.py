"""What libavcodec's MPEG-1/2 video parser (FFmpeg 5.1.9 mpegvideo_parser.c) learns about
timing from the headers before a frame's first slice: the frame rate (sequence header
frame_rate_code, times the sequence extension's frame_rate_extension_n+1 / _d+1, ISO/IEC
13818-2 6.3.3 and 6.3.5), ticks_per_frame (1 for MPEG-1, 2 once a sequence extension says
MPEG-2) and repeat_pict from the picture coding extension (6.3.10): the inputs of
compute_frame_duration for a stream behind that parser."""
from __future__ import annotations

# ff_mpeg12_frame_rate_tab: frame_rate_code -> (num, den); 9-13 are Xing/libmpeg3 rates
FRAME_RATES = ((0, 0), (24000, 1001), (24, 1), (25, 1), (30000, 1001), (30, 1), (50, 1),
               (60000, 1001), (60, 1), (15, 1), (5, 1), (10, 1), (12, 1), (15, 1), (0, 0),
               (0, 0))


class MpegVideoTiming:
    """One stream's parser context (it persists from frame to frame)."""

    __slots__ = ("seq_rate", "framerate", "ticks", "progressive_sequence", "repeat_pict")

    def __init__(self):
        self.seq_rate = (0, 0)          # the sequence header's table rate
        self.framerate = (0, 0)         # avctx->framerate as the parser sets it
        self.ticks = 1
        self.progressive_sequence = 0
        self.repeat_pict = 0

    def parse(self, data: bytes) -> None:
        """mpegvideo_extract_headers over one frame: the headers up to the first slice."""
        self.repeat_pict = 0
        n = len(data)
        i = 0
        while True:
            j = data.find(b"\x00\x00\x01", i)
            if j < 0 or j + 3 >= n:
                return
            code = data[j + 3]
            b = j + 4
            left = n - b
            if code == 0xB3:
                if left >= 7:
                    self.seq_rate = self.framerate = FRAME_RATES[data[b + 3] & 0x0F]
                    self.ticks = 1
            elif code == 0xB5:
                if left >= 1:
                    ext = data[b] >> 4
                    if ext == 1 and left >= 6:
                        self.progressive_sequence = data[b + 1] & 0x08
                        rn, rd = self.seq_rate
                        self.framerate = (rn * (((data[b + 5] >> 5) & 3) + 1),
                                          rd * ((data[b + 5] & 0x1F) + 1))
                        self.ticks = 2
                    elif ext == 8 and left >= 5:
                        tff = data[b + 3] & 0x80
                        rff = data[b + 3] & 0x02
                        progressive_frame = data[b + 4] & 0x80
                        self.repeat_pict = 1
                        if rff:
                            if self.progressive_sequence:
                                self.repeat_pict = 5 if tff else 3
                            elif progressive_frame:
                                self.repeat_pict = 2
            elif 0x01 <= code <= 0xAF:
                return                      # the first slice: the parser stops there
            i = j + 3

    def frame_duration(self):
        """compute_frame_duration's (num, den) seconds with this parser, or None when the
        codec frame rate is unknown or not below 1000 fps."""
        num, den = self.framerate
        if not num or not den or den * 1000 <= num:
            return None
        from ...timebase import reduce
        r = reduce(den, num * self.ticks, (1 << 31) - 1)
        if self.repeat_pict:
            r = reduce(r.num * (1 + self.repeat_pict), r.den, (1 << 31) - 1)
        return r.num, r.den
