"""Test-suite wiring: test modules are imported with --import-mode=importlib (so files in
different folders may share a basename), and every test folder is put on sys.path so that a
test can import its own helper modules (e.g. `from _hostile import ...`)."""
import os
import sys

_ROOT = os.path.dirname(os.path.abspath(__file__))
for _top in ("tests", "compat-tests"):
    for _dir, _subdirs, _files in os.walk(os.path.join(_ROOT, _top)):
        _subdirs[:] = [d for d in _subdirs if not d.startswith((".", "__")) and d != "goldens"]
        if any(f.endswith(".py") for f in _files) and _dir not in sys.path:
            sys.path.append(_dir)
