"""cine: a Python drop-in replacement for the ffprobe and ffmpeg command-line tools.

Importing cine is cheap: nothing heavy is imported until a function needs it.
"""
__version__ = "0.1.0"

__all__ = ["__version__", "probe"]


def probe(path_or_file):
    """Probe a path or a binary file object; returns a cine.api.ProbeResult."""
    from .api import probe as _probe
    return _probe(path_or_file)
