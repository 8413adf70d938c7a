"""libswresample of FFmpeg 5.1.9 as aresample runs it by default: sample format conversion,
the default rematrix and the polyphase resampler, bit-exact with the x86-64 reference
(see context.Swr)."""
from .context import Swr

__all__ = ["Swr"]
