"""True Audio (TTA) lossless audio."""
