"""Decode a file's first audio stream with cine's FLAC or ALAC decoder and compare with the
reference: the interleaved samples (`ffmpeg -v error -i X -map 0:a:0 -f s16le -`, or
`-c:a pcm_s32le -f s32le` for s32/s32p decoders) and its error-level decoder lines. Shared
by the flac and alac tests and by make_lossless_goldens.py."""
from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]
FIXTURES = ROOT / "fixtures"
CORPUS = ROOT.parent / "shared" / "corpus" / "files"
GOLDENS = HERE / "goldens" / "lossless.txt"

DECODERS = {"flac": "cine.engine.codecs.flac.decoder:FlacDecoder",
            "alac": "cine.engine.codecs.alac.decoder:AlacDecoder"}
ERROR = 16


def decode_file(path, refeed: bool = False):
    """(frames, [(level, message)], [AVERROR codes raised]) of the first audio stream;
    `refeed`: what a packet's decode call leaves is decoded again, as libavcodec's
    single-threaded path does (FLAC)."""
    from cine.engine.demux import open_input
    from cine.engine.errors import CineError
    from cine.engine.log import Logger
    logs, errors, frames = [], [], []
    inp = open_input(str(path))
    try:
        st = next(s for s in inp.ctx.streams if s.codecpar.codec_name in DECODERS)
        mod, _, name = DECODERS[st.codecpar.codec_name].partition(":")
        cls = getattr(__import__(mod, fromlist=[name]), name)
        dec = cls(st.codecpar, Logger(st.codecpar.codec_name,
                                      lambda c, level, m: logs.append((level, m))))
        while True:
            pkt = inp.read_packet()
            if pkt is None:
                break
            if pkt.stream_index != st.index:
                continue
            data, pts, dts = bytes(pkt.data), pkt.pts, pkt.dts
            while True:
                try:
                    frames.extend(dec.decode(data, pts, dts, pkt.duration))
                except CineError as exc:
                    errors.append(exc.code)
                    break
                used = getattr(dec, "consumed", len(data))
                if not refeed or used >= len(data):
                    break
                data, pts, dts = data[used:], None, None
        frames.extend(dec.flush())
    finally:
        inp.close()
    return frames, logs, errors


def pcm(frames) -> bytes:
    return b"".join(np.ascontiguousarray(f.data.T).tobytes() for f in frames)


def md5(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()


def have_reference() -> bool:
    exe = shutil.which("ffmpeg")
    if not exe:
        return False
    out = subprocess.run([exe, "-version"], capture_output=True, text=True).stdout
    return out.startswith("ffmpeg version 5.1.9")


def reference_pcm(path, s32: bool) -> bytes:
    fmt = ["-c:a", "pcm_s32le", "-f", "s32le"] if s32 else ["-f", "s16le"]
    return subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-i", str(path), "-map", "0:a:0",
                           *fmt, "-"], capture_output=True).stdout


_LINE = re.compile(r"^\[(flac|alac) @ (0x[0-9a-f]+)\] (.*)$")


def reference_errors(path) -> list[str]:
    """The error-level lines of the decoder that made the output (`-threads 1`: one
    context; the lines of an earlier context, avformat_find_stream_info's, left out)."""
    err = subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-threads", "1", "-i", str(path),
                          "-map", "0:a:0", "-f", "null", "-"], capture_output=True,
                         text=True).stderr
    lines = [m.groups() for m in map(_LINE.match, err.splitlines()) if m]
    if not lines:
        return []
    last = lines[-1][1]
    return [text for _codec, ctx, text in lines if ctx == last]


def error_lines(logs) -> list[str]:
    return [m.rstrip("\n") for level, m in logs if level <= ERROR]


def fixture_files(codec: str) -> list[Path]:
    """Every file of fixtures/ and of the corpus whose first audio stream is `codec`
    (listed in the goldens, which name their codec)."""
    return [path for path, c, *_ in read_goldens() if c == codec]


def read_goldens():
    """(path, codec, sample_fmt, samples, md5, errors) per golden line; paths are relative
    to the repository (corpus ones start with ../shared)."""
    out = []
    for line in GOLDENS.read_text().splitlines():
        if not line or line.startswith("#"):
            continue
        rel, codec, fmt, samples, digest, errors = line.split("\t")
        out.append((ROOT / rel, codec, fmt, int(samples), digest,
                    [e for e in errors.split("|") if e]))
    return out
