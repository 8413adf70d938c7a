"""Record: the plain-class base the probe path uses instead of `dataclasses` (start-up cost).

A `@dataclass` costs ~0.4 ms per class at import (it compiles __init__/__repr__/__eq__ with
exec) and `import dataclasses` pulls in inspect, ast, dis and tokenize (~5 ms): together a
large share of a 20 ms ffprobe run. A Record subclass declares its fields as annotated class
attributes (in order, defaults as class values, as a dataclass does) and writes its __init__
by hand with the same parameters (mutable defaults use the FACTORY sentinel); Record supplies
what @dataclass generated besides: field-wise __eq__ (same class only, unhashable), __repr__
(`Name(a=1, b=2)`, recursion-safe) and `__match_args__`. FrozenRecord adds dataclass's
frozen=True behaviour (assignment raises, hashable by its fields).
tests/engine/test_startup_equivalence.py checks every subclass's __init__ against its annotations.
"""

FACTORY = type("_Factory", (), {"__repr__": lambda self: "FACTORY", "__slots__": ()})()
"""Default of a field whose value is created per instance (a dataclass default_factory)."""

_repr_running: set = set()
_ATOMIC = frozenset((int, str, bool, bytes, float, type(None)))


def shallow_copy(obj):
    """copy.copy(obj) for a plain instance (a new object sharing the attribute values),
    without importing copy (start-up time)."""
    new = object.__new__(obj.__class__)
    new.__dict__.update(obj.__dict__)
    return new


def deep_copy(obj):
    """copy.deepcopy(obj) for a plain instance whose attributes are atomic values, tuples
    (Rational...) of atomic values and lists of such tuples (CodecParameters); anything else
    goes to copy.deepcopy itself. Immutable values are shared rather than rebuilt."""
    state = {}
    lists = set()
    for k, v in obj.__dict__.items():
        t = type(v)
        if t in _ATOMIC:
            state[k] = v
        elif isinstance(v, tuple) and all(type(x) in _ATOMIC for x in v):
            state[k] = v
        elif (t is list and id(v) not in lists
              and all(type(x) is tuple and all(type(y) in _ATOMIC for y in x) for x in v)):
            lists.add(id(v))
            state[k] = list(v)
        else:
            import copy
            return copy.deepcopy(obj)
    new = object.__new__(obj.__class__)
    new.__dict__.update(state)
    return new


class Record:
    __slots__ = ()
    __record_fields__: tuple = ()

    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        ann = cls.__dict__.get("__annotations__") or {}
        cls.__record_fields__ = tuple(n for n in ann if not str(ann[n]).startswith("ClassVar"))
        cls.__match_args__ = cls.__record_fields__

    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        names = self.__record_fields__
        return tuple([getattr(self, n) for n in names]) == tuple([getattr(other, n) for n in names])

    __hash__ = None

    def __repr__(self) -> str:
        key = (id(self),)
        if key in _repr_running:
            return "..."
        _repr_running.add(key)
        try:
            return "%s(%s)" % (self.__class__.__qualname__, ", ".join(
                "%s=%r" % (n, getattr(self, n)) for n in self.__record_fields__))
        finally:
            _repr_running.discard(key)


class FrozenRecord(Record):
    """Immutable after __init__ (which sets fields with object.__setattr__); hashable."""
    __slots__ = ()

    def __setattr__(self, name, value):
        raise AttributeError("cannot assign to field %r" % name)

    def __delattr__(self, name):
        raise AttributeError("cannot delete field %r" % name)

    def __hash__(self):
        return hash(tuple([getattr(self, n) for n in self.__record_fields__]))
