"""find_stream_info's decoding of a FLAC / ALAC stream's first packet (FFmpeg 5.1.9
try_decode_frame, AV_CODEC_CAP_CHANNEL_CONF): the plain-Python scanners (codecs/*/scan.py)
must log exactly what the decoders log for the same packet, damaged or not; and the analysis
lines come out where the reference prints them (before "Input #0", on a context of their own).
The H.263 decoder's frame rate from the picture header gives a stream copy's AVI time base."""
from __future__ import annotations

import glob
import os
import random
import re
import shutil
import subprocess
import sys

import pytest

from cine.engine.codecs.alac import config as ALAC_CFG
from cine.engine.codecs.alac.decoder import AlacDecoder
from cine.engine.codecs.alac.scan import AlacScan
from cine.engine.codecs.flac import streaminfo as SI
from cine.engine.codecs.flac.decoder import FlacDecoder
from cine.engine.codecs.flac.scan import FlacScan
from cine.engine.demux import open_input
from cine.engine.errors import CineError
from cine.engine.log import Logger

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
FILES = sorted(glob.glob(os.path.join(ROOT, "fixtures", "alac", "*.m4a"))
               + glob.glob(os.path.join(ROOT, "fixtures", "alac", "*.mka"))
               + glob.glob(os.path.join(ROOT, "fixtures", "flac", "*.flac"))
               + glob.glob(os.path.join(ROOT, "fixtures", "flac", "*.mka")))


def _packets(path, limit=4):
    inp = open_input(path)
    try:
        st = next(s for s in inp.ctx.streams if s.codecpar.codec_name in ("alac", "flac"))
        out = []
        while len(out) < limit:
            p = inp.read_packet()
            if p is None:
                break
            if p.stream_index == st.index:
                out.append(bytes(p.data))
        return st.codecpar, out
    finally:
        inp.close()


def _decoder_lines(par, data):
    lines = []
    cls = AlacDecoder if par.codec_name == "alac" else FlacDecoder
    try:
        dec = cls(par, Logger(par.codec_name, lambda c, lv, m: lines.append((lv, m))))
    except CineError:
        return None
    del lines[:]
    try:
        dec.decode(data)
    except CineError:
        pass
    return lines


def _scan_lines(par, data):
    lines = []
    log = Logger(par.codec_name, lambda c, lv, m: lines.append((lv, m)))
    if par.codec_name == "alac":
        cfg = ALAC_CFG.parse(par.extradata)
        scan = AlacScan(cfg, cfg.channels if cfg.channels >= 1 else par.channels, log)
    else:
        scan = FlacScan(SI.parse(SI.locate(par.extradata)[0]) if par.extradata else None, log)
    scan.scan_packet(data)
    return lines


@pytest.mark.parametrize("path", FILES, ids=lambda p: os.path.relpath(p, ROOT))
def test_scan_logs_what_the_decoder_logs(path):
    par, packets = _packets(path)
    rng = random.Random(os.path.basename(path))
    seen = 0
    for data in packets:
        variants = [data]
        for _ in range(3):          # damaged copies: bytes changed past the first four
            b = bytearray(data)
            for _ in range(rng.randint(1, 3)):
                b[rng.randrange(min(4, len(b) - 1), len(b))] = rng.randrange(256)
            variants.append(bytes(b[:rng.randint(1, len(b))]) if rng.random() < 0.2 else bytes(b))
        for v in variants:
            want = _decoder_lines(par, v)
            if want is None:
                continue
            assert _scan_lines(par, v) == want
            seen += 1
    assert seen


REF = "/usr/bin/ffmpeg"


def _stderr(argv, exe):
    p = subprocess.run(exe + argv, cwd=ROOT, capture_output=True, timeout=300)
    text = p.stderr.decode("utf-8", "replace")
    return p.returncode, re.sub(r"0x[0-9a-f]+", "0xADDR", text)


@pytest.mark.skipif(not os.path.exists(REF), reason="reference ffmpeg not installed")
@pytest.mark.parametrize("fixture", ["fixtures/alac/crafted_s32_stereo.m4a",
                                     "fixtures/alac/noise_s24.mka",
                                     "fixtures/flac/crafted_damaged.flac"])
def test_analysis_lines_live(fixture):
    argv = ["-hide_banner", "-nostdin", "-i", fixture, "-c", "copy", "-f", "null", "-"]
    rc, want = _stderr(argv, [REF])
    got_rc, got = _stderr(argv, [os.path.join(os.path.dirname(sys.executable), "ffmpeg")])
    head = lambda t: t.split("Input #0")[0]            # noqa: E731
    assert (got_rc, head(got)) == (rc, head(want))


@pytest.mark.skipif(not os.path.exists(REF), reason="reference ffmpeg not installed")
def test_h263_custom_pcf_copy_to_avi(tmp_path):
    """An H.263+ picture with a custom picture clock (12 fps): the AVI stream copy's time
    base comes from the decoder's frame rate, as in the reference (bytes identical)."""
    src = tmp_path / "p12.mov"
    subprocess.run([REF, "-v", "error", "-f", "lavfi", "-i",
                    "testsrc=size=176x144:rate=12:duration=1", "-c:v", "h263p", str(src)],
                   check=True, timeout=120)
    ref_out, got_out = tmp_path / "r.avi", tmp_path / "c.avi"
    subprocess.run([REF, "-v", "error", "-i", str(src), "-c", "copy", str(ref_out)],
                   check=True, timeout=120)
    cine = os.path.join(os.path.dirname(sys.executable), "ffmpeg")
    if not os.path.exists(cine) or shutil.which(cine) is None:
        pytest.skip("cine's ffmpeg entry point not installed")
    subprocess.run([cine, "-v", "error", "-i", str(src), "-c", "copy", str(got_out)],
                   check=True, timeout=300)
    assert got_out.read_bytes() == ref_out.read_bytes()
