"""The expression grammar of libavutil/eval.c (FFmpeg 5.1.9): text -> Node tree.

The reference parses a copy of the text with every blank removed, by recursive descent:
  expr    = subexpr {';' subexpr}                     (";": evaluate both, keep the second)
  subexpr = term {term}       while the next char is '+' or '-' (the sign belongs to the term)
  term    = factor {('*'|'/') factor}
  factor  = signed {'^' signed}   the sign of the first operand applies to the whole power
  signed  = ['+'|'-'] primary     ("-3dB" keeps its sign: it is the number exp10(-3/20))
  primary = number | constant | '(' expr ')' | name... '(' expr [',' expr [',' expr]] ')'
Every node carries a multiplier `value` (+-1 for a sign; the number itself for a literal)
that most kinds apply to their result. The reference's quirks are kept: the second and third
arguments of a function may fail to parse (the error is logged, the argument is left out,
parsing goes on), the text between a function's name and its '(' is skipped, nesting is
limited (100 levels of expr, tree depth 100), and errors name the rest of the blank-free text.
"""
from __future__ import annotations

import errno

from cine.compat.expr.functions import CONSTANTS, FUNC0, KINDS
from cine.compat.expr.strtod import av_strtod, strtod
from cine.engine.errors import CineError

BLANKS = " \t\n\v\f\r"          # av_isspace
MAX_DEPTH = 100
STACK = 100
_FUNCTIONS = {k: k for k in KINDS} | dict.fromkeys(FUNC0, "func0")


class ExprError(CineError):
    """A parse failure: `lines` are the messages the reference logs (maybe none), `code` its
    AVERROR (EINVAL, or ENOMEM when the tree grew too deep); str() is the first line."""

    def __init__(self, lines: list, code: int = -errno.EINVAL):
        self.lines = tuple(lines)
        super().__init__(self.lines[0] if self.lines else "", code=code)


class _Fail(Exception):
    def __init__(self, code: int = -errno.EINVAL):
        self.code = code


class Node:
    __slots__ = ("kind", "value", "index", "name", "params", "depth")

    def __init__(self, kind: str, value: float = 1.0, params=(None, None, None), depth: int = 0):
        self.kind, self.value, self.params, self.depth = kind, value, list(params), depth
        self.index, self.name = 0, ""


def _is_ident(c: str) -> bool:
    return c.isascii() and (c.isalnum() or c == "_")


def _strmatch(s: str, pos: int, name: str) -> bool:
    """s[pos:] starts with the identifier `name`, which ends there."""
    end = pos + len(name)
    return s.startswith(name, pos) and not (end < len(s) and _is_ident(s[end]))


class _Parser:
    def __init__(self, s: str, names: tuple):
        self.s, self.pos, self.names = s, 0, names
        self.stack = STACK
        self.lines: list = []

    def peek(self) -> str:
        return self.s[self.pos:self.pos + 1]

    def make(self, kind: str, p0: Node, p1: Node) -> Node:
        depth = max(p0.depth, p1.depth) + 1
        if depth > MAX_DEPTH:
            raise _Fail(-errno.ENOMEM)     # (the reference's allocator refuses it)
        return Node(kind, 1.0, (p0, p1, None), depth)

    def expr(self) -> Node:
        if self.stack <= 0:
            raise _Fail()
        self.stack -= 1         # (not given back when a parse fails: the reference's way)
        e = self.subexpr()
        while self.peek() == ";":
            self.pos += 1
            e = self.make("last", e, self.subexpr())
        self.stack += 1
        return e

    def subexpr(self) -> Node:
        e = self.term()
        while self.peek() in ("+", "-"):
            e = self.make("add", e, self.term())
        return e

    def term(self) -> Node:
        e = self.factor()
        while self.peek() in ("*", "/"):
            op = self.s[self.pos]
            self.pos += 1
            e = self.make("mul" if op == "*" else "div", e, self.factor())
        return e

    def factor(self) -> Node:
        e, sign = self.signed()
        while self.peek() == "^":
            self.pos += 1
            e2, sign2 = self.signed()
            e = self.make("pow", e, e2)
            e2.value *= -1.0 if sign2 < 0 else 1.0
        e.value *= -1.0 if sign < 0 else 1.0
        return e

    def signed(self) -> tuple:
        c = self.peek()
        if c == "-":
            end = strtod(self.s, self.pos)[1]
            if end != self.pos and self.s.startswith("dB", end):
                return self.primary(), 0
        sign = (c == "+") - (c == "-")
        self.pos += sign != 0
        return self.primary(), sign

    def primary(self) -> Node:
        s, start = self.s, self.pos
        value, end = av_strtod(s, start)
        if end != start:
            self.pos = end
            return Node("value", value)
        for i, name in enumerate(self.names):
            if _strmatch(s, start, name):
                self.pos += len(name)
                node = Node("const")
                node.index = i
                return node
        for name, value in CONSTANTS.items():
            if _strmatch(s, start, name):
                self.pos += len(name)
                return Node("value", value)
        paren = s.find("(", start)
        if paren < 0:
            self.lines.append("Undefined constant or missing '(' in '%s'" % s[start:])
            raise _Fail()
        self.pos = paren + 1
        if paren == start:                  # a parenthesised expression
            node = self.expr()
            if self.peek() != ")":
                self.lines.append("Missing ')' in '%s'" % s[start:])
                raise _Fail()
            self.pos += 1
            return node
        return self.function(start)

    def function(self, start: int) -> Node:
        params = [self.expr(), None, None]
        for k in (1, 2):
            if self.peek() == ",":
                self.pos += 1
                try:
                    params[k] = self.expr()
                except _Fail:        # logged, left out: the reference ignores this failure
                    pass
        if self.peek() != ")":
            self.lines.append("Missing ')' or too many args in '%s'" % self.s[start:])
            raise _Fail()
        self.pos += 1
        depth = max(p.depth + 1 for p in params if p is not None)
        if depth > MAX_DEPTH:
            raise _Fail()
        end = start
        while end < len(self.s) and _is_ident(self.s[end]):
            end += 1
        kind = _FUNCTIONS.get(self.s[start:end])
        if kind is None:
            self.lines.append("Unknown function in '%s'" % self.s[start:])
            raise _Fail()
        node = Node(kind, 1.0, params, depth)
        node.name = self.s[start:end]
        return node


_ONE = ("func0", "squish", "gauss", "ld", "isnan", "isinf", "floor", "ceil", "trunc", "round",
        "sqrt", "not", "random", "sgn")
_OPTIONAL_THIRD = ("if", "ifnot", "taylor")
_THREE = ("between", "clip", "lerp")


def _verify(e) -> bool:
    """verify_expr: every node has the arguments its kind needs (and no more, where counted)."""
    if e is None:
        return False
    k, (a, b, c) = e.kind, e.params
    if k in ("value", "const"):
        return True
    if k in _ONE:
        return _verify(a) and b is None
    if k == "print":
        return _verify(a) and (b is None or _verify(b))
    if k in _OPTIONAL_THIRD:
        return _verify(a) and _verify(b) and (c is None or _verify(c))
    if k in _THREE:
        return _verify(a) and _verify(b) and _verify(c)
    return _verify(a) and _verify(b) and c is None


def constants_used(tree) -> set:
    """The indexes of the names the tree refers to."""
    out, todo = set(), [tree]
    while todo:
        e = todo.pop()
        if e.kind == "const":
            out.add(e.index)
        todo += [p for p in e.params if p is not None]
    return out


def parse(text: str, names: tuple = ()) -> tuple:
    """av_expr_parse: (tree, lines logged on the way) or ExprError. The text ends at a NUL, as
    a C string does."""
    text = text.split("\0", 1)[0]
    p = _Parser("".join(c for c in text if c not in BLANKS), tuple(names))
    try:
        e = p.expr()
    except _Fail as f:
        raise ExprError(p.lines, f.code) from None
    except RecursionError:      # (only a caller already deep in the stack gets here)
        raise ExprError(p.lines) from None
    if p.pos < len(p.s):
        p.lines.append("Invalid chars '%s' at the end of expression '%s'" % (p.s[p.pos:], text))
        raise ExprError(p.lines)
    if not _verify(e):
        raise ExprError(p.lines)
    return e, p.lines
