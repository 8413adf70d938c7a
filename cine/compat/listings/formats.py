"""-formats, -muxers, -demuxers and -devices (show_formats_devices): every name once, in strcmp
order; a name both read and written takes the muxer's long name. cine has no devices."""
from __future__ import annotations

from . import sources

_HEADER = "%s\n D. = Demuxing supported\n .E = Muxing supported\n --\n"


def _listing(title: str, muxers, demuxers) -> str:
    rows: dict[bytes, list] = {}            # name -> [long name, demuxing, muxing]
    for name, long_name in muxers:
        rows.setdefault(name.encode(), [long_name, False, True])
    for name, long_name in demuxers:
        rows.setdefault(name.encode(), [long_name, False, False])[1] = True
    out = [_HEADER % title]
    for key in sorted(rows):
        long_name, demux, mux = rows[key]
        out.append(" %s%s %-15s %s\n" % ("D" if demux else " ", "E" if mux else " ",
                                          key.decode(), long_name or " "))
    return "".join(out)


def formats_text() -> str:
    return _listing("File formats:", sources.muxers(), sources.demuxers())


def muxers_text() -> str:
    return _listing("File formats:", sources.muxers(), ())


def demuxers_text() -> str:
    return _listing("File formats:", (), sources.demuxers())


def devices_text() -> str:
    return _listing("Devices:", (), ())
