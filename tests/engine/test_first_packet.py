"""pipeline/first_packet.py: ffmpeg's process_input gives the first packet of a stream the
stream's side data (compat-tests/cases/remux/framemd5_side_data_* check it end to end)."""
from cine.engine.model import Packet, SideData
from cine.engine.pipeline.first_packet import add_stream_side_data

CPB = SideData("CPB properties", [("max_bitrate", 0)], bytes(40))
STEREO = SideData("Stereo 3D", [("type", "2D")], bytes(12))
MATRIX = SideData("Display Matrix", [("rotation", 90)], bytes(36))


def test_added_after_the_packets_own_in_the_streams_order():
    own = SideData("MPEGTS Stream ID", [("id", 224)], b"\xe0")
    kept = [own]
    pkt = Packet(0, b"x", 0, 0, side_data=kept)
    add_stream_side_data(pkt, [CPB, STEREO])
    assert [sd.type for sd in pkt.side_data] == ["MPEGTS Stream ID", "CPB properties", "Stereo 3D"]
    assert [sd.data for sd in pkt.side_data] == [b"\xe0", bytes(40), bytes(12)]
    assert kept == [own]                      # the demuxer's list is not changed
    assert pkt.side_data[1] is not CPB        # a copy, as av_packet_new_side_data + memcpy


def test_display_matrix_and_types_the_packet_has_are_not_added():
    pkt = Packet(0, b"x", 0, 0, side_data=[SideData("CPB properties", [], b"\1" * 40)])
    add_stream_side_data(pkt, [MATRIX, CPB])
    assert [(sd.type, sd.data) for sd in pkt.side_data] == [("CPB properties", b"\1" * 40)]
    bare = Packet(0, b"x", 0, 0)
    add_stream_side_data(bare, [MATRIX])
    assert bare.side_data == []
