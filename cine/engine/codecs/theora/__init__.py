"""Theora I (Xiph Theora specification): header facts for probing."""
