"""cine's expression language against FFmpeg 5.1.9's, live (skipped without /usr/bin/ffmpeg
5.1.9): every expression is evaluated by both at n = 0..7 (see _reference.py) and the doubles
must be equal bit for bit (NaN signs included), or both must fail with the same logged lines."""
from __future__ import annotations

import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _expr_reference import _run, compare, have_reference  # noqa: E402

from cine.compat.expr import compile_expr  # noqa: E402

pytestmark = pytest.mark.skipif(not have_reference(), reason="needs ffmpeg 5.1.9")

NUMBERS = [
    "0", "-0", "1.5", ".5", "5.", "1e3", "1e-3", "1E3", "2E", "2e", "1e+", "0x1F", "0X1f", "0x",
    "0xg", "0x1p3", "--0x1p3", "-+0x1.8p1", "0xFFFFFFFFFFFFFFFFFF", "+-1", "-+1", "++1", "--1",
    "1k", "1K", "1Ki", "1KiB", "1B", "1M", "1G", "1T", "1P", "1Z", "1Y", "1y", "1z", "1a",
    "1f", "1p", "1n", "1u", "1m", "1c", "1d", "1h", "1mi", "1ci", "1di", "1hi", "1yi", "1Yi",
    "3Gi", "1dB", "20dB", "-20dB", "1dBB", "-6dB*2", "2*-6dB", "1e3dB", "1000dB", "-1000dB",
    "inf", "-inf", "nan", "-nan", "INF", "Infinity", "-infinity", "NaN", "1.5e308*10",
    "1e400", "4.9e-324", "1e-400", "-1e-400", "123456789012345678901234567890",
    "0.1+0.2", "1 2", " 1 + 2 ", "1\t+\n2", "PI", "E", "PHI", "QP2LAMBDA", "-PI", "2PI", "E2",
    "PI*n", "n", "t", "s", "ch", "nb_in_channels", "nb_out_channels", "-n", "+t", "s/n",
    "nan(0x7ffffffffffff)", "nan(0x8000000000000)", "nan(0xfffffffffffff)", "nan(010)",
    "nan(12a)", "nan(_)", "NAN(5)", "nan(0x10000000000000)", "nan(123)", "-nan(0x10)", "nan()",
    "nan(09)", "nan(0x)", "nan(99999999999999999999999)", "-57.1429dB", "-56dB", "0.5dB",
    "-56.7143dB", "13.3dB",
]
OPERATORS = [
    "1+2*3^2", "2^3^2", "-2^2", "2^-2", "-2^-2", "(-2)^2", "2*-3", "2/-3", "1-(-1)", "1-2-3",
    "1;2", "1+2;3+4", "2^0.5", "(-8)^(1/3)", "(-2)^3", "(-2)^1e300", "0^-1", "(-0)^-1",
    "(-0)^-2", "0^0", "nan^0", "1^nan", "10^400", "(-10)^401", "(-10)^400", "2^-1100",
    "1/0", "-1/0", "0/0", "n/0", "1/-0", "1/(0*-1)", "-(1/0)", "n/(n-n)", "(n-4)/0", "-0/0",
    "-(0/0)", "(0/0)*-1", "inf-inf", "inf*0", "1e308+1e308", "-1e308*10", "1e-320/1e10",
    "t*s", "n*t*s", "n/8000-t", "-(-(-n))", "-(n;2)", "(((n)))", "n^n", "-n^2", "(-n)^2",
    "1+-2", "1*+2", "1/-(2)", "2^-(1)", "n-n*2", "n--1", "n---1", "n+-+1",
]
FUNCTIONS = [
    "sin(n)", "cos(n)", "tan(n)", "sinh(n)", "cosh(n)", "tanh(n)", "asin(t*1000)",
    "acos(t*1000)", "atan(n)", "exp(n)", "log(n)", "abs(-n)", "sqrt(n)", "sqrt(-n)",
    "sin(1/0)", "cos(-1/0)", "tan(0/0)", "asin(2)", "acos(-2)", "log(-1)", "log(0)", "log(-0)",
    "log(-1/0)", "log(1/0)", "exp(1000)", "exp(-1000)", "sinh(1000)", "sinh(-1000)",
    "cosh(-1000)", "tanh(1000)", "sqrt(-1/0)", "sqrt(-0)", "abs(-0)", "abs(0/0)", "-abs(n)",
    "-sin(n)", "squish(n)", "-squish(n)", "squish(-1000)", "squish(1000)", "gauss(n)",
    "-gauss(0)", "gauss(0/0)", "mod(n,3)", "mod(-n,3)", "mod(n,-3)", "mod(n,0)", "mod(n,0/0)",
    "mod(5.5,2)", "mod(1/0,2)", "mod(2,1/0)", "-mod(7,3)", "max(n,3)", "min(n,3)",
    "max(0/0,1)", "max(1,0/0)", "min(0/0,1)", "min(1,0/0)", "max(0,-0)", "max(-0,0)",
    "min(0,-0)", "-max(1,2)", "eq(n,3)", "gt(n,3)", "gte(n,3)", "lt(n,3)", "lte(n,3)",
    "eq(0/0,0/0)", "-eq(1,1)", "-eq(1,2)", "isnan(n/0*0)", "isinf(n/0)", "isnan(1)",
    "-isnan(0/0)", "floor(t*1000-3.5)", "ceil(-t*1000)", "trunc(-t*1000)", "round(n/2)",
    "round(-n/2)", "round(0.49999999999999994)", "round(-0.5)", "floor(-0)", "ceil(-0.5)",
    "trunc(-0.5)", "round(-0.4)", "floor(1/0)", "ceil(0/0)", "round(1e300)", "-floor(0.5)",
    "not(n)", "not(0/0)", "-not(1)", "pow(n,0.5)", "pow(-1,0.5)", "pow(2,1024)",
    "pow(-2,1025)", "hypot(n,t)", "hypot(3,4)", "hypot(1e308,1e308)", "hypot(1/0,0/0)",
    "hypot(n*1.1,1.3)", "hypot(1e-320,3e-320)", "atan2(n,-1)", "atan2(-0,-1)", "atan2(0,-0)",
    "gcd(n,6)", "gcd(12,18)", "gcd(0,0)", "gcd(-12,18)", "gcd(1e30,12)", "gcd(0/0,4)",
    "gcd(-4,0)", "gcd(2^62,2^61)", "gcd(-2^63,0)", "gcd(-2^63,6)", "gcd(7.9,2.5)",
    "bitand(n,5)", "bitor(n,8)", "bitand(-1,0/0)", "bitor(1e30,1)", "bitand(-1,-2)",
    "-bitor(3,4)", "bitand(2^63,2^63)", "-bitand(0/0,1)", "sgn(n-3)", "sgn(0/0)", "-sgn(0)",
    "sgn(-0)", "between(n,2,5)", "between(0/0,0,1)", "-between(1,0,2)", "clip(n,2,5)",
    "clip(n,5,2)", "clip(0/0,0,1)", "clip(1,0/0,1)", "-clip(n,2,5)", "clip(-0,0,1)",
    "clip(0,-0,1)", "clip(-1,-0,0)", "lerp(0,10,t*1000)", "-lerp(0,10,0.5)",
    "lerp(1/0,1,0)", "if(n,1,2)", "if(n,1)", "ifnot(n,1,2)", "ifnot(n,1)", "if(0/0,1,2)",
    "ifnot(0/0,1,2)", "-if(1,2,3)", "-if(0,2)", "-ifnot(1,2)", "if(0,2,)", "time(0)*0",
    "sin+(n)", "max(n,3)+min(n,3)", "atan2(n,t)", "taylor(1,1)", "taylor(1,n)",
    "taylor(ld(0),1)", "taylor(ld(3),2,3)", "taylor(1/(ld(0)+1),1)", "-taylor(1,1)",
    "taylor(0,1)", "taylor(0/0,1)", "root(ld(0)*ld(0)-2,5)", "root(ld(0)-n,10)",
    "root(sin(ld(0)),4)", "-root(ld(0)-1,3)", "root(1,1)", "root(0/0,1)", "root(ld(0)+1,-5)",
    "while(lt(ld(0),10),st(0,ld(0)+1))", "while(0,1)", "-while(0,1)", "if(-n,5)", "-if(-ld(0),5)",
    "ifnot(-n,5)", "-ifnot(n,5)", "if(-n,5,0)", "if(-(0),n)",
    "st(0,0);while(lt(ld(0),n),st(0,ld(0)+1))", "st(1,1);while(lt(ld(1),100),st(1,ld(1)*2))",
]
REGISTERS = [
    "st(0,n)", "st(0,n);ld(0)", "ld(0)", "st(0,ld(0)+1)", "st(1,ld(1)+n);ld(1)", "ld(9)",
    "st(9,5);ld(9)", "st(10,5);ld(9)", "st(-1,5);ld(0)", "st(1e10,5);ld(0)", "st(0/0,5);ld(0)",
    "st(3.9,7);ld(3)", "st(-0.9,7);ld(0)", "ld(-1e10)", "ld(1e10)", "-st(0,2)", "-ld(0)",
    "st(2,n);st(3,ld(2)*2);ld(3)", "random(0)", "random(1)+random(1)", "random(0)*0",
    "-random(0)", "st(0,-5);random(0)", "st(0,1e30);random(0)", "st(0,1/0);random(0)",
    "st(0,-1/0);random(0)", "st(0,2^63);random(0)", "st(0,1.5*2^63);random(0)",
    "st(0,-2^63-1e5);random(0)", "st(0,-2^64);random(0)", "st(0,0/0);random(0)",
    "st(4,n*12345);random(4)", "random(20)", "random(-3)", "random(0/0)", "st(0,2^64);random(0)",
    "random(0);random(0);random(0)", "st(0,random(1));ld(0)",
]
ERRORS = [
    "foo", "foo(1)", "foo)", "sin(1,2)", "(1", "1)", "max(1", "max(1,2,3)", "max(1,2,3,4)",
    "if(1)", "1+", "*1", "1**2", "st(0)", "random()", "random(1,2)", "(", ")", "(()", "()",
    "sin", "foo+(1)", "x(1)", "PIx", "E1", "1 e", "n n", "max(1,foo)", "if(0,2,foo)",
    "if(0,,2)", "1;", ";1", "1;;2", "sin(1,)", "lerp(1,2)", "clip(1,2)", "between(1,2)",
    "print()", "squish(1,2)", "1^", "^1", "a", "t(", "n(1)", "sin(", "sin((1)",
    "taylor(1)", "root(1)", "while(1)", "gcd(1)", "hypot(1)", "1 +* 2", "1.2.3", "0x1.8",
    "1e", "1ee2", "---1", "-", "+", "sin(foo)", "max(foo,1)", "max(1,2))", "((1)", "1+foo+2",
    "if(1,2,3,4)", "foo(bar(1))", "sin(1;)", "1,2", "1=2", "[1]", "1#", "n+ch+x",
    "-3dB3", "1KB2", "nan(1", "infx", "info",
]


def _deep():
    out = []
    for k in (98, 99, 100, 101):
        out.append("(" * k + "1" + ")" * k)
        out.append("sin(" * k + "1" + ")" * k)
    for k in (100, 101, 102):
        out.append("+".join(["1"] * k))
        out.append(";".join(["n"] * k))
        out.append("-".join(["2"] * k))
    out.append("2^" * 101 + "1")
    out.append("max(1," * 60 + "1" + ")" * 60)
    return out


@pytest.mark.parametrize("group", ["NUMBERS", "OPERATORS", "FUNCTIONS", "REGISTERS", "ERRORS"])
def test_against_reference(group):
    assert compare(globals()[group]) == []


def test_nesting_limits_against_reference():
    assert compare(_deep()) == []


def test_print_lines_against_reference():
    text = "print(n*1.5,16)+print(0/0,16)+print(-1/0,16)+print(1e300*n,24)+print(-0,8)"
    rc, _data, err = _run([text])
    got = []
    f = compile_expr(text, ("ch", "n", "nb_in_channels", "nb_out_channels", "t", "s"),
                     log=lambda level, t: got.append(t) if level <= 16 else None)
    for n in range(8):
        f(0, n, float("nan"), 1, n / 8000, 8000)
    assert rc == 0 and "".join(got) == err
