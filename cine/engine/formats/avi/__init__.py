"""AVI (Audio Video Interleaved) demuxer package: probe, header walk, index, packets."""
