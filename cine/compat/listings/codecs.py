"""-codecs, -decoders and -encoders (show_codecs, print_codecs): libavcodec's descriptors sorted
by media type then name. -codecs lists every descriptor with D and E saying whether cine
decodes and encodes the codec; -decoders and -encoders list cine's decoders and encoders with
the reference's capability flags and long names (ref_data)."""
from __future__ import annotations

from . import ref_data, sources

_TYPE_ORDER = {"video": 0, "audio": 1, "data": 2, "subtitle": 3, "attachment": 4}
_TYPE_CHAR = {"video": "V", "audio": "A", "data": "D", "subtitle": "S", "attachment": "T"}

_CODECS_HEADER = ("Codecs:\n"
                  " D..... = Decoding supported\n"
                  " .E.... = Encoding supported\n"
                  " ..V... = Video codec\n"
                  " ..A... = Audio codec\n"
                  " ..S... = Subtitle codec\n"
                  " ..D... = Data codec\n"
                  " ..T... = Attachment codec\n"
                  " ...I.. = Intra frame-only codec\n"
                  " ....L. = Lossy compression\n"
                  " .....S = Lossless compression\n"
                  " -------\n")
_CODER_HEADER = ("%s:\n"
                 " V..... = Video\n"
                 " A..... = Audio\n"
                 " S..... = Subtitle\n"
                 " .F.... = Frame-level multithreading\n"
                 " ..S... = Slice-level multithreading\n"
                 " ...X.. = Codec is experimental\n"
                 " ....B. = Supports draw_horiz_band\n"
                 " .....D = Supports direct rendering method 1\n"
                 " ------\n")


def sorted_descriptors():
    from ...engine.codecs.descriptors import every
    return sorted(every(), key=lambda d: (_TYPE_ORDER[d.type], d.name.encode()))


def codecs_text() -> str:
    decoders, encoders = sources.decoders(), sources.encoders()
    out = [_CODECS_HEADER]
    for desc in sorted_descriptors():
        if "_deprecated" in desc.name:
            continue
        row = " %s%s%s%s%s%s %-20s %s" % (
            "D" if desc.name in decoders else ".", "E" if desc.name in encoders else ".",
            _TYPE_CHAR[desc.type], "I" if desc.intra_only else ".",
            "L" if desc.lossy else ".", "S" if desc.lossless else ".", desc.name,
            desc.long_name)
        for kind, names in (("decoders", decoders), ("encoders", encoders)):
            name = names.get(desc.name)
            if name is not None and name != desc.name:
                row += " (%s: %s )" % (kind, name)
        out.append(row + "\n")
    return "".join(out)


def _coders_text(title: str, names: dict[str, str], data: dict[str, tuple[str, str]]) -> str:
    out = [_CODER_HEADER % title]
    for desc in sorted_descriptors():
        name = names.get(desc.name)
        if name is None:
            continue
        flags, long_name = data[name]
        row = " %s%s %-20s %s" % (_TYPE_CHAR[desc.type], flags, name, long_name)
        if name != desc.name:
            row += " (codec %s)" % desc.name
        out.append(row + "\n")
    return "".join(out)


def decoders_text() -> str:
    return _coders_text("Decoders", sources.decoders(), ref_data.DECODERS)


def encoders_text() -> str:
    return _coders_text("Encoders", sources.encoders(), ref_data.ENCODERS)
