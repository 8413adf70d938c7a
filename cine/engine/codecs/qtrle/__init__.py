"""Apple QuickTime Animation (RLE) video."""
