"""Fuzz target: open arbitrary bytes as an MP4 input and drain its packets; only CineError may escape."""
import io

from cine.engine.demux import open_input
from cine.engine.errors import CineError
from cine.engine.io.source import FileObjectSource


def TestOneInput(data: bytes) -> None:
    try:
        inp = open_input("fuzz.mp4", source=FileObjectSource(io.BytesIO(data)))
        for _ in range(100_000):
            if inp.demuxer.read_packet() is None:
                break
        inp.close()
    except CineError:
        pass
