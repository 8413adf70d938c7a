"""The freezer's hidden imports come from the registries, and every listed module imports."""
import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "packaging"))

from hidden_imports import hidden_imports  # noqa: E402


def test_every_registry_module_imports():
    mods = hidden_imports()
    assert "cine.engine.formats.mp4.demux" in mods
    for mod in mods:
        importlib.import_module(mod)
