"""Speex (Speex codec manual, "Speex header"): stream facts for probing."""
