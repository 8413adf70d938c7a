"""The ahead-of-time kernel switch (cine/engine/jit.py) with a small build made here: the
probe kernels of aot_probe_kernels.py and one real kernel compiled by packaging/aot_build.py
into a temporary package (for the generic CPU and, as on x86-64 by default, x86-64-v3),
loaded in a child process as cine._aot with CINE_AOT=1.

The child must give the JIT's results (bounds checks, numpy's error model, helpers and
allocation compiled in), never import numba or llvmlite, and refuse a build that is absent,
stale or lacks a kernel. `make aot-test` runs the decoders on the full build."""
from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import numpy as np
import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "packaging"))
sys.path.insert(0, str(HERE))

PROBE = "aot_probe_kernels"
CPUS = ["", "x86-64-v3"]
REAL = "cine.engine.codecs.mjpeg.variance_jit"


def _can_build() -> bool:
    include = sysconfig.get_paths()["include"]
    cc = (sysconfig.get_config_var("CC") or "cc").split()[0]
    return os.path.exists(os.path.join(include, "Python.h")) and shutil.which(cc) is not None


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    if not _can_build():
        pytest.skip("no C compiler or Python headers: numba.pycc cannot link a module")
    pytest.importorskip("numba.pycc")
    out = tmp_path_factory.mktemp("aot") / "_aot"
    code = ("import sys; sys.path[:0] = %r\n"
            "import aot_build; aot_build.build(%r, cpus=%r, modules=%r)\n"
            % ([str(HERE), str(ROOT / "packaging")], str(out), CPUS, [PROBE, REAL]))
    p = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                       timeout=300, env={**os.environ, "CINE_AOT": ""})
    assert p.returncode == 0, p.stderr.decode(errors="replace")[-3000:]
    return out


# The child: loads `package` as cine._aot (None: as if absent), runs `body`, prints the
# JSON of `result` and of the numba/llvmlite modules it imported.
CHILD = r"""
import importlib.util, json, sys
sys.path[:0] = [%(root)r, %(here)r]
sys.frozen = %(frozen)r
import cine
package = %(package)r
if package is None:
    sys.modules["cine._aot"] = None
else:
    spec = importlib.util.spec_from_file_location(
        "cine._aot", package + "/__init__.py", submodule_search_locations=[package])
    module = importlib.util.module_from_spec(spec)
    sys.modules["cine._aot"] = module
    spec.loader.exec_module(module)
import numpy as np
result = {}
try:
%(body)s
except Exception as exc:
    result["error"] = "%%s: %%s" %% (type(exc).__name__, exc)
mods = sorted(m for m in sys.modules if m.split(".")[0] in ("numba", "llvmlite"))
print(json.dumps({"result": result, "mods": mods}))
"""


def _child(package, body: str, frozen=False, **env):
    code = CHILD % dict(root=str(ROOT), here=str(HERE), package=package and str(package),
                        frozen=frozen,
                        body="\n".join("    " + line for line in body.strip().splitlines()))
    p = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                       timeout=120,
                       env={**os.environ, "CINE_AOT": "1", "CINE_AOT_CHECK": "", **env})
    assert p.returncode == 0, p.stderr.decode(errors="replace")[-3000:]
    return json.loads(p.stdout.decode().strip().splitlines()[-1])


CALLS = """
import aot_probe_kernels as k
from cine.engine.codecs.mjpeg import variance_jit as v
result["kind"] = type(k.peek).__name__
result["peek"] = k.peek(np.arange(5, dtype=np.int32) * 7, 3)
try:
    k.peek(np.arange(5, dtype=np.int32), 5)
except IndexError as exc:
    result["out_of_bounds"] = str(exc)
result["divide"] = [k.divide(7, 0), k.divide(-7, 2)]
a = np.zeros((3, 4), np.int32)
result["fill"] = [k.fill(a, 5), int(a.sum())]
luma = (np.arange(37 * 29, dtype=np.int64) * 2654435761 % 251).astype(np.uint8).reshape(37, 29)
result["variance"] = v.mb_variance_sum(luma, 29, 37)
"""


def _jit_results():
    import aot_probe_kernels as k
    from cine.engine.codecs.mjpeg import variance_jit as v
    luma = (np.arange(37 * 29, dtype=np.int64) * 2654435761 % 251).astype(np.uint8)
    a = np.zeros((3, 4), np.int32)
    return {"peek": k.peek(np.arange(5, dtype=np.int32) * 7, 3),
            "divide": [k.divide(7, 0), k.divide(-7, 2)],
            "fill": [k.fill(a, 5), int(a.sum())],
            "variance": v.mb_variance_sum(luma.reshape(37, 29), 29, 37)}


@pytest.mark.parametrize("how", ["CINE_AOT=1", "frozen"])
def test_aot_kernels_match_the_jit_without_numba(build, how):
    """CINE_AOT=1 selects the build in development; a frozen binary (sys.frozen) always
    does, whatever the environment says."""
    if how == "frozen":
        out = _child(build, CALLS, frozen=True, CINE_AOT="")
    else:
        out = _child(build, CALLS)
    result = out["result"]
    assert "error" not in result, result
    assert out["mods"] == []
    assert result.pop("kind") == "builtin_function_or_method"
    # an index out of bounds raises as under the JIT (the bounds checks are compiled in)
    assert result.pop("out_of_bounds") == "index is out of bounds"
    if os.environ.get("NUMBA_DISABLE_JIT") != "1" and os.environ.get("CINE_AOT") != "1":
        assert result == _jit_results()


def test_checked_calls_refuse_what_the_dispatcher_refuses(build):
    """An export reads whatever it is given as the declared type (a float32 array as int32,
    a 2-D array's shape written past a 1-D descriptor); CINE_AOT_CHECK=1 wraps each export
    in the checks numba's dispatcher makes, for the test runs."""
    body = """
import aot_probe_kernels as k
result["ok"] = k.fill(np.zeros((2, 3), np.int32), 1)
bad = {"dtype": (k.peek, np.zeros(4, np.float32), 1),
       "rank": (k.peek, np.zeros((2, 2), np.int32), 1),
       "layout": (k.fill, np.zeros((3, 8), np.int32)[:, ::2], 1),
       "readonly": (k.fill, np.frombuffer(bytes(24), np.int32).reshape(2, 3), 1),
       "scalar": (k.divide, 7, 2.5),
       "count": (k.divide, 7)}
for name, (fn, *args) in bad.items():
    try:
        fn(*args)
        result[name] = "accepted"
    except TypeError:
        result[name] = "TypeError"
"""
    out = _child(build, body, CINE_AOT_CHECK="1")
    assert out["result"] == {"ok": 6, "dtype": "TypeError", "rank": "TypeError",
                             "layout": "TypeError", "readonly": "TypeError",
                             "scalar": "TypeError", "count": "TypeError"}
    assert out["mods"] == []


VARIANT = """
import aot_probe_kernels as k
from cine.engine import jit
result["module"] = jit._compiled()[1].__name__
result["peek"] = k.peek(np.arange(5, dtype=np.int32) * 7, 3)
"""


def test_the_cpu_picks_the_variant(build):
    """Where the CPU runs x86-64-v3 code its module is loaded, else (and with
    CINE_AOT_CPU=generic) the generic one; both give the same results."""
    from cine.engine.cpufeatures import supports
    index = (build / "__init__.py").read_text()
    assert "CPU = 'generic'" in index
    assert "VARIANTS = {'x86-64-v3': 'kernels_x86_64_v3'}" in index
    assert sorted(p.name.split(".")[0] for p in build.iterdir() if p.suffix == ".so") == \
        ["kernels", "kernels_x86_64_v3"]
    best = _child(build, VARIANT)
    generic = _child(build, VARIANT, CINE_AOT_CPU="generic")
    assert generic["result"] == {"module": "cine._aot.kernels", "peek": 42}
    assert best["result"] == {"module": "cine._aot.kernels" + (
        "_x86_64_v3" if supports("x86-64-v3") else ""), "peek": 42}
    assert best["mods"] == generic["mods"] == []


def test_absent_stale_or_incomplete_build_is_refused(build, tmp_path):
    stale = tmp_path / "_aot"
    shutil.copytree(build, stale)
    index = stale / "__init__.py"
    index.write_text(index.read_text().replace("SOURCE_DIGEST = '", "SOURCE_DIGEST = 'x"))
    load = "import aot_probe_kernels"
    assert "no ahead-of-time kernel build" in _child(None, load)["result"]["error"]
    assert "older than the kernels' sources" in _child(stale, load)["result"]["error"]
    missing = _child(build, "from cine.engine.codecs.mjpeg import huffman_jit")
    assert "build_table is not in the ahead-of-time kernel build" in missing["result"]["error"]
    assert missing["mods"] == []


def _declared_signatures():
    """Every @kernel signature in the kernel modules, read from their source."""
    from cine.engine.kernels import KERNEL_MODULES
    for mod in KERNEL_MODULES + (PROBE,):
        path = HERE / (PROBE + ".py") if mod == PROBE else ROOT.joinpath(*mod.split(".")) \
            .with_suffix(".py")
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef):
                for deco in node.decorator_list:
                    if isinstance(deco, ast.Call) and getattr(deco.func, "id", "") == "kernel":
                        yield mod, node.name, deco.args[0].value


def test_argument_specs_read_every_signature_as_numba_does():
    numba = pytest.importorskip("numba")
    from cine.engine.jit import _arg_specs
    from numba.core import sigutils
    seen = 0
    for mod, name, signature in _declared_signatures():
        args, _ = sigutils.normalize_signature(signature)
        specs = _arg_specs(signature)
        assert len(specs) == len(args), (mod, name)
        for spec, ty in zip(specs, args):
            if isinstance(ty, numba.types.Array):
                assert spec == (str(ty.dtype), ty.ndim, ty.layout == "C"), (mod, name, ty)
                assert ty.layout in "CA", (mod, name, ty)
            else:
                assert spec == str(ty), (mod, name, ty)
        seen += 1
    assert seen >= 35
