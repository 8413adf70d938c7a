"""cine: a Python drop-in replacement for the ffprobe and ffmpeg command-line tools.

Importing cine is cheap: nothing heavy is imported until a function needs it.
"""
__version__ = "0.1.0"

__all__ = ["__version__", "probe", "open"]


def probe(path_or_file):
    """Probe a path or a binary file object; returns a cine.api.ProbeResult."""
    from .api import probe as _probe
    return _probe(path_or_file)


def open(path_or_file):  # noqa: A001 - cine.open, like the builtin for media
    """Open a path or a binary file object for reading packets; returns a cine.container.Container
    (a context manager with .streams, .format, .packets(), .keyframes(), .close())."""
    from .container import open as _open
    return _open(path_or_file)
