"""FFV1 lossless video (RFC 9043)."""
