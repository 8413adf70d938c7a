"""The planner: pictures a leading `select` will drop are never decoded.

When an encoded stream's filter chain starts with select (and the expression does not use
the scene score, which needs pixels), the select filter runs here on each packet's picture
metadata instead of on decoded frames: pts, key frame, and the picture type read from the
first slice header (H.264) or known (rawvideo: every picture is I). Packets reach it in
presentation order, as frames reach the reference's filter (a reorder window of the stream's
B-frame delay), so n, t, prev_* and selected_n see what they would after decoding. The packets
then go to the decoder in their own (decoding) order, each once its verdict is known: only the
packets it passes are decoded for output (the decoder may still decode others as references).
"""
from __future__ import annotations

from ..bitstream.bitreader import BitReader, unescape_rbsp
from ..errors import CineError
from ..filters.select import SelectFilter

# slice_type % 5 -> AVPictureType letter
_SLICE_PICT = ("P", "B", "I", "SP", "SI")


def h264_picture_type(data: bytes, is_avc: bool, nal_length_size: int) -> str | None:
    """The picture type of an access unit: its first slice's slice_type (None when it has no
    readable slice)."""
    from ..codecs.h264.framing import decoder_split
    nals, _events, _ok = decoder_split(data, is_avc, nal_length_size)
    for nal in nals:
        if nal and nal[0] & 0x1F in (1, 5):
            try:
                br = BitReader(unescape_rbsp(nal[1:9]))
                br.ue()                         # first_mb_in_slice
                t = br.ue()
            except (CineError, IndexError, ValueError):
                return None
            return _SLICE_PICT[t % 5] if t <= 9 else None
    return None


class _Meta:
    """What select reads of a frame, known before decoding."""

    __slots__ = ("pts", "key", "pict_type", "pos")

    def __init__(self, pts, key, pict_type, pos):
        self.pts = pts
        self.key = key
        self.pict_type = pict_type
        self.pos = pos


class PreSelect:
    """Decide, packet by packet in presentation order, which pictures the select passes."""

    def __init__(self, options: dict, link, codec_name: str, decoder, video_delay: int, log):
        self.select = SelectFilter(options, log)
        self.select.configure(link)
        self.link = link                # what the rest of the chain would be configured with
        self.codec = codec_name
        self.decoder = decoder
        self.delay = max(video_delay, 0)
        self.window: list = []          # packets waiting for the reorder window
        self.pending: list = []         # [packet, verdict or None] in decoding order

    def push(self, pkt) -> list:
        """The packets now due (in decoding order), each with whether it is to be decoded."""
        self.window.append(pkt)
        self.pending.append([pkt, None])
        if len(self.window) > self.delay:
            self._judge(self._pop())
        return self._due()

    def flush(self) -> list:
        while self.window:
            self._judge(self._pop())
        return self._due()

    def _judge(self, pkt) -> None:
        _pkt, verdict = self._decide(pkt)
        for entry in self.pending:
            if entry[0] is pkt:
                entry[1] = verdict
                break

    def _due(self) -> list:
        out = []
        while self.pending and self.pending[0][1] is not None:
            pkt, verdict = self.pending.pop(0)
            out.append((pkt, verdict))
        return out

    def _pop(self):
        best = min(range(len(self.window)), key=lambda i: _order(self.window[i]))
        return self.window.pop(best)

    def _decide(self, pkt):
        if self.codec == "h264":
            inner = getattr(self.decoder, "dec", self.decoder)
            ptype = h264_picture_type(pkt.data, inner.is_avc, inner.nal_length_size)
        else:
            ptype = "I"
        if ptype is None:
            return pkt, True                    # undecidable: let the decoder see it
        meta = _Meta(_pts(pkt), bool(pkt.flags & 1), ptype, pkt.pos)
        return pkt, bool(self.select.push(meta))


def _pts(pkt):
    """The frame's timestamp to be (best_effort_timestamp: the pts, else the dts)."""
    return pkt.pts if pkt.pts is not None else pkt.dts


def _order(pkt):
    t = _pts(pkt)
    return -(1 << 63) if t is None else t


def can_plan(specs, codec_name: str, stream) -> bool:
    """Whether the chain's first filter is a select the planner can run before decoding."""
    if not specs or specs[0][0] != "select" or codec_name not in ("h264", "rawvideo"):
        return False
    if stream.codecpar.video_delay and codec_name != "h264":
        return False
    return not specs[0][1].get("uses_scene", False)
