"""h263 parameter parsing for probing."""
