"""Shared test set-up: every test starts from av_log's initial state. cine's log keeps
process-wide state as the reference's does (level, flags, the pending "Last message repeated"
count); a test that runs a face in-process would otherwise leave it to the next test on the
same xdist worker."""
from __future__ import annotations

import pytest

from cine.compat import log as _log


@pytest.fixture(autouse=True)
def _fresh_log_state():
    _log.reset()
    yield
