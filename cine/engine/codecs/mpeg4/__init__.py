"""mpeg4 parameter parsing for probing."""
