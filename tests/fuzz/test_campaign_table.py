"""fuzz/campaign.py's README table: a run over some targets replaces their rows and keeps the
others, in name order, saying which rows are older."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "fuzz"))
import campaign  # noqa: E402

OLD = """Each target fuzzed for 600 s (2026-11-25):

| target | executions | exec/s | cov | ft | corpus | findings |
|---|---:|---:|---:|---:|---:|---:|
| adts | 10 | 1 | 2 | 3 | 4 | 0 |
| wav | 20 | 1 | 2 | 3 | 4 | 0 |
"""


def _row(name, execs):
    return dict(target=name, execs=execs, rate=1, cov=2, ft=3, corpus=4, findings=[])


def test_partial_run_keeps_other_rows_in_order():
    text = campaign.merged(campaign.table([_row("mp4", 5), _row("adts", 7)], 600), OLD)
    rows = [line.split("|")[1].strip() for line in text.splitlines()
            if line.startswith("| ") and "target" not in line]
    assert rows == ["adts", "mp4", "wav"]
    assert "| adts | 7 |" in text and "| wav | 20 |" in text
    assert sum(line.startswith("|---") for line in text.splitlines()) == 1
    assert text.rstrip().endswith("Rows of wav are from an earlier run: "
                                  "Each target fuzzed for 600 s (2026-11-25):")


def test_full_run_replaces_the_table():
    new = campaign.table([_row("adts", 1), _row("wav", 2)], 600)
    assert campaign.merged(new, OLD) == new
