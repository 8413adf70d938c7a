"""pan's argument string (cine/compat/pan_args.py) as af_pan's init reads it; the filter's
output and the reference's refusals are golden cases (compat-tests audio group, pan*)."""
import pytest

from cine.compat.pan_args import PanError, parse, parse_layout
from cine.engine import chlayout as CL


@pytest.mark.parametrize("text,expected", [
    ("stereo", (CL.STEREO, 2)), ("5.1", (CL.L5POINT1_BACK, 6)), ("FC", (CL.FC, 1)),
    ("FL+FR+LFE", (CL.STEREO | CL.LFE, 3)), ("0x3", (CL.STEREO, 2)), ("3", (CL.STEREO, 2)),
    ("1c", (CL.MONO, 1)), ("3C", (None, 3)), ("4 channels", (None, 4)), ("foo", None),
    ("0", None), ("-3c", None)])
def test_layouts(text, expected):
    assert parse_layout(text) == expected


def test_gains_signs_and_spaces():
    spec = parse("stereo| c0 = 2 * c0 - c1 |c1<0.5*c1+c0")
    assert spec.gains[0][:2] == [2.0, -1.0] and spec.gains[1][:2] == [1.0, 0.5]
    assert spec.renorm == {1} and not spec.pure() and not spec.named_inputs


def test_channel_maps_are_pure():
    assert parse("stereo|c0=c1|c1=c0").pure()
    assert parse("stereo|c0=FL").pure()          # an output with no input: silence
    assert not parse("stereo|c0=1.0*c1+c0|c1=c0").pure()


def test_named_outputs_and_inputs():
    spec = parse("stereo|FR=FL|FL=0.5*FC")
    assert spec.named_inputs and spec.gains[1][0] == 1.0 and spec.gains[0][2] == 0.5


@pytest.mark.parametrize("args,line", [
    (None, "pan filter needs a channel layout and a set of channel definitions as "
           "parameter\n"),
    ("|", "Channel layout not specified\n"),
    ("foo|c0=c0", "Invalid channel layout 'foo'\n"),
    ("stereo|c0=c0|c0=c1", "Can not reference out channel 0 twice\n"),
    ("stereo|c2=c0", 'Invalid out channel name "c2=c0"\n'),
    ("stereo|FC=c0", 'Channel "FC=c0" does not exist in the chosen layout\n'),
    ("stereo|c0=c0+FR", "Can not mix named and numbered channels\n"),
    ("stereo|c0=c1+c1", "Can not reference in channel 1 twice\n"),
    ("stereo|c0=c0*c1", 'Syntax error near "*c1"\n'),
    ("stereo|c0", 'Syntax error after channel name in "c0"\n'),
    ("stereo|x0=c1", 'Expected out channel name, got "x0=c1"\n'),
    ("stereo|c0=2*", 'Expected in channel name, got ""\n'),
])
def test_refusals(args, line):
    with pytest.raises(PanError) as info:
        parse(args)
    assert str(info.value) == line
