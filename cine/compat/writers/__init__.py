"""The ffprobe writers (-of/-print_format), in the reference's registration order."""
from __future__ import annotations

from .base import Writer, WriterError


def writer_class(name: str):
    """The writer class registered under name, or None (as writer_get_by_name)."""
    if name == "default":
        from .default import DefaultWriter as cls
    elif name == "compact":
        from .compact import CompactWriter as cls
    elif name == "csv":
        from .compact import CsvWriter as cls
    elif name == "flat":
        from .flat import FlatWriter as cls
    elif name == "ini":
        from .ini import IniWriter as cls
    elif name == "json":
        from .json import JsonWriter as cls
    elif name == "xml":
        from .xml import XmlWriter as cls
    else:
        return None
    return cls


NAMES = ("default", "compact", "csv", "flat", "ini", "json", "xml")

__all__ = ["Writer", "WriterError", "writer_class", "NAMES"]
