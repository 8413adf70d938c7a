"""Byte sources and bounds-checked readers."""

# the URL protocols source.open_url and sink.open_sink resolve, for input and output alike
PROTOCOLS = ("file", "pipe")
