"""mjpeg parameter parsing for probing."""
