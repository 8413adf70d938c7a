"""Every resource bound of the engine, as named constants (checked before allocating)."""

# Container structure
MAX_BOX_DEPTH = 32            # nested ISO BMFF boxes
MAX_EBML_DEPTH = 32           # nested Matroska elements
MAX_TRACKS = 1024             # streams one input may declare
MAX_STREAMS = 1000            # AVFormatContext.max_streams default: the 1001st stream fails
MAX_TAG_BYTES = 16 << 20      # one metadata value
MAX_HEADER_BOX = 256 << 20    # a single box read fully into memory (moov, meta...)

# Probing (libavformat defaults)
PROBE_BUF_MIN = 2048
PROBE_BUF_MAX = 1 << 20
PROBESIZE = 5_000_000          # bytes read by find_stream_info
MAX_ANALYZE_DURATION = 5_000_000  # microseconds

# Pipes: how much of a non-seekable input may be held for look-back.
PIPE_LOOKBACK = 64 << 20
