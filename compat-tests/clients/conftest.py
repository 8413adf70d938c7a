"""The client tests' closing table: per client and operation, how many cases passed, failed,
were skipped (by reason) or are known gaps (xfail). Printed only when the clients ran."""
from __future__ import annotations

import collections

_ROWS: dict = collections.defaultdict(collections.Counter)
_SKIPS: dict = collections.defaultdict(collections.Counter)


def pytest_runtest_logreport(report):
    if "test_clients.py::test_client[" not in report.nodeid:
        return
    key = report.nodeid.split("[", 1)[1].rstrip("]").split(":")
    if len(key) < 3:
        return
    row = (key[0], key[1])
    if report.when == "call" or (report.when == "setup" and report.outcome == "skipped"):
        if hasattr(report, "wasxfail"):
            outcome = "xfailed" if report.outcome == "skipped" else "XPASS"
        else:
            outcome = report.outcome
        _ROWS[row][outcome] += 1
        if outcome == "skipped" and isinstance(report.longrepr, tuple):
            _SKIPS[row][report.longrepr[2].replace("Skipped: ", "")] += 1


def pytest_terminal_summary(terminalreporter):
    if not _ROWS:
        return
    tr = terminalreporter
    tr.section("client programs: real FFmpeg 5.1.9 vs cine")
    cols = ("passed", "failed", "xfailed", "skipped")
    tr.write_line("%-16s %-32s %7s %7s %7s %7s" % (("client", "operation") + cols))
    for (client, op), counts in sorted(_ROWS.items()):
        tr.write_line("%-16s %-32s %7d %7d %7d %7d" % ((client, op) + tuple(counts[c] for c in cols)))
        for reason, n in sorted(_SKIPS[(client, op)].items(), key=lambda kv: -kv[1]):
            tr.write_line("%-49s skipped %d: %s" % ("", n, reason))
