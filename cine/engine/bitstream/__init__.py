"""Bit-level readers shared by codec header parsers."""
