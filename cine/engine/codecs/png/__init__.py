"""PNG header parsing for probing."""
