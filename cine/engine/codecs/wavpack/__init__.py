"""WavPack lossless/hybrid audio."""
