"""What libavcodec's decode layer (FFmpeg 5.1.9 decode.c) does to an audio decoder's frames:
the "Skip Samples" packet side data (priming from the demuxer: MP3 LAME delay, MP4 edit
lists, Ogg pre-skip) and the decoder's own initial skip (Opus pre-skip) drop samples from
the start, discard_padding drops them from the end of the packet's frame, and the
timestamps move with them.

A decoder fails a packet by raising CineError (the pipeline logs the reference's "Error while
decoding stream" line) or by setting `last_error` to the AVERROR; one that decoded frames
before failing sets `pending_error` (reported after them). A skip it finds while decoding
(AAC's libfaac signature) is its `new_skip_samples`. It declares its initial
skip as `skip_samples` (samples, default 0) and
`skip_samples_multiplier` (HE-AAC doubles the side data's count) attributes.
"""
from __future__ import annotations

from ..errors import CineError, strerror
from ..model import Rational
from ..timebase import rescale_q


class SkippingDecoder:
    """An audio decoder with decode.c's sample skipping around it."""

    def __init__(self, dec, time_base: Rational, sample_rate: int) -> None:
        self.dec = dec
        self.time_base = time_base
        self.sample_rate = sample_rate
        self.skip = max(0, int(getattr(dec, "skip_samples", 0) or 0))
        self.multiplier = int(getattr(dec, "skip_samples_multiplier", 1) or 1)
        self.pending = None          # an error to report after this packet's frames

    def decode(self, data: bytes, pts, dts, duration, side_data=()) -> list:
        dec = self.dec
        frames = dec.decode(data, pts, dts, duration)
        failed = getattr(dec, "last_error", 0)
        if failed and not frames:
            # a decoder that reports a failed packet instead of raising (mp3float)
            raise CineError(strerror(failed), code=failed)
        discard = 0
        if side_data:
            for sd in side_data:
                if sd.type == "Skip Samples":
                    f = dict(sd.fields)
                    # (read after the decode: AAC sets it while decoding its first SBR frame)
                    mult = int(getattr(dec, "skip_samples_multiplier", 0) or self.multiplier)
                    self.skip = max(0, int(f.get("skip_samples", 0)) * mult)
                    discard = int(f.get("discard_padding", 0)) & 0xFFFFFFFF
        new_skip = getattr(dec, "new_skip_samples", None)
        if new_skip is not None:
            # a skip the decoder sets while decoding (AAC's libfaac priming signature)
            self.skip = new_skip
        if self.skip <= 0 and not discard:
            # nothing to trim (the usual packet): the frames as they are
            out = frames if type(frames) is list else list(frames)
            if out and out[0].pts is None:
                out[0].pts = pts
        else:
            out = self._trim_all(frames, pts, discard)
        pending = getattr(dec, "pending_error", None)
        if pending is not None:
            # frames decoded, then the rest of the packet failed: they go on, the error
            # is reported after them
            self.pending = pending
        return out

    def _trim_all(self, frames: list, pts, discard: int) -> list:
        out = []
        for i, fr in enumerate(frames):
            if i == 0 and fr.pts is None:
                fr.pts = pts
            fr = self._trim(fr, discard)
            if fr is not None:
                out.append(fr)
        return out

    def flush(self) -> list:
        return [fr for fr in (self._trim(f, 0) for f in self.dec.flush()) if fr is not None]

    def _trim(self, fr, discard: int):
        n = fr.nb_samples
        if self.skip > 0:
            if n <= self.skip:
                self.skip -= n
                return None
            cut = self.skip
            fr.data = fr.data[:, cut:]
            rate = fr.sample_rate or self.sample_rate
            if rate and self.time_base.num:
                diff = rescale_q(cut, Rational(1, rate), self.time_base)
                if fr.pts is not None:
                    fr.pts += diff
                if fr.pkt_dts is not None:
                    fr.pkt_dts += diff
            self.skip = 0
            n = fr.nb_samples
        if 0 < discard <= n:
            if discard == n:
                return None
            fr.data = fr.data[:, :n - discard]
        return fr
