"""Inputs on a pipe are read through an AVIOContext's buffer (cine/engine/io/pipe_reader.py):
which seeks back succeed decides what a demuxer still reaches (the first samples of a .mov
whose moov follows mdat, a moov claiming more than the pipe holds).

The live cases run cine's ffprobe and FFmpeg 5.1.9's on the same bytes on stdin (stdin is the
file itself, as go-ffprobe's ProbeReader hands it over, so every read is whole) and skip
without /usr/bin/ffmpeg and /usr/bin/ffprobe; the reader's own cases read a file descriptor
(and a FIFO).
"""
from __future__ import annotations

import errno
import os
import re
import subprocess
import sys
import threading

import pytest

from cine.engine.errors import CineError
from cine.engine.io.pipe_reader import ensure_seekback, open_pipe

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FFMPEG, FFPROBE = "/usr/bin/ffmpeg", "/usr/bin/ffprobe"
live = pytest.mark.skipif(not (os.path.exists(FFMPEG) and os.path.exists(FFPROBE)),
                          reason="needs the reference ffmpeg/ffprobe 5.1.9")

PROBE_READER = ["-loglevel", "fatal", "-print_format", "json", "-show_format", "-show_streams",
                "-"]
DUMP = ["-hide_banner", "-loglevel", "error", "-show_streams", "-"]


def _run(tool: list[str], args: list[str], path: str):
    with open(path, "rb") as f:
        p = subprocess.run(tool + args, stdin=f, capture_output=True, timeout=120, cwd=ROOT)
    err = re.sub(rb"@ 0x[0-9a-f]+\]", b"@ 0xADDR]", p.stderr)
    return p.stdout, err, p.returncode


def _same_as_reference(path: str, args: list[str]) -> None:
    theirs = _run([FFPROBE], args, path)
    mine = _run([sys.executable, "-m", "cine", "ffprobe"], args, path)
    assert mine == theirs, (path, args)


def _mov(tmp_path, secs: float, faststart: bool = False) -> str:
    """MJPEG + PCM in .mov, moov after mdat (or first): 160x120 at 25 fps, about 140 KB a
    second, so the durations put the first samples inside and well outside a 64 KiB buffer."""
    out = str(tmp_path / ("mov_%g%s.mov" % (secs, "_fs" if faststart else "")))
    subprocess.run([FFMPEG, "-hide_banner", "-loglevel", "error", "-y",
                    "-f", "lavfi", "-i", "testsrc2=d=%g:s=160x120:r=25" % secs,
                    "-f", "lavfi", "-i", "sine=f=440:d=%g:r=22050" % secs,
                    "-c:v", "mjpeg", "-threads", "1", "-q:v", "10", "-pix_fmt", "yuvj422p",
                    "-c:a", "pcm_s16le"] + (["-movflags", "+faststart"] if faststart else [])
                   + [out], check=True)
    return out


@live
@pytest.mark.parametrize("secs", [0.2, 0.3, 0.4, 0.45, 0.6, 1.0, 2.0])
def test_moov_after_mdat_on_a_pipe(tmp_path, secs):
    """The first samples are read back from the buffer while it still holds them; past it
    the reference logs "partial file" and the streams keep what the header says."""
    path = _mov(tmp_path, secs)
    _same_as_reference(path, PROBE_READER)
    _same_as_reference(path, DUMP)


@live
def test_faststart_on_a_pipe(tmp_path):
    path = _mov(tmp_path, 2.0, faststart=True)
    _same_as_reference(path, PROBE_READER)
    _same_as_reference(path, DUMP)


@live
@pytest.mark.parametrize("name", ["errors/huge_box_32.mp4", "errors/huge_box_64.mp4",
                                  "mp4/mjpeg_pcm.mov", "mp4/prores_hq.mov",
                                  "mp4/many_samples.mp4", "ts/h264_aac.ts"])
def test_fixtures_on_a_pipe(name):
    path = os.path.join(ROOT, "fixtures", name)
    _same_as_reference(path, PROBE_READER)
    _same_as_reference(path, DUMP)


# ---------------------------------------------------------------------------- the reader

def _pipe_of(data: bytes, tmp_path):
    """A PipeReader over a descriptor holding data: a regular file, as stdin redirected from
    a file (every read whole, so what the buffer holds does not depend on a writer's timing)."""
    path = tmp_path / "stdin"
    path.write_bytes(data)
    fd = os.open(path, os.O_RDONLY)
    return open_pipe(fd), fd


def _close(reader, fd):
    reader.close()
    os.close(fd)


DATA = bytes(range(256)) * 4096          # 1 MiB


def test_seek_back_inside_the_buffer_and_not_beyond(tmp_path):
    reader, fd = _pipe_of(DATA, tmp_path)
    try:
        got = b"".join(reader.read(1000) for _ in range(200))   # as avio_rXX read
        assert got == DATA[:200000]
        # the last refill is still there: a seek back into it succeeds...
        reader.seek(200000 - 1000)
        assert reader.read(1000) == DATA[199000:200000]
        # ...one to a position read several refills ago fails as ffurl_seek does on a pipe
        with pytest.raises(CineError) as exc:
            reader.seek(1000)
        assert exc.value.code == -errno.ENOSYS
        assert reader.tell() == 200000
        assert reader.read(10) == DATA[200000:200010]
        # a read larger than the buffer goes around it: nothing before stays reachable
        assert reader.read(140000) == DATA[200010:340010]
        with pytest.raises(CineError):
            reader.seek(340000)
        # forward past the end: at the end of the data, and nothing more to read
        reader.seek(len(DATA) + 5000)
        assert reader.tell() == len(DATA)
        assert reader.read(10) == b""
    finally:
        _close(reader, fd)


def test_probe_data_rewound_and_ensure_seekback(tmp_path):
    from cine.engine.io.sizecall import rewind
    reader, fd = _pipe_of(DATA, tmp_path)
    try:
        probe = reader.read(2048)
        rewind(reader, probe)
        assert reader.tell() == 0 and reader.read(16) == DATA[:16]
        # what ffio_ensure_seekback asked to keep stays reachable after reading far past it
        ensure_seekback(reader, 150000)
        assert reader.read(150000) == DATA[16:150016]
        reader.seek(16)
        assert reader.read(100) == DATA[16:116]
    finally:
        _close(reader, fd)


def test_fifo_is_read_as_a_stream(tmp_path):
    """A FIFO named as a file: the file protocol over it sizes it 0 and its seeks fail
    (ESPIPE) where the buffer cannot serve them."""
    from cine.engine.io.source import open_url
    fifo = str(tmp_path / "fifo")
    os.mkfifo(fifo)

    def feed():
        try:
            with open(fifo, "wb") as f:
                f.write(DATA)
        except BrokenPipeError:
            pass

    t = threading.Thread(target=feed, daemon=True)
    t.start()
    src, proto = open_url(fifo)
    try:
        assert proto == "file" and not src.seekable and src.size == 0
        assert b"".join(src.read(1000) for _ in range(100)) == DATA[:100000]
        with pytest.raises(CineError) as exc:
            src.seek(0)
        assert exc.value.code == -errno.ESPIPE
    finally:
        src.close()
        t.join(5)
