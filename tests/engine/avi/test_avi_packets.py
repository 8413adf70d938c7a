"""AVI packets as av_read_frame gives them after avidec.c's parsers (engine/vidparse.py, the
audio parser split of engine/readframe.py): expected values are FFmpeg 5.1.9's
(`ffprobe -show_packets -show_entries packet=stream_index,pts,dts,duration,pos,flags`)."""
import os

import pytest

from cine.engine.demux import open_input
from cine.engine.model import PKT_FLAG_KEY
from cine.engine.vidparse import HeaderParser

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def _packets(name: str, n: int, used: bool = False):
    inp = open_input(os.path.join(ROOT, "fixtures", "avi", name))
    try:
        if used:
            # what ffmpeg does to the streams an output maps (AVDISCARD_NONE)
            for st in inp.ctx.streams:
                st.priv.discard_none = True
        out = []
        while len(out) < n and (p := inp.read_packet()) is not None:
            out.append((p.stream_index, p.pts, p.dts, p.duration or None, p.pos,
                        bool(p.flags & PKT_FLAG_KEY), len(p.data)))
        return out
    finally:
        inp.close()


def _short(pkts):
    return [p[:6] for p in pkts]


@pytest.mark.parametrize("name, expected", [
    # a delay of one frame (VOL low_delay = 0): I/P frames keep only their dts, B frames pts = dts
    ("mpeg4_bframes.avi", [(0, None, 0, 1, 5762, True), (0, None, 1, 1, 8990, False),
                           (0, 2, 2, 1, 9214, False), (0, 3, 3, 1, 9248, False),
                           (0, None, 4, 1, 9290, False)]),
    # the sequence extension's low_delay = 0 sets the delay before the first frame
    ("mpeg2.avi", [(0, None, 0, 1, 5762, True), (0, None, 1, 1, 9054, False),
                   (0, None, 2, 1, 9582, False), (0, None, 3, 1, 9786, False)]),
    # MPEG-1: the decoder find_stream_info runs on the first frame sets the delay after it
    ("mpeg1_mp2.avi", [(0, 0, 0, 1, 10014, True), (0, None, 1, 1, 13232, False),
                       (1, 0, 0, 1, 13714, True), (1, 1, 1, 1, 13946, True),
                       (0, None, 2, 1, 14164, False)]),
    # the AC-3 parser gives each frame out when the next packet arrives
    ("mpeg4_ac3.avi", [(0, 0, 0, 1, 9992, True), (1, 0, 0, 1, 13218, True),
                       (0, 1, 1, 1, 14068, False), (1, 1, 1, 1, 13642, True),
                       (0, 2, 2, 1, 14634, False)]),
    # AAC with extradata has no parser: the first packet is read before the decoder ran
    ("aac_only.avi", [(0, 0, 0, None, 5670, True), (0, 1, 1, 1, 5958, True),
                      (0, 2, 2, 1, 6244, True)]),
])
def test_parsed_packets(name, expected):
    assert _short(_packets(name, len(expected))) == expected


def test_empty_chunks_skipped_unless_the_stream_is_used():
    """avi_sync skips empty chunks of AVDISCARD_DEFAULT streams (ffprobe); ffmpeg's mapped
    streams read them: the AAC stream (no parser) then gives out an empty packet, the MPEG-4
    stream's parser swallows its empty chunks."""
    probe = _packets("xvid_aac_gap.avi", 200)
    used = _packets("xvid_aac_gap.avi", 200, used=True)
    assert [p for p in probe if p[6] == 0] == []
    empty = [p for p in used if p[6] == 0]
    assert [(p[0], p[1], p[2]) for p in empty] == [(1, 1, 1)]
    assert len(used) == len(probe) + 1
    assert [p for p in used if p[6]] == probe


def test_header_parser_mpeg2_sequence_extension():
    seq = b"\x00\x00\x01\xb3" + bytes([0x0A, 0x00, 0x78, 0x13, 0xFF, 0xFF, 0xE0, 0x18])
    ext = b"\x00\x00\x01\xb5" + bytes([0x14, 0x8A, 0x00, 0x01, 0x00, 0x00])     # low_delay 0
    pic = b"\x00\x00\x01\x00" + bytes([0x00, 0x0F, 0xFF, 0xF8])                  # I picture
    hp = HeaderParser("mpeg2video", b"")
    hp.start(True)
    assert hp.parse(seq + ext + pic + b"\x00\x00\x01\x01", 0) == "I"
    assert hp.has_b_frames == 1
    low = ext[:9] + bytes([0x80])
    hp = HeaderParser("mpeg2video", b"")
    hp.start(True)
    hp.parse(seq + low + pic, 0)
    assert hp.has_b_frames == 0
    hp.saw_b_frame()
    assert hp.has_b_frames == 1


def test_header_parser_mpeg1_decoder_delay():
    seq = b"\x00\x00\x01\xb3" + bytes([0x0A, 0x00, 0x78, 0x13, 0xFF, 0xFF, 0xE0, 0x18])
    pic_p = b"\x00\x00\x01\x00" + bytes([0x00, 0x10, 0xFF, 0xF8])
    hp = HeaderParser("mpeg1video", b"")
    hp.start(True)
    assert hp.parse(seq + pic_p, 0) == "P"
    assert hp.has_b_frames == 0          # the parser leaves MPEG-1 alone
    hp.decoded_in_probe()
    assert hp.has_b_frames == 1          # the decoder: !low_delay, never set for MPEG-1


def test_vp8_key_flag_from_the_parser():
    """A file cut inside its second frame has no index: the demuxer calls every chunk a key
    frame, the VP8 parser's frame tag decides (the reference: K_, then __)."""
    data = open(os.path.join(ROOT, "fixtures", "avi", "vp8.avi"), "rb").read()[:8885]
    import io
    from cine.engine.io.source import FileObjectSource
    inp = open_input("cut.avi", source=FileObjectSource(io.BytesIO(data)))
    try:
        flags = []
        while (p := inp.read_packet()) is not None:
            flags.append(bool(p.flags & PKT_FLAG_KEY))
    finally:
        inp.close()
    assert flags == [True, False]
