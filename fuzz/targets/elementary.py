"""Fuzz target: open arbitrary bytes as an elementary stream (mp3, aac, flac, ac3, eac3, h264,
hevc: whatever detection picks) and drain its packets; only CineError may escape."""
import io

from cine.engine.demux import open_input
from cine.engine.errors import CineError
from cine.engine.io.source import FileObjectSource


def TestOneInput(data: bytes) -> None:
    try:
        inp = open_input("fuzz", source=FileObjectSource(io.BytesIO(data)))
        for _ in range(100_000):
            if inp.demuxer.read_packet() is None:
                break
        inp.close()
    except CineError:
        pass
