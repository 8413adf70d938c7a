"""prores parameter parsing for probing."""
