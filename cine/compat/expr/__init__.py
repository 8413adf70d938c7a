"""FFmpeg's expression language (libavutil/eval.c, 5.1.9), the one select, scale and the other
filters' expression options use: compile_expr(text, names) -> f(*values) -> float."""
from __future__ import annotations

from cine.compat.expr.compile import compile_tree
from cine.compat.expr.parser import ExprError, constants_used, parse

AV_LOG_ERROR = 16

__all__ = ["ExprError", "compile_expr"]


def compile_expr(text: str, names: tuple = (), log=None):
    """av_expr_parse: the expression as a callable taking one value per name (in `names`
    order) and returning a float, with its own registers and random() state, as one AVExpr
    has. Raises ExprError (the reference's messages in .lines) when the text does not parse.
    `log(level, text)` receives the messages of a parse that succeeded anyway (the reference
    logs a bad optional argument and goes on) and what print() writes. Its `names_used`
    attribute holds the names the expression refers to (av_expr_count_vars)."""
    tree, lines = parse(text, names)
    if log is not None:
        for line in lines:
            log(AV_LOG_ERROR, line + "\n")
    f = compile_tree(tree, log)

    def evaluate(*values) -> float:
        return f(tuple(map(float, values)))
    evaluate.names_used = frozenset(names[i] for i in constants_used(tree))
    return evaluate
