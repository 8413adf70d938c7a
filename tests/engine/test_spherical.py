"""engine/spherical.py: AVStereo3D/AVSphericalMapping side data (the fixtures
mp4/spherical_*.mp4 and mkv/spherical_*.mkv check them against the reference)."""
import struct

from cine.engine.spherical import (CUBEMAP, EQUIRECTANGULAR, EQUIRECTANGULAR_TILE,
                                   spherical_side_data, stereo3d_side_data, tile_bounds)


def test_tile_bounds_in_pixels_and_the_division_the_reference_cannot_make():
    # the 320x240 tile of fixtures/mp4/spherical_tile.mp4 (ffprobe: 77, 19, 12, 36)
    assert tile_bounds(320, 240, 0x30000000, 0x10000000, 0x08000000, 0x20000000) == (77, 19, 12, 36)
    assert tile_bounds(160, 120, 0, 0, 0, 0) == (0, 0, 0, 0)
    assert tile_bounds(160, 120, 0xFFFFFFFF, 0, 0, 0) is None


def test_fields_follow_the_projection():
    cube = spherical_side_data(CUBEMAP, 0, 0, 180 << 16, 8, (0, 0, 0, 0), 160, 120)
    assert cube.fields == [("projection", "cubemap"), ("padding", 8), ("yaw", 0), ("pitch", 0),
                           ("roll", 180)]
    # angles print truncated toward zero: -45.5 degrees is -45
    equi = spherical_side_data(EQUIRECTANGULAR, -(45 << 16) - 0x8000, 0, 0, 0, (0, 0, 0, 0), 1, 1)
    assert equi.fields[0] == ("projection", "equirectangular") and equi.fields[1] == ("yaw", -45)
    tile = spherical_side_data(EQUIRECTANGULAR_TILE, 0, 0, 0, 0, (1, 2, 3, 4), 160, 120)
    assert [k for k, _ in tile.fields][1:5] == ["bound_left", "bound_top", "bound_right",
                                                "bound_bottom"]
    assert struct.unpack("<iiiiIIIII", tile.data) == (2, 0, 0, 0, 1, 2, 3, 4, 0)


def test_stereo3d_record():
    sd = stereo3d_side_data(2, 1)
    assert sd.fields == [("type", "top and bottom"), ("inverted", 1)]
    assert sd.data == struct.pack("<iii", 2, 1, 0)
