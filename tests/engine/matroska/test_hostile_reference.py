"""Crafted hostile Matroska inputs (mkv_hostile_cases.py: self-referencing and chained
SeekHeads, EBML sizes of 2^56, unknown sizes nested deep, dense resyncs, zlib frames past
10 MB, 1001 tracks): cine ends quickly and, where the reference ffprobe 5.1.9 is installed,
prints the same stderr (-v error), exit code, streams and packets."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mkv_hostile_cases  # noqa: E402
from _reference import crafted_case_tests  # noqa: E402

# 64 overlapping Tags over 3000 tags: the reference parses the shared bytes once per element
# and does not finish (its dictionary is rebuilt per tag); cine stops parsing them again
# after parser.REPARSE_BUDGET bytes.
DIVERGES = {"tags-overlap-large.mkv"}

# The three tests (regression files current, bounded, same as the reference), shared with
# the other crafted-case suites: see _reference.crafted_case_tests.
test_regression_files_are_current, test_bounded, test_matches_reference = \
    crafted_case_tests(mkv_hostile_cases.build, "matroska", diverges=DIVERGES)
