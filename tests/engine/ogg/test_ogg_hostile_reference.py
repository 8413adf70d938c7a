"""Crafted hostile Ogg inputs (ogg_hostile_cases.py: endless continuation, nested bad-CRC pages,
the capture-pattern search limit, 1001 streams, granules at the signed/unsigned edges):
cine ends quickly and, where the reference ffprobe 5.1.9 is installed, prints the same
stderr (-v error), exit code, streams and packets."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ogg_hostile_cases  # noqa: E402
from _reference import crafted_case_tests  # noqa: E402

# The three tests (regression files current, bounded, same as the reference), shared with
# the other crafted-case suites: see _reference.crafted_case_tests.
test_regression_files_are_current, test_bounded, test_matches_reference = \
    crafted_case_tests(ogg_hostile_cases.build, "ogg")
