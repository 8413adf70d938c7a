"""What ffmpeg's process_input does to the first packet it reads of each input stream: the
stream's side data (but a display matrix) is added to it, each type the packet does not
already carry, after the packet's own (ffmpeg 5.1 fftools/ffmpeg.c: so `-f framemd5` shows
an MPEG-2 stream's "CPB properties", an AC-3 stream's "Audio Service Type" or a Matroska
track's "Stereo 3D" on its first line, and decoders get them with their first packet)."""
from __future__ import annotations

from ..model import SideData

_NOT_ADDED = "Display Matrix"


def add_stream_side_data(pkt, side_data) -> None:
    """Append to pkt.side_data a copy of each entry of `side_data` (the stream's) whose type
    the packet lacks, in the stream's order."""
    have = {sd.type for sd in pkt.side_data}
    added = [SideData(sd.type, list(sd.fields), sd.data) for sd in side_data
             if sd.type != _NOT_ADDED and sd.type not in have]
    if added:
        # (a new list: the packet's may be shared with what the demuxer keeps)
        pkt.side_data = list(pkt.side_data) + added
