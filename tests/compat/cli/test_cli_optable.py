"""The fftools parser core (cine/compat/optable.py) on a small table."""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from cine.compat import log as clog
from cine.compat.optable import (HAS_ARG, OPT_BOOL, OPT_EXIT, OPT_INT, OPT_STRING, ExitProgram,
                                 OptionDef, av_strtod, find_option, locate_option, parse_options,
                                 show_help_options)


@dataclass
class Ctx:
    flag: bool = False
    name: str | None = None
    n: int = 0
    seen: list = field(default_factory=list)


def _cb(ctx, opt, arg):
    ctx.seen.append((opt, arg))
    return 0


TABLE = (
    OptionDef("flag", OPT_BOOL, "flag", "a flag"),
    OptionDef("name", OPT_STRING | HAS_ARG, "name", "a name", "str"),
    OptionDef("n", OPT_INT | HAS_ARG, "n", "a number", "num"),
    OptionDef("go", 0, _cb, "no argument callback"),
    OptionDef("bye", OPT_EXIT, _cb, "exit"),
)


@pytest.fixture(autouse=True)
def _log(monkeypatch):
    clog.reset()
    out = []
    monkeypatch.setattr(clog, "_write", out.append)
    yield out
    clog.reset()


def _parse(*argv):
    ctx = Ctx()
    parse_options(ctx, ["prog", *argv], TABLE, lambda c, a: c.seen.append(("pos", a)))
    return ctx


def test_basic_forms():
    c = _parse("-flag", "-name", "x", "-n", "0x10", "file", "-go", "after")
    assert c.flag and c.name == "x" and c.n == 16
    assert c.seen == [("pos", "file"), ("go", "after"), ("pos", "after")]


def test_negation_and_specifier_suffix():
    c = _parse("-flag", "-noflag", "-name:v", "y")
    assert c.flag is False and c.name == "y"
    c = _parse("-nogo", "z")         # FFmpeg 5.1.9: '-no' + a non-boolean acts as the option
    assert c.seen == [("nogo", "z"), ("pos", "z")]


def test_double_dash_and_lone_dash():
    c = _parse("--", "-flag", "-")
    assert not c.flag and c.seen == [("pos", "-flag"), ("pos", "-")]


def test_errors(_log):
    with pytest.raises(ExitProgram) as e:
        _parse("-nope")
    assert e.value.code == 1 and "".join(_log) == "Unrecognized option 'nope'\n"
    _log.clear()
    with pytest.raises(ExitProgram):
        _parse("-name")
    assert "".join(_log) == "Missing argument for option 'name'\n"
    _log.clear()
    with pytest.raises(ExitProgram):
        _parse("-n", "abc")
    assert "".join(_log) == "Expected number for n but found: abc\n"
    _log.clear()
    with pytest.raises(ExitProgram):
        _parse("-n", "1.5")
    assert "".join(_log) == "Expected int64 for n but found 1.5\n"


def test_exit_option():
    with pytest.raises(ExitProgram) as e:
        _parse("-bye")
    assert e.value.code == 0


def test_locate_option():
    argv = ["p", "-name", "-flag", "-x", "-flag", "-noflag"]
    assert locate_option(argv, TABLE, "flag") == 5      # -name and unknown -x eat the next word
    assert locate_option(["p", "-noflag"], TABLE, "flag") == 1
    assert locate_option(["p", "-zz"], TABLE, "zz") == 1
    assert locate_option(["p", "x"], TABLE, "flag") == 0
    assert find_option(TABLE, "name:a:0").name == "name" and find_option(TABLE, "nam") is None


def test_strtod():
    assert av_strtod("1k") == (1000.0, "")
    assert av_strtod("1Ki") == (1024.0, "")
    assert av_strtod("2KiB") == (16384.0, "")
    assert av_strtod("0x1f") == (31.0, "")
    assert av_strtod("x") == (0.0, "x")


def test_help_listing():
    assert show_help_options(TABLE[:3], "Main options:") == (
        "Main options:\n-flag               a flag\n-name str           a name\n"
        "-n num              a number\n\n")
