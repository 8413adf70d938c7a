"""Fuzz targets: each module defines TestOneInput(data: bytes) (the atheris/libFuzzer contract)."""
