"""Stands in for PyInstaller's bootstrap module `pyimod03_ctypes` inside cine's bundle.

PyInstaller's own module imports ctypes before the program starts (~2.5 ms of every run) to
make `ctypes.CDLL("name")` find shared libraries collected into the bundle. cine loads no
library of its bundle through ctypes: its only ctypes call is `CDLL(None)` (the C library
itself, engine/io/heap.py, on long runs only), and numpy links its own libraries. So the
bootstrap's `install()` does nothing here and ctypes is imported only where cine uses it.
(build_dist.py swaps this file in under the bootstrap module's name.)
"""


def install():
    """PyInstaller's bootstrap calls this; nothing to install for cine."""
