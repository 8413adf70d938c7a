"""hevc parameter parsing for probing."""
