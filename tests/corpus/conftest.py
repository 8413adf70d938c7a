"""Markers for the corpus tests: `-m mp4` selects the MP4/MOV family files."""


def pytest_configure(config):
    config.addinivalue_line("markers", "mp4: corpus file of the MP4/MOV family (issue 2)")
    config.addinivalue_line("markers", "other_family: corpus file of a later container family")
