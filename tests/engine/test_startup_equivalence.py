"""Record subclasses (cine/engine/record.py) behave as the @dataclass classes they replaced:
__init__ takes every annotated field in order with its class default (FACTORY = a fresh value
per instance), and eq/repr/hash follow dataclass rules."""
import importlib
import inspect
import pkgutil

import pytest

import cine
from cine.engine.record import FACTORY, FrozenRecord, Record


# the ffmpeg face's modules holding Records (the others are not imported here)
_FFMPEG_RECORDS = ("cine.compat.ffmpeg.cmdline", "cine.compat.ffmpeg.mapping")


def _all_records():
    for m in pkgutil.walk_packages(cine.__path__, "cine."):
        if (".ffmpeg" in m.name and m.name not in _FFMPEG_RECORDS) or m.name.endswith("__main__"):
            continue
        try:
            mod = importlib.import_module(m.name)
        except Exception:  # noqa: BLE001 - a module that cannot import has no Records to check
            continue
        for obj in vars(mod).values():
            if (isinstance(obj, type) and issubclass(obj, Record) and obj not in (Record, FrozenRecord)
                    and obj.__module__ == mod.__name__):
                yield obj


RECORDS = sorted(set(_all_records()), key=lambda c: c.__module__ + "." + c.__qualname__)


def test_records_found():
    names = {c.__name__ for c in RECORDS}
    assert {"CodecParameters", "Stream", "FormatContext", "Packet", "SideData", "Chapter",
            "Program", "ProbeOptions", "FieldOptions", "ValueFormat"} <= names


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__module__ + "." + c.__qualname__)
def test_init_matches_fields(cls):
    params = list(inspect.signature(cls.__init__).parameters.values())[1:]
    assert [p.name for p in params] == list(cls.__record_fields__)
    assert all(p.kind is p.POSITIONAL_OR_KEYWORD for p in params)
    seen_default = False
    for p in params:
        if p.default is p.empty:
            assert not seen_default, p.name
            assert p.name not in cls.__dict__, p.name
            continue
        seen_default = True
        if p.default is FACTORY:
            assert p.name not in cls.__dict__, p.name
        else:
            assert cls.__dict__[p.name] == p.default, p.name
    # the fields end up on the instance, factory ones fresh per instance
    args = {p.name: object() for p in params if p.default is p.empty}
    try:
        a, b = cls(**args), cls(**args)
    except Exception:  # noqa: BLE001 - a FrozenRecord __init__ or a property may need real values
        return
    for p in params:
        va, vb = getattr(a, p.name), getattr(b, p.name)
        if p.default is FACTORY:
            assert type(va) is type(vb) and va is not vb and repr(va) == repr(vb)
            assert not callable(va), p.name      # a factory's product, not the factory
        elif p.default is not p.empty:
            assert va is p.default
    assert (a == b) is all(getattr(a, n) == getattr(b, n) for n in cls.__record_fields__)
    assert repr(a).startswith(cls.__qualname__ + "(")


def test_dataclass_semantics():
    from cine.engine.model import CodecParameters, Rational, Stream
    from cine.compat.units import ValueFormat
    s = Stream(3, time_base=Rational(1, 90000))
    assert s.codecpar == CodecParameters() and s.codecpar is not Stream(3).codecpar
    assert s != Stream(4) and s != Stream(3, time_base=Rational(1, 90000))  # Tags: no __eq__
    t = Stream(3, time_base=Rational(1, 90000), tags=s.tags)
    assert s == t and not (s != t)
    assert s.__eq__(object()) is NotImplemented
    with pytest.raises(TypeError):
        hash(s)
    assert repr(Stream(1).tags) == "Tags([])"
    assert repr(CodecParameters()).startswith("CodecParameters(codec_type=None, codec_name=None, ")
    s.priv = s
    assert "priv=..." in repr(s)
    v = ValueFormat(True)
    assert v == ValueFormat(True, False, False, False) and hash(v) == hash(ValueFormat(unit=True))
    with pytest.raises(AttributeError):
        v.unit = False
    assert Stream.__match_args__[:2] == ("index", "codecpar")


def test_copies_match_copy_module():
    import copy
    from cine.engine.model import CodecParameters, Rational, Stream
    from cine.engine.record import deep_copy, shallow_copy
    par = CodecParameters(codec_name="h264", sample_aspect_ratio=Rational(4, 3),
                          private=[("is_avc", "true")], extradata=b"\x01")
    par.extra_attr = 7
    for mine, ref in ((deep_copy(par), copy.deepcopy(par)), (shallow_copy(par), copy.copy(par))):
        assert type(mine) is CodecParameters and vars(mine) == vars(ref) and mine == ref
    d = deep_copy(par)
    assert d.private == par.private and d.private is not par.private
    s = shallow_copy(Stream(1, codecpar=par))
    assert s.codecpar is par and s.index == 1
    par.odd = {"a": [1]}                     # not a plain value: copy.deepcopy does it
    d = deep_copy(par)
    assert d.odd == par.odd and d.odd is not par.odd and d.odd["a"] is not par.odd["a"]


def test_descriptor_single_lookup_matches_full_table():
    from cine.engine.codecs import descriptors as d
    from cine.engine.codecs.descriptor_table import TABLE
    names = [line.split("|")[0] for line in TABLE.splitlines()]
    one = {n: d.get(n) for n in names + ["nope", "h26", "264", "a|b", "x\ny", names[-1] + "|"]}
    d._ONE.clear()
    full = d._load()
    try:
        for n, v in one.items():
            assert v == full.get(n), n
    finally:
        d._BY_NAME = None


def test_riff_lookup_prefilter_matches_plain_scan():
    import random
    from cine.engine.formats import riff_tags as R
    from cine.engine.formats.mp4 import codec_tags as C

    def plain(table, tag):
        for t, name in table:
            if t == tag:
                return name
        up = R._upper(tag)
        return next((name for t, name in table if R._upper(t) == up), None)

    tables = [v for m in (R, C) for v in vars(m).values() if isinstance(v, tuple) and v
              and isinstance(v[0], tuple) and len(v[0]) == 2 and isinstance(v[0][0], int)]
    assert len(tables) >= 4
    rnd = random.Random(5)
    for table in tables:
        for _ in range(60):
            t = rnd.choice(table)[0]
            letters = bytes(rnd.choice(b"aAbBzZ09 {`@[") for _ in range(4))
            for tag in (t, t ^ 0x20, t ^ 0x20202020, rnd.getrandbits(32),
                        int.from_bytes(letters, "little"), -1, 1 << 40 | t):
                assert R.lookup(table, tag) == plain(table, tag)
