"""vp9 parameter parsing for probing."""
