"""Avid DNxHD / DNxHR (SMPTE ST 2019-1) header parsing for probing."""
