"""VP8 (RFC 6386) header facts for probing."""
