"""The frame-rate logic in front of a video encoder (FFmpeg 5.1.9 fftools/ffmpeg.c
do_video_out and adjust_frame_pts_to_encoder_tb): each filtered frame's timestamp in the
encoder time base decides whether it is dropped, passed or duplicated (-vsync/-fps_mode
cfr, vscfr, vfr, passthrough), and every frame sent to the encoder gets the next output
timestamp; -frames limits the count before the encoder.
"""
from __future__ import annotations

import math

from ..timebase import rescale_q
from ..model import AV_TIME_BASE_Q, Rational

PASSTHROUGH, CFR, VFR, VSCFR, DROP = "passthrough", "cfr", "vfr", "vscfr", "drop"


def resolve_method(method: str, entry, input_file, copy_ts: bool) -> str:
    """VSYNC_AUTO's choice for this muxer (and input)."""
    if method not in ("auto", None, "-1"):
        return {"0": PASSTHROUGH, "1": CFR, "2": VFR}.get(method, method)
    if entry.name == "avi":
        m = VFR
    elif entry.has_flag("variable_fps"):
        m = PASSTHROUGH if entry.has_flag("notimestamps") else VFR
    else:
        m = CFR
    if m == CFR and input_file is not None and len(input_file.ctx.streams) == 1 \
            and not input_file.spec.itsoffset:
        m = VSCFR
    if m == CFR and copy_ts:
        m = VSCFR
    return m


def _lrint(x: float) -> int:
    """llrint/lrintf: round half to even."""
    return int(round(x))


class VideoSync:
    def __init__(self, method, entry, input_file, copy_ts: bool, user_filters: bool):
        self.method = resolve_method(method, entry, input_file, copy_ts)
        self.user_filters = user_filters
        self.sync_opts = 0
        self.last_nb0 = [0, 0, 0]
        self.last_dropped = False
        self.last_frame = None
        self.dropped = 0
        self.duplicated = 0

    def start(self, chain, outlink, rate: Rational, enc_tb: Rational, start_us: int = 0) -> None:
        self.start_us = start_us            # the output -ss, taken off every timestamp
        self.filter_tb = outlink.time_base
        self.enc_tb = enc_tb
        self.filter_rate = outlink.frame_rate
        self.rate = rate
        self.in_tb = chain._tbs[0] if chain._tbs else outlink.time_base

    def _to_encoder_tb(self, pts: int) -> tuple[float, int]:
        tb = self.enc_tb
        extra = min(max(29 - (tb.den.bit_length() - 1), 0), 16)
        fine = Rational(tb.num, tb.den << extra)
        f = rescale_q(pts, self.filter_tb, fine) - rescale_q(self.start_us, AV_TIME_BASE_Q, fine)
        f /= 1 << extra
        f += math.copysign(1.0, f) * (1.0 / (1 << 17)) if f else 0.0
        return f, (rescale_q(pts, self.filter_tb, tb)
                   - rescale_q(self.start_us, AV_TIME_BASE_Q, tb))

    def frames_for(self, frame, frame_number: int, max_frames: int) -> list:
        """(pts, frame) pairs to encode for one filtered frame."""
        etb = self.enc_tb
        q = etb.num / etb.den
        duration = 0.0
        fr = self.filter_rate
        if fr.num > 0 and fr.den > 0:
            duration = 1 / (fr.num / fr.den * q)
        if self.rate.num:
            duration = min(duration, 1 / (self.rate.num / self.rate.den * q))
        if not self.user_filters and frame.duration:
            d = _lrint(frame.duration * self.in_tb.num / self.in_tb.den / q)
            if d > 0:
                duration = d
        if frame.pts is None:
            sync_ipts = float(self.sync_opts)
        else:
            sync_ipts, _ = self._to_encoder_tb(frame.pts)
        delta0 = sync_ipts - self.sync_opts
        delta = delta0 + duration
        nb0, nb = 0, 1
        m = self.method
        if delta0 < 0 and delta > 0 and m not in (PASSTHROUGH, DROP):
            sync_ipts = self.sync_opts
            duration += delta0
            delta0 = 0
        if m == VSCFR and frame_number == 0 and delta0 >= 0.5:
            delta = duration
            delta0 = 0
            self.sync_opts = _lrint(sync_ipts)
        if m in (VSCFR, CFR):
            if delta < -1.1:
                nb = 0
            elif delta > 1.1:
                nb = _lrint(delta)
                if delta0 > 1.1:
                    nb0 = _lrint(delta0 - 0.6)
        elif m == VFR:
            if delta <= -0.6:
                nb = 0
            elif delta > 0.6:
                self.sync_opts = _lrint(sync_ipts)
        else:
            self.sync_opts = _lrint(sync_ipts)
        return self._emit(frame, nb, nb0, frame_number, max_frames)

    def flush(self, frame_number: int, max_frames: int) -> list:
        """do_video_out(NULL) at the end: the median of the last duplication counts."""
        n = sorted(self.last_nb0)[1]
        return self._emit(None, n, n, frame_number, max_frames)

    def _emit(self, frame, nb, nb0, frame_number, max_frames) -> list:
        nb = min(nb, max_frames - frame_number)
        nb0 = min(nb0, nb)
        self.last_nb0 = [nb0] + self.last_nb0[:2]
        if nb0 == 0 and self.last_dropped:
            self.dropped += 1
        if nb > (1 if nb0 and self.last_dropped else 0) + (1 if nb > nb0 else 0):
            self.duplicated += nb - (1 if nb0 and self.last_dropped else 0) - (1 if nb > nb0 else 0)
        self.last_dropped = nb == nb0 and frame is not None
        out = []
        for i in range(nb):
            pic = self.last_frame if (i < nb0 and self.last_frame is not None) else frame
            if pic is None:
                break
            out.append((self.sync_opts, pic))
            self.sync_opts += 1
        if frame is not None:
            self.last_frame = frame
        return out
