"""Vorbis I (Xiph Vorbis I specification) header facts for probing."""
