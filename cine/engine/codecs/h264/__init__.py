"""h264 parameter parsing for probing."""
