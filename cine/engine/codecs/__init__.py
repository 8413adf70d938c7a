"""Codecs: one package per codec (parameter sets/headers, later decoders and encoders)."""
