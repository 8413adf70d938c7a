#!/usr/bin/env python3
"""Rewrite the @dataclass classes of cine modules as cine.engine.record Records (start-up cost,
see bench/README.md "Start-up"): drops the decorator, bases the class on Record (FrozenRecord
for frozen=True), removes `= field(default_factory=...)` (the field keeps its annotation) and
writes the __init__ a dataclass would generate, once, into the source. Plain dataclasses only
(no inheritance, field(default=...), InitVar, ClassVar, __post_init__): it asserts otherwise.
Then run tests/engine/test_startup_equivalence.py.

  python3 bench/undataclass.py cine/engine/codecs/aac/asc.py ...
"""
import ast
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

FACT = {"list": "[]", "dict": "{}", "set": "set()"}


def rel_import(path):
    # path like cine/engine/codecs/mp3/header.py -> dots to reach cine/engine
    parts = os.path.relpath(path, ROOT).split(os.sep)
    if parts[1] == "engine":
        return "from " + "." * (len(parts) - 2) + "record import "
    return "from " + "." * (len(parts) - 1) + "engine.record import "


def convert(path):
    src = open(path).read()
    lines = src.split("\n")
    tree = ast.parse(src)
    edits = []  # (start_line0, end_line0_exclusive, new_lines)
    used = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        decos = [d for d in node.decorator_list if "dataclass" in ast.unparse(d)]
        if not decos:
            continue
        frozen = any("frozen=True" in ast.unparse(d) for d in decos)
        assert len(node.decorator_list) == 1, (path, node.name)
        base = "FrozenRecord" if frozen else "Record"
        used.add(base)
        assert not node.bases
        ind = " " * (node.col_offset + 4)
        fields = []
        last_field_end = None
        for st in node.body:
            if isinstance(st, ast.AnnAssign) and isinstance(st.target, ast.Name):
                name = st.target.id
                if st.value is None:
                    fields.append((name, None, None))
                elif isinstance(st.value, ast.Call) and ast.unparse(st.value.func) == "field":
                    kws = {k.arg: k.value for k in st.value.keywords}
                    assert set(kws) == {"default_factory"}, (path, name, ast.unparse(st.value))
                    fnode = kws["default_factory"]
                    if isinstance(fnode, ast.Lambda):
                        assert not fnode.args.args
                        made = ast.get_source_segment(src, fnode.body)
                    else:
                        fac = ast.unparse(fnode)
                        made = FACT.get(fac, fac + "()")
                    fields.append((name, "FACTORY", made))
                    used.add("FACTORY")
                    # remove " = field(...)" from the source line(s)
                    l0 = st.lineno - 1
                    assert st.value.lineno == st.value.end_lineno == st.lineno, (path, name)
                    line = lines[l0]
                    seg = ast.get_source_segment(src, st.value)
                    i = line.index(seg)
                    pre = line[:i].rstrip()
                    assert pre.endswith("="), line
                    pre = pre[:-1].rstrip()
                    post = line[i + len(seg):]
                    edits.append((l0, l0 + 1, [pre + post]))
                else:
                    fields.append((name, ast.get_source_segment(src, st.value), None))
                last_field_end = st.end_lineno
        # decorator removal + class line
        d = decos[0]
        edits.append((d.lineno - 1, d.end_lineno, []))
        cl = node.lineno - 1
        line = lines[cl]
        assert line.rstrip().endswith(f"class {node.name}:"), line
        edits.append((cl, cl + 1, [line.replace(f"class {node.name}:", f"class {node.name}({base}):")]))
        # __init__
        params = []
        for name, dflt, fac in fields:
            params.append(name if dflt is None else f"{name}={dflt}")
        sig_lines = []
        cur = ind + "def __init__(self"
        for p in params:
            piece = ", " + p
            if len(cur) + len(piece) > 98:
                sig_lines.append(cur + ",")
                cur = ind + " " * 13 + p
            else:
                cur += piece
        sig_lines.append(cur + "):")
        body = []
        for name, dflt, fac in fields:
            val = f"{fac} if {name} is FACTORY else {name}" if fac else name
            if frozen:
                body.append(ind + f"    _set(self, {name!r}, {val})")
            else:
                body.append(ind + f"    self.{name} = {val}")
        if frozen:
            body.insert(0, ind + "    _set = object.__setattr__")
        if not fields:
            body.append(ind + "    pass")
        init = [""] + sig_lines + body
        assert last_field_end is not None
        edits.append((last_field_end, last_field_end, init))
    if not edits:
        return
    assert "__post_init__" not in src and "InitVar" not in src, path
    # apply edits bottom-up
    edits.sort(key=lambda e: (e[0], e[1]), reverse=True)
    for s, e, new in edits:
        lines[s:e] = new
    out = "\n".join(lines)
    # import line
    imp_names = ", ".join(sorted(used, key=lambda n: (n != "FACTORY", n)))
    new_imp = rel_import(path) + imp_names
    old = [l for l in out.split("\n") if l.startswith("from dataclasses import")]
    assert len(old) == 1, old
    out = out.replace(old[0] + "\n", new_imp + "\n", 1)
    compile(out, path, "exec")
    open(path, "w").write(out)
    print("converted", path, sorted(used))


if __name__ == "__main__":
    for p in sys.argv[1:]:
        convert(os.path.abspath(p))
