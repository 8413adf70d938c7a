"""Every test of this folder ends with none of its processes left running."""
import pytest

import _live


@pytest.fixture(autouse=True)
def _reap_processes():
    yield
    _live.reap_all()
