"""-loglevel parsing and av_log_default_callback rendering (cine/compat/log.py)."""
from __future__ import annotations

import pytest

from cine.compat import log as L


@pytest.fixture(autouse=True)
def out(monkeypatch):
    L.reset()
    written = []
    monkeypatch.setattr(L, "_write", written.append)
    monkeypatch.setattr(L.os, "isatty", lambda fd: False)
    yield written
    L.reset()


SR, PL = L.SKIP_REPEATED, L.PRINT_LEVEL


@pytest.mark.parametrize("arg,flags,expected", [
    ("info", SR, (32, SR)), ("quiet", SR, (-8, SR)), ("trace", 0, (56, 0)), ("32", SR, (32, SR)),
    ("-8", SR, (-8, SR)), (" 16", SR, (16, SR)), ("level", SR, (24, PL)), ("+level", SR, (24, SR | PL)),
    ("repeat+info", SR, (32, 0)), ("-repeat+debug", 0, (48, SR)), ("level+repeat+verbose", SR, (40, PL)),
    ("+level+error", SR, (16, SR | PL)), ("-level", SR | PL, (24, SR)), ("+info", SR | PL, (32, SR | PL)),
    ("level-repeat+error", 0, (16, PL | SR)),
])
def test_parse(arg, flags, expected):
    assert L.parse_loglevel_arg(arg, 24, flags) == expected


@pytest.mark.parametrize("arg,bad", [("foo", "foo"), ("-info", "-info"), ("+foo", "foo"),
                                     ("99x", "99x"), ("level+nope", "nope"), (" ", " "),
                                     ("level+-repeat+info", "-repeat+info")])
def test_parse_invalid(arg, bad):
    with pytest.raises(L.InvalidLogLevel) as exc:
        L.parse_loglevel_arg(arg, 32, SR)
    assert exc.value.args[0] == bad


def test_prefix_only_at_line_start(out):
    L.log(L.INFO, "Parsed ", "mov")
    L.log(L.INFO, "id:0", "mov")
    L.log(L.INFO, "\n", "mov")
    L.log(L.INFO, "next\n", "mov")
    addr = L.address_of("mov")
    assert "".join(out) == "[mov @ %s] Parsed id:0\n[mov @ %s] next\n" % (addr, addr)


def test_parent_and_level_tag(out):
    L.set_flags(PL)
    L.log(L.ERROR, "bad\n", ("NULL", "Eval"))
    assert "".join(out) == "[NULL @ %s] [Eval @ %s] [error] bad\n" % (L.address_of("NULL"),
                                                                     L.address_of("Eval"))


def test_level_filter_and_sanitize(out):
    L.set_level(L.ERROR)
    L.log(L.WARNING, "hidden\n")
    L.log(L.ERROR, "a\x01b\x1bc\td\n")
    assert "".join(out) == "a?b?c\td\n"


def test_repeated_lines_collapse(out):
    L.set_flags(SR)
    for _ in range(3):
        L.log(L.WARNING, "same\n", "h264")
    L.log(L.WARNING, "other\n", "h264")
    a = L.address_of("h264")
    assert "".join(out) == ("[h264 @ %s] same\n    Last message repeated 2 times\n"
                            "[h264 @ %s] other\n" % (a, a))


def test_repeat_flag_shows_every_line(out):
    L.set_flags(0)
    for _ in range(3):
        L.log(L.WARNING, "same\n")
    assert "".join(out) == "same\n" * 3


def test_sink_and_configure(out):
    from cine.compat.ffprobe.options import ProbeOptions
    o = ProbeOptions(loglevel=L.ERROR, log_flags={"level"})
    L.configure(o)
    assert L.get_flags() == SR | PL
    sink = L.make_sink()
    sink("mov,mp4,m4a,3gp,3g2,mj2", L.WARNING, "dropped\n")
    sink("mov,mp4,m4a,3gp,3g2,mj2", L.ERROR, "kept\n")
    assert "".join(out) == "[mov,mp4,m4a,3gp,3g2,mj2 @ %s] [error] kept\n" % L.address_of(
        "mov,mp4,m4a,3gp,3g2,mj2")


def test_flag_names_round_trip():
    for flags in (0, SR, PL, SR | PL):
        assert L.names_to_flags(L.flags_to_names(flags)) == flags


def test_addresses_look_like_pointers():
    import re
    a = L.address_of("file")
    assert re.fullmatch(r"0x55[0-9a-f]{10}", a) and a == L.address_of("file")
    assert a != L.address_of("mov,mp4,m4a,3gp,3g2,mj2")


def test_colour_on_terminal(monkeypatch, out):
    monkeypatch.setenv("AV_LOG_FORCE_COLOR", "1")
    monkeypatch.delenv("TERM", raising=False)
    L.log(L.ERROR, "x\n")
    L.log(L.INFO, "y\n")
    assert "".join(out) == "\033[1;31mx\n\033[0my\n"
