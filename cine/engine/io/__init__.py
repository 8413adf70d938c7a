"""Byte sources and bounds-checked readers."""

# the URL protocols source.open_url resolves (sink.open_sink: file and pipe; cache is
# input-only, as in the reference, whose -protocols lists it under Input only)
PROTOCOLS = ("cache", "file", "pipe")
