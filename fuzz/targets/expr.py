"""Fuzz target: the bytes as an expression (cine/compat/expr), compiled with a few names and,
unless it may loop for long (while, root, taylor, nested clip: the reference hangs as well),
evaluated at a few points; only ExprError (a CineError) may end it."""
from cine.compat.expr import ExprError, compile_expr
from fuzz.targets._args import text
SEEDS, DICT = ["fuzz/seeds/expr"], "expr.dict"
SLOW = ("while", "root", "taylor", "clip")


def TestOneInput(data: bytes) -> None:
    expr = text(data)
    try:
        f = compile_expr(expr, ("n", "t", "pict_type", "I"), log=lambda level, msg: None)
    except ExprError:
        return
    if not any(w in "".join(expr.split()) for w in SLOW):
        [f(n, n / 25, 1.0, 1.0) for n in (0.0, 1.0, float("nan"), -1e300)]
