"""The ffprobe face."""
