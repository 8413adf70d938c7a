"""av1 parameter parsing for probing."""
