"""fps (libavfilter/vf_fps.c of FFmpeg 5.1.9): a constant frame rate by dropping and
duplicating frames. Input timestamps are rescaled to 1/fps with the chosen rounding (offset
by start_time when given); a buffered frame is output at each next_pts until the following
frame is due; at EOF frames are output up to the end timestamp (rounded like the frames, or
up with eof_action=pass).

options: fps (Rational), start_time (float seconds or None), round ("near", "zero", "inf",
"down", "up"), eof_action ("round" or "pass").
"""
from __future__ import annotations

from ..model import AV_TIME_BASE_Q, Rational
from ..timebase import (ROUND_DOWN, ROUND_INF, ROUND_NEAR_INF, ROUND_PASS_MINMAX, ROUND_UP,
                        ROUND_ZERO, rescale_q)
from .link import FilterError

ROUNDING = {"zero": ROUND_ZERO, "inf": ROUND_INF, "down": ROUND_DOWN, "up": ROUND_UP,
            "near": ROUND_NEAR_INF}


class FpsFilter:
    def __init__(self, options: dict, log):
        self.log = log
        self.rate: Rational = options.get("fps", Rational(25, 1))
        self.start_time = options.get("start_time")
        self.rounding = ROUNDING[options.get("round", "near")]
        self.eof_pass = options.get("eof_action", "round") == "pass"
        self.frames: list = []
        self.next_pts = None
        self.in_off = self.out_off = 0

    def configure(self, inlink):
        if self.rate.num <= 0 or self.rate.den <= 0:
            self.log.error("Invalid frame rate\n")
            raise FilterError("Invalid argument")
        self.in_tb = inlink.time_base
        self.out_tb = Rational(self.rate.den, self.rate.num)
        if self.start_time is not None:
            first = self.start_time * 1000000
            if not -(1 << 63) <= first <= (1 << 63) - 1:
                self.log.error("Start time %f cannot be represented in internal time base\n"
                               % self.start_time)
                raise FilterError("Invalid argument")
            first = int(first)
            rnd = self.rounding | ROUND_PASS_MINMAX
            self.in_off = rescale_q(first, AV_TIME_BASE_Q, self.in_tb, rnd)
            self.out_off = rescale_q(first, AV_TIME_BASE_Q, self.out_tb, rnd)
            self.next_pts = self.out_off
        return inlink.copy(time_base=self.out_tb, frame_rate=self.rate)

    def push(self, frame) -> list:
        if frame.pts is not None:
            frame.pts = self.out_off + rescale_q(frame.pts - self.in_off, self.in_tb, self.out_tb,
                                                 self.rounding | ROUND_PASS_MINMAX)
        frame.time_base = self.out_tb
        self.frames.append(frame)
        out = []
        while len(self.frames) == 2:
            out.extend(self._write(None))
        return out

    def flush(self, eof_pts) -> list:
        rnd = (ROUND_UP if self.eof_pass else self.rounding) | ROUND_PASS_MINMAX
        status = rescale_q(eof_pts, self.in_tb, self.out_tb, rnd) if eof_pts is not None \
            else -(1 << 63)
        out = []
        while self.frames:
            out.extend(self._write(status))
        return out

    def _write(self, status) -> list:
        """write_frame: one step (drop the head, or output a copy of it)."""
        frames = self.frames
        if self.next_pts is None:
            if frames[0].pts is not None:
                self.next_pts = frames[0].pts
            else:
                self.log.warning("Discarding initial frame(s) with no timestamp.\n")
                frames.pop(0)
                return []
        if (len(frames) == 2 and frames[1].pts <= self.next_pts) or \
                (status is not None and status <= self.next_pts):
            frames.pop(0)
            return []
        src = frames[0]
        dup = _clone(src)
        dup.pts = self.next_pts
        self.next_pts += 1
        return [dup]


def _clone(frame):
    from ..frame import VideoFrame
    return VideoFrame(frame.planes, frame.width, frame.height, frame.pix_fmt, frame.pts,
                      frame.duration, frame.time_base, frame.key, frame.pict_type, frame.sar,
                      frame.color_range, frame.pkt_dts)
