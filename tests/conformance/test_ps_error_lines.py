"""The error lines of the reference's H.264/HEVC parameter-set parsers (parser and decoder,
the decoder's three SPS tries), slice header checks and the AAC decoder's duplicate channel
element check, on the streams of ps_error_cases.py: cine's probe (find_stream_info) logs the
same warning and error lines in the same order as /usr/bin/ffprobe 5.1.9, and so does
ffprobe's own decoder context opened on the extradata found in the packets
(ps_error_goldens.json; compared live too when the reference is installed).
"""
from __future__ import annotations

import json
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ps_error_cases as C  # noqa: E402

from cine.engine.demux import open_input  # noqa: E402
from cine.engine.errors import CineError  # noqa: E402
from cine.engine.log import WARNING  # noqa: E402

with open(C.GOLDENS) as _f:
    GOLDENS = json.load(_f)


def _write(tmp_path, name: str) -> str:
    path = str(tmp_path / name)
    with open(path, "wb") as f:
        f.write(C.CASES[name])
    return path


def _joined(messages) -> list[list]:
    """(component, level, message) calls at warning level and above as [component, line]
    (a message without a newline continues on the next call's line, as av_log prints it)."""
    lines: list[list] = []
    part = ""
    for component, level, message in messages:
        if level > WARNING:
            continue
        part += message
        if part.endswith("\n"):
            # (the probing decoder's context, "aac#probe", prints as "[aac @ ...]")
            name = component.partition("#")[0] if isinstance(component, str) else component
            lines.append([name, part.rstrip("\n")])
            part = ""
    return lines


def _cine_lines(path: str) -> dict[str, list[list]]:
    """What cine's probe logs, and what ffprobe's own decoder context logs when opened."""
    messages: list = []
    opened: list = []
    try:
        inp = open_input(path, sink=lambda c, lvl, m: messages.append((c, lvl, m)))
    except CineError:
        pass
    else:
        for st in inp.ctx.streams:
            opened += getattr(st.codecpar, "decoder_open_log", None) or []
        inp.close()
    return {"probe": _joined(messages), "open": _joined(opened)}


def test_goldens_cover_every_case():
    assert sorted(GOLDENS) == sorted(C.CASES), "rerun tests/conformance/ps_error_cases.py"


@pytest.mark.parametrize("name", sorted(C.CASES))
def test_error_lines_match_reference(tmp_path, name):
    got = _cine_lines(_write(tmp_path, name))
    assert got == GOLDENS[name]


@pytest.mark.skipif(not os.path.exists(C.REFERENCE), reason="no reference ffprobe")
@pytest.mark.parametrize("name", sorted(C.CASES))
def test_goldens_match_live_reference(tmp_path, name):
    assert C.reference_lines(_write(tmp_path, name)) == GOLDENS[name]
