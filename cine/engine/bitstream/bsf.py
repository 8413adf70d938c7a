"""Bitstream filters for stream copy (libavcodec/bsf.c of FFmpeg 5.1.9): the registry by name,
instances bound to one stream, and chains. A filter may rewrite the stream's codec
parameters (extradata) when created, as av_bsf_init does with par_out.
"""
from __future__ import annotations

from ..errors import CineError, AVERROR_BUG
from ..log import Logger
from ..model import Packet

# name -> "module:Class"
FILTERS = {
    "null": "cine.engine.bitstream.bsf:NullBsf",
    "h264_mp4toannexb": "cine.engine.bitstream.h264_mp4toannexb:H264Mp4ToAnnexB",
    "hevc_mp4toannexb": "cine.engine.bitstream.hevc_mp4toannexb:HevcMp4ToAnnexB",
    "aac_adtstoasc": "cine.engine.bitstream.aac_adtstoasc:AacAdtsToAsc",
    "vp9_superframe": "cine.engine.bitstream.vp9_superframe:Vp9Superframe",
    "setts": "cine.engine.bitstream.setts:SetTs",
}
# the filters with private options (an AVClass): the others ignore the options of a -bsf
# "name=options" entry, as av_bsf_list_parse_str does
WITH_OPTIONS = ("setts",)


class BsfSpec:
    """One filter of a -bsf chain: its name and its options, parsed by the caller into what
    the filter takes (setts: Expr objects and a time base)."""

    __slots__ = ("name", "options")

    def __init__(self, name: str, options: dict | None = None):
        self.name = name
        self.options = options or {}

    def __repr__(self) -> str:
        return "BsfSpec(%r, %r)" % (self.name, self.options)


def spec_name(spec) -> str:
    """The filter's name of a chain entry (a BsfSpec, or a name as the muxers ask)."""
    return spec.name if isinstance(spec, BsfSpec) else spec


class Bsf:
    """One filter instance: filter(pkt) -> list of output packets; flush() -> the rest."""

    name = ""
    time_base_out = None        # av_bsf_init's time_base_out when it differs from the input's

    def __init__(self, stream, log: Logger):
        self.stream = stream          # the output stream; codecpar may be updated in init
        self.log = log

    def filter(self, pkt: Packet) -> list[Packet]:
        return [pkt]

    def flush(self) -> list[Packet]:
        return []


class NullBsf(Bsf):
    name = "null"


# bsf.c codec_ids: the codecs a filter accepts (none listed: every codec)
CODECS = {
    "h264_mp4toannexb": ("h264",),
    "hevc_mp4toannexb": ("hevc",),
    "aac_adtstoasc": ("aac",),
    "vp9_superframe": ("vp9",),
}


class BsfInitError(CineError):
    """av_bsf_init refused the stream (its lines are logged); code is the AVERROR."""


def exists(name: str) -> bool:
    return name in FILTERS


def create(spec, stream, log: Logger) -> Bsf:
    """av_bsf_get_by_name + av_bsf_alloc + av_bsf_init for the stream's parameters. spec: the
    filter's name, or a BsfSpec with its options. A filter that changes the time base says
    so in its time_base_out (None: unchanged)."""
    name = spec_name(spec)
    options = spec.options if isinstance(spec, BsfSpec) else None
    path = FILTERS.get(name)
    if path is None:
        raise CineError("Unknown bitstream filter %s" % name, code=AVERROR_BUG)
    supported = CODECS.get(name)
    codec = stream.codecpar.codec_name
    if supported and codec not in supported:
        from ..codecs.codec_ids import codec_id
        flog = Logger(name, log.sink)
        flog.error("Codec '%s' (%d) is not supported by the bitstream filter '%s'. Supported "
                   "codecs are: " % (codec or "unknown", codec_id(codec), name))
        for c in supported:
            flog.error("%s (%d) " % (c, codec_id(c)))
        flog.error("\n")
        raise BsfInitError("Invalid argument", code=-22)
    import importlib
    mod, _, cls = path.partition(":")
    try:
        klass = getattr(importlib.import_module(mod), cls)
        if name in WITH_OPTIONS:
            return klass(stream, Logger(name, log.sink), options)
        return klass(stream, Logger(name, log.sink))
    except BsfInitError:
        raise
    except CineError as exc:
        raise BsfInitError(exc.message, code=exc.code or AVERROR_BUG) from None


def run_chain(chain: list[Bsf], pkt: Packet) -> list[Packet]:
    pkts = [pkt]
    for f in chain:
        out: list[Packet] = []
        for p in pkts:
            out.extend(f.filter(p))
        pkts = out
    return pkts


def flush_chain(chain: list[Bsf]) -> list[Packet]:
    pkts: list[Packet] = []
    for i, f in enumerate(chain):
        out: list[Packet] = []
        for p in pkts:
            out.extend(f.filter(p))
        out.extend(f.flush())
        pkts = out
    return pkts


def with_data(pkt: Packet, data: bytes) -> Packet:
    """A copy of pkt's properties (av_packet_copy_props) carrying new data."""
    return Packet(pkt.stream_index, data, pkt.pts, pkt.dts, pkt.duration, pkt.pos, pkt.flags,
                  list(pkt.side_data))
