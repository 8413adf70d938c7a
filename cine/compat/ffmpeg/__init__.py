"""The ffmpeg face."""
