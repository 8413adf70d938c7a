"""Fuzz target: open arbitrary bytes as a WAV input (format forced, so damaged headers reach
the demuxer) and drain its packets; only CineError may escape."""
import io

from cine.engine.demux import open_input
from cine.engine.errors import CineError
from cine.engine.io.source import FileObjectSource


def TestOneInput(data: bytes) -> None:
    try:
        inp = open_input("fuzz.wav", source=FileObjectSource(io.BytesIO(data)), format_name="wav")
        for _ in range(100_000):
            if inp.demuxer.read_packet() is None:
                break
        inp.close()
    except CineError:
        pass
