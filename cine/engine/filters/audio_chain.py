"""A linear chain of audio filters as FFmpeg 5.1.9's ffmpeg tool builds it for one output
stream: the input trim (input -ss/-t), the user's -af filters, the output format
constraints (fftools' aformat from -sample_fmt/-ar/-ac and the encoder's formats), the
output trim (output -ss/-t). libavfilter's negotiation is reduced to what a chain needs: a
converter (aresample) outputs what its downstream accepts, keeping the input's format, rate
and layout where allowed; where a filter refuses its input a converter is inserted before
it (the graph's automatic aresample).
"""
from __future__ import annotations

from .audio_filters import AResample, Constraints


class AudioChain:
    def __init__(self, filters: list, log=None):
        self.filters = list(filters)
        self.log = log
        self.inlink = None
        self.outlink = None

    @property
    def is_meta(self) -> bool:
        """Whether every filter only passes samples on (fftools' graph_is_meta)."""
        return all(f.meta for f in self.filters)

    @property
    def eof(self) -> bool:
        return any(f.eof for f in self.filters)

    def configure(self, inlink):
        """Insert the converters and configure every filter; returns the output link."""
        planned = []
        self.inlink = link = inlink
        for i, f in enumerate(self.filters):
            if not f.converts and not f.constraints.accepts(link):
                auto = AResample()
                link = auto.configure(link, self._wanted(i, f.constraints))
                planned.append(auto)
            want = self._wanted(i + 1, Constraints()) if f.converts else Constraints()
            if getattr(f, "wants_log", False):
                f.log = self.log            # (a filter that logs while it is configured)
            link = f.configure(link, want)
            planned.append(f)
        self.filters = planned
        self.outlink = link
        return link

    def _wanted(self, start: int, first: Constraints) -> Constraints:
        """The constraints a converter at `start` must meet: those of the filters after it
        up to the next converter."""
        want = first
        for f in self.filters[start:]:
            if f.converts:
                break
            want = want.merged(f.constraints)
        return want

    def push(self, frame) -> list:
        frames = [frame]
        for f in self.filters:
            nxt = []
            for fr in frames:
                nxt.extend(f.push(fr))
            frames = nxt
            if not frames:
                break
        return frames

    def flush(self) -> list:
        """The end of the stream: each filter's remainder goes through the rest."""
        out = []
        for i, f in enumerate(self.filters):
            frames = f.flush()
            for g in self.filters[i + 1:]:
                nxt = []
                for fr in frames:
                    nxt.extend(g.push(fr))
                frames = nxt
            out.extend(frames)
        return out
