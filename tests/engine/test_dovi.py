"""formats/dovi.py: the Dolby Vision configuration record (fixtures/mp4/dovi_dvcc.mov and
fixtures/mkv/dovi.mkv check it end to end against the reference)."""
import pytest

from cine.engine.errors import InvalidData
from cine.engine.formats import dovi

# version 1.0, profile 8, level 4, RPU + base layer, compatibility id 1 (bits of an iPhone's
# configuration but the compatibility id)
RECORD = bytes((1, 0, 8 << 1, 4 << 3 | 0b101, 1 << 4)) + bytes(19)


def test_fields_and_bytes():
    sd = dovi.parse(RECORD)
    assert sd.type == "DOVI configuration record"
    assert sd.fields == [("dv_version_major", 1), ("dv_version_minor", 0), ("dv_profile", 8),
                         ("dv_level", 4), ("rpu_present_flag", 1), ("el_present_flag", 0),
                         ("bl_present_flag", 1), ("dv_bl_signal_compatibility_id", 1)]
    assert sd.data == bytes((1, 0, 8, 4, 1, 0, 1, 1))
    assert dovi.put(sd) == RECORD


def test_four_bytes_have_no_compatibility_id_and_fewer_fail():
    assert dovi.parse(RECORD[:4]).fields[-1] == ("dv_bl_signal_compatibility_id", 0)
    with pytest.raises(InvalidData):
        dovi.parse(RECORD[:3])


@pytest.mark.parametrize("profile,kind", [(5, b"dvcC"), (7, b"dvcC"), (8, b"dvvC"),
                                          (10, b"dvvC"), (11, b"dvwC")])
def test_box_type_follows_the_profile(profile, kind):
    rec = bytearray(RECORD)
    rec[2] = profile << 1
    assert dovi.box_type(dovi.parse(bytes(rec))) == kind
