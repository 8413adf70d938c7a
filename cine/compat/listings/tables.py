"""-filters, -bsfs, -protocols, -pix_fmts, -sample_fmts, -layouts, -dispositions and ffmpeg's
-hwaccels (show_filters, show_bsfs, show_protocols, show_pix_fmts, show_sample_fmts,
show_layouts, show_dispositions, show_hwaccels).

Filters, bitstream filters and protocols: what cine has, in the reference's iteration order.
Pixel formats, sample formats and channel layouts are libavutil's descriptions, printed in
full; only -pix_fmts' I and O flags (what swscale converts) say what cine's scale converts.
"""
from __future__ import annotations

from . import ref_data, sources


def filters_text() -> str:
    have = set(sources.filter_names())
    out = ["Filters:\n"
           "  T.. = Timeline support\n"
           "  .S. = Slice threading\n"
           "  ..C = Command support\n"
           "  A = Audio input/output\n"
           "  V = Video input/output\n"
           "  N = Dynamic number and/or type of input/output\n"
           "  | = Source or sink filter\n"]
    for name, flags, pads, descr in ref_data.FILTERS:
        if name in have:
            out.append(" %s %-17s %-10s %s\n" % (flags, name, pads, descr))
    return "".join(out)


def _in_order(names, order) -> list[str]:
    have = set(names)
    return [n for n in order if n in have]


def bsfs_text() -> str:
    names = _in_order(sources.bsf_names(), ref_data.BSF_ORDER)
    return "Bitstream filters:\n" + "".join(n + "\n" for n in names) + "\n"


def protocols_text() -> str:
    names = sources.protocols()
    return ("Supported file protocols:\nInput:\n"
            + "".join("  %s\n" % n for n in _in_order(names, ref_data.INPUT_PROTOCOLS))
            + "Output:\n"
            + "".join("  %s\n" % n for n in _in_order(names, ref_data.OUTPUT_PROTOCOLS)))


def pix_fmts_text() -> str:
    from ...engine import pixfmt
    out = ["Pixel formats:\n"
           "I.... = Supported Input  format for conversion\n"
           ".O... = Supported Output format for conversion\n"
           "..H.. = Hardware accelerated format\n"
           "...P. = Paletted format\n"
           "....B = Bitstream format\n"
           "FLAGS NAME            NB_COMPONENTS BITS_PER_PIXEL BIT_DEPTHS\n"
           "-----\n"]
    for name in pixfmt.names():
        d = pixfmt.get(name)
        conv = sources.converts_pix_fmt(name)
        out.append("%s%s%s%s%s %-16s       %d            %3d      %d%s\n" % (
            "I" if conv else ".", "O" if conv else ".", "H" if d.hwaccel else ".",
            "P" if d.paletted else ".", "B" if d.bitstream else ".", name, d.nb_components,
            d.bits_per_pixel, d.depth, "".join("-%d" % x for x in d.depths[1:])))
    return "".join(out)


def sample_fmts_text() -> str:
    from ...engine.samplefmt import SAMPLE_FORMATS
    return "name   depth\n" + "".join("%-6s   %2d \n" % (name, size * 8)
                                      for name, (_, size) in SAMPLE_FORMATS.items())


def layouts_text() -> str:
    from ...engine import chlayout
    out = ["Individual channels:\nNAME           DESCRIPTION\n"]
    for i in range(63):
        name = chlayout.channel_name(i)
        if "USR" not in name:
            out.append("%-14s %s\n" % (name, ref_data.CHANNEL_DESCRIPTIONS[name]))
    out.append("\nStandard channel layouts:\nNAME           DECOMPOSITION\n")
    for _, mask in chlayout.NAMED_LAYOUTS:
        names = [chlayout.channel_name(i) for i in range(63) if mask >> i & 1]
        out.append("%-14s %s\n" % (chlayout.describe(mask), "+".join(names)))
    return "".join(out)


def dispositions_text() -> str:
    from ...engine.model import DISPOSITIONS
    return "".join(n + "\n" for n in DISPOSITIONS)


def hwaccels_text() -> str:
    return "Hardware acceleration methods:\n\n"
