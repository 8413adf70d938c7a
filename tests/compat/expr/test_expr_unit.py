"""The expression language without the reference: values and messages FFmpeg 5.1.9 gives
(checked against it once; the live comparisons are in test_expr_*_vs_reference.py)."""
from __future__ import annotations

import errno
import math
import struct

import pytest

from cine.compat.expr import ExprError, compile_expr
from cine.compat.expr.strtod import av_strtod
from cine.engine.errors import CineError


def _bits(x):
    return struct.pack("<d", x).hex()


@pytest.mark.parametrize("text,value", [
    ("1+2*3", 7.0), ("-2^2", -4.0), ("2^3^2", 64.0), ("2^-1", 0.5), ("1/0", math.inf),
    ("-1/0", -math.inf), ("mod(-7,3)", 2.0), ("1k", 1000.0), ("1Ki", 1024.0), ("1KiB", 8192.0),
    ("0x10", 16.0), ("1E", 1e18), ("PI", math.pi), ("1 2", 12.0), ("st(0,5);ld(0)*2", 10.0),
    ("gcd(12,18)", 6.0), ("bitand(12,10)", 8.0), ("clip(5,0,3)", 3.0), ("lerp(0,10,.5)", 5.0),
    ("-squish(0)", 0.5), ("round(2.5)", 3.0), ("round(-2.5)", -3.0), ("hypot(3,4)", 5.0),
    ("if(0,2,)", 0.0), ("sin+(0)", 0.0), ("root(ld(0)*ld(0)-4,5)", 2.0),
    ("while(lt(ld(0),10),st(0,ld(0)+1))", 10.0), ("-3dB", 0.7079457843841379),
])
def test_values(text, value):
    assert compile_expr(text)() == value


@pytest.mark.parametrize("text,bits", [
    ("ceil(-0.5)", "0000000000000000"), ("trunc(-0.5)", "0000000000000000"),
    ("round(-0.4)", "0000000000000080"), ("-0", "0000000000000080"),
    ("clip(-1,-0,0)", "0000000000000000"), ("-sgn(0)", "0000000000000080"),
    ("-if(0,1)", "0000000000000080"), ("if(-0,5)", "0000000000000080"),
    ("-if(-0,5)", "0000000000000000"), ("if(-0,5,0)", "0000000000000000"),
    ("-ifnot(1,5)", "0000000000000080"), ("ifnot(-1,5)", "0000000000000000"),
])
def test_signed_zeros(text, bits):
    assert _bits(compile_expr(text)()) == bits


def test_nan_results():
    for text in ("0/0", "sqrt(-1)", "asin(2)", "log(-1)", "sin(1/0)", "clip(1,2,0)",
                 "bitand(0/0,1)", "while(0,1)", "pow(-8,1/3)"):
        assert math.isnan(compile_expr(text)()), text


@pytest.mark.parametrize("text,lines", [
    ("foo", ["Undefined constant or missing '(' in 'foo'"]),
    ("max(1,foo)", ["Undefined constant or missing '(' in 'foo)'",
                    "Missing ')' or too many args in 'max(1,foo)'"]),
    ("(1", ["Missing ')' in '(1'"]),
    ("1 )", ["Invalid chars ')' at the end of expression '1 )'"]),
    ("foo(1)", ["Unknown function in 'foo(1)'"]),
    ("1 +", ["Undefined constant or missing '(' in ''"]),
    ("sin(1,2)", []), ("if(1)", []),
])
def test_errors(text, lines):
    with pytest.raises(ExprError) as info:
        compile_expr(text, ("n",))
    assert list(info.value.lines) == lines
    assert info.value.code == -errno.EINVAL
    assert isinstance(info.value, CineError)


def test_depth_limits():
    assert compile_expr("(" * 99 + "1" + ")" * 99)() == 1.0
    with pytest.raises(ExprError) as info:
        compile_expr("(" * 100 + "1" + ")" * 100)
    assert info.value.lines == () and info.value.code == -errno.EINVAL
    with pytest.raises(ExprError) as info:
        compile_expr("+".join(["1"] * 102))
    assert info.value.code == -errno.ENOMEM      # (the reference's allocation refusal)


def test_names_registers_and_random_state():
    f = compile_expr("st(0,ld(0)+n);ld(0)", ("n",))
    assert [f(n) for n in range(4)] == [0.0, 1.0, 3.0, 6.0]
    g = compile_expr("st(0,ld(0)+n);ld(0)", ("n",))
    assert g(5) == 5.0                       # each compiled expression has its own registers
    r1, r2 = compile_expr("random(0)"), compile_expr("random(0)")
    seq = [r1() for _ in range(3)]
    assert seq == [r2() for _ in range(3)] and len(set(seq)) == 3
    assert compile_expr("st(0,-5);random(0)")() == 5.451268765815226e-11


def test_log_receives_print_and_tolerated_errors():
    got = []
    f = compile_expr("print(n*2,16)+if(0,2,)", ("n",),
                     log=lambda level, text: got.append((level, text)))
    assert f(1.5) == 3.0
    assert got == [(16, "Undefined constant or missing '(' in ')'\n"), (16, "3.000000\n")]


def test_text_ends_at_nul_and_non_ascii_is_no_identifier():
    assert compile_expr("1+1\0garbage")() == 2.0
    with pytest.raises(ExprError):
        compile_expr("\u0663")


@pytest.mark.parametrize("text,value,end", [
    ("1.5e3x", 1500.0, 5), ("0x1p3", 1e-12, 4), ("0xg", 0.0, 1), ("-0x1p3", -8.0, 6),
    ("1dBB", 8 * 1.1220184543019633, 4), ("2mi", 2 * 9.765625e-4, 3), ("infinity", math.inf, 8),
    ("nan(abc)", math.nan, 8), ("e5", 0.0, 0), ("1e", 1.0, 1),
])
def test_av_strtod(text, value, end):
    v, e = av_strtod(text, 0)
    assert e == end and (v == value or (math.isnan(v) and math.isnan(value)))
