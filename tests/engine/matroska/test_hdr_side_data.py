"""formats/matroska/hdr.py: mkv_parse_video_color's rules for which HDR side data a Colour
element gives (fixtures/mkv/hdr_colour.mkv checks the full case against the reference)."""
import struct
from types import SimpleNamespace

from cine.engine.formats.matroska.hdr import hdr_side_data

PRIMARIES = dict(r_x=0.68, r_y=0.32, g_x=0.265, g_y=0.69, b_x=0.15, b_y=0.06,
                 white_x=0.3127, white_y=0.329)


def mastering(min_count=1, lo=0.005, hi=1000.0, **over):
    return SimpleNamespace(**{**PRIMARIES, **over}, min_luminance=lo, min_luminance_count=min_count,
                           max_luminance=hi)


def test_light_level_needs_both_values():
    assert hdr_side_data(1000, 0, None) == []
    assert hdr_side_data(0, 400, None) == []
    (sd,) = hdr_side_data(1000, 400, None)
    assert sd.type == "Content light level metadata"
    assert sd.fields == [("max_content", 1000), ("max_average", 400)]
    assert sd.data == struct.pack("<II", 1000, 400)


def test_both_parts_of_the_mastering_display():
    (sd,) = hdr_side_data(0, 0, mastering())
    assert sd.type == "Mastering display metadata"
    assert dict(sd.fields) == {
        "red_x": "17/25", "red_y": "8/25", "green_x": "53/200", "green_y": "69/100",
        "blue_x": "3/20", "blue_y": "3/50", "white_point_x": "3127/10000",
        "white_point_y": "329/1000", "min_luminance": "1/200", "max_luminance": "1000/1"}
    ints = struct.unpack("<22i", sd.data)
    assert ints[:4] == (17, 25, 8, 25) and ints[16:] == (1, 200, 1000, 1, 1, 1)


def test_luminance_only_when_a_primary_is_not_positive():
    (sd,) = hdr_side_data(0, 0, mastering(b_y=0.0))
    assert [k for k, _ in sd.fields] == ["min_luminance", "max_luminance"]
    ints = struct.unpack("<22i", sd.data)
    assert ints[:16] == (0,) * 16 and ints[20:] == (0, 1)


def test_primaries_only_when_the_luminance_range_is_absent_or_wrong():
    for m in (mastering(min_count=0), mastering(lo=2000.0), mastering(lo=-1.0)):
        (sd,) = hdr_side_data(0, 0, m)
        assert [k for k, _ in sd.fields][-1] == "white_point_y"
        assert struct.unpack("<22i", sd.data)[20:] == (1, 0)
    assert hdr_side_data(0, 0, mastering(min_count=0, r_x=0.0)) == []
