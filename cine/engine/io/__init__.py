"""Byte sources and bounds-checked readers."""
