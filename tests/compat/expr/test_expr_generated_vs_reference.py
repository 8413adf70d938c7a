"""Generated expressions (hypothesis: grammar-shaped ones and character soup) evaluated by cine
and by FFmpeg 5.1.9 live, 64 at a time (see _reference.py); skipped without the reference.
NaNs compare as equal whatever their sign: which NaN operand survives an operation on two
NaNs is up to each compiler's register choice."""
from __future__ import annotations

import os
import sys

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _expr_reference import compare, have_reference  # noqa: E402

pytestmark = pytest.mark.skipif(not have_reference(), reason="needs ffmpeg 5.1.9")

NAN_BITS = {"000000000000f87f", "000000000000f8ff"}
ATOMS = ["0", "1", "2.5", "-3", "1e3", ".5", "0x1f", "1k", "2Ki", "3dB", "-6dB", "1e308",
         "inf", "nan", "PI", "E", "PHI", "n", "t", "s", "ch", "(0/0)", "(1/0)", "-0", "ld(0)",
         "ld(1)", "4.9e-324", "1m", "nb_out_channels"]
ONE = ["sin", "cos", "tan", "sinh", "cosh", "tanh", "asin", "acos", "atan", "exp", "log",
       "abs", "squish", "gauss", "isnan", "isinf", "floor", "ceil", "trunc", "round", "sqrt",
       "not", "sgn", "random", "ld"]
TWO = ["mod", "max", "min", "eq", "gt", "gte", "lt", "lte", "pow", "hypot", "gcd", "atan2",
       "bitand", "bitor", "st", "if", "ifnot"]
THREE = ["between", "clip", "lerp", "if", "ifnot"]
OPS = ["+", "-", "*", "/", "^", ";"]


def _grow(inner):
    return st.one_of(
        st.builds(lambda f, a: "%s(%s)" % (f, a), st.sampled_from(ONE), inner),
        st.builds(lambda f, a, b: "%s(%s,%s)" % (f, a, b), st.sampled_from(TWO), inner, inner),
        st.builds(lambda f, a, b, c: "%s(%s,%s,%s)" % (f, a, b, c), st.sampled_from(THREE),
                  inner, inner, inner),
        st.builds(lambda a, o, b: a + o + b, inner, st.sampled_from(OPS), inner),
        st.builds(lambda s, a: s + a, st.sampled_from(["-", "+", "--", "-+"]), inner),
        st.builds(lambda a: "(%s)" % a, inner))


EXPR = st.recursive(st.sampled_from(ATOMS), _grow, max_leaves=12)
# (not empty: aevalsrc rejects an empty list of expressions before parsing any; no blank at
# either end: the filter-graph syntax trims them before the expression parser sees them)
SOUP = st.text(alphabet="0123456789.+-*/^;(),eEkKMiBdxnstPI acflorgq", min_size=1,
               max_size=16).filter(lambda s: s == s.strip(" \t\n\r"))


def _canonical(results):
    return [(e, [("NaN" if b in NAN_BITS else b) for b in r[1]] if r[0] == "ok" else r[1])
            for e, r in results]


def _check(exprs):
    diff = compare(exprs)
    pairs = _canonical([(e, r) for e, r, _m in diff])
    mine = _canonical([(e, m) for e, _r, m in diff])
    assert pairs == mine


@settings(max_examples=6, deadline=None, phases=[Phase.generate],
          suppress_health_check=list(HealthCheck))
@given(st.lists(EXPR, min_size=64, max_size=64, unique=True))
def test_grammar_expressions(exprs):
    _check(exprs)


@settings(max_examples=4, deadline=None, phases=[Phase.generate],
          suppress_health_check=list(HealthCheck))
@given(st.lists(SOUP, min_size=32, max_size=32, unique=True))
def test_character_soup(exprs):
    _check(exprs)
